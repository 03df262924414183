using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>A committed change in interned form: what makes one version of the graph from the one before.</summary>
internal sealed class GraphDelta
{
    public required long Version { get; init; }

    /// <summary>Nodes written (added or changed) and deleted (null), by nid.</summary>
    public List<(int Nid, Node? Node)> Nodes { get; init; } = [];

    /// <summary>Links written (added or changed), in identity order.</summary>
    public LinkRow[] LinkWrites { get; init; } = [];

    /// <summary>Links deleted, by their identity (buyer, supplier, sector, product).</summary>
    public IReadOnlyList<LinkRow> LinkDeletes { get; init; } = [];

    /// <summary>Product texts and source lists first used by this change, appended to the tables in this order.</summary>
    public IReadOnlyList<string> NewProducts { get; init; } = [];

    public IReadOnlyList<string[]> NewSourceSets { get; init; } = [];

    public bool IsEmpty => Nodes.Count == 0 && LinkWrites.Length == 0 && LinkDeletes.Count == 0;
}

/// <summary>
/// A version made from the one before by a change's own size: every column, index and list the change does not touch
/// is shared; the nodes it touches are overlaid on the last full build (<see cref="Base"/>) and the links it touches
/// get lists of their own per firm, their rows appended to the shared link table. Readers see exactly what a full build
/// of the same graph holds (the model-based tests compare the two after every step).
/// </summary>
internal partial class SupplyGraph
{
    private Dictionary<string, int>? _nidOverlay;
    private Dictionary<long, EdgeDiff>? _adjacencyOverlay;
    private System.Collections.Concurrent.ConcurrentDictionary<long, int[]>? _adjacencyMade;
    private int[] _touched = [];
    private int _touchedKinds;

    /// <summary>The last full build this version was made from (itself when it is one).</summary>
    public SupplyGraph Base { get; }

    public bool IsFullBuild => ReferenceEquals(Base, this);

    /// <summary>Nids whose node differs from the last full build's (written, added or deleted since), ascending.</summary>
    public int[] Touched => _touched;

    /// <summary>Whether any node of this kind was written or deleted since the last full build.</summary>
    public bool KindTouched(NodeKind kind) => (_touchedKinds & (1 << (int)kind)) != 0;

    /// <summary>Entries in the per-firm link lists made since the last full build (a measure of what a fold reclaims).</summary>
    public long OverlayLinkEntries { get; private set; }

    /// <summary>Rows the shared link table can still take.</summary>
    public int FreeLinkRows => _rows.Free;

