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
        return builder;
    }

    /// <summary>GET /metrics: the cache counters as Prometheus text.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<CacheMetrics>();
        metrics.L2Configured = RedisConfiguration(app.Configuration) is not null;
        var telemetry = app.Services.GetRequiredService<Observability.EcosystemTelemetry>();
        app.MapGet("/metrics", () => Results.Text(metrics.ToPrometheusText() + telemetry.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }
}
