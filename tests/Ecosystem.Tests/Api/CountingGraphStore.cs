using System.Collections.Concurrent;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Api;

/// <summary>A store that counts the calls made to the store it wraps, by method.</summary>
public sealed class CountingGraphStore(IGraphStore inner) : IGraphStore
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public IReadOnlyDictionary<string, int> Calls => _calls;

    public int TotalCalls => _calls.Values.Sum();

    public void Reset() => _calls.Clear();

    /// <summary>Makes a store method throw, to see how the API treats unexpected failures.</summary>
    public Func<string, Exception?>? Fault { get; set; }

    private void Count(string method)
    {
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        if (Fault?.Invoke(method) is { } exception)
        {
            throw exception;
        }
    }

    public ValueTask<long> GetVersionAsync(CancellationToken cancellationToken = default) => inner.GetVersionAsync(cancellationToken);

    public Task<IReadOnlyList<Node?>> GetNodesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        Count(nameof(GetNodesAsync));
        return inner.GetNodesAsync(ids, cancellationToken);
    }

    public Task<IReadOnlyList<SupplyLink?>> GetLinksAsync(IReadOnlyList<string> linkIds, CancellationToken cancellationToken = default)
    {
        Count(nameof(GetLinksAsync));
        return inner.GetLinksAsync(linkIds, cancellationToken);
    }

    public Task<Page<Node>> ListNodesAsync(NodeQuery query, CancellationToken cancellationToken = default)
    {
        Count(nameof(ListNodesAsync));
        return inner.ListNodesAsync(query, cancellationToken);
    }

    public Task<IReadOnlyList<Page<Node>>> ListNodesAsync(IReadOnlyList<NodeQuery> queries, CancellationToken cancellationToken = default)
    {
        Count(nameof(ListNodesAsync) + "[]");
        return inner.ListNodesAsync(queries, cancellationToken);
    }

    public Task<IReadOnlyList<IReadOnlyList<string>>> GetNeighboursAsync(IReadOnlyList<string> ids, RelType type, Direction direction, CancellationToken cancellationToken = default)
    {
        Count(nameof(GetNeighboursAsync));
        return inner.GetNeighboursAsync(ids, type, direction, cancellationToken);
    }

    public Task<IReadOnlyList<IReadOnlyList<SupplyLink>>> GetSupplyLinksAsync(IReadOnlyList<string> firmIds, Direction direction, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Count(nameof(GetSupplyLinksAsync));
        return inner.GetSupplyLinksAsync(firmIds, direction, filter, cancellationToken);
    }

    /// <summary>Makes every walk take at least this long, so that concurrent requests overlap.</summary>
    public TimeSpan TraverseDelay { get; set; }

    /// <summary>Walks that were stopped by their cancellation token while delayed (a cancelled request freeing its work).</summary>
    public int TraversalsCancelled => _cancelled;

    private int _cancelled;

    public async Task<TraversalResult> TraverseAsync(TraversalRequest request, CancellationToken cancellationToken = default)
    {
        Count(nameof(TraverseAsync));
        if (TraverseDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(TraverseDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelled);
                throw;
            }
        }
        return await inner.TraverseAsync(request, cancellationToken);
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, IReadOnlyCollection<NodeKind>? kinds = null, int first = 20, CancellationToken cancellationToken = default)
    {
        Count(nameof(SearchAsync));
        return inner.SearchAsync(text, kinds, first, cancellationToken);
    }

    public Task<ChangeResult> ApplyAsync(ChangeSet changes, CancellationToken cancellationToken = default)
    {
        Count(nameof(ApplyAsync));
        return inner.ApplyAsync(changes, cancellationToken);
    }

    public Task<IReadOnlyList<SupplyPath>> FindSupplyPathsAsync(string fromId, string toId, int maxDepth, int first, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Count(nameof(FindSupplyPathsAsync));
        return inner.FindSupplyPathsAsync(fromId, toId, maxDepth, first, filter, cancellationToken);
    }

    public Task<IReadOnlyList<CommonSupplier>> CommonSuppliersAsync(IReadOnlyList<string> firmIds, int maxDepth, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Count(nameof(CommonSuppliersAsync));
        return inner.CommonSuppliersAsync(firmIds, maxDepth, filter, cancellationToken);
    }

    public Task<IReadOnlyList<CriticalSupplier>> CriticalSuppliersAsync(string firmId, int maxDepth, int first, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Count(nameof(CriticalSuppliersAsync));
        return inner.CriticalSuppliersAsync(firmId, maxDepth, first, filter, cancellationToken);
    }

    public Task<IReadOnlyList<AffectedFirm>> DisruptionImpactAsync(DisruptionScenario scenario, CancellationToken cancellationToken = default)
    {
        Count(nameof(DisruptionImpactAsync));
        return inner.DisruptionImpactAsync(scenario, cancellationToken);
    }

    public Task<IReadOnlyList<SupplyCluster>> ClustersAsync(ClusterRequest request, CancellationToken cancellationToken = default)
    {
        Count(nameof(ClustersAsync));
        return inner.ClustersAsync(request, cancellationToken);
    }

    public Task<IReadOnlyList<IReadOnlyList<string>>> CoLocatedAsync(IReadOnlyList<string> firmIds, CancellationToken cancellationToken = default)
    {
        Count(nameof(CoLocatedAsync));
        return inner.CoLocatedAsync(firmIds, cancellationToken);
    }

    public Task<IReadOnlyList<IReadOnlyList<LinkedPark>>> LinkedParksAsync(IReadOnlyList<string> parkIds, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Count(nameof(LinkedParksAsync));
        return inner.LinkedParksAsync(parkIds, filter, cancellationToken);
    }

    public Task<GraphStats> GetStatsAsync(CancellationToken cancellationToken = default) => inner.GetStatsAsync(cancellationToken);

    public Task<AuditPage> ReadAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) => inner.ReadAuditAsync(query, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    public Task<LocalizationTotals> LocalizationAsync(LocalizationRequest request, CancellationToken cancellationToken = default)
    {
        Count(nameof(LocalizationAsync));
        return inner.LocalizationAsync(request, cancellationToken);
    }

    public Task<IReadOnlyList<IReadOnlyList<SupplierCandidate>>> SupplierCandidatesAsync(
        LocalizationRequest request, IReadOnlyList<string> inputSectorIds, int first, CancellationToken cancellationToken = default)
    {
        Count(nameof(SupplierCandidatesAsync));
        return inner.SupplierCandidatesAsync(request, inputSectorIds, first, cancellationToken);
    }

    public Task<IReadOnlyList<InputOrigin>> InputOriginsAsync(IReadOnlyList<string> firmIds, int maxDepth, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        Count(nameof(InputOriginsAsync));
        return inner.InputOriginsAsync(firmIds, maxDepth, filter, cancellationToken);
    }

    public Task<IReadOnlyList<ParkMatch>> ParkMatchesAsync(ParkMatchRequest request, CancellationToken cancellationToken = default)
    {
        Count(nameof(ParkMatchesAsync));
        return inner.ParkMatchesAsync(request, cancellationToken);
    }
}