    /// <summary>The graph this change makes of <paramref name="previous"/> (which stays as it was).</summary>
    protected SupplyGraph(SupplyGraph previous, GraphDelta delta)
    {
        Version = delta.Version;
        Base = previous.Base;
        _nidById = previous._nidById;
        _inAdjacency = previous._inAdjacency;
        (_rows, _inOffset, _outOffset, _outLinks, _baseNodes) = (previous._rows, previous._inOffset, previous._outOffset, previous._outLinks, previous._baseNodes);
        (Products, _productBySlug) = (previous.Products, previous._productBySlug);
        (SourceSets, _sourceSetByKey) = (previous.SourceSets, previous._sourceSetByKey);
        AddTables(delta);
        (Countries, _countryIndex, DomesticCountry) = (previous.Countries, previous._countryIndex, previous.DomesticCountry);
        (ProvinceBySlot, FormerProvinceBySlot, _provinceSlots) = (previous.ProvinceBySlot, previous.FormerProvinceBySlot, previous._provinceSlots);
        NodeCount = previous.NodeCount;

        var length = previous.Nodes.Length;
        foreach (var (nid, _) in delta.Nodes)
        {
            length = Math.Max(length, nid + 1);
        }
        _nidOverlay = IdsAfter(previous, delta);
        Nodes = previous.Nodes.With(delta.Nodes, length);
        Folded = previous.Folded.With(delta.Nodes.Select(w => (w.Nid, w.Node is null ? "" : VietnameseText.Fold(w.Node.Name))), length);
        (FirmCountry, FirmProvince, FirmPark, FirmPlace) = PlacesAfter(previous, delta, length);
        _adjacencyOverlay = EdgesAfter(previous, delta);

        var kindsHere = 0;
        _kindCounts = (int[])previous._kindCounts.Clone();
        foreach (var (nid, node) in delta.Nodes)
        {
            kindsHere |= KindBit(previous, nid) | (node is null ? 0 : 1 << (int)node.Kind);
            if (nid < previous.Nodes.Length && previous.Nodes[nid] is { } before)
            {
                _kindCounts[(int)before.Kind]--;
            }
            if (node is not null)
            {
                _kindCounts[(int)node.Kind]++;
            }
        }
        _touchedKinds = previous._touchedKinds | kindsHere;
        _kindOrder = new int[]?[KindCount];
        for (var k = 0; k < KindCount; k++)
        {
            _kindOrder[k] = (kindsHere & (1 << k)) == 0 ? previous._kindOrder[k] : null;
        }
        _touched = [.. previous._touched.Concat(delta.Nodes.Select(w => w.Nid)).Distinct().Order()];

        LinkCount = previous.LinkCount;
        (_inOverride, _outOverride, OverlayLinkEntries) = (previous._inOverride, previous._outOverride, previous.OverlayLinkEntries);
        ApplyLinks(previous, delta, length);

        _leadFirms = previous._leadFirms is { } leads ? LeadFirmsAfter(leads, delta) : null;
        var sectorsChanged = (kindsHere & (1 << (int)NodeKind.Sector)) != 0;
        _inputsOf = sectorsChanged ? null : previous._inputsOf;
        _sectorPaths = sectorsChanged ? new() : previous._sectorPaths;
        _formerIds = FormerIdsAfter(previous, delta);
    }

    /// <summary>The former ids map, copied only when the change writes or deletes a firm that holds some.</summary>
    private static Dictionary<string, int> FormerIdsAfter(SupplyGraph previous, GraphDelta delta)
    {
        static IReadOnlyList<string> Of(Node? node) => node is Firm { FormerIds: { } ids } ? ids : [];
        Dictionary<string, int>? former = null;
        foreach (var (nid, node) in delta.Nodes)
        {
            var before = nid < previous.Nodes.Length ? Of(previous.Nodes[nid]) : [];
            var after = Of(node);
            if (before.Count == 0 && after.Count == 0)
            {
                continue;
            }
            former ??= new Dictionary<string, int>(previous._formerIds, StringComparer.Ordinal);
            foreach (var old in before)
            {
                if (former.TryGetValue(old, out var holder) && holder == nid)
                {
                    former.Remove(old);
                }
            }
            foreach (var old in after)
            {
                former[old] = nid;
            }
        }
        return former ?? previous._formerIds;
    }

    private static int KindBit(SupplyGraph graph, int nid) => nid < graph.Nodes.Length && graph.Nodes[nid] is { } node ? 1 << (int)node.Kind : 0;

    /// <summary>Products and source lists this change uses first, appended (the lookups copied only when something is added).</summary>
    private void AddTables(GraphDelta delta)
    {
        if (delta.NewProducts.Count > 0)
        {
            Products = [.. Products, .. delta.NewProducts];
            _productBySlug = new Dictionary<string, int>(_productBySlug, StringComparer.Ordinal);
            for (var p = Products.Length - delta.NewProducts.Count; p < Products.Length; p++)
            {
                _productBySlug.TryAdd(SupplyLink.ProductKey(Products[p]), p);
            }
        }
        if (delta.NewSourceSets.Count > 0)
        {
            SourceSets = [.. SourceSets, .. delta.NewSourceSets];
            _sourceSetByKey = new Dictionary<string, int>(_sourceSetByKey, StringComparer.Ordinal);
            for (var s = SourceSets.Length - delta.NewSourceSets.Count; s < SourceSets.Length; s++)
            {
                _sourceSetByKey.TryAdd(SourceSetKey(SourceSets[s]), s);
            }
        }
    }

