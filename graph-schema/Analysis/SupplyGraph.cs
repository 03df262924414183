using System.Diagnostics.CodeAnalysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// An immutable, in-memory picture of a graph (a whole committed version, or the part of one an analysis needs), the
/// form every analysis runs on. Nodes are addressed by nid (a dense index); supply links are stored column by column,
/// sorted by buyer (compressed sparse rows for upstream walks) with a second index by supplier for downstream walks.
/// Readers share it freely; a writer builds a new one from the previous and swaps it in.
/// </summary>
internal partial class SupplyGraph
{
    private readonly Dictionary<string, int> _nidById;
    private readonly Dictionary<long, int[]> _inAdjacency;
    private readonly int[][] _kindOrder;
    private readonly Dictionary<string, int> _productBySlug;
    private readonly Dictionary<string, int> _sourceSetByKey;
    private readonly Dictionary<string, short> _countryIndex;

    public long Version { get; }

    /// <summary>Nodes by nid; null where no node has that nid.</summary>
    public Node?[] Nodes { get; }

    /// <summary>Names by nid, folded (<see cref="VietnameseText.Fold"/>); "" where no node.</summary>
    public string[] Folded { get; }

    public string[] Countries { get; private set; }

    /// <summary>Per nid, the index of a firm's country in <see cref="Countries"/>; -1 for non-firms.</summary>
    public short[] FirmCountry { get; private set; }

    /// <summary>For each firm, the nid of the province it is recorded in; -1 when none (or not a firm).</summary>
    public int[] FirmProvince { get; private set; }

    /// <summary>For each firm, the nid of the park it is located in; -1 when none (or not a firm).</summary>
    public int[] FirmPark { get; private set; }

    /// <summary>
    /// A firm's country and province in one word, so that grouping a walk's links costs one memory read per link:
    /// the country index + 1 in the high 16 bits, the province's slot in <see cref="ProvinceBySlot"/> + 1 in the low 16
    /// (0: none).
    /// </summary>
    public int[] FirmPlace { get; private set; }

    /// <summary>The province node of each slot of <see cref="FirmPlace"/>.</summary>
    public int[] ProvinceBySlot { get; private set; }

    public short DomesticCountry { get; private set; }

    // Supply links, column by column, in (buyer, supplier, sector, product) order.
    public int LinkCount { get; private set; }
    public int[] LinkBuyer { get; private set; }
    public int[] LinkSupplier { get; private set; }
    public int[] LinkSector { get; private set; }
    public int[] LinkProduct { get; private set; }
    public int[] LinkSince { get; private set; }
    public int[] LinkUntil { get; private set; }
    public int[] LinkSources { get; private set; }
    public float[] LinkConfidence { get; private set; }
    public double[] LinkValue { get; private set; }

    /// <summary>Links of buyer b are LinkX[InOffset[b] .. InOffset[b+1]).</summary>
    public int[] InOffset { get; private set; }

    /// <summary>Links of supplier s are OutLinks[OutOffset[s] .. OutOffset[s+1]), as link indexes.</summary>
    public int[] OutOffset { get; private set; }
    public int[] OutLinks { get; private set; }

    public string[] Products { get; }
    public string[][] SourceSets { get; }

    public int NodeCount { get; private set; }

