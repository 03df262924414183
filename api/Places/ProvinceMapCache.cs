using System.Collections.Concurrent;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Places;

/// <summary>
/// Province maps by graph version, date and sector, each built once: the map page asks for one, and every report over
/// one province consults the map of its date for the values the map withholds. Entries of older versions are dropped
/// when a newer version is asked for; at most <see cref="Capacity"/> are kept.
/// </summary>
public sealed class ProvinceMapCache(IGraphStore store, DisclosureRules rules)
{
    public const int Capacity = 32;

    private readonly ConcurrentDictionary<(long Version, DateOnly AsOf, string? Sector), Lazy<Task<ProvinceMap>>> _maps = new();

    /// <summary>The maps of one graph version, as a report's disclosure verdicts ask for them (by date and sector).</summary>
    public Func<DateOnly, string?, CancellationToken, Task<ProvinceMap>> Of(long version, ProvinceDirectory provinces) =>
        (asOf, sectorId, cancellationToken) => GetAsync(version, provinces, asOf, sectorId, cancellationToken);

    public Task<ProvinceMap> GetAsync(long version, ProvinceDirectory provinces, DateOnly asOf, string? sectorId, CancellationToken cancellationToken)
    {
        var key = (version, asOf, sectorId);
        if (!_maps.ContainsKey(key))
        {
            foreach (var old in _maps.Keys.Where(k => k.Version < version || _maps.Count >= Capacity).ToList())
            {
                _maps.TryRemove(old, out _);
            }
        }
        // A build that failed is dropped when next asked for, and made again.
        if (_maps.TryGetValue(key, out var cached) && cached.IsValueCreated && cached.Value is { IsFaulted: true } or { IsCanceled: true })
        {
            _maps.TryRemove(KeyValuePair.Create(key, cached));
        }
        // Built on the thread pool (a report that asks goes on with its own work meanwhile), without the caller's token
        // since other requests may wait on it.
        var entry = _maps.GetOrAdd(key, _ => new Lazy<Task<ProvinceMap>>(() => Task.Run(() => ProvinceMapAnalysis.BuildAsync(store, provinces, asOf, sectorId, rules, CancellationToken.None))));
        return entry.Value.WaitAsync(cancellationToken);
    }
}
