namespace Ecosystem.Api.Caching;

/// <summary>The result cache (section <c>Cache</c>): what is kept, for how long, and how big an entry may be.</summary>
public sealed class CacheOptions
{
    public const string Section = "Cache";

    /// <summary>false: nothing is cached (every request is computed); persisted queries still work.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long an entry lives in Redis (level 2), in seconds.</summary>
    public int ExpirationSeconds { get; set; } = 600;

    /// <summary>How long an entry lives in this process (level 1), in seconds: at most <see cref="ExpirationSeconds"/>.</summary>
    public int LocalExpirationSeconds { get; set; } = 300;

    /// <summary>An entry larger than this is served but not kept.</summary>
    public int MaximumPayloadBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The most memory level 1 holds, in bytes of cached payload.</summary>
    public long LocalSizeLimitBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Query root fields whose answers are expensive enough to keep: a query selecting any of them is cached.</summary>
    public string[] Fields { get; set; } =
        ["supplyChain", "supplyPaths", "commonSuppliers", "criticalSuppliers", "disruptionImpact", "clusters", "localizationReport", "parkMatches"];

    /// <summary>Operation names an operator marks cacheable, whatever fields they select.</summary>
    public string[] Operations { get; set; } = [];

    /// <summary>
    /// max-age of GET answers that come from the cache. 0 (the default): clients keep them but ask again each time, and
    /// get 304 Not Modified while the graph has not changed, so no client reads an answer older than the last write.
    /// </summary>
    public int ClientMaxAgeSeconds { get; set; }

    /// <summary>How long an automatic persisted query is remembered, in hours.</summary>
    public int PersistedQueryExpirationHours { get; set; } = 24 * 30;

    /// <summary>The longest a Redis call may take before the request goes on without it, in milliseconds.</summary>
    public int RedisTimeoutMs { get; set; } = 500;

    /// <summary>After Redis fails, how long level 2 is left alone before it is tried again, in seconds.</summary>
    public double RedisRetrySeconds { get; set; } = 5;
}
