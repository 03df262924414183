using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>A supply path from a supplier to a buyer: the firms in order (supplier first) and the link of each hop.</summary>
public sealed record SupplyPath(IReadOnlyList<string> FirmIds, IReadOnlyList<SupplyLink> Links)
{
    public int Length => Links.Count;
}

/// <summary>A supplier shared by every firm asked about, at the largest of its shortest depths below them.</summary>
public sealed record CommonSupplier(string FirmId, int Depth);

/// <summary>
/// A supplier in a firm's upstream chain and the known value of the chain's links that would be cut off from the firm
/// if it were lost (every path that value takes to the firm passes through it), as a share of all of it.
/// </summary>
public sealed record CriticalSupplier(string FirmId, double ValueUsd, double Share);

/// <summary>Firms knocked out in a disruption: named firms, firms recorded in provinces, firms in countries. Sets combine with "or".</summary>
public sealed record DisruptionScenario
{
    public IReadOnlyCollection<string> FirmIds { get; init; } = [];

    public IReadOnlyCollection<string> ProvinceIds { get; init; } = [];

    /// <summary>ISO alpha-2.</summary>
    public IReadOnlyCollection<string> Countries { get; init; } = [];

    /// <summary>Which links count as inputs (their date, confidence, ...).</summary>
    public LinkFilter? Filter { get; init; }
}

/// <summary>A lead firm that loses first-tier inputs in a disruption: their known value and its share of all its first-tier inputs.</summary>
public sealed record AffectedFirm(string FirmId, double LostValueUsd, double LostShare);

/// <summary>Graph analyses pushed down to the store: each is one call, computed where the graph lives.</summary>
public interface ISupplyAnalysis
{
    /// <summary>
    /// The <paramref name="first"/> shortest simple supply paths (fewest links, at most <paramref name="maxDepth"/>) from a
    /// supplier down to a buyer; paths of equal length in the order of their firm ids. Each hop takes the most valuable
    /// link between its two firms.
    /// </summary>
    Task<IReadOnlyList<SupplyPath>> FindSupplyPathsAsync(string fromId, string toId, int maxDepth, int first, LinkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Suppliers within <paramref name="maxDepth"/> tiers upstream of every one of the firms, by depth then id; the firms themselves are left out.</summary>
    Task<IReadOnlyList<CommonSupplier>> CommonSuppliersAsync(IReadOnlyList<string> firmIds, int maxDepth, LinkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The suppliers of a firm's upstream chain (within <paramref name="maxDepth"/> tiers) ranked by the share of the chain's
    /// known link value they alone carry to it (dominators of the reversed chain), largest first; at most <paramref name="first"/>.
    /// </summary>
    Task<IReadOnlyList<CriticalSupplier>> CriticalSuppliersAsync(string firmId, int maxDepth, int first, LinkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The lead firms that lose first-tier inputs when the scenario's firms are gone, largest lost share first.</summary>
    Task<IReadOnlyList<AffectedFirm>> DisruptionImpactAsync(DisruptionScenario scenario, CancellationToken cancellationToken = default);
}

/// <summary>The firms a cluster query looks at: those that pass the filter (a park, provinces, a sector, a country).</summary>
public sealed record ClusterRequest
{
    public required NodeFilter Scope { get; init; }

    /// <summary>Which links count (their date, confidence, ...).</summary>
    public LinkFilter? Filter { get; init; }

    /// <summary>The noise the clusters' published values carry (none: they have no noisy value).</summary>
    public ValueNoise? Noise { get; init; }
}

/// <summary>
/// A connected group of in-scope firms linked by supply links: its members (by id), the links among them, the sectors
/// present, and what it buys from firms outside the scope.
/// </summary>
public sealed record SupplyCluster(
    IReadOnlyList<string> MemberIds,
    int InternalLinkCount,
    double InternalValueUsd,
    IReadOnlyList<GroupValue> SectorFirmCounts,
    double OutsideValueUsd,
    IReadOnlyList<GroupValue> OutsideByProvince,
    IReadOnlyList<GroupValue> OutsideByCountry)
{
    /// <summary><see cref="InternalValueUsd"/> as callers without the analyst role may see it (rule 1, noise).</summary>
    public PublishableValue InternalPublished { get; init; } = PublishableValue.Empty;

    /// <summary><see cref="OutsideValueUsd"/> as callers without the analyst role may see it (rule 1, noise).</summary>
    public PublishableValue OutsidePublished { get; init; } = PublishableValue.Empty;

    /// <summary>Links among the members over the most there could be, n(n - 1).</summary>
    public double Density => MemberIds.Count < 2 ? 0 : InternalLinkCount / ((double)MemberIds.Count * (MemberIds.Count - 1));
}

/// <summary>Another park whose firms trade with a park's firms, either way.</summary>
public sealed record LinkedPark(string ParkId, int LinkCount, double ValueUsd)
{
    /// <summary><see cref="ValueUsd"/> as callers without the analyst role may see it (rule 1, noise).</summary>
    public PublishableValue Published { get; init; } = PublishableValue.Empty;
}

/// <summary>Clusters and co-location, pushed down to the store like the chain analyses.</summary>
public interface IClusterAnalysis
{
    /// <summary>The connected groups (two firms or more) of in-scope firms over supply links, largest first.</summary>
    Task<IReadOnlyList<SupplyCluster>> ClustersAsync(ClusterRequest request, CancellationToken cancellationToken = default);

    /// <summary>For each firm, the firms in the same park that share a sector or a supply link with it, by id.</summary>
    Task<IReadOnlyList<IReadOnlyList<string>>> CoLocatedAsync(IReadOnlyList<string> firmIds, CancellationToken cancellationToken = default);

    /// <summary>For each park, the other parks whose firms trade with its firms (either way), most links first.</summary>
    Task<IReadOnlyList<IReadOnlyList<LinkedPark>>> LinkedParksAsync(IReadOnlyList<string> parkIds, LinkFilter? filter = null, ValueNoise? noise = null, CancellationToken cancellationToken = default);
}
