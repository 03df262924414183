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
    private readonly int[]?[] _kindOrder;
    private Dictionary<string, int> _productBySlug;
    private Dictionary<string, int> _sourceSetByKey;
    private Dictionary<string, short> _countryIndex;
    private Dictionary<long, int> _provinceSlots;

    public long Version { get; }

    /// <summary>Nodes by nid; null where no node has that nid.</summary>
    public Column<Node?> Nodes { get; private set; }

    /// <summary>Names by nid, folded (<see cref="VietnameseText.Fold"/>); "" where no node.</summary>
    public Column<string> Folded { get; private set; }

    public string[] Countries { get; private set; }

    /// <summary>Per nid, the index of a firm's country in <see cref="Countries"/>; -1 for non-firms.</summary>
    public Column<short> FirmCountry { get; private set; }

    /// <summary>For each firm, the nid of the province it is recorded in; -1 when none (or not a firm).</summary>
    public Column<int> FirmProvince { get; private set; }

    /// <summary>For each firm, the nid of the park it is located in; -1 when none (or not a firm).</summary>
    public Column<int> FirmPark { get; private set; }

    /// <summary>
    /// A firm's country and province in one word, so that grouping a walk's links costs one memory read per link:
    /// the country index + 1 in the high 16 bits, the slot of its (recorded province, former province by placement)
    /// pair in <see cref="ProvinceBySlot"/> + 1 in the low 16 (0: none).
    /// </summary>
    public Column<int> FirmPlace { get; private set; }

    /// <summary>The recorded province node of each slot of <see cref="FirmPlace"/> (several slots may share one).</summary>
    public int[] ProvinceBySlot { get; private set; }

    /// <summary>The former province node (by placement) of each slot of <see cref="FirmPlace"/>; -1 when none.</summary>
    public int[] FormerProvinceBySlot { get; private set; }

    /// <summary>For each slot of <see cref="FirmPlace"/> + 1, whether its recorded or former province is among the given province nids.</summary>
    public bool[] SlotsIn(IReadOnlySet<int> provinces)
    {
        var slots = new bool[ProvinceBySlot.Length + 1];
        for (var s = 0; s < ProvinceBySlot.Length; s++)
        {
            slots[s + 1] = provinces.Contains(ProvinceBySlot[s]) || (FormerProvinceBySlot[s] >= 0 && provinces.Contains(FormerProvinceBySlot[s]));
        }
        return slots;
    }

    /// <summary>The key of a (recorded province, former province) pair in the slot table.</summary>
    private static long SlotKey(int province, int former) => ((long)province << 32) | (uint)former;

    /// <summary>The former province nid a firm is placed in, or -1 (a province added since the last full build is found too).</summary>
    private int FormerNid(Firm firm) => firm.Placement?.FormerProvinceId is { } former ? NidOf(former) : -1;

    public short DomesticCountry { get; private set; }

    /// <summary>How many supply links the graph holds.</summary>
    public int LinkCount { get; private set; }

    // Supply link rows, column by column. A full build lays them out in (buyer, supplier, sector, product) order with
    // room after them; a later version appends the rows it writes there (the rows a version can reach never change).
    public int[] LinkBuyer => _rows.Buyer;
    public int[] LinkSupplier => _rows.Supplier;
    public int[] LinkSector => _rows.Sector;
    public int[] LinkProduct => _rows.Product;
    public int[] LinkSince => _rows.Since;
    public int[] LinkUntil => _rows.Until;
    public int[] LinkSources => _rows.Sources;
    public float[] LinkConfidence => _rows.Confidence;
    public double[] LinkValue => _rows.Value;

    public string[] Products { get; private set; }
    public string[][] SourceSets { get; private set; }

    public int NodeCount { get; private set; }

    /// <summary>
    /// Builds a graph. Everything that needs only the nodes is built first, so that link rows still being read from disk
    /// (<paramref name="links"/> may block until they are) overlap with whatever the caller started on
    /// <paramref name="folded"/> (see <see cref="FoldNames"/>).
    /// </summary>
    /// <remarks>
    /// changed, with previous: the nids whose node differs from the previous graph's (written, added or deleted).
    /// When the previous graph is itself a full build, the indexes those nodes cannot have changed are shared with it.
    /// kindOrders: each kind's nids in name order when the caller has them already (a fold of a version made by changes).
    /// </remarks>
    public SupplyGraph(long version, Node?[] nodes, string[]? folded, Func<(LinkRow[] Rows, int Count)> links, string[] products, string[][] sourceSets, SupplyGraph? previous, IReadOnlyCollection<int>? changed = null, int[][]? kindOrders = null)
    {
        if (previous is null || !previous.IsFullBuild)
        {
            changed = null;
        }
        Version = version;
        Base = this;
        Nodes = Column<Node?>.Of(nodes, null);
        Products = products;
        SourceSets = sourceSets;
        _nidById = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        _countryIndex = new Dictionary<string, short>(StringComparer.Ordinal);
        Folded = Column<string>.Of(folded ?? FoldNames(nodes, previous), "");
        var byKind = IndexNodes(nodes);
        PlaceFirms(nodes);
        // No node came or went and none changed its relationships: the reverse indexes are the previous ones.
        _inAdjacency = changed is not null && changed.All(nid => SameEdges(previous!, nodes, nid)) ? previous!._inAdjacency : ReverseEdges(nodes);
        _kindOrder = kindOrders ?? OrderKinds(byKind, previous, changed);
        _kindCounts = [.. byKind.Select(k => k.Count)];
        var (rows, linkCount) = links();
        ReadLinks(rows, linkCount, nodes.Length);
        _productBySlug = ProductSlugs(products);
        _sourceSetByKey = SourceSetKeys(sourceSets);
        _sectorPaths = new();
        _formerIds = FormerIds(nodes);
    }

    private static Dictionary<string, int> ProductSlugs(string[] products)
    {
        var bySlug = new Dictionary<string, int>(products.Length, StringComparer.Ordinal);
        for (var p = 0; p < products.Length; p++)
        {
            bySlug.TryAdd(SupplyLink.ProductKey(products[p]), p);
        }
        return bySlug;
    }

    private static Dictionary<string, int> SourceSetKeys(string[][] sourceSets)
    {
        var byKey = new Dictionary<string, int>(sourceSets.Length, StringComparer.Ordinal);
        for (var set = 0; set < sourceSets.Length; set++)
        {
            byKey.TryAdd(SourceSetKey(sourceSets[set]), set);
        }
        return byKey;
    }

    /// <summary>Ids to nids, nids by kind, and each firm's country as an index into <see cref="Countries"/>.</summary>
    [MemberNotNull(nameof(Countries), nameof(FirmCountry))]
    private List<int>[] IndexNodes(Node?[] nodes)
    {
        var byKind = new List<int>[KindCount];
        for (var k = 0; k < byKind.Length; k++)
        {
            byKind[k] = [];
        }
        var countries = new List<string>();
        var firmCountry = new short[nodes.Length];
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            var node = nodes[nid];
            firmCountry[nid] = -1;
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
                firmCountry[nid] = ci;
            }
        }
        Countries = [.. countries];
        FirmCountry = Column<short>.Of(firmCountry, -1);
        return byKind;
    }

    /// <summary>Slots of the per-kind tables, indexed by (int)<see cref="NodeKind"/>: one past the largest kind.</summary>
    protected static readonly int KindCount = Enum.GetValues<NodeKind>().Max(k => (int)k) + 1;

    /// <summary>Each firm's province and park by nid, and its country and province in one word (<see cref="FirmPlace"/>).</summary>
    [MemberNotNull(nameof(FirmProvince), nameof(FirmPark), nameof(FirmPlace), nameof(ProvinceBySlot), nameof(FormerProvinceBySlot), nameof(_provinceSlots))]
    private void PlaceFirms(Node?[] nodes)
    {
        var firmProvince = new int[nodes.Length];
        var firmPark = new int[nodes.Length];
        var firmPlace = new int[nodes.Length];
        _provinceSlots = [];
        var slotProvinces = new List<int>();
        var slotFormer = new List<int>();
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            var province = nodes[nid] is Firm { ProvinceId: { } provinceId } && _nidById.TryGetValue(provinceId, out var p) ? p : -1;
            firmProvince[nid] = province;
            firmPark[nid] = nodes[nid] is Firm { ParkId: { } parkId } && _nidById.TryGetValue(parkId, out var pk) ? pk : -1;
            var former = nodes[nid] is Firm firm ? FormerNid(firm) : -1;
            var slot = -1;
            if (province >= 0 && !_provinceSlots.TryGetValue(SlotKey(province, former), out slot))
            {
                slot = slotProvinces.Count;
                _provinceSlots[SlotKey(province, former)] = slot;
                slotProvinces.Add(province);
                slotFormer.Add(former);
            }
            firmPlace[nid] = ((FirmCountry[nid] + 1) << 16) | (slot + 1);
        }
        FirmProvince = Column<int>.Of(firmProvince, -1);
        FirmPark = Column<int>.Of(firmPark, -1);
        FirmPlace = Column<int>.Of(firmPlace, 0);
        ProvinceBySlot = [.. slotProvinces];
        FormerProvinceBySlot = [.. slotFormer];
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
    private int[]?[] OrderKinds(List<int>[] byKind, SupplyGraph? previous, IReadOnlyCollection<int>? changed)
    {
        var touchedKinds = changed is null ? null : new HashSet<int>(changed.SelectMany(nid => new[] { Kind(previous!, nid), Kind(this, nid) }).Where(k => k >= 0));
        var kindOrder = new int[]?[byKind.Length];
        for (var k = 0; k < byKind.Length; k++)
        {
            if (touchedKinds is not null && !touchedKinds.Contains(k))
            {
                kindOrder[k] = previous!._kindOrder[k];
                continue;
            }
            kindOrder[k] = SortByName(byKind[k]);
        }
        return kindOrder;
    }

    /// <summary>
    /// Nids in name order (<see cref="CompareNames"/>): sorted by their folded names as keys, then each run of equal
    /// folded names by name and id.
    /// </summary>
    private int[] SortByName(List<int> nids)
    {
        var order = nids.ToArray();
        var keys = new string[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            keys[i] = Folded[order[i]];
        }
        Array.Sort(keys, order, StringComparer.Ordinal);
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && string.Equals(keys[end], keys[start], StringComparison.Ordinal))
            {
                end++;
            }
            if (end - start > 1)
            {
                Array.Sort(order, start, end - start, Comparer<int>.Create(CompareByName));
            }
            start = end;
        }
        return order;
    }

    /// <summary>The links as columns in identity order (with room for later rows), then the compressed sparse rows both ways.</summary>
    [MemberNotNull(nameof(_rows), nameof(_inOffset), nameof(_outOffset), nameof(_outLinks))]
    private void ReadLinks(LinkRow[] rows, int linkCount, int nodeCapacity)
    {
        LinkCount = linkCount;
        _rows = new LinkTable(linkCount + LinkTable.RoomFor(linkCount));
        _rows.Fill(rows, linkCount);
        _baseNodes = nodeCapacity;
        _inOffset = new int[nodeCapacity + 1];
        _outOffset = new int[nodeCapacity + 1];
        for (var i = 0; i < linkCount; i++)
        {
            _inOffset[rows[i].Buyer + 1]++;
            _outOffset[rows[i].Supplier + 1]++;
        }
        for (var n = 0; n < nodeCapacity; n++)
        {
            _inOffset[n + 1] += _inOffset[n];
            _outOffset[n + 1] += _outOffset[n];
        }
        _outLinks = new int[linkCount];
        var cursor = new int[nodeCapacity];
        Array.Copy(_outOffset, cursor, nodeCapacity);
        var supplier = _rows.Supplier;
        for (var i = 0; i < linkCount; i++)
        {
            _outLinks[cursor[supplier[i]]++] = i;
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

    public int CompareByName(int a, int b) => CompareNames(this, a, this, b);

    /// <summary>Name order across two versions of a graph: folded name, then name, then id.</summary>
    public static int CompareNames(SupplyGraph x, int a, SupplyGraph y, int b)
    {
        var c = string.CompareOrdinal(x.Folded[a], y.Folded[b]);
        if (c != 0)
        {
            return c;
        }
        var (na, nb) = (x.Nodes[a]!, y.Nodes[b]!);
        c = string.CompareOrdinal(na.Name, nb.Name);
        return c != 0 ? c : string.CompareOrdinal(na.Id, nb.Id);
    }

    /// <summary>The nid of the node with this id, or -1.</summary>
    public int NidOf(string id)
    {
        if (_nidOverlay is { } overlay && overlay.TryGetValue(id, out var changed))
        {
            return changed;
        }
        return _nidById.TryGetValue(id, out var nid) ? nid : -1;
    }

    public Node? NodeOf(string id) => NidOf(id) is >= 0 and var nid ? Nodes[nid] : null;

    private Dictionary<string, int> _formerIds;

    /// <summary>The ids merges folded into firms, to the nid of the firm each now resolves to (a full build reads them all).</summary>
    private static Dictionary<string, int> FormerIds(Node?[] nodes)
    {
        var former = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            if (nodes[nid] is Firm { FormerIds: { Count: > 0 } ids })
            {
                foreach (var old in ids)
                {
                    former[old] = nid;
                }
            }
        }
        return former;
    }

    /// <summary>The node with this id, or the firm a merge folded the firm of this id into.</summary>
    public Node? NodeOrSuccessorOf(string id)
    {
        if (NidOf(id) is >= 0 and var nid)
        {
            return Nodes[nid];
        }
        return _formerIds.TryGetValue(id, out var successor) ? Nodes[successor] : null;
    }

    private readonly int[] _kindCounts;

    /// <summary>How many nodes of a kind the graph holds (without ordering them).</summary>
    public int CountOf(NodeKind kind) => _kindCounts[(int)kind];

    /// <summary>The nids of a kind in name order.</summary>
    public int[] KindOrder(NodeKind kind)
    {
        var k = (int)kind;
        return _kindOrder[k] ??= MergedOrder(kind);
    }

    /// <summary>The nids holding a relationship of this type to the target (the "In" side).</summary>
    public int[] InNeighbours(RelType type, int targetNid)
    {
        var key = AdjacencyKey(type, targetNid);
        var list = _inAdjacency.GetValueOrDefault(key) ?? [];
        if (_adjacencyOverlay is { } overlay && overlay.TryGetValue(key, out var diff))
        {
            // Made once per version and key, on first use.
            var made = _adjacencyMade ??= new();
            return made.GetOrAdd(key, _ => diff.Apply(list));
        }
        return list;
    }

    private static long AdjacencyKey(RelType type, int nid) => ((long)type << 32) | (uint)nid;

    public int ProductIndexBySlug(string slug) => _productBySlug.TryGetValue(slug, out var p) ? p : -1;

    public int SourceSetIndex(IReadOnlyList<string> ids) =>
        _sourceSetByKey.TryGetValue(SourceSetKey(ids), out var s) ? s : -1;
}