    /// <summary>
    /// Builds a graph. Everything that needs only the nodes is built first, so that link rows still being read from disk
    /// (<paramref name="links"/> may block until they are) overlap with whatever the caller started on
    /// <paramref name="folded"/> (see <see cref="FoldNames"/>).
    /// </summary>
    /// <remarks>
    /// changed, with previous: the nids whose node differs from the previous graph's (written, added or deleted).
    /// The indexes those nodes cannot have changed are then shared with the previous graph, so a small change costs
    /// little more than its links.
    /// </remarks>
    public SupplyGraph(long version, Node?[] nodes, string[]? folded, Func<(LinkRow[] Rows, int Count)> links, string[] products, string[][] sourceSets, SupplyGraph? previous, IReadOnlyCollection<int>? changed = null)
    {
        if (previous is null)
        {
            changed = null;
        }
        Version = version;
        Nodes = nodes;
        Products = products;
        SourceSets = sourceSets;
        _nidById = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        _countryIndex = new Dictionary<string, short>(StringComparer.Ordinal);
        Folded = folded ?? FoldNames(nodes, previous);
        var byKind = IndexNodes(nodes);
        PlaceFirms(nodes);
        // No node came or went and none changed its relationships: the reverse indexes are the previous ones.
        _inAdjacency = changed is not null && changed.All(nid => SameEdges(previous!, nodes, nid)) ? previous!._inAdjacency : ReverseEdges(nodes);
        _kindOrder = OrderKinds(byKind, previous, changed);
        var (rows, linkCount) = links();
        ReadLinks(rows, linkCount, nodes.Length);
        _productBySlug = new Dictionary<string, int>(products.Length, StringComparer.Ordinal);
        for (var p = 0; p < products.Length; p++)
        {
            _productBySlug.TryAdd(SupplyLink.ProductKey(products[p]), p);
        }
        _sourceSetByKey = new Dictionary<string, int>(sourceSets.Length, StringComparer.Ordinal);
        for (var set = 0; set < sourceSets.Length; set++)
        {
            _sourceSetByKey.TryAdd(SourceSetKey(sourceSets[set]), set);
        }
    }

