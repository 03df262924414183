using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// Posting lists of a snapshot's firms for the filters clients page through: province (recorded, and former by
/// placement), ward, unplaced, park, sector (each sector's own
/// firms; a filter takes in the descendants), role, ownership, country, tax code and identifier. A list holds firm ranks (positions
/// in the name order of <see cref="Analysis.SupplyGraph.KindOrder"/>), ascending, so the firms a filter matches come out
/// in the listing's default order and are counted without looking at any other firm. Built once per snapshot, on first
/// use.
/// </summary>
internal sealed class FirmIndex
{
    private readonly int[] _byRank;
    private readonly Dictionary<int, int[]> _province;
    private readonly Dictionary<int, int[]> _park;
    private readonly Dictionary<int, int[]> _ward;
    private readonly int[] _unplaced;
    private readonly Dictionary<int, int[]> _sector;
    private readonly Dictionary<FirmRole, int[]> _role;
    private readonly Dictionary<Ownership, int[]> _ownership;
    private readonly Dictionary<string, int[]> _country;
    private readonly Dictionary<string, int[]> _taxCode;
    private readonly Dictionary<string, int[]> _identifier;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int[]> _subtree = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _provinceUnions = new(StringComparer.Ordinal);

    private FirmIndex(GraphSnapshot snap)
    {
        _byRank = snap.KindOrder(NodeKind.Firm);
        var province = new Dictionary<int, List<int>>();
        var park = new Dictionary<int, List<int>>();
        var ward = new Dictionary<int, List<int>>();
        var unplaced = new List<int>();
        var sector = new Dictionary<int, List<int>>();
        var role = new Dictionary<FirmRole, List<int>>();
        var ownership = new Dictionary<Ownership, List<int>>();
        var country = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var taxCode = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var identifier = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var rank = 0; rank < _byRank.Length; rank++)
        {
            var nid = _byRank[rank];
            var firm = (Firm)snap.Nodes[nid]!;
            PostingLists.Add(province, snap.FirmProvince[nid], rank);
            if (firm.Placement?.FormerProvinceId is { } former && former != firm.ProvinceId)
            {
                PostingLists.Add(province, snap.NidOf(former), rank);
            }
            else if (firm.Placement?.Method == PlacementMethod.Unplaced)
            {
                unplaced.Add(rank);
            }
            if (firm.WardId is { } w)
            {
                PostingLists.Add(ward, snap.NidOf(w), rank);
            }
            PostingLists.Add(park, snap.FirmPark[nid], rank);
            foreach (var s in firm.SectorIds)
            {
                PostingLists.Add(sector, snap.NidOf(s), rank);
            }
            foreach (var r in firm.Roles.Distinct())
            {
                PostingLists.Add(role, r, rank);
            }
            if (firm.Ownership is { } o)
            {
                PostingLists.Add(ownership, o, rank);
            }
            PostingLists.Add(country, firm.Country, rank);
            if (firm.TaxCode is { } t)
            {
                PostingLists.Add(taxCode, t, rank);
            }
            foreach (var key in firm.Identifiers?.Select(i => i.Key).Distinct(StringComparer.Ordinal) ?? [])
            {
                PostingLists.Add(identifier, key, rank);
            }
        }
        _province = PostingLists.Freeze(province);
        _park = PostingLists.Freeze(park);
        _ward = PostingLists.Freeze(ward);
        _unplaced = [.. unplaced];
        _sector = PostingLists.Freeze(sector);
        _role = PostingLists.Freeze(role);
        _ownership = PostingLists.Freeze(ownership);
        _country = PostingLists.Freeze(country, StringComparer.OrdinalIgnoreCase);
        _taxCode = PostingLists.Freeze(taxCode, StringComparer.Ordinal);
        _identifier = PostingLists.Freeze(identifier, StringComparer.Ordinal);
    }

    public static FirmIndex Build(GraphSnapshot snap) => new(snap);

    /// <summary>Whether every member the filter sets can be answered from the lists (else the listing scans).</summary>
    public static bool Covers(NodeFilter f)
    {
        var listed = f.ProvinceIds is not null || f.ParkIds is not null || f.SectorIds is not null || f.Roles is not null
            || f.Ownerships is not null || f.Countries is not null || f.TaxCodes is not null || f.IdentifierKeys is not null || f.WardIds is not null || f.Unplaced == true;
        return listed && string.IsNullOrWhiteSpace(f.NameContains) && f.AllianceIds is null && f.Unplaced != false;
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
            lists.Add(PostingLists.Union(parks.Select(snap.NidOf).Where(n => n >= 0).Distinct().Select(n => _park.GetValueOrDefault(n))));
        }
        if (f.WardIds is { } wards)
        {
            lists.Add(PostingLists.Union(wards.Select(snap.NidOf).Where(n => n >= 0).Distinct().Select(n => _ward.GetValueOrDefault(n))));
        }
        if (f.Unplaced == true)
        {
            lists.Add(_unplaced);
        }
        if (f.SectorIds is { } sectors)
        {
            lists.Add(PostingLists.Union(sectors.Select(snap.NidOf).Where(n => n >= 0 && snap.Nodes[n] is Sector).Distinct().Select(n => Subtree(snap, n))));
        }
        if (f.Roles is { } roles)
        {
            lists.Add(PostingLists.Union(roles.Distinct().Select(r => _role.GetValueOrDefault(r))));
        }
        if (f.Ownerships is { } ownerships)
        {
            lists.Add(PostingLists.Union(ownerships.Distinct().Select(o => _ownership.GetValueOrDefault(o))));
        }
        if (f.Countries is { } countries)
        {
            lists.Add(PostingLists.Union(countries.Distinct(StringComparer.OrdinalIgnoreCase).Select(c => _country.GetValueOrDefault(c))));
        }
        if (f.TaxCodes is { } taxCodes)
        {
            lists.Add(PostingLists.Union(taxCodes.Distinct(StringComparer.Ordinal).Select(t => _taxCode.GetValueOrDefault(t))));
        }
        if (f.IdentifierKeys is { } keys)
        {
            lists.Add(PostingLists.Union(keys.Distinct(StringComparer.Ordinal).Select(k => _identifier.GetValueOrDefault(k))));
        }
        return new PostingLists.RankView(lists.Count == 1 ? lists[0] : PostingLists.Intersect(lists), _byRank);
    }

    /// <summary>
    /// The firms of several provinces (a province today and the former ones it took in, as a province filter reads it),
    /// kept once made: there are as many such sets as provinces, each a union of tens of thousands of firms.
    /// </summary>
    private int[] ProvinceUnion(int[] provinces) => provinces.Length switch
    {
        0 => [],
        1 => _province.GetValueOrDefault(provinces[0]) ?? [],
        _ => _provinceUnions.GetOrAdd(string.Join(',', provinces), _ => PostingLists.Union(provinces.Select(n => _province.GetValueOrDefault(n)))),
    };

    /// <summary>The firms of a sector and all its descendants (kept once made: a division's union is thousands of firms).</summary>
    private int[] Subtree(GraphSnapshot snap, int sector) =>
        _subtree.GetOrAdd(sector, s => PostingLists.Union(snap.ExpandSectors([snap.Nodes[s]!.Id]).Select(n => _sector.GetValueOrDefault(n))));
}
