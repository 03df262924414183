using System.Runtime.CompilerServices;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// One lead firm's inputs for a localization request, computed one lead at a time on a reused scratch: its valid links
/// summed by input group (value, domestic, local, by country, links), the group and supplier of each link, the inputs
/// its sectors need that no valid link covers, and the link source sets met. A report adds these sums lead after lead
/// (<see cref="LocalizationAnalysis"/>), and <see cref="LocalizationDigest"/> keeps them per lead firm; both add the same
/// per-lead sums in the same order, so a report read from kept sums equals one computed afresh to the last bit.
/// </summary>
internal sealed class LeadInputPass
{
    private readonly SupplyGraph _snap;
    private readonly SectorLevel _level;
    private readonly Func<int, bool> _inScope;
    private readonly bool[]? _localBySlot;
    private readonly bool[]? _localByCountry;
    private readonly int _asOf;
    private readonly int _countries;

    // The columns the per-link loop reads, taken once.
    private readonly int[] _since;
    private readonly int[] _until;
    private readonly int[] _linkSector;
    private readonly int[] _supplier;
    private readonly double[] _value;
    private readonly int[] _linkSources;
    private readonly Column<int> _place;

    // Sector nids met (link sectors, their ancestors, the inputs they need) by dense slot: per slot, the link sector's
    // entry and the last pass (number) a link of that sector or a descendant covered.
    private readonly NidSlots _slots = new();
    private SectorEntry?[] _entries = new SectorEntry?[64];
    private int[] _coveredBy = NewCovered(64);
    private readonly HashSet<int> _needed = [];
    private int _pass = -1;

    // Input groups met by this pass, numbered in the order met; per group this lead's sums (valid after Run).
    private readonly Dictionary<int, int> _groupOf = [];
    private readonly List<int> _groupSectors = [];
    private int[] _mark = [];
    private double[] _sum = [];
    private int[] _links = [];
    private double[] _byCountry = [];
    private int[] _countryMark = [];
    private List<int>[] _countriesMet = [];

    // This lead's valid links: their ids, suppliers' places and groups (reused from lead to lead).
    private int[] _ids = new int[256];
    private int[] _where = new int[256];
    private int[] _groupOfLink = new int[256];

    public LeadInputPass(SupplyGraph snap, LocalizationRequest request, Func<int, bool> inScope, bool[]? localBySlot, bool[]? localByCountry)
    {
        (_snap, _level, _inScope, _localBySlot, _localByCountry) = (snap, request.Level, inScope, localBySlot, localByCountry);
        _asOf = request.AsOf.DayNumber;
        _countries = snap.Countries.Length;
        (_since, _until, _linkSector, _supplier, _value, _linkSources, _place) =
            (snap.LinkSince, snap.LinkUntil, snap.LinkSector, snap.LinkSupplier, snap.LinkValue, snap.LinkSources, snap.FirmPlace);
    }

    /// <summary>The lead firm of the last <see cref="Run"/>.</summary>
    public int Lead { get; private set; } = -1;

    /// <summary>The groups the last lead's links fell in, in the order met (pass group numbers).</summary>
    public List<int> Touched { get; } = [];

    /// <summary>Valid links of the last lead.</summary>
    public int LinkCount { get; private set; }

    /// <summary>Input sectors (at the report's level) the last lead needs and has no valid link for, one entry per needed input.</summary>
    public List<int> Unknown { get; } = [];

    /// <summary>Sources of the FEEDS coefficients behind <see cref="Unknown"/>.</summary>
    public List<IReadOnlyList<string>> FeedSources { get; } = [];

    /// <summary>Distinct link source sets of the last lead's valid links.</summary>
    public HashSet<int> SourceSets { get; } = [];

    /// <summary>The sector node of a pass group.</summary>
    public int GroupSector(int group) => _groupSectors[group];

    public int GroupCount => _groupSectors.Count;

    public double Value(int group) => _sum[group * 3];

    public double Domestic(int group) => _sum[group * 3 + 1];

    public double Local(int group) => _sum[group * 3 + 2];

    public int Links(int group) => _links[group];

    /// <summary>The countries (index into <see cref="SupplyGraph.Countries"/>) a group's links came from, in the order met.</summary>
    public List<int> CountriesOf(int group) => _countriesMet[group];

    public double CountryValue(int group, int country) => _byCountry[group * _countries + country];

    /// <summary>Link j's pass group and supplier (j below <see cref="LinkCount"/>).</summary>
    public int GroupOfLink(int j) => _groupOfLink[j];

    public int SupplierOfLink(int j) => _supplier[_ids[j]];

    /// <summary>Computes one lead firm's inputs; the previous lead's sums are cleared first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int lead)
    {
        Clear();
        _pass++;
        Lead = lead;
        // The valid links first, then their suppliers' places read in a loop of their own: the reads are scattered
        // over every firm and independent of each other, so the processor can have many of them under way at once.
        var links = _snap.InLinks(lead);
        if (_ids.Length < links.Count)
        {
            var length = Math.Max(links.Count, _ids.Length * 2);
            (_ids, _where, _groupOfLink) = (new int[length], new int[length], new int[length]);
        }
        var n = 0;
        foreach (var i in links)
        {
            if (_since[i] <= _asOf && _until[i] >= _asOf)
            {
                _ids[n++] = i;
            }
        }
        for (var j = 0; j < n; j++)
        {
            _where[j] = _place[_supplier[_ids[j]]];
        }
        var group = -1;
        var entrySector = -1;
        var lastSources = -1;
        for (var j = 0; j < n; j++)
        {
            var i = _ids[j];
            var sector = _linkSector[i];
            if (sector != entrySector)
            {
                group = EntryOf(sector).Group;
                entrySector = sector;
                if (_mark[group] != _pass)
                {
                    _mark[group] = _pass;
                    Touched.Add(group);
                }
            }
            _groupOfLink[j] = group;
            AddLink(group, i, _where[j]);
            var set = _linkSources[i];
            if (set != lastSources)
            {
                SourceSets.Add(set);
                lastSources = set;
            }
        }
        LinkCount = n;
        AddUnknownInputs(lead);
    }

