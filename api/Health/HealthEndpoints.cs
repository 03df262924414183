using System.Diagnostics;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// /health/live: the process answers. /health/ready: the store answers, with its kind, the graph version, the supply
    /// links and how long the store took (ms); 503 with the reason (and Retry-After) when it does not. With Redis
    /// configured, its state too ("up" with its latency, or "down"): the API serves without it, so a Redis that is down
    /// makes the answer "degraded", still 200.
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/health/ready", async (IGraphStore store, IOptions<EmbeddedStoreOptions> options, HttpContext http, CancellationToken ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var stats = await store.GetStatsAsync(ct);
                var storeMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
                var redis = await RedisAsync(http.RequestServices, ct);
                return Results.Ok(new
                {
                    status = redis is { Up: false } ? "degraded" : "ready",
                    store = options.Value.Kind,
                    version = stats.Version,
                    supplyLinks = stats.SupplyLinks,
                    latencyMs = storeMs,
                    redis = redis is null ? null : new { status = redis.Value.Up ? "up" : "down", latencyMs = redis.Value.Ms },
                });
            }
            catch (StoreUnavailableException e)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Json(new { status = "unavailable", store = options.Value.Kind, reason = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }

    /// <summary>Redis asked directly (not through the cache's guard), within the cache's time limit; null when not configured.</summary>
    private static async Task<(bool Up, double Ms)?> RedisAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache>() is not { } redis)
        {
            return null;
        }
        var timeout = TimeSpan.FromMilliseconds(services.GetRequiredService<IOptions<Caching.CacheOptions>>().Value.RedisTimeoutMs);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await redis.GetAsync("health", ct).WaitAsync(timeout, ct);
            return (true, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return (false, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
        }
    }
}
