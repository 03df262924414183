using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// One committed version of the embedded store in memory: the graph the analyses run on and the search index over its
/// names. The search index is built on a second thread while the link rows are still being read.
/// </summary>
internal sealed class GraphSnapshot : SupplyGraph
{
    public SearchIndex Search { get; }

    private readonly Lazy<FirmIndex> _firmIndex;

    /// <summary>The firms' posting lists for filtered listings, built once (see <see cref="WarmUp"/>).</summary>
    public FirmIndex FirmIndex => _firmIndex.Value;

    /// <summary>Starts building the posting lists on the thread pool, so that the first filtered listing seldom waits for them.</summary>
    public void WarmUp() => _ = Task.Run(() => _firmIndex.Value);

    /// <remarks>
    /// changed, with previous: the nids whose node differs from the previous snapshot's; the search index is then
    /// updated rather than rebuilt (see <see cref="SupplyGraph"/> for the other indexes).
    /// </remarks>
    public GraphSnapshot(long version, Node?[] nodes, Func<(LinkRow[] Rows, int Count)> links, string[] products, string[][] sourceSets, GraphSnapshot? previous, IReadOnlyCollection<int>? changed = null)
        : this(Names.Of(nodes, previous, previous is null ? null : changed), version, links, products, sourceSets, previous)
    {
    }

    private GraphSnapshot(Names names, long version, Func<(LinkRow[] Rows, int Count)> links, string[] products, string[][] sourceSets, GraphSnapshot? previous)
        : base(version, names.Nodes, names.Folded, links, products, sourceSets, previous, names.Changed)
    {
        Search = names.Search.GetAwaiter().GetResult();
        _firmIndex = new Lazy<FirmIndex>(() => FirmIndex.Build(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The folded names and the search index being built from them, started before the links are read.</summary>
    private sealed record Names(Node?[] Nodes, string[] Folded, IReadOnlyCollection<int>? Changed, Task<SearchIndex> Search)
    {
        public static Names Of(Node?[] nodes, GraphSnapshot? previous, IReadOnlyCollection<int>? changed)
        {
            var folded = FoldNames(nodes, previous);
            var search = changed is null
                ? Task.Run(() => SearchIndex.Build(nodes, folded))
                : Task.FromResult(previous!.Search.Update(changed.Select(nid => (
                    nid,
                    nid < previous.Nodes.Length ? previous.Nodes[nid] : null,
                    nid < previous.Nodes.Length ? previous.Folded[nid] : null,
                    nodes[nid],
                    (string?)folded[nid]))));
            return new Names(nodes, folded, changed, search);
        }
    }
}
