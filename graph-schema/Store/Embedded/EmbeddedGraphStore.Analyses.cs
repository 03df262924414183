using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Analysis;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>The analyses, run by the analysis room on the current snapshot.</summary>
public partial class EmbeddedGraphStore
{
    public Task<IReadOnlyList<SupplyPath>> FindSupplyPathsAsync(string fromId, string toId, int maxDepth, int first, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        TraversalDepth.Check(maxDepth);
        var snap = _snapshot;
        return Task.FromResult(SupplyAnalysis.Paths(snap, FirmNid(snap, fromId), FirmNid(snap, toId), maxDepth, first, CompiledLinkFilter.Compile(snap, filter), cancellationToken));
    }

    public Task<IReadOnlyList<CommonSupplier>> CommonSuppliersAsync(IReadOnlyList<string> firmIds, int maxDepth, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        TraversalDepth.Check(maxDepth);
        var snap = _snapshot;
        return Task.FromResult(SupplyAnalysis.Common(snap, [.. firmIds.Select(id => FirmNid(snap, id))], maxDepth, CompiledLinkFilter.Compile(snap, filter)));
    }

    public Task<IReadOnlyList<CriticalSupplier>> CriticalSuppliersAsync(string firmId, int maxDepth, int first, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        TraversalDepth.Check(maxDepth);
        var snap = _snapshot;
        return Task.FromResult(SupplyAnalysis.Critical(snap, FirmNid(snap, firmId), maxDepth, first, CompiledLinkFilter.Compile(snap, filter), cancellationToken));
    }

    public Task<IReadOnlyList<AffectedFirm>> DisruptionImpactAsync(DisruptionScenario scenario, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        return Task.FromResult(SupplyAnalysis.Disruption(snap, scenario, CompiledLinkFilter.Compile(snap, scenario.Filter), cancellationToken));
    }

    public Task<IReadOnlyList<SupplyCluster>> ClustersAsync(ClusterRequest request, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        return Task.FromResult(ClusterAnalysis.Clusters(snap, request, CompiledLinkFilter.Compile(snap, request.Filter), cancellationToken));
    }

    public Task<IReadOnlyList<IReadOnlyList<string>>> CoLocatedAsync(IReadOnlyList<string> firmIds, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        return Task.FromResult<IReadOnlyList<IReadOnlyList<string>>>([.. firmIds.Select(id => ClusterAnalysis.CoLocated(snap, FirmNid(snap, id)))]);
    }

    public Task<IReadOnlyList<IReadOnlyList<LinkedPark>>> LinkedParksAsync(IReadOnlyList<string> parkIds, LinkFilter? filter = null, ValueNoise? noise = null, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        var compiled = CompiledLinkFilter.Compile(snap, filter);
        return Task.FromResult<IReadOnlyList<IReadOnlyList<LinkedPark>>>([.. parkIds.Select(id => ClusterAnalysis.LinkedParks(snap, snap.NidOf(id), compiled, noise))]);
    }

    public Task<LocalizationContributions> LocalizationContributionsAsync(LocalizationRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocalizationAnalysis.Contributions(_snapshot, request, cancellationToken));

    public Task<LocalizationTotals> LocalizationAsync(LocalizationRequest request, CancellationToken cancellationToken = default)
    {
        // The whole country's report of every lead firm is read from the kept one of this version when there is one.
        var snap = _snapshot;
        return Task.FromResult(_digests.TryTotals(snap, request, cancellationToken) ?? LocalizationAnalysis.Totals(snap, request, cancellationToken));
    }

    /// <summary>The kept country-wide reports (tests count what they answered and wait for their builds).</summary>
    internal KeptReports KeptReports => _digests;

    public Task<IReadOnlyList<IReadOnlyList<SupplierCandidate>>> SupplierCandidatesAsync(
        LocalizationRequest request, IReadOnlyList<string> inputSectorIds, int first, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocalizationAnalysis.Candidates(_snapshot, request, inputSectorIds, first, cancellationToken));

    public Task<IReadOnlyList<InputOrigin>> InputOriginsAsync(IReadOnlyList<string> firmIds, int maxDepth, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        return Task.FromResult(LocalizationAnalysis.Origins(snap, [.. firmIds.Select(id => FirmNid(snap, id))], maxDepth, CompiledLinkFilter.Compile(snap, filter), cancellationToken));
    }

    public Task<IReadOnlyList<ParkMatch>> ParkMatchesAsync(ParkMatchRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocalizationAnalysis.Parks(_snapshot, request, cancellationToken));

    public Task<IReadOnlyList<IReadOnlyList<SourcingMatch>>> MatchSourcingAsync(IReadOnlyList<SourcingMatchRequest> requests, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocalizationAnalysis.Match(_snapshot, requests, cancellationToken));

    public Task<IReadOnlyList<ProductMaker>> ProductMakersAsync(string productId, NodeFilter? filter = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocalizationAnalysis.Makers(_snapshot, productId, filter));

    public Task<ProductPurchases> ProductPurchasesAsync(ProductPurchaseRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(LocalizationAnalysis.Purchases(_snapshot, request, cancellationToken));

    private static int FirmNid(GraphSnapshot snap, string id) => snap.NidOf(id) is >= 0 and var nid && snap.Nodes[nid] is Firm ? nid : -1;
}