    /// <summary>The ids added (to their nid) and deleted (to -1) since the last full build; counts the nodes.</summary>
    private Dictionary<string, int>? IdsAfter(SupplyGraph previous, GraphDelta delta)
    {
        Dictionary<string, int>? overlay = null;
        foreach (var (nid, node) in delta.Nodes)
        {
            var before = nid < previous.Nodes.Length ? previous.Nodes[nid] : null;
            if ((before is null) == (node is null))
            {
                continue;
            }
            overlay ??= previous._nidOverlay is null ? new(StringComparer.Ordinal) : new(previous._nidOverlay, StringComparer.Ordinal);
            if (node is not null)
            {
                NodeCount++;
                overlay[node.Id] = nid;
            }
            else
            {
                NodeCount--;
                overlay[before!.Id] = -1;
            }
        }
        return overlay ?? previous._nidOverlay;
    }

    /// <summary>The country, province, park and place of every firm the change writes (deleted nodes get none).</summary>
    private (Column<short>, Column<int>, Column<int>, Column<int>) PlacesAfter(SupplyGraph previous, GraphDelta delta, int length)
    {
        var country = new List<(int, short)>();
        var province = new List<(int, int)>();
        var park = new List<(int, int)>();
        var place = new List<(int, int)>();
        foreach (var (nid, node) in delta.Nodes)
        {
            if (node is not Firm firm)
            {
                country.Add((nid, -1));
                province.Add((nid, -1));
                park.Add((nid, -1));
                place.Add((nid, 0));
                continue;
            }
            var ci = CountryIndex(firm.Country);
            var p = firm.ProvinceId is { } provinceId ? NidOf(provinceId) : -1;
            country.Add((nid, ci));
            province.Add((nid, p));
            park.Add((nid, firm.ParkId is { } parkId ? NidOf(parkId) : -1));
            place.Add((nid, ((ci + 1) << 16) | (ProvinceSlot(p, FormerNid(firm)) + 1)));
        }
        return (previous.FirmCountry.With(country, length), previous.FirmProvince.With(province, length),
            previous.FirmPark.With(park, length), previous.FirmPlace.With(place, length));
    }

    private short CountryIndex(string country)
    {
        if (_countryIndex.TryGetValue(country, out var ci))
        {
            return ci;
        }
        ci = (short)Countries.Length;
        _countryIndex = new Dictionary<string, short>(_countryIndex, StringComparer.Ordinal) { [country] = ci };
        Countries = [.. Countries, country];
        if (country == "VN")
        {
            DomesticCountry = ci;
        }
        return ci;
    }

    private int ProvinceSlot(int province, int former)
    {
        if (province < 0)
        {
            return -1;
        }
        if (_provinceSlots.TryGetValue(SlotKey(province, former), out var slot))
        {
            return slot;
        }
        slot = ProvinceBySlot.Length;
        _provinceSlots = new Dictionary<long, int>(_provinceSlots) { [SlotKey(province, former)] = slot };
        ProvinceBySlot = [.. ProvinceBySlot, province];
        FormerProvinceBySlot = [.. FormerProvinceBySlot, former];
        return slot;
    }

    /// <summary>
    /// The reverse relationship lists the change alters, as differences from the last full build's lists (a province's or
    /// a source's list holds up to every firm: an edit records its own nid, not a copy of the list).
    /// </summary>
    private Dictionary<long, EdgeDiff>? EdgesAfter(SupplyGraph previous, GraphDelta delta)
    {
        Dictionary<long, EdgeDiff>? overlay = null;
        foreach (var (nid, node) in delta.Nodes)
        {
            var before = nid < previous.Nodes.Length ? EdgeKeys(previous, previous.Nodes[nid]) : [];
            var after = EdgeKeys(this, node);
            if (before.SequenceEqual(after))
            {
                continue;
            }
            overlay ??= previous._adjacencyOverlay is null ? [] : new(previous._adjacencyOverlay);
            foreach (var key in before.Concat(after).Distinct())
            {
                var diff = overlay.GetValueOrDefault(key) ?? EdgeDiff.None;
                var inBase = Array.BinarySearch(_inAdjacency.GetValueOrDefault(key) ?? [], nid) >= 0;
                overlay[key] = diff.With(nid, inBase, after.Count(k => k == key));
            }
        }
        return overlay ?? previous._adjacencyOverlay;
    }

