using Ecosystem.Graph.Analysis;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// When the changes laid over the last full build are folded into a new one: when they touch this many nodes, when
/// the firms' own link lists hold this many entries (or an eighth of the links, whichever is more), or when the link
/// table has less than half of its room left.
/// </summary>
public sealed record FoldPolicy(int TouchedNodes, long LinkEntries)
{
    public static readonly FoldPolicy Default = new(8192, 1_000_000);

    internal bool IsDue(SupplyGraph graph) =>
        !graph.IsFullBuild
        && (graph.Touched.Length >= TouchedNodes
            || graph.OverlayLinkEntries >= Math.Max(LinkEntries, graph.LinkCount / 8)
            || graph.FreeLinkRows < LinkTable.RoomFor(graph.LinkCount) / 2);
}

/// <summary>
/// What a fold cost: the version it started from and the one it swapped in (changes committed meanwhile replayed onto
/// it), the nodes and link-list entries it reclaimed, the time to build beside readers and writers, and the time
/// writers waited for the swap.
/// </summary>
public sealed record FoldReport(long FromVersion, long ToVersion, int TouchedNodes, long LinkEntries, TimeSpan Build, TimeSpan Pause, int Replayed);
