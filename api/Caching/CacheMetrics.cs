using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Ecosystem.Api.Caching;

/// <summary>
/// Cache counters, published on the <c>Ecosystem.Cache</c> meter (for OpenTelemetry and dotnet-counters) and as
/// Prometheus text at <c>/metrics</c>. A lookup ends as a level-1 hit, a level-2 hit or a miss (computed).
/// </summary>
public sealed class CacheMetrics : IDisposable
{
    public const string MeterName = "Ecosystem.Cache";

    private readonly Meter _meter;
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _l2Hits;
    private readonly Counter<long> _l2Errors;
    private readonly Histogram<long> _entryBytes;
    private long _lookupCount;
    private long _missCount;
    private long _l2HitCount;
    private long _l2ErrorCount;
    private long _entryCount;
    private long _entryByteSum;
    private long _entryByteMax;
    private long _uncacheableCount;
    private long _persistedQueryHits;
    private long _persistedQueryRegistrations;
    private long _persistedQueryMisses;
    private volatile bool _l2Available = true;

    public CacheMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _lookups = _meter.CreateCounter<long>("ecosystem.cache.lookups", description: "Cacheable requests looked up in the cache");
        _misses = _meter.CreateCounter<long>("ecosystem.cache.misses", description: "Lookups found in neither level, so computed");
        _l2Hits = _meter.CreateCounter<long>("ecosystem.cache.l2.hits", description: "Entries found in Redis (level 2)");
        _l2Errors = _meter.CreateCounter<long>("ecosystem.cache.l2.errors", description: "Redis calls that failed or took too long");
        _entryBytes = _meter.CreateHistogram<long>("ecosystem.cache.entry.size", unit: "By", description: "Size of the entries stored");
        _meter.CreateObservableGauge("ecosystem.cache.l2.available", () => _l2Available ? 1 : 0, description: "1 while Redis answers");
        _meter.CreateObservableCounter("ecosystem.cache.l1.hits", () => L1Hits, description: "Lookups answered from this process (level 1)");
    }

    public bool L2Configured { get; set; }

    public long Lookups => Interlocked.Read(ref _lookupCount);

    public long Misses => Interlocked.Read(ref _missCount);

    public long L2Hits => Interlocked.Read(ref _l2HitCount);

    public long L2Errors => Interlocked.Read(ref _l2ErrorCount);

    /// <summary>Lookups neither computed nor read from Redis (requests that waited for another's computation count here).</summary>
    public long L1Hits => Math.Max(0, Lookups - Misses - L2Hits);

    public void Lookup()
    {
        Interlocked.Increment(ref _lookupCount);
        _lookups.Add(1);
    }

    public void Miss()
    {
        Interlocked.Increment(ref _missCount);
        _misses.Add(1);
    }

    public void L2Hit()
    {
        Interlocked.Increment(ref _l2HitCount);
        _l2Hits.Add(1);
    }

    public void L2Error()
    {
        Interlocked.Increment(ref _l2ErrorCount);
        _l2Errors.Add(1);
    }

    public void L2Available(bool available) => _l2Available = available;

    public void Stored(long bytes)
    {
        Interlocked.Increment(ref _entryCount);
        Interlocked.Add(ref _entryByteSum, bytes);
        long max;
        while (bytes > (max = Interlocked.Read(ref _entryByteMax)) && Interlocked.CompareExchange(ref _entryByteMax, bytes, max) != max)
        {
        }
        _entryBytes.Record(bytes);
    }

    /// <summary>An answer not kept: it had errors or was larger than the entry limit.</summary>
    public void Uncacheable() => Interlocked.Increment(ref _uncacheableCount);

    public void PersistedQuery(string outcome)
    {
        switch (outcome)
        {
            case "hit":
                Interlocked.Increment(ref _persistedQueryHits);
                break;
            case "registered":
                Interlocked.Increment(ref _persistedQueryRegistrations);
                break;
            default:
                Interlocked.Increment(ref _persistedQueryMisses);
                break;
        }
    }

    /// <summary>The counters in the Prometheus text exposition format.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        void Metric(string name, string type, string help, params (string Labels, double Value)[] samples)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, value) in samples)
            {
                text.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        Metric("ecosystem_cache_lookups_total", "counter", "Cacheable requests looked up in the cache.", ("", Lookups));
        Metric("ecosystem_cache_hits_total", "counter", "Lookups answered from the cache, by level.", ("{level=\"l1\"}", L1Hits), ("{level=\"l2\"}", L2Hits));
        Metric("ecosystem_cache_misses_total", "counter", "Lookups computed because neither level had them.", ("", Misses));
        Metric("ecosystem_cache_uncacheable_total", "counter", "Answers not kept (errors, or over the entry size limit).", ("", Interlocked.Read(ref _uncacheableCount)));
        Metric("ecosystem_cache_l2_errors_total", "counter", "Redis calls that failed or took too long.", ("", L2Errors));
        Metric("ecosystem_cache_l2_available", "gauge", "1 while Redis answers (0 during an outage; absent level 2 counts as 0).", ("", L2Configured && _l2Available ? 1 : 0));
        Metric("ecosystem_cache_entry_bytes", "summary", "Sizes of the entries stored.",
            ("_count", Interlocked.Read(ref _entryCount)), ("_sum", Interlocked.Read(ref _entryByteSum)));
        Metric("ecosystem_cache_entry_bytes_max", "gauge", "The largest entry stored.", ("", Interlocked.Read(ref _entryByteMax)));
        Metric("ecosystem_persisted_queries_total", "counter", "Automatic persisted query requests, by outcome.",
            ("{outcome=\"hit\"}", Interlocked.Read(ref _persistedQueryHits)),
            ("{outcome=\"registered\"}", Interlocked.Read(ref _persistedQueryRegistrations)),
            ("{outcome=\"not_found\"}", Interlocked.Read(ref _persistedQueryMisses)));
        return text.ToString();
    }

    public void Dispose() => _meter.Dispose();
}
