using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Localization of lead firms' inputs on a graph: input shares by sector and origin (this file), supplier candidates, input origins, park matches.</summary>
internal static partial class LocalizationAnalysis
{
    public static LocalizationTotals Totals(SupplyGraph snap, LocalizationRequest request, CancellationToken cancellationToken)
    {
        var inScope = FirmTest(snap, request.Scope);
        var leads = Leads(snap, request, inScope);
        var asOf = request.AsOf.DayNumber;
        var countries = snap.Countries.Length;
        var place = snap.FirmPlace;
        // Whether a firm is local, from its packed place (one memory read per supplier, shared with its country).
        var localBySlot = LocalSlots(snap, request.Scope, inScope);
        // Each distinct link sector once: its group at the report's level and its ancestors (for what it covers).
        var entries = new Dictionary<int, SectorEntry>();
        var groups = new List<Group>();
        var groupBySector = new Dictionary<int, int>();
        var sourceSets = new HashSet<int>();
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var unknown = new Dictionary<int, int>();
        var coveredBy = new Dictionary<int, int>();
        var needed = new HashSet<int>();
        var lastSources = -1;
        for (var k = 0; k < leads.Count; k++)
        {
            var lead = leads[k];
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            foreach (var s in snap.Nodes[lead]!.Sources)
            {
                sources.Add(s);
            }
            SectorEntry? entry = null;
            var entrySector = -1;
            for (var i = snap.InOffset[lead]; i < snap.InOffset[lead + 1]; i++)
            {
                if (snap.LinkSince[i] > asOf || snap.LinkUntil[i] < asOf)
                {
                    continue;
                }
                var sector = snap.LinkSector[i];
                if (sector != entrySector)
                {
                    if (!entries.TryGetValue(sector, out entry))
                    {
                        var at = snap.SectorAt(sector, request.Level);
                        if (!groupBySector.TryGetValue(at, out var g))
                        {
                            g = groups.Count;
                            groups.Add(new Group(at, countries, snap.Nodes.Length));
                            groupBySector[at] = g;
                        }
                        entries[sector] = entry = new SectorEntry(groups[g], snap.SectorPath(sector));
                    }
                    entrySector = sector;
                    if (entry.Lead != k)
                    {
                        entry.Lead = k;
                        foreach (var a in entry.Path)
                        {
                            if (a >= 0)
                            {
                                coveredBy[a] = k;
                            }
                        }
                    }
                }
                var group = entry!.Group;
                var supplier = snap.LinkSupplier[i];
                var where = place[supplier];
                var value = snap.LinkValue[i];
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
                if (localBySlot is not null ? localBySlot[where & 0xFFFF] : inScope(supplier))
                {
                    group.Local += value;
                }
                group.AddSupplier(supplier);
                var set = snap.LinkSources[i];
                if (set != lastSources)
                {
                    sourceSets.Add(set);
                    lastSources = set;
                }
            }
            // Inputs its sectors need by the FEEDS coefficients (of the sector or any ancestor) that no valid link covers.
            needed.Clear();
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
                        if (!(coveredBy.TryGetValue(input, out var by) && by == k) && needed.Add(input))
                        {
                            var shown = snap.SectorAt(input, request.Level);
                            unknown[shown] = unknown.GetValueOrDefault(shown) + 1;
                            foreach (var s in feedSources)
                            {
                                sources.Add(s);
                            }
                        }
                    }
                }
            }
        }
        foreach (var set in sourceSets)
        {
            foreach (var s in snap.SourceSets[set])
            {
                sources.Add(s);
            }
        }
        var inputs = groups.Select(g => new InputSectorTotals(
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
        var unknownIds = unknown
            .OrderByDescending(u => u.Value).ThenBy(u => snap.Nodes[u.Key]!.Id, StringComparer.Ordinal)
            .Select(u => snap.Nodes[u.Key]!.Id).ToList();
        return new LocalizationTotals(leads.Count, inputs, unknownIds, [.. sources]);
    }

    /// <summary>A link sector seen in a report: its group, its ancestors, and the last lead firm (index) it was seen for.</summary>
    private sealed class SectorEntry(Group group, int[] path)
    {
        public Group Group { get; } = group;
        public int[] Path { get; } = path;
        public int Lead { get; set; } = -1;
    }

    /// <summary>
    /// For scopes of provinces or countries, whether each packed place (<see cref="SupplyGraph.FirmPlace"/>'s low
    /// 16 bits: province slot + 1) is in scope; null when the scope needs the general test.
    /// </summary>
    private static bool[]? LocalSlots(SupplyGraph snap, NodeFilter scope, Func<int, bool> inScope)
    {
        if (scope == new NodeFilter { ProvinceIds = scope.ProvinceIds } && scope.ProvinceIds is { } provinces)
        {
            var set = provinces.Select(snap.NidOf).Where(p => p >= 0).ToHashSet();
            var slots = new bool[snap.ProvinceBySlot.Length + 1];
            for (var s = 0; s < snap.ProvinceBySlot.Length; s++)
            {
                slots[s + 1] = set.Contains(snap.ProvinceBySlot[s]);
            }
            return slots;
        }
        return null;
    }

    private sealed class Group(int sector, int countries, int nodes)
    {
        // Distinct suppliers: a hash set while few, a bit per firm once many (so a fine level's many small groups stay small).
        private HashSet<int>? _few = [];
        private ulong[]? _many;

        public int Sector { get; } = sector;
        public double Value { get; set; }
        public double Domestic { get; set; }
        public double Local { get; set; }
        public double[] ByCountry { get; } = new double[countries];
        public int Suppliers { get; private set; }
        public int Links { get; set; }

        public void AddSupplier(int supplier)
        {
            if (_many is { } bits)
            {
                ref var word = ref bits[supplier >> 6];
                var bit = 1UL << (supplier & 63);
                if ((word & bit) == 0)
                {
                    word |= bit;
                    Suppliers++;
                }
                return;
            }
            if (_few!.Add(supplier))
            {
                Suppliers++;
                if (_few.Count > Math.Max(1024, nodes >> 9))
                {
                    _many = new ulong[(nodes + 63) >> 6];
                    foreach (var f in _few)
                    {
                        _many[f >> 6] |= 1UL << (f & 63);
                    }
                    _few = null;
                }
            }
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
            var set = provinces.Select(snap.NidOf).Where(p => p >= 0).ToHashSet();
            return nid => snap.FirmProvince[nid] is >= 0 and var p && set.Contains(p);
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