    /// <summary>The reverse-index keys a node's relationships and sources make in a graph (targets it does not hold are left out).</summary>
    private static List<long> EdgeKeys(SupplyGraph graph, Node? node)
    {
        var keys = new List<long>();
        if (node is null)
        {
            return keys;
        }
        foreach (var (type, target) in node.Edges())
        {
            if (graph.NidOf(target) is >= 0 and var t)
            {
                keys.Add(AdjacencyKey(type, t));
            }
        }
        foreach (var source in node.Sources)
        {
            if (graph.NidOf(source) is >= 0 and var t)
            {
                keys.Add(AdjacencyKey(RelType.CitedBy, t));
            }
        }
        return keys;
    }

    /// <summary>Appends the rows the change writes and gives each firm whose links change its whole new list, both ways.</summary>
    private void ApplyLinks(SupplyGraph previous, GraphDelta delta, int length)
    {
        if (delta.LinkWrites.Length == 0 && delta.LinkDeletes.Count == 0)
        {
            return;
        }
        var gone = new HashSet<(int, int, int, int)>();
        var added = new Dictionary<(int, int, int, int), int>();
        foreach (var row in delta.LinkDeletes)
        {
            if (gone.Add(Key(row)) && previous.FindLink(row.Supplier, row.Buyer, row.Sector, row.Product) >= 0)
            {
                LinkCount--;
            }
        }
        foreach (var row in delta.LinkWrites)
        {
            if (previous.FindLink(row.Supplier, row.Buyer, row.Sector, row.Product) < 0)
            {
                LinkCount++;
            }
            gone.Add(Key(row));
            added[Key(row)] = _rows.Append(row);
        }
        // The rows each firm gains, by buyer and by supplier; a firm that only loses links gains none.
        var byBuyer = added.ToLookup(a => a.Key.Item1, a => a.Value);
        var bySupplier = added.ToLookup(a => a.Key.Item2, a => a.Value);
        var inLists = new List<(int, int[]?)>();
        foreach (var buyer in delta.LinkWrites.Concat(delta.LinkDeletes).Select(r => r.Buyer).Distinct())
        {
            var list = Kept(previous.InLinks(buyer), gone);
            list.AddRange(byBuyer[buyer]);
            list.Sort(CompareInOrder);
            inLists.Add((buyer, [.. list]));
            OverlayLinkEntries += list.Count;
        }
        var outLists = new List<(int, int[]?)>();
        foreach (var supplier in delta.LinkWrites.Concat(delta.LinkDeletes).Select(r => r.Supplier).Distinct())
        {
            var list = Kept(previous.OutLinks(supplier), gone);
            list.AddRange(bySupplier[supplier]);
            list.Sort(CompareOutOrder);
            outLists.Add((supplier, [.. list]));
            OverlayLinkEntries += list.Count;
        }
        _inOverride = (_inOverride ?? Column<int[]?>.Of([], null)).With(inLists, length);
        _outOverride = (_outOverride ?? Column<int[]?>.Of([], null)).With(outLists, length);
    }

    private List<int> Kept(LinkIds links, HashSet<(int, int, int, int)> gone)
    {
        var kept = new List<int>(links.Count + 1);
        foreach (var link in links)
        {
            if (!gone.Contains((LinkBuyer[link], LinkSupplier[link], LinkSector[link], LinkProduct[link])))
            {
                kept.Add(link);
            }
        }
        return kept;
    }

