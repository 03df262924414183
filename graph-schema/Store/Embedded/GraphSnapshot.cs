using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// One committed version of the embedded store in memory: the graph the analyses run on, the search index over its
/// names and the firms' posting lists. A full build makes both indexes (the search index on a second thread while the
/// link rows are still being read); a version made by a change reads the full build's indexes and corrects them by the
/// nodes changed since (<see cref="SupplyGraph.Touched"/>).
/// </summary>
internal sealed class GraphSnapshot : SupplyGraph
{
    private readonly SearchIndex? _search;
    private readonly Lazy<FirmIndex>? _firmIndex;
    private readonly Lazy<ParkIndex>? _parkIndex;

    /// <summary>The last full build, whose indexes this version reads.</summary>
    public GraphSnapshot BaseSnapshot => (GraphSnapshot)Base;

    /// <summary>The search index of the last full build (see <see cref="SearchMatch"/> for this version's matches).</summary>
    public SearchIndex Search => BaseSnapshot._search!;

    /// <summary>The firms' posting lists of the last full build, built once (see <see cref="WarmUp"/>).</summary>
    public FirmIndex FirmIndex => BaseSnapshot._firmIndex!.Value;

    /// <summary>The parks' posting lists of the last full build, built on first use (parks are hundreds: milliseconds).</summary>
    public ParkIndex ParkIndex => BaseSnapshot._parkIndex!.Value;

    /// <summary>
    /// Starts building the posting lists and the analyses' tables (lead firms, sector inputs) on the thread pool, so that
    /// the first filtered listing or report seldom waits for them.
    /// </summary>
    public void WarmUp()
    {
        var lists = BaseSnapshot._firmIndex!;
        if (!lists.IsValueCreated)
        {
            _ = Task.Run(() => lists.Value);
        }
        _ = Task.Run(() => (LeadFirms, InputsOf(-1)));
    }

    /// <remarks>
    /// changed, with previous: the nids whose node differs from the previous snapshot's; when that one is a full build,
    /// the search index is then updated rather than rebuilt (see <see cref="SupplyGraph"/> for the other indexes).
    /// </remarks>
    public GraphSnapshot(long version, Node?[] nodes, Func<(LinkRow[] Rows, int Count)> links, string[] products, string[][] sourceSets, GraphSnapshot? previous, IReadOnlyCollection<int>? changed = null)
        : this(Names.Of(nodes, previous, previous is { IsFullBuild: true } ? changed : null), version, links, products, sourceSets, previous, null)
    {
    }

    private GraphSnapshot(Names names, long version, Func<(LinkRow[] Rows, int Count)> links, string[] products, string[][] sourceSets, GraphSnapshot? previous, int[][]? kindOrders)
        : base(version, names.Nodes, names.Folded, links, products, sourceSets, previous, names.Changed, kindOrders)
    {
        _search = names.Search.GetAwaiter().GetResult();
        _firmIndex = new Lazy<FirmIndex>(() => FirmIndex.Build(this), LazyThreadSafetyMode.ExecutionAndPublication);
        _parkIndex = new Lazy<ParkIndex>(() => ParkIndex.Build(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// The same graph as one full build (a fold): the columns and lists laid out afresh, the name orders taken from this
    /// version, the search index and posting lists made again. Runs beside readers and writers; this version is unchanged.
    /// </summary>
    public GraphSnapshot Fold()
    {
        var nodes = Nodes.ToArray();
        var rows = LiveRows();
        var orders = new int[KindCount][];
        for (var k = 0; k < KindCount; k++)
        {
            orders[k] = k == 0 ? [] : KindOrder((NodeKind)k);
        }
        var folded = Folded.ToArray();
        var names = new Names(nodes, folded, null, Task.Run(() => SearchIndex.Build(nodes, folded)));
        return new GraphSnapshot(names, Version, () => (rows, rows.Length), Products, SourceSets, null, orders);
    }

    /// <summary>The version a committed change makes of this one, by the change's size (this one is left as it was).</summary>
    public GraphSnapshot(GraphSnapshot previous, GraphDelta delta)
        : base(previous, delta)
    {
    }

    /// <summary>Nids whose name or terms hold every word (the last as a prefix): the full build's matches, corrected by the nodes changed since.</summary>
    public IReadOnlyList<int> SearchMatch(string[] words)
    {
        var found = Search.Match(words);
        if (IsFullBuild)
        {
            return found;
        }
        var touched = Touched;
        var result = new List<int>(found.Count);
        foreach (var nid in found)
        {
            if (Array.BinarySearch(touched, nid) < 0)
            {
                result.Add(nid);
            }
        }
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nid in touched)
        {
            if (Nodes[nid] is { } node && SearchIndex.Matches(SearchIndex.Terms(node, Folded[nid], terms), words))
            {
                result.Add(nid);
            }
        }
        return result;
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
