using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// Posting lists of a snapshot's parks, as <see cref="FirmIndex"/> keeps them for firms: province (recorded and former),
/// ward, unplaced, kind, status and
/// priority sector (each sector's own parks; a filter takes in the descendants), as park ranks in name order. Built once
/// per snapshot, on first use.
/// </summary>
internal sealed class ParkIndex
{
    private readonly int[] _byRank;
    private readonly Dictionary<int, int[]> _province;
    private readonly Dictionary<int, int[]> _ward;
    private readonly int[] _unplaced;
    private readonly Dictionary<ParkKind, int[]> _kind;
    private readonly Dictionary<ParkStatus, int[]> _status;
    private readonly Dictionary<int, int[]> _prioritySector;

    private ParkIndex(GraphSnapshot snap)
    {
        _byRank = snap.KindOrder(NodeKind.Park);
        var province = new Dictionary<int, List<int>>();
        var ward = new Dictionary<int, List<int>>();
        var unplaced = new List<int>();
        var kind = new Dictionary<ParkKind, List<int>>();
        var status = new Dictionary<ParkStatus, List<int>>();
        var prioritySector = new Dictionary<int, List<int>>();
        for (var rank = 0; rank < _byRank.Length; rank++)
        {
            var park = (Park)snap.Nodes[_byRank[rank]]!;
            PostingLists.Add(province, snap.NidOf(park.ProvinceId), rank);
            if (park.Placement?.FormerProvinceId is { } former && former != park.ProvinceId)
            {
                PostingLists.Add(province, snap.NidOf(former), rank);
            }
            else if (park.Placement?.Method == PlacementMethod.Unplaced)
            {
                unplaced.Add(rank);
            }
            if (park.WardId is { } w)
            {
                PostingLists.Add(ward, snap.NidOf(w), rank);
            }
            PostingLists.Add(kind, park.ParkKind, rank);
            PostingLists.Add(status, park.Status, rank);
            foreach (var p in park.PrioritySectors)
            {
                PostingLists.Add(prioritySector, snap.NidOf(p.SectorId), rank);
            }
        }
        _province = PostingLists.Freeze(province);
        _ward = PostingLists.Freeze(ward);
        _unplaced = [.. unplaced];
        _kind = PostingLists.Freeze(kind);
        _status = PostingLists.Freeze(status);
        _prioritySector = PostingLists.Freeze(prioritySector);
    }

    public static ParkIndex Build(GraphSnapshot snap) => new(snap);

    /// <summary>Whether every member the filter sets can be answered from the lists (else the listing scans).</summary>
    public static bool Covers(NodeFilter f)
    {
        var listed = f.ProvinceIds is not null || f.ParkKinds is not null || f.ParkStatuses is not null || f.PrioritySectorIds is not null
            || f.WardIds is not null || f.Unplaced == true;
        return listed && string.IsNullOrWhiteSpace(f.NameContains) && f.MinAvailableAreaHa is null && f.Unplaced != false;
    }

    /// <summary>The nids of the parks that pass the filter, in name order (only for a filter <see cref="Covers"/> accepts).</summary>
    public IReadOnlyList<int> Match(GraphSnapshot snap, NodeFilter f)
    {
        var lists = new List<int[]>();
        if (f.ProvinceIds is { } provinces)
        {
            lists.Add(PostingLists.Union(provinces.Select(snap.NidOf).Where(n => n >= 0).Distinct().Select(n => _province.GetValueOrDefault(n))));
        }
        if (f.WardIds is { } wards)
        {
            lists.Add(PostingLists.Union(wards.Select(snap.NidOf).Where(n => n >= 0).Distinct().Select(n => _ward.GetValueOrDefault(n))));
        }
        if (f.Unplaced == true)
        {
            lists.Add(_unplaced);
        }
        if (f.ParkKinds is { } kinds)
        {
            lists.Add(PostingLists.Union(kinds.Distinct().Select(k => _kind.GetValueOrDefault(k))));
        }
        if (f.ParkStatuses is { } statuses)
        {
            lists.Add(PostingLists.Union(statuses.Distinct().Select(s => _status.GetValueOrDefault(s))));
        }
        if (f.PrioritySectorIds is { } sectors)
        {
            lists.Add(PostingLists.Union(snap.ExpandSectors(sectors).Select(n => _prioritySector.GetValueOrDefault(n))));
        }
        return new PostingLists.RankView(lists.Count == 1 ? lists[0] : PostingLists.Intersect(lists), _byRank);
    }
}