    private static (int, int, int, int) Key(in LinkRow row) => (row.Buyer, row.Supplier, row.Sector, row.Product);

    /// <summary>A buyer's links in the order a full build keeps them: by supplier, sector, product.</summary>
    private int CompareInOrder(int a, int b)
    {
        var c = LinkSupplier[a].CompareTo(LinkSupplier[b]);
        if (c == 0)
        {
            c = LinkSector[a].CompareTo(LinkSector[b]);
        }
        return c != 0 ? c : LinkProduct[a].CompareTo(LinkProduct[b]);
    }

    /// <summary>A supplier's links in the order a full build keeps them: by buyer, sector, product.</summary>
    private int CompareOutOrder(int a, int b)
    {
        var c = LinkBuyer[a].CompareTo(LinkBuyer[b]);
        if (c == 0)
        {
            c = LinkSector[a].CompareTo(LinkSector[b]);
        }
        return c != 0 ? c : LinkProduct[a].CompareTo(LinkProduct[b]);
    }

    private static int[] LeadFirmsAfter(int[] leads, GraphDelta delta)
    {
        // Most changes make no firm a lead firm or stop one being one: the list is then shared as it is.
        if (delta.Nodes.All(change => IsLeadFirm(change.Node) == Array.BinarySearch(leads, change.Nid) >= 0))
        {
            return leads;
        }
        var set = new SortedSet<int>(leads);
        foreach (var (nid, node) in delta.Nodes)
        {
            if (IsLeadFirm(node))
            {
                set.Add(nid);
            }
            else
            {
                set.Remove(nid);
            }
        }
        return [.. set];
    }

    /// <summary>A kind's nids in name order for a version made by changes (made once per version, on first use).</summary>
    private int[] MergedOrder(NodeKind kind)
    {
        var changed = _touched.Where(n => Nodes[n]?.Kind == kind).ToList();
        changed.Sort(CompareByName);
        return Overlaid(Base.KindOrder(kind), changed);
    }

    /// <summary>
    /// Nids in the last full build's name order (<paramref name="baseOrdered"/>: a kind's order, or the matches of its
    /// posting lists) as this version holds them: without the nodes changed since, with <paramref name="changed"/> (nids
    /// of this version, in name order) placed among them by binary search; copied out of <see cref="OverlaidView"/>.
    /// </summary>
    public int[] Overlaid(IReadOnlyList<int> baseOrdered, List<int> changed) => [.. OverlaidView(baseOrdered, changed)];

    /// <summary>
    /// The same sequence as <see cref="Overlaid"/>, as a view: made in time that follows the changes (each changed node
    /// placed, each one that was in <paramref name="baseOrdered"/> found there, by binary search), and each item read in
    /// time logarithmic in the changes, so a page of a long list costs no copy of it.
    /// </summary>
    public IReadOnlyList<int> OverlaidView(IReadOnlyList<int> baseOrdered, List<int> changed)
    {
        var removed = new List<int>();
        foreach (var nid in _touched)
        {
            if (nid < Base.Nodes.Length && Base.Nodes[nid] is not null
                && PlaceAmong(baseOrdered, 0, Base, nid) is var at && at < baseOrdered.Count && baseOrdered[at] == nid)
            {
                removed.Add(at);
            }
        }
        removed.Sort();
        var placed = new int[changed.Count];
        for (var j = 0; j < changed.Count; j++)
        {
            placed[j] = PlaceAmong(baseOrdered, j == 0 ? 0 : placed[j - 1], this, changed[j]);
        }
        return new OverlayView(baseOrdered, [.. removed], placed, [.. changed]);
    }