    /// <summary>Ids to nids, nids by kind, and each firm's country as an index into <see cref="Countries"/>.</summary>
    [MemberNotNull(nameof(Countries), nameof(FirmCountry))]
    private List<int>[] IndexNodes(Node?[] nodes)
    {
        var byKind = new List<int>[9];
        for (var k = 0; k < byKind.Length; k++)
        {
            byKind[k] = [];
        }
        var countries = new List<string>();
        FirmCountry = new short[nodes.Length];
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            var node = nodes[nid];
            FirmCountry[nid] = -1;
            if (node is null)
            {
                continue;
            }
            NodeCount++;
            _nidById[node.Id] = nid;
            byKind[(int)node.Kind].Add(nid);
            if (node is Firm firm)
            {
                if (!_countryIndex.TryGetValue(firm.Country, out var ci))
                {
                    ci = (short)countries.Count;
                    countries.Add(firm.Country);
                    _countryIndex[firm.Country] = ci;
                }
                FirmCountry[nid] = ci;
            }
        }
        Countries = [.. countries];
        return byKind;
    }

    /// <summary>Each firm's province and park by nid, and its country and province in one word (<see cref="FirmPlace"/>).</summary>
    [MemberNotNull(nameof(FirmProvince), nameof(FirmPark), nameof(FirmPlace), nameof(ProvinceBySlot))]
    private void PlaceFirms(Node?[] nodes)
    {
        FirmProvince = new int[nodes.Length];
        FirmPark = new int[nodes.Length];
        FirmPlace = new int[nodes.Length];
        var provinceSlots = new Dictionary<int, int>();
        var slotProvinces = new List<int>();
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            var province = nodes[nid] is Firm { ProvinceId: { } provinceId } && _nidById.TryGetValue(provinceId, out var p) ? p : -1;
            FirmProvince[nid] = province;
            FirmPark[nid] = nodes[nid] is Firm { ParkId: { } parkId } && _nidById.TryGetValue(parkId, out var pk) ? pk : -1;
            var slot = -1;
            if (province >= 0 && !provinceSlots.TryGetValue(province, out slot))
            {
                slot = slotProvinces.Count;
                provinceSlots[province] = slot;
                slotProvinces.Add(province);
            }
            FirmPlace[nid] = ((FirmCountry[nid] + 1) << 16) | (slot + 1);
        }
        ProvinceBySlot = [.. slotProvinces];
        DomesticCountry = _countryIndex.TryGetValue("VN", out var vn) ? vn : (short)-1;
    }

    /// <summary>For each relationship type and target, the nids holding it (sources as CITED_BY).</summary>
    private Dictionary<long, int[]> ReverseEdges(Node?[] nodes)
    {
        var adjacency = new Dictionary<long, List<int>>();
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            var node = nodes[nid];
            if (node is null)
            {
                continue;
            }
            foreach (var (type, target) in node.Edges())
            {
                AddEdge(adjacency, type, target, nid);
            }
            foreach (var source in node.Sources)
            {
                AddEdge(adjacency, RelType.CitedBy, source, nid);
            }
        }
        var reverse = new Dictionary<long, int[]>(adjacency.Count);
        foreach (var (key, list) in adjacency)
        {
            reverse[key] = [.. list];
        }
        return reverse;
    }

    /// <summary>Each kind's nids in name order; kinds none of whose nodes changed keep the previous order.</summary>
    private int[][] OrderKinds(List<int>[] byKind, SupplyGraph? previous, IReadOnlyCollection<int>? changed)
    {
        var touchedKinds = changed is null ? null : new HashSet<int>(changed.SelectMany(nid => new[] { Kind(previous!, nid), Kind(this, nid) }).Where(k => k >= 0));
        var kindOrder = new int[byKind.Length][];
        for (var k = 0; k < byKind.Length; k++)
        {
            if (touchedKinds is not null && !touchedKinds.Contains(k))
            {
                kindOrder[k] = previous!._kindOrder[k];
                continue;
            }
            var order = byKind[k].ToArray();
            Array.Sort(order, CompareByName);
            kindOrder[k] = order;
        }
        return kindOrder;
    }

    /// <summary>The links as columns in identity order, then the compressed sparse rows both ways.</summary>
    [MemberNotNull(nameof(LinkBuyer), nameof(LinkSupplier), nameof(LinkSector), nameof(LinkProduct), nameof(LinkSince), nameof(LinkUntil), nameof(LinkSources),
        nameof(LinkConfidence), nameof(LinkValue), nameof(InOffset), nameof(OutOffset), nameof(OutLinks))]
    private void ReadLinks(LinkRow[] rows, int linkCount, int capacity)
    {
        LinkCount = linkCount;
        LinkBuyer = new int[linkCount];
        LinkSupplier = new int[linkCount];
        LinkSector = new int[linkCount];
        LinkProduct = new int[linkCount];
        LinkSince = new int[linkCount];
        LinkUntil = new int[linkCount];
        LinkSources = new int[linkCount];
        LinkConfidence = new float[linkCount];
        LinkValue = new double[linkCount];
        InOffset = new int[capacity + 1];
        OutOffset = new int[capacity + 1];
        for (var i = 0; i < linkCount; i++)
        {
            ref readonly var row = ref rows[i];
            LinkBuyer[i] = row.Buyer;
            LinkSupplier[i] = row.Supplier;
            LinkSector[i] = row.Sector;
            LinkProduct[i] = row.Product;
            LinkSince[i] = row.Since;
            LinkUntil[i] = row.Until;
            LinkSources[i] = row.Sources;
            LinkConfidence[i] = row.Confidence;
            LinkValue[i] = row.Value;
            InOffset[row.Buyer + 1]++;
            OutOffset[row.Supplier + 1]++;
        }
        for (var n = 0; n < capacity; n++)
        {
            InOffset[n + 1] += InOffset[n];
            OutOffset[n + 1] += OutOffset[n];
        }
        OutLinks = new int[linkCount];
        var cursor = new int[capacity];
        Array.Copy(OutOffset, cursor, capacity);
        for (var i = 0; i < linkCount; i++)
        {
            OutLinks[cursor[LinkSupplier[i]]++] = i;
        }
    }

    /// <summary>The folded name of every node, reusing the previous graph's where the node is the same object.</summary>
    public static string[] FoldNames(Node?[] nodes, SupplyGraph? previous)
    {
        var folded = new string[nodes.Length];
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            var node = nodes[nid];
            folded[nid] = node is null ? ""
                : previous is not null && nid < previous.Nodes.Length && ReferenceEquals(previous.Nodes[nid], node) ? previous.Folded[nid]
                : VietnameseText.Fold(node.Name);
        }
        return folded;
    }

    private static int Kind(SupplyGraph snap, int nid) => nid < snap.Nodes.Length && snap.Nodes[nid] is { } node ? (int)node.Kind : -1;

    /// <summary>Whether the node at nid is there before and after with the same relationships and sources.</summary>
    private static bool SameEdges(SupplyGraph previous, Node?[] nodes, int nid)
    {
        var before = nid < previous.Nodes.Length ? previous.Nodes[nid] : null;
        var after = nid < nodes.Length ? nodes[nid] : null;
        return before is not null && after is not null && before.Edges().SequenceEqual(after.Edges()) && before.Sources.SequenceEqual(after.Sources, StringComparer.Ordinal);
    }

    private void AddEdge(Dictionary<long, List<int>> adjacency, RelType type, string targetId, int fromNid)
    {
        if (!_nidById.TryGetValue(targetId, out var target))
        {
            return;
        }
        var key = AdjacencyKey(type, target);
        if (!adjacency.TryGetValue(key, out var list))
        {
            list = [];
            adjacency[key] = list;
        }
        list.Add(fromNid);
    }

    public static string SourceSetKey(IReadOnlyList<string> ids) => string.Join('\u001f', ids);

    public int CompareByName(int a, int b)
    {
        var c = string.CompareOrdinal(Folded[a], Folded[b]);
        if (c != 0)
        {
            return c;
        }
        c = string.CompareOrdinal(Nodes[a]!.Name, Nodes[b]!.Name);
        return c != 0 ? c : string.CompareOrdinal(Nodes[a]!.Id, Nodes[b]!.Id);
    }

    public int NidOf(string id) => _nidById.TryGetValue(id, out var nid) ? nid : -1;

    public Node? NodeOf(string id) => _nidById.TryGetValue(id, out var nid) ? Nodes[nid] : null;

    private Dictionary<string, int>? _formerIds;

    /// <summary>
    /// The node with this id, or the firm a merge folded the firm of this id into. The map of former ids is made on the
    /// first miss of each snapshot.
    /// </summary>
    public Node? NodeOrSuccessorOf(string id)
    {
        if (_nidById.TryGetValue(id, out var nid))
        {
            return Nodes[nid];
        }
        if (!id.StartsWith("firm:", StringComparison.Ordinal))
        {
            return null;
        }
        var former = _formerIds;
        if (former is null)
        {
            former = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var f in KindOrder(NodeKind.Firm))
            {
                if (Nodes[f] is Firm { FormerIds: { Count: > 0 } } firm)
                {
                    foreach (var old in firm.FormerIds!)
                    {
                        former[old] = f;
                    }
                }
            }
            _formerIds = former;
        }
        return former.TryGetValue(id, out var successor) ? Nodes[successor] : null;
    }

    public int[] KindOrder(NodeKind kind) => _kindOrder[(int)kind];

    /// <summary>The nids holding a relationship of this type to the target (the "In" side).</summary>
    public int[] InNeighbours(RelType type, int targetNid) =>
        _inAdjacency.TryGetValue(AdjacencyKey(type, targetNid), out var list) ? list : [];

    private static long AdjacencyKey(RelType type, int nid) => ((long)type << 32) | (uint)nid;

    public int ProductIndexBySlug(string slug) => _productBySlug.TryGetValue(slug, out var p) ? p : -1;

    public int SourceSetIndex(IReadOnlyList<string> ids) =>
        _sourceSetByKey.TryGetValue(SourceSetKey(ids), out var s) ? s : -1;
}
