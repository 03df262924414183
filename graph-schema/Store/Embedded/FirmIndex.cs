using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// Posting lists of a snapshot's firms for the filters clients page through: province, park, sector (each sector's own
/// firms; a filter takes in the descendants), role, ownership, country and tax code. A list holds firm ranks (positions
/// in the name order of <see cref="Analysis.SupplyGraph.KindOrder"/>), ascending, so the firms a filter matches come out
/// in the listing's default order and are counted without looking at any other firm. Built once per snapshot, on first
/// use.
/// </summary>
internal sealed class FirmIndex
{
    private readonly int[] _byRank;
    private readonly Dictionary<int, int[]> _province;
    private readonly Dictionary<int, int[]> _park;
    private readonly Dictionary<int, int[]> _sector;
    private readonly Dictionary<FirmRole, int[]> _role;
    private readonly Dictionary<Ownership, int[]> _ownership;
    private readonly Dictionary<string, int[]> _country;
    private readonly Dictionary<string, int[]> _taxCode;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int[]> _subtree = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _provinceUnions = new(StringComparer.Ordinal);

    private FirmIndex(GraphSnapshot snap)
    {
        _byRank = snap.KindOrder(NodeKind.Firm);
        var province = new Dictionary<int, List<int>>();
        var park = new Dictionary<int, List<int>>();
        var sector = new Dictionary<int, List<int>>();
        var role = new Dictionary<FirmRole, List<int>>();
        var ownership = new Dictionary<Ownership, List<int>>();
        var country = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var taxCode = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var rank = 0; rank < _byRank.Length; rank++)
        {
            var nid = _byRank[rank];
            var firm = (Firm)snap.Nodes[nid]!;
            Add(province, snap.FirmProvince[nid], rank);
            Add(park, snap.FirmPark[nid], rank);
            foreach (var s in firm.SectorIds)
            {
                Add(sector, snap.NidOf(s), rank);
            }
            foreach (var r in firm.Roles.Distinct())
            {
                Add(role, r, rank);
            }
            if (firm.Ownership is { } o)
            {
                Add(ownership, o, rank);
            }
            Add(country, firm.Country, rank);
            if (firm.TaxCode is { } t)
            {
                Add(taxCode, t, rank);
            }
        }
        _province = Freeze(province);
        _park = Freeze(park);
        _sector = Freeze(sector);
        _role = Freeze(role);
        _ownership = Freeze(ownership);
        _country = Freeze(country, StringComparer.OrdinalIgnoreCase);
        _taxCode = Freeze(taxCode, StringComparer.Ordinal);
    }

    public static FirmIndex Build(GraphSnapshot snap) => new(snap);

    /// <summary>Whether every member the filter sets can be answered from the lists (else the listing scans).</summary>
    public static bool Covers(NodeFilter f)
    {
        var listed = f.ProvinceIds is not null || f.ParkIds is not null || f.SectorIds is not null || f.Roles is not null
            || f.Ownerships is not null || f.Countries is not null || f.TaxCodes is not null;
        return listed && string.IsNullOrWhiteSpace(f.NameContains) && f.AllianceIds is null;
    }

    /// <summary>
    /// The nids of the firms that pass the filter, in name order (only for a filter <see cref="Covers"/> accepts): a view
    /// over the matching ranks, so a page reads only its own entries (a single list is not even copied).
    /// </summary>
    public IReadOnlyList<int> Match(GraphSnapshot snap, NodeFilter f)
    {
        var lists = new List<int[]>();
        if (f.ProvinceIds is { } provinces)
        {
            lists.Add(ProvinceUnion(provinces.Select(snap.NidOf).Where(n => n >= 0).Distinct().Order().ToArray()));
        }
        if (f.ParkIds is { } parks)
        {
            lists.Add(Union(parks.Select(snap.NidOf).Where(n => n >= 0).Distinct().Select(n => _park.GetValueOrDefault(n))));
        }
        if (f.SectorIds is { } sectors)
        {
            lists.Add(Union(sectors.Select(snap.NidOf).Where(n => n >= 0 && snap.Nodes[n] is Sector).Distinct().Select(n => Subtree(snap, n))));
        }
        if (f.Roles is { } roles)
        {
            lists.Add(Union(roles.Distinct().Select(r => _role.GetValueOrDefault(r))));
        }
        if (f.Ownerships is { } ownerships)
        {
            lists.Add(Union(ownerships.Distinct().Select(o => _ownership.GetValueOrDefault(o))));
        }
        if (f.Countries is { } countries)
        {
            lists.Add(Union(countries.Distinct(StringComparer.OrdinalIgnoreCase).Select(c => _country.GetValueOrDefault(c))));
        }
        if (f.TaxCodes is { } taxCodes)
        {
            lists.Add(Union(taxCodes.Distinct(StringComparer.Ordinal).Select(t => _taxCode.GetValueOrDefault(t))));
        }
        return new RankView(lists.Count == 1 ? lists[0] : Intersect(lists), _byRank);
    }

    /// <summary>Matching ranks read as nids.</summary>
    private sealed class RankView(int[] ranks, int[] byRank) : IReadOnlyList<int>
    {
        public int this[int index] => byRank[ranks[index]];

        public int Count => ranks.Length;

        public IEnumerator<int> GetEnumerator()
        {
            foreach (var rank in ranks)
            {
                yield return byRank[rank];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// The firms of several provinces (a province today and the former ones it took in, as a province filter reads it),
    /// kept once made: there are as many such sets as provinces, each a union of tens of thousands of firms.
    /// </summary>
    private int[] ProvinceUnion(int[] provinces) => provinces.Length switch
    {
        0 => [],
        1 => _province.GetValueOrDefault(provinces[0]) ?? [],
        _ => _provinceUnions.GetOrAdd(string.Join(',', provinces), _ => Union(provinces.Select(n => _province.GetValueOrDefault(n)))),
    };

    /// <summary>The firms of a sector and all its descendants (kept once made: a division's union is thousands of firms).</summary>
    private int[] Subtree(GraphSnapshot snap, int sector) =>
        _subtree.GetOrAdd(sector, s => Union(snap.ExpandSectors([snap.Nodes[s]!.Id]).Select(n => _sector.GetValueOrDefault(n))));

    /// <summary>The ranks in any of the lists, ascending, once each: sorted lists merged two by two, in linear time.</summary>
    private static int[] Union(IEnumerable<int[]?> lists)
    {
        var present = lists.OfType<int[]>().Where(l => l.Length > 0).ToList();
        if (present.Count == 0)
        {
            return [];
        }
        while (present.Count > 1)
        {
            var merged = new List<int[]>((present.Count + 1) / 2);
            for (var i = 0; i + 1 < present.Count; i += 2)
            {
                merged.Add(Merge(present[i], present[i + 1]));
            }
            if (present.Count % 2 == 1)
            {
                merged.Add(present[^1]);
            }
            present = merged;
        }
        return present[0];
    }

    private static int[] Merge(int[] a, int[] b)
    {
        var result = new int[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            var next = a[i] <= b[j] ? a[i] : b[j];
            if (a[i] == next)
            {
                i++;
            }
            if (b[j] == next)
            {
                j++;
            }
            result[n++] = next;
        }
        while (i < a.Length)
        {
            result[n++] = a[i++];
        }
        while (j < b.Length)
        {
            result[n++] = b[j++];
        }
        return n == result.Length ? result : result[..n];
    }

    /// <summary>
    /// The ranks in every list: the shortest list walked, each rank looked up in the others by galloping from where the
    /// last one was found (steps of 1, 2, 4, ... then a binary search), so close lists cost a merge and far ones a search.
    /// </summary>
    private static int[] Intersect(List<int[]> lists)
    {
        lists.Sort((a, b) => a.Length.CompareTo(b.Length));
        var result = new List<int>(lists[0].Length);
        var from = new int[lists.Count];
        foreach (var rank in lists[0])
        {
            var inAll = true;
            for (var k = 1; k < lists.Count && inAll; k++)
            {
                var at = Gallop(lists[k], from[k], rank);
                if (at >= 0)
                {
                    from[k] = at;
                }
                else
                {
                    from[k] = ~at;
                    inAll = false;
                }
            }
            if (inAll)
            {
                result.Add(rank);
            }
        }
        return [.. result];
    }

    /// <summary>The index of value in list at or after start, or the complement of where it would be (as Array.BinarySearch).</summary>
    private static int Gallop(int[] list, int start, int value)
    {
        var step = 1;
        var hi = start;
        while (hi < list.Length && list[hi] < value)
        {
            start = hi + 1;
            hi += step;
            step <<= 1;
        }
        var end = Math.Min(hi + 1, list.Length);
        return Array.BinarySearch(list, start, end - start, value);
    }

    private static void Add<TKey>(Dictionary<TKey, List<int>> lists, TKey key, int rank)
        where TKey : notnull
    {
        if (key is int nid && nid < 0)
        {
            return;
        }
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }
        if (list.Count == 0 || list[^1] != rank)
        {
            list.Add(rank);
        }
    }

    private static Dictionary<TKey, int[]> Freeze<TKey>(Dictionary<TKey, List<int>> lists, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull =>
        lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), comparer);
}
