using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ecosystem.Api.Caching;

public static class CachingExtensions
{
    /// <summary>The Redis connection string: <c>Redis:Configuration</c>, else <c>ConnectionStrings:Redis</c>; none: level 1 only.</summary>
    public static string? RedisConfiguration(IConfiguration configuration) =>
        configuration["Redis:Configuration"] is { Length: > 0 } configured ? configured
        : configuration.GetConnectionString("Redis") is { Length: > 0 } connection ? connection
        : null;

    /// <summary>
    /// HybridCache with level 1 in process and, when Redis is configured, level 2 in Redis behind
    /// <see cref="ResilientDistributedCache"/>; the response cache and its metrics.
    /// </summary>
    public static WebApplicationBuilder AddEcosystemCaching(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CacheOptions>()
            .BindConfiguration(CacheOptions.Section)
            .Validate(o => o.ExpirationSeconds > 0 && o.LocalExpirationSeconds > 0 && o.MaximumPayloadBytes > 0 && o.LocalSizeLimitBytes > 0
                && o.ClientMaxAgeSeconds >= 0 && o.PersistedQueryExpirationHours > 0 && o.RedisTimeoutMs > 0 && o.RedisRetrySeconds > 0,
                "Cache values must be positive (ClientMaxAgeSeconds may be 0)")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(CacheOptions.Section).Get<CacheOptions>() ?? new CacheOptions();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<CacheMetrics>();
        builder.Services.AddMemoryCache(o => o.SizeLimit = options.LocalSizeLimitBytes);
        builder.Services.AddHybridCache(o =>
        {
            // Our own limit (CacheOptions.MaximumPayloadBytes) is checked before an entry is offered; this one only backs it.
            o.MaximumPayloadBytes = options.MaximumPayloadBytes + 1024;
            o.MaximumKeyLength = 256;
        }).AddSerializer<CachedResponse, CachedResponseSerializer>();

        if (RedisConfiguration(builder.Configuration) is { } redis)
        {
            var redisOptions = ConfigurationOptions.Parse(redis);
            // Never wait for Redis: connect in the background, fail commands at once while it is away, reconnect by itself.
            redisOptions.AbortOnConnectFail = false;
            redisOptions.ConnectTimeout = Math.Max(options.RedisTimeoutMs, 1000);
            redisOptions.SyncTimeout = options.RedisTimeoutMs;
            redisOptions.AsyncTimeout = options.RedisTimeoutMs;
            redisOptions.BacklogPolicy = BacklogPolicy.FailFast;
            redisOptions.ReconnectRetryPolicy = new LinearRetry(1000);
            builder.Services.AddSingleton(sp => new RedisCache(Options.Create(new RedisCacheOptions
            {
                ConfigurationOptions = redisOptions,
                InstanceName = "ecosystem:",
            })));
            builder.Services.AddSingleton<IDistributedCache>(sp => new ResilientDistributedCache(
                sp.GetRequiredService<RedisCache>(),
                sp.GetRequiredService<IOptions<CacheOptions>>(),
                sp.GetRequiredService<CacheMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ResilientDistributedCache>>()));
        }
        builder.Services.AddSingleton<ResponseCache>();
        builder.Services.AddSingleton<Downloads.DownloadService>();
        return builder;
    }

    /// <summary>
    /// GET /metrics: the cache counters and request totals as Prometheus text. With <c>Metrics:Url</c> set (a separate
    /// address such as <c>http://0.0.0.0:9464</c>, for a scraper on a private network) it is served there only, to
    /// anyone who reaches that port, and that port serves nothing else; otherwise it answers admins only.
    /// </summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<CacheMetrics>();
        metrics.L2Configured = RedisConfiguration(app.Configuration) is not null;
        var telemetry = app.Services.GetRequiredService<Observability.EcosystemTelemetry>();
        var port = MetricsPort(app.Configuration);
        var endpoint = app.MapGet("/metrics", async (HttpContext http) =>
        {
            if (port is null && !http.User.Has(Ecosystem.Api.Auth.Role.Admin))
            {
                await Auth.RestrictedFields.RefuseAsync(http, Auth.Role.Admin, "The metrics are for admins, or on the port Metrics:Url names.");
                return;
            }
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await http.Response.WriteAsync(metrics.ToPrometheusText() + telemetry.ToPrometheusText(), http.RequestAborted);
        });
        if (port is { } metricsPort)
        {
            endpoint.RequireHost($"*:{metricsPort}");
        }
        return app;
    }

    /// <summary>The port of <c>Metrics:Url</c>, when set.</summary>
    public static int? MetricsPort(IConfiguration configuration) =>
        configuration["Metrics:Url"] is { Length: > 0 } url
            ? Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                ? uri.Port
                : throw new InvalidOperationException($"Metrics:Url '{url}' is not an address such as http://0.0.0.0:9464.")
            : null;

    /// <summary>On the metrics port, only /metrics answers.</summary>
    public static WebApplication UseMetricsPort(this WebApplication app)
    {
        if (MetricsPort(app.Configuration) is { } port)
        {
            app.Use(async (http, next) =>
            {
                if (http.Connection.LocalPort == port && !http.Request.Path.Equals("/metrics", StringComparison.Ordinal))
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                await next(http);
            });
        }
        return app;
    }
}