    /// <summary>
    /// The first position at or after <paramref name="from"/> in the last full build's name-ordered list whose node comes
    /// at or after the node <paramref name="nid"/> of <paramref name="graph"/> in name order (binary search).
    /// </summary>
    private int PlaceAmong(IReadOnlyList<int> baseOrdered, int from, SupplyGraph graph, int nid)
    {
        int lo = from, hi = baseOrdered.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (CompareNames(Base, baseOrdered[mid], graph, nid) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}

/// <summary>
/// How a reverse relationship list differs from the last full build's: the holders whose entries there are dropped, and
/// the holders listed now (each as often as it holds the relationship) beside the ones kept. Immutable.
/// </summary>
internal sealed class EdgeDiff
{
    public static readonly EdgeDiff None = new([], []);

    private EdgeDiff(int[] removed, int[] added)
    {
        Removed = removed;
        Added = added;
    }

    /// <summary>Holders whose entries in the full build's list are dropped, ascending.</summary>
    public int[] Removed { get; }

    /// <summary>Holders listed now in addition to the full build's kept entries, ascending, repeated as often as they hold it.</summary>
    public int[] Added { get; }

    /// <summary>This difference with one holder's entries set to <paramref name="copies"/>.</summary>
    public EdgeDiff With(int nid, bool inBase, int copies)
    {
        var removed = inBase && Array.BinarySearch(Removed, nid) < 0 ? [.. Removed.Append(nid).Order()] : Removed;
        var added = new List<int>(Added.Length + copies);
        added.AddRange(Added.Where(a => a != nid));
        var at = added.BinarySearch(nid);
        added.InsertRange(at < 0 ? ~at : at, Enumerable.Repeat(nid, copies));
        return new EdgeDiff(removed, [.. added]);
    }

    /// <summary>The list now: the full build's without the removed holders, merged with the added ones.</summary>
    public int[] Apply(int[] baseList)
    {
        var result = new List<int>(baseList.Length + Added.Length);
        var a = 0;
        foreach (var holder in baseList)
        {
            if (Array.BinarySearch(Removed, holder) >= 0)
            {
                continue;
            }
            while (a < Added.Length && Added[a] < holder)
            {
                result.Add(Added[a++]);
            }
            result.Add(holder);
        }
        while (a < Added.Length)
        {
            result.Add(Added[a++]);
        }
        return [.. result];
    }
}

/// <summary>
/// A name-ordered list read through: the last full build's items without those at <c>removed</c> (positions, ascending),
/// with <c>changed</c> items each placed before the base position <c>placed</c> gives it (see
/// <see cref="SupplyGraph.OverlaidView"/>).
/// </summary>
internal sealed class OverlayView : IReadOnlyList<int>
{
    private readonly IReadOnlyList<int> _base;
    private readonly int[] _removed;
    private readonly int[] _changed;
    // Where each changed item stands in the view: before it, j changed items and the kept base items before its place.
    private readonly int[] _at;
    // removed[t] - t, ascending: how many kept base items come before the t-th removed position.
    private readonly int[] _keptBefore;

    public OverlayView(IReadOnlyList<int> baseOrdered, int[] removed, int[] placed, int[] changed)
    {
        _base = baseOrdered;
        _removed = removed;
        _changed = changed;
        _keptBefore = new int[removed.Length];
        for (var t = 0; t < removed.Length; t++)
        {
            _keptBefore[t] = removed[t] - t;
        }
        _at = new int[changed.Length];
        for (var j = 0; j < changed.Length; j++)
        {
            _at[j] = j + placed[j] - RemovedBefore(placed[j]);
        }
        Count = baseOrdered.Count - removed.Length + changed.Length;
    }

    public int Count { get; }

    public int this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
            var j = Array.BinarySearch(_at, index);
            if (j >= 0)
            {
                return _changed[j];
            }
            // The kept base item with this many kept items before it, past the removed positions at or before it.
            var kept = index - ~j;
            var t = UpperBound(_keptBefore, kept);
            return _base[kept + t];
        }
    }

    /// <summary>Removed positions below a base position.</summary>
    private int RemovedBefore(int position)
    {
        var i = Array.BinarySearch(_removed, position);
        return i >= 0 ? i : ~i;
    }

    /// <summary>How many values are at most the given one (the values ascend).</summary>
    private static int UpperBound(int[] values, int value)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    public IEnumerator<int> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