    /// <summary>Adds a valid link to its group's sums; where: its supplier's packed place (see <see cref="SupplyGraph.FirmPlace"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddLink(int group, int i, int where)
    {
        var value = _value[i];
        if (double.IsNaN(value))
        {
            value = 0;
        }
        var at = group * 3;
        _sum[at] += value;
        _links[group]++;
        var country = (where >> 16) - 1;
        if (country >= 0)
        {
            var c = group * _countries + country;
            if (_countryMark[c] != _pass)
            {
                _countryMark[c] = _pass;
                _byCountry[c] = 0;
                _countriesMet[group].Add(country);
            }
            _byCountry[c] += value;
            if (country == _snap.DomesticCountry)
            {
                _sum[at + 1] += value;
            }
        }
        if (_localBySlot is not null ? _localBySlot[where & 0xFFFF] : _localByCountry is not null ? _localByCountry[where >> 16] : _inScope(_supplier[i]))
        {
            _sum[at + 2] += value;
        }
    }

    private void Clear()
    {
        foreach (var g in Touched)
        {
            _sum[g * 3] = _sum[g * 3 + 1] = _sum[g * 3 + 2] = 0;
            _links[g] = 0;
            _countriesMet[g].Clear();
        }
        Touched.Clear();
        Unknown.Clear();
        FeedSources.Clear();
        SourceSets.Clear();
        LinkCount = 0;
    }

    /// <summary>A link sector's entry (made once), marking its ancestors as covered for this pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SectorEntry EntryOf(int sector)
    {
        var slot = SlotOf(sector);
        if (_entries[slot] is not { } entry)
        {
            var at = _snap.SectorAt(sector, _level);
            if (!_groupOf.TryGetValue(at, out var g))
            {
                g = NewGroup(at);
            }
            var path = _snap.SectorPath(sector);
            var pathSlots = new int[path.Length];
            for (var p = 0; p < path.Length; p++)
            {
                pathSlots[p] = path[p] >= 0 ? SlotOf(path[p]) : -1;
            }
            _entries[slot] = entry = new SectorEntry(g, pathSlots);
        }
        if (entry.Pass != _pass)
        {
            entry.Pass = _pass;
            foreach (var a in entry.PathSlots)
            {
                if (a >= 0)
                {
                    _coveredBy[a] = _pass;
                }
            }
        }
        return entry;
    }

    private int NewGroup(int sector)
    {
        var g = _groupSectors.Count;
        _groupSectors.Add(sector);
        _groupOf[sector] = g;
        if (g >= _mark.Length)
        {
            var length = Math.Max(16, _mark.Length * 2);
            Array.Resize(ref _mark, length);
            Array.Fill(_mark, -1, g, length - g);
            Array.Resize(ref _sum, length * 3);
            Array.Resize(ref _links, length);
            Array.Resize(ref _byCountry, length * _countries);
            var marks = new int[length * _countries];
            Array.Fill(marks, -1);
            _countryMark.CopyTo(marks, 0);
            _countryMark = marks;
            Array.Resize(ref _countriesMet, length);
        }
        _countriesMet[g] = [];
        return g;
    }

    /// <summary>A sector nid's slot, the per-slot arrays grown to hold it.</summary>
    private int SlotOf(int sector)
    {
        var slot = _slots.SlotOf(sector, out var isNew);
        if (isNew && slot >= _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
            var covered = NewCovered(_entries.Length);
            _coveredBy.CopyTo(covered, 0);
            _coveredBy = covered;
        }
        return slot;
    }

    private static int[] NewCovered(int length)
    {
        var covered = new int[length];
        Array.Fill(covered, -1);
        return covered;
    }

    /// <summary>Inputs a lead's sectors need by the FEEDS coefficients (of the sector or any ancestor) that no valid link covers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddUnknownInputs(int lead)
    {
        _needed.Clear();
        if (_snap.Nodes[lead] is not Firm firm)
        {
            return;
        }
        foreach (var sectorId in firm.SectorIds)
        {
            foreach (var a in _snap.NidOf(sectorId) is >= 0 and var sn ? _snap.SectorPath(sn) : [])
            {
                if (a < 0)
                {
                    continue;
                }
                foreach (var (input, feedSources) in _snap.InputsOf(a))
                {
                    if (!(_slots.Find(input) is >= 0 and var slot && _coveredBy[slot] == _pass) && _needed.Add(input))
                    {
                        Unknown.Add(_snap.SectorAt(input, _level));
                        FeedSources.Add(feedSources);
                    }
                }
            }
        }
    }

    /// <summary>A link sector seen in a pass: its group, its ancestors' slots, and the last pass it was seen in.</summary>
    private sealed class SectorEntry(int group, int[] pathSlots)
    {
        public int Group { get; } = group;
        public int[] PathSlots { get; } = pathSlots;
        public int Pass { get; set; } = -1;
    }
}
