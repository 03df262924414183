using System.Diagnostics;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Health;

public static class HealthEndpoints
{
    /// <summary>
    /// /health/live: the process answers. /health/ready: the store answers, with its kind, the graph version, the supply
    /// links and how long the store took (ms); 503 with the reason (and Retry-After) when it does not.
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
                return Results.Ok(new
                {
                    status = "ready",
                    store = options.Value.Kind,
                    version = stats.Version,
                    supplyLinks = stats.SupplyLinks,
                    latencyMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1),
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
}
