using System.Runtime.CompilerServices;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Localization of lead firms' inputs on a graph: input shares by sector and origin (this file), supplier candidates, input origins, park matches.</summary>
internal static partial class LocalizationAnalysis
{
    /// <summary>Lead firms per part of a report summed in parallel; the parts (at most <see cref="MaxParts"/>) depend on the lead count only.</summary>
    private const int LeadsPerPart = 2048;

    private const int MaxParts = 8;

    public static LocalizationTotals Totals(SupplyGraph snap, LocalizationRequest request, CancellationToken cancellationToken) =>
        Totals(snap, request, LeadsPerPart, Math.Max(1024, snap.Nodes.Length >> 9), cancellationToken);

    /// <summary>
    /// The totals with the lead firms cut into parts of this many, a group's distinct suppliers kept in a hash set up to
    /// fewSuppliers and as a bit per firm beyond (tests compare many parts and either way with one part).
    /// </summary>
    internal static LocalizationTotals Totals(SupplyGraph snap, LocalizationRequest request, int leadsPerPart, int fewSuppliers, CancellationToken cancellationToken)
    {
        var inScope = FirmTest(snap, request.Scope);
        var leads = Leads(snap, request, inScope);
        var localBySlot = LocalSlots(snap, request.Scope, inScope);
        var localByCountry = LocalCountries(snap, request.Scope);
        // The lead firms are cut into parts by their count alone, each part summed in lead order on its own builder and
        // the parts added up in order: the same sums on any machine, whatever its cores.
        var parts = (int)Math.Clamp(((long)leads.Count + leadsPerPart - 1) / leadsPerPart, 1, MaxParts);
        var builders = new TotalsBuilder[parts];
        Parallel.For(0, parts, new ParallelOptions { CancellationToken = cancellationToken }, part =>
        {
            var builder = builders[part] = new TotalsBuilder(snap, request, inScope, localBySlot, localByCountry, fewSuppliers);
            var (from, to) = ((int)((long)leads.Count * part / parts), (int)((long)leads.Count * (part + 1) / parts));
            for (var k = from; k < to; k++)
            {
                if ((k & 255) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                builder.AddLead(k, leads[k]);
            }
        });
        for (var part = 1; part < parts; part++)
        {
            builders[0].Add(builders[part]);
        }
        return builders[0].Build(leads.Count);
    }

    /// <summary>
    /// The totals of a report built one lead firm at a time: each valid link into it added to its sector's group (value,
    /// domestic, local, by country, suppliers), and the inputs its sectors need that no valid link covers counted.
    /// </summary>
    private sealed class TotalsBuilder(
        SupplyGraph snap, LocalizationRequest request, Func<int, bool> inScope, bool[]? localBySlot, bool[]? localByCountry, int fewSuppliers)
    {
        private readonly int _asOf = request.AsOf.DayNumber;
        // Sector nids met (link sectors, their ancestors, the inputs they need) by dense slot: per slot, the link
        // sector's entry and the last lead firm (index) a link of that sector or a descendant covered.
        private readonly NidSlots _slots = new();
        private SectorEntry?[] _entries = new SectorEntry?[64];
        private int[] _coveredBy = NewCovered(64);
        private readonly List<Group> _groups = [];
        private readonly Dictionary<int, int> _groupBySector = [];
        private readonly HashSet<int> _sourceSets = [];
        private readonly SortedSet<string> _sources = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int> _unknown = [];
        private readonly HashSet<int> _needed = [];
        private int _lastSources = -1;

        // The columns the per-link loop reads, taken once.
        private readonly int[] _since = snap.LinkSince;
        private readonly int[] _until = snap.LinkUntil;
        private readonly int[] _linkSector = snap.LinkSector;
        private readonly int[] _supplier = snap.LinkSupplier;
        private readonly double[] _value = snap.LinkValue;
        private readonly int[] _linkSources = snap.LinkSources;
        private readonly Column<int> _place = snap.FirmPlace;

        // A lead firm's valid links and their suppliers' places (reused from lead to lead).
        private int[] _ids = new int[256];
        private int[] _where = new int[256];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AddLead(int k, int lead)
        {
            foreach (var s in snap.Nodes[lead]!.Sources)
            {
                _sources.Add(s);
            }
            // The valid links first, then their suppliers' places read in a loop of their own: the reads are scattered
            // over every firm and independent of each other, so the processor can have many of them under way at once.
            var links = snap.InLinks(lead);
            if (_ids.Length < links.Count)
            {
                _ids = new int[Math.Max(links.Count, _ids.Length * 2)];
                _where = new int[_ids.Length];
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
            SectorEntry? entry = null;
            var entrySector = -1;
            for (var j = 0; j < n; j++)
            {
                var i = _ids[j];
                var sector = _linkSector[i];
                if (sector != entrySector)
                {
                    entry = EntryOf(sector, k);
                    entrySector = sector;
                }
                AddLink(entry!.Group, i, _where[j]);
            }
            AddUnknownInputs(k, lead);
        }

        /// <summary>A link sector's entry (made once), marking its ancestors as covered for lead k.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private SectorEntry EntryOf(int sector, int k)
        {
            var slot = SlotOf(sector);
            if (_entries[slot] is not { } entry)
            {
                var at = snap.SectorAt(sector, request.Level);
                if (!_groupBySector.TryGetValue(at, out var g))
                {
                    g = _groups.Count;
                    _groups.Add(new Group(at, snap.Countries.Length, snap.Nodes.Length, fewSuppliers));
                    _groupBySector[at] = g;
                }
                var path = snap.SectorPath(sector);
                var pathSlots = new int[path.Length];
                for (var p = 0; p < path.Length; p++)
                {
                    pathSlots[p] = path[p] >= 0 ? SlotOf(path[p]) : -1;
                }
                _entries[slot] = entry = new SectorEntry(_groups[g], pathSlots);
            }
            if (entry.Lead != k)
            {
                entry.Lead = k;
                foreach (var a in entry.PathSlots)
                {
                    if (a >= 0)
                    {
                        _coveredBy[a] = k;
                    }
                }
            }
            return entry;
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

        /// <summary>Adds a valid link; where: its supplier's packed place (country and province slot, see <see cref="SupplyGraph.FirmPlace"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AddLink(Group group, int i, int where)
        {
            var supplier = _supplier[i];
            var value = _value[i];
            if (double.IsNaN(value))
            {
                value = 0;
            }
            group.Value += value;
            group.Links++;
            var country = (where >> 16) - 1;
            if (country >= 0)
            {
                group.ByCountry[country] += value;
                if (country == snap.DomesticCountry)
                {
                    group.Domestic += value;
                }
            }
            if (localBySlot is not null ? localBySlot[where & 0xFFFF] : localByCountry is not null ? localByCountry[where >> 16] : inScope(supplier))
            {
                group.Local += value;
            }
            group.AddSupplier(supplier);
            var set = _linkSources[i];
            if (set != _lastSources)
            {
                _sourceSets.Add(set);
                _lastSources = set;
            }
        }

        /// <summary>Inputs a lead's sectors need by the FEEDS coefficients (of the sector or any ancestor) that no valid link covers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddUnknownInputs(int k, int lead)
        {
            _needed.Clear();
            foreach (var sectorId in ((Firm)snap.Nodes[lead]!).SectorIds)
            {
                foreach (var a in snap.NidOf(sectorId) is >= 0 and var sn ? snap.SectorPath(sn) : [])
                {
                    if (a < 0)
                    {
                        continue;
                    }
                    foreach (var (input, feedSources) in snap.InputsOf(a))
                    {
                        if (!(_slots.Find(input) is >= 0 and var slot && _coveredBy[slot] == k) && _needed.Add(input))
                        {
                            var shown = snap.SectorAt(input, request.Level);
                            _unknown[shown] = _unknown.GetValueOrDefault(shown) + 1;
                            foreach (var s in feedSources)
                            {
                                _sources.Add(s);
                            }
                        }
                    }
                }
            }
        }

        /// <summary>Adds another part's totals to this one's (suppliers counted once over both).</summary>
        public void Add(TotalsBuilder other)
        {
            foreach (var theirs in other._groups)
            {
                if (!_groupBySector.TryGetValue(theirs.Sector, out var g))
                {
                    g = _groups.Count;
                    _groups.Add(new Group(theirs.Sector, snap.Countries.Length, snap.Nodes.Length, fewSuppliers));
                    _groupBySector[theirs.Sector] = g;
                }
                _groups[g].Add(theirs);
            }
            foreach (var (sector, count) in other._unknown)
            {
                _unknown[sector] = _unknown.GetValueOrDefault(sector) + count;
            }
            _sourceSets.UnionWith(other._sourceSets);
            foreach (var s in other._sources)
            {
                _sources.Add(s);
            }
        }

        public LocalizationTotals Build(int leadCount)
        {
            // One Add each: SortedSet.UnionWith with a short list rebuilds the whole set.
            foreach (var set in _sourceSets)
            {
                foreach (var s in snap.SourceSets[set])
                {
                    _sources.Add(s);
                }
            }
            var countries = snap.Countries.Length;
            var inputs = _groups.Select(g => new InputSectorTotals(
                    snap.Nodes[g.Sector]!.Id,
                    g.Value,
                    g.Domestic,
                    g.Local,
                    [.. Enumerable.Range(0, countries).Where(c => g.ByCountry[c] > 0)
                        .Select(c => new GroupValue(snap.Countries[c], g.ByCountry[c]))
                        .OrderByDescending(v => v.ValueUsd).ThenBy(v => v.Key, StringComparer.Ordinal)],
                    g.Suppliers,
                    g.Links))
                .OrderByDescending(x => x.ValueUsd).ThenBy(x => x.SectorId, StringComparer.Ordinal)
                .ToList();
            var unknownIds = _unknown
                .OrderByDescending(u => u.Value).ThenBy(u => snap.Nodes[u.Key]!.Id, StringComparer.Ordinal)
                .Select(u => snap.Nodes[u.Key]!.Id).ToList();
            return new LocalizationTotals(leadCount, inputs, unknownIds, [.. _sources]);
        }
    }

    /// <summary>A link sector seen in a report: its group, its ancestors' slots, and the last lead firm (index) it was seen for.</summary>
    private sealed class SectorEntry(Group group, int[] pathSlots)
    {
        public Group Group { get; } = group;
        public int[] PathSlots { get; } = pathSlots;
        public int Lead { get; set; } = -1;
    }

    /// <summary>
    /// For scopes of countries, whether each packed place's country (<see cref="SupplyGraph.FirmPlace"/>'s high 16 bits:
    /// country index + 1) is in scope; null for other scopes.
    /// </summary>
    private static bool[]? LocalCountries(SupplyGraph snap, NodeFilter scope)
    {
        if (scope == new NodeFilter { Countries = scope.Countries } && scope.Countries is { } countries)
        {
            var wanted = countries.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var local = new bool[snap.Countries.Length + 1];
            for (var c = 0; c < snap.Countries.Length; c++)
            {
                local[c + 1] = wanted.Contains(snap.Countries[c]);
            }
            return local;
        }
        return null;
    }

    /// <summary>
    /// For scopes of provinces, whether each packed place (<see cref="SupplyGraph.FirmPlace"/>'s low 16 bits: province
    /// slot + 1) is in scope; null for other scopes.
    /// </summary>
    private static bool[]? LocalSlots(SupplyGraph snap, NodeFilter scope, Func<int, bool> inScope)
    {
        if (scope == new NodeFilter { ProvinceIds = scope.ProvinceIds } && scope.ProvinceIds is { } provinces)
        {
            return snap.SlotsIn(provinces.Select(snap.NidOf).Where(p => p >= 0).ToHashSet());
        }
        return null;
    }

    private sealed class Group(int sector, int countries, int nodes, int few)
    {
        // Distinct suppliers: a hash set while few, a bit per firm once many (so a fine level's many small groups stay
        // small); the bits are set without testing them and counted once, when the report is built.
        private HashSet<int>? _few = [];
        private ulong[]? _many;

        public int Sector { get; } = sector;
        public double Value { get; set; }
        public double Domestic { get; set; }
        public double Local { get; set; }
        public double[] ByCountry { get; } = new double[countries];
        public int Links { get; set; }

        /// <summary>The distinct suppliers added.</summary>
        public int Suppliers
        {
            get
            {
                if (_many is not { } bits)
                {
                    return _few!.Count;
                }
                var count = 0;
                foreach (var word in bits)
                {
                    count += System.Numerics.BitOperations.PopCount(word);
                }
                return count;
            }
        }

        /// <summary>Adds another part's group of the same sector: sums, and its suppliers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(Group other)
        {
            Value += other.Value;
            Domestic += other.Domestic;
            Local += other.Local;
            Links += other.Links;
            for (var c = 0; c < ByCountry.Length; c++)
            {
                ByCountry[c] += other.ByCountry[c];
            }
            if (other._many is { } theirs)
            {
                if (_many is null)
                {
                    ToBits();
                }
                var mine = _many!;
                for (var w = 0; w < theirs.Length; w++)
                {
                    mine[w] |= theirs[w];
                }
            }
            else
            {
                foreach (var supplier in other._few!)
                {
                    AddSupplier(supplier);
                }
            }
        }

        /// <summary>Adds a supplier (counted once however often added).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddSupplier(int supplier)
        {
            if (_many is { } bits)
            {
                bits[supplier >> 6] |= 1UL << (supplier & 63);
                return;
            }
            AddFew(supplier);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private void AddFew(int supplier)
        {
            if (_few!.Add(supplier) && _few.Count > few)
            {
                ToBits();
            }
        }

        private void ToBits()
        {
            _many = new ulong[(nodes + 63) >> 6];
            foreach (var f in _few!)
            {
                _many[f >> 6] |= 1UL << (f & 63);
            }
            _few = null;
        }
    }

    /// <summary>The lead firms of a request: LEAD_FIRM role, in scope, in one of its lead sectors when given.</summary>
    private static List<int> Leads(SupplyGraph snap, LocalizationRequest request, Func<int, bool> inScope)
    {
        var sectors = request.LeadSectorIds is { } ids ? snap.ExpandSectors(ids) : null;
        var leads = new List<int>();
        foreach (var nid in snap.LeadFirms)
        {
            if (inScope(nid) && (sectors is null || ((Firm)snap.Nodes[nid]!).SectorIds.Any(s => sectors.Contains(snap.NidOf(s)))))
            {
                leads.Add(nid);
            }
        }
        return leads;
    }

    /// <summary>A fast test of a firm filter by nid: province and country sets read the snapshot's firm columns.</summary>
    private static Func<int, bool> FirmTest(SupplyGraph snap, NodeFilter scope)
    {
        if (scope == new NodeFilter { ProvinceIds = scope.ProvinceIds } && scope.ProvinceIds is { } provinces)
        {
            var slots = snap.SlotsIn(provinces.Select(snap.NidOf).Where(p => p >= 0).ToHashSet());
            var place = snap.FirmPlace;
            return nid => slots[place[nid] & 0xFFFF];
        }
        if (scope == new NodeFilter { Countries = scope.Countries } && scope.Countries is { } countries)
        {
            var wanted = countries.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var allowed = snap.Countries.Select(wanted.Contains).ToArray();
            return nid => snap.FirmCountry[nid] is >= 0 and var c && allowed[c];
        }
        var test = NodeFilterCompiler.Compile(snap, NodeKind.Firm, scope);
        return test is null ? nid => snap.Nodes[nid] is Firm : nid => snap.Nodes[nid] is Firm f && test(f, nid);
    }
}
