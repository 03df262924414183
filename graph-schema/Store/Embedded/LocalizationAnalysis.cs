using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>Localization of lead firms' inputs on a snapshot: input shares, supplier candidates, input origins, park matches.</summary>
internal static class LocalizationAnalysis
{
    public static LocalizationTotals Totals(GraphSnapshot snap, LocalizationRequest request, CancellationToken cancellationToken)
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
    /// For scopes of provinces or countries, whether each packed place (<see cref="GraphSnapshot.FirmPlace"/>'s low
    /// 16 bits: province slot + 1) is in scope; null when the scope needs the general test.
    /// </summary>
    private static bool[]? LocalSlots(GraphSnapshot snap, NodeFilter scope, Func<int, bool> inScope)
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
    private static List<int> Leads(GraphSnapshot snap, LocalizationRequest request, Func<int, bool> inScope)
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
    private static Func<int, bool> FirmTest(GraphSnapshot snap, NodeFilter scope)
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
        var test = NodeLister.Compile(snap, NodeKind.Firm, scope);
        return test is null ? nid => snap.Nodes[nid] is Firm : nid => snap.Nodes[nid] is Firm f && test(f, nid);
    }

    public static IReadOnlyList<IReadOnlyList<SupplierCandidate>> Candidates(
        GraphSnapshot snap, LocalizationRequest request, IReadOnlyList<string> inputSectorIds, int first, CancellationToken cancellationToken)
    {
        var inScope = FirmTest(snap, request.Scope);
        var leads = Leads(snap, request, inScope);
        var isScopeLead = new bool[snap.Nodes.Length];
        foreach (var lead in leads)
        {
            isScopeLead[lead] = true;
        }
        var asOf = request.AsOf.DayNumber;
        var locator = new Locator(snap);
        var gaps = inputSectorIds.Select(id => snap.NidOf(id) is >= 0 and var nid && snap.Nodes[nid] is Sector ? new GapWork(nid, snap.ExpandSectors([id])) : null).ToArray();

        // One pass over every lead firm's links for all gaps at once: what the scope's lead firms buy of each input, from
        // whom and where they are; and what every firm already supplies of it to other lead firms (proven capability).
        var gapsOfSector = new Dictionary<int, GapWork[]>();
        var lastSector = -1;
        GapWork[] lastGaps = [];
        var all = snap.LeadFirms;
        for (var k = 0; k < all.Length; k++)
        {
            if ((k & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var lead = all[k];
            var ofScope = isScopeLead[lead];
            for (var i = snap.InOffset[lead]; i < snap.InOffset[lead + 1]; i++)
            {
                if (snap.LinkSince[i] > asOf || snap.LinkUntil[i] < asOf)
                {
                    continue;
                }
                var sector = snap.LinkSector[i];
                if (sector != lastSector)
                {
                    if (!gapsOfSector.TryGetValue(sector, out lastGaps!))
                    {
                        gapsOfSector[sector] = lastGaps = [.. gaps.OfType<GapWork>().Where(g => g.Subtree.Contains(sector))];
                    }
                    lastSector = sector;
                }
                foreach (var gap in lastGaps)
                {
                    if (ofScope)
                    {
                        gap.Add(snap, lead, i);
                    }
                    else
                    {
                        gap.AddProven(snap, lead, i);
                    }
                }
            }
        }

        var result = new List<IReadOnlyList<SupplierCandidate>>(gaps.Length);
        foreach (var gap in gaps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (gap is null || first <= 0)
            {
                result.Add([]);
                continue;
            }
            var weights = gap.ForeignValue > 0
                ? [.. gap.ForeignBySector.Where(w => w.Value > 0).Select(w => (Sector: w.Key, Weight: w.Value / gap.ForeignValue))]
                : Equal(gap.ForeignLinksBySector.Count > 0 ? gap.ForeignLinksBySector : gap.AnyBySector.Count > 0 ? gap.AnyBySector : new Dictionary<int, int> { [gap.Sector] = 1 });
            var buyers = gap.Buyers.Select(locator.Of).OfType<(double Lat, double Lng)>().Distinct().ToList();
            var distanceOf = new Dictionary<(double, double), double>();
            double? DistanceOf(int firm)
            {
                if (buyers.Count == 0 || locator.Of(firm) is not { } p)
                {
                    return null;
                }
                if (!distanceOf.TryGetValue(p, out var d))
                {
                    d = double.PositiveInfinity;
                    foreach (var b in buyers)
                    {
                        d = Math.Min(d, LocalizationScoring.DistanceKm(p.Lat, p.Lng, b.Lat, b.Lng));
                    }
                    distanceOf[p] = d = Math.Round(d, 1, MidpointRounding.AwayFromZero);
                }
                return d;
            }

            // Every eligible firm (domestic, not a buyer, not already supplying the input) with its best sector fit; each
            // scored without allocating, and only the best made into results.
            var bestFit = new Dictionary<int, double>();
            foreach (var sector in gap.Subtree)
            {
                var firms = snap.InNeighbours(RelType.InSector, sector);
                if (firms.Length == 0)
                {
                    continue;
                }
                var fit = 0.0;
                foreach (var (bought, weight) in weights)
                {
                    fit += weight * Fit(snap, sector, bought);
                }
                fit = Math.Round(fit, 4, MidpointRounding.AwayFromZero);
                foreach (var firm in firms)
                {
                    if (snap.FirmCountry[firm] == snap.DomesticCountry && !isScopeLead[firm] && !gap.Supplying.Contains(firm)
                        && (!bestFit.TryGetValue(firm, out var had) || had < fit))
                    {
                        bestFit[firm] = fit;
                    }
                }
            }
            SupplierCandidate Candidate(int firm, double fit)
            {
                var node = (Firm)snap.Nodes[firm]!;
                var (provenValue, provenBuyers, _) = gap.Proven.GetValueOrDefault(firm);
                var proven = Math.Round(LocalizationScoring.Proven(provenBuyers, provenValue, gap.ForeignValue), 4, MidpointRounding.AwayFromZero);
                var distance = DistanceOf(firm);
                var proximity = Math.Round(LocalizationScoring.Proximity(distance), 4, MidpointRounding.AwayFromZero);
                var alliance = node.AllianceIds.Count > 0;
                var size = LocalizationScoring.Size(node.Size);
                return new SupplierCandidate(
                    node.Id, LocalizationScoring.Candidate(fit, proven, proximity, alliance, size), fit, distance, proximity, proven, provenValue, provenBuyers, alliance, size);
            }
            var scores = new (double Score, int Firm)[bestFit.Count];
            var n = 0;
            foreach (var (firm, fit) in bestFit)
            {
                scores[n++] = (Candidate(firm, fit).Score, firm);
            }
            Array.Sort(scores, (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(snap.Nodes[a.Firm]!.Id, snap.Nodes[b.Firm]!.Id));
            result.Add([.. scores.Take(first).Select(s => Candidate(s.Firm, bestFit[s.Firm]))]);
        }
        return result;
    }

    /// <summary>
    /// What lead firms buy of one input: for the scope's, foreign value by link sector, every link's sector, buyers and
    /// suppliers; for the others, what each supplier already supplies them (value, distinct lead firms).
    /// </summary>
    private sealed class GapWork(int sector, HashSet<int> subtree)
    {
        public int Sector { get; } = sector;
        public HashSet<int> Subtree { get; } = subtree;
        public Dictionary<int, double> ForeignBySector { get; } = [];
        public Dictionary<int, int> ForeignLinksBySector { get; } = [];
        public Dictionary<int, int> AnyBySector { get; } = [];
        public HashSet<int> Supplying { get; } = [];
        public List<int> Buyers { get; } = [];
        public Dictionary<int, (double Value, int Leads, int LastLead)> Proven { get; } = [];
        public double ForeignValue { get; private set; }

        public void Add(GraphSnapshot snap, int lead, int link)
        {
            if (Buyers.Count == 0 || Buyers[^1] != lead)
            {
                Buyers.Add(lead);
            }
            var supplier = snap.LinkSupplier[link];
            var sector = snap.LinkSector[link];
            Supplying.Add(supplier);
            AnyBySector[sector] = AnyBySector.GetValueOrDefault(sector) + 1;
            if (snap.FirmCountry[supplier] != snap.DomesticCountry)
            {
                var value = double.IsNaN(snap.LinkValue[link]) ? 0 : snap.LinkValue[link];
                ForeignBySector[sector] = ForeignBySector.GetValueOrDefault(sector) + value;
                ForeignLinksBySector[sector] = ForeignLinksBySector.GetValueOrDefault(sector) + 1;
                ForeignValue += value;
            }
        }

        public void AddProven(GraphSnapshot snap, int lead, int link)
        {
            var supplier = snap.LinkSupplier[link];
            if (snap.FirmCountry[supplier] != snap.DomesticCountry)
            {
                return;
            }
            ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Proven, supplier, out var existed);
            if (!existed)
            {
                entry.LastLead = -1;
            }
            entry.Value += double.IsNaN(snap.LinkValue[link]) ? 0 : snap.LinkValue[link];
            if (entry.LastLead != lead)
            {
                entry.LastLead = lead;
                entry.Leads++;
            }
        }
    }

    private static List<(int Sector, double Weight)> Equal(Dictionary<int, int> counts)
    {
        var total = (double)counts.Values.Sum();
        return [.. counts.Select(c => (c.Key, c.Value / total))];
    }

    /// <summary>How exactly a firm's sector matches a bought input's: same class, else same group, else same division.</summary>
    private static double Fit(GraphSnapshot snap, int firmSector, int bought)
    {
        var a = snap.SectorPath(firmSector);
        var b = snap.SectorPath(bought);
        static bool Same(int[] x, int[] y, SectorLevel level) => y[(int)level] >= 0 && x[(int)level] == y[(int)level];
        return Same(a, b, SectorLevel.Class) ? LocalizationScoring.ClassFit
            : Same(a, b, SectorLevel.Group) ? LocalizationScoring.GroupFit
            : Same(a, b, SectorLevel.Division) ? LocalizationScoring.DivisionFit
            : 0;
    }

    public static IReadOnlyList<InputOrigin> Origins(GraphSnapshot snap, IReadOnlyList<int> firms, int maxDepth, CompiledLinkFilter filter, CancellationToken cancellationToken)
    {
        var result = new InputOrigin[firms.Count];
        var visited = new HashSet<int>();
        for (var k = 0; k < firms.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var root = firms[k];
            if (root < 0)
            {
                result[k] = new InputOrigin(0, 0, 0);
                continue;
            }
            visited.Clear();
            visited.Add(root);
            var frontier = new List<int> { root };
            double value = 0, domestic = 0;
            var links = 0;
            for (var depth = 0; depth < maxDepth && frontier.Count > 0; depth++)
            {
                var next = new List<int>();
                foreach (var buyer in frontier)
                {
                    for (var i = snap.InOffset[buyer]; i < snap.InOffset[buyer + 1]; i++)
                    {
                        var supplier = snap.LinkSupplier[i];
                        if (!filter.IsEmpty && !filter.Pass(snap, i, supplier))
                        {
                            continue;
                        }
                        links++;
                        var v = double.IsNaN(snap.LinkValue[i]) ? 0 : snap.LinkValue[i];
                        value += v;
                        if (snap.FirmCountry[supplier] == snap.DomesticCountry)
                        {
                            domestic += v;
                        }
                        if (depth + 1 < maxDepth && visited.Add(supplier))
                        {
                            next.Add(supplier);
                        }
                    }
                }
                frontier = next;
            }
            result[k] = new InputOrigin(value, domestic, links);
        }
        return result;
    }

    public static IReadOnlyList<ParkMatch> Parks(GraphSnapshot snap, ParkMatchRequest request, CancellationToken cancellationToken)
    {
        var sector = snap.NidOf(request.SectorId);
        if (sector < 0 || snap.Nodes[sector] is not Sector)
        {
            return [];
        }
        var subtree = snap.ExpandSectors([request.SectorId]);
        var ancestors = snap.SectorPath(sector).Where(a => a >= 0).ToHashSet();
        var locator = new Locator(snap);
        var leadPoints = new List<(double Lat, double Lng)>();
        if (request.LeadScope is { } scope)
        {
            var inScope = FirmTest(snap, scope);
            foreach (var lead in snap.LeadFirms)
            {
                if (inScope(lead) && locator.Of(lead) is { } p)
                {
                    leadPoints.Add(p);
                }
            }
            leadPoints = [.. leadPoints.Distinct()];
        }
        var matches = new List<ParkMatch>();
        foreach (var nid in snap.KindOrder(NodeKind.Park))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var park = (Park)snap.Nodes[nid]!;
            var priority = park.PrioritySectors.FirstOrDefault(p => snap.NidOf(p.SectorId) is >= 0 and var ps && (subtree.Contains(ps) || ancestors.Contains(ps)));
            var hosted = 0;
            foreach (var firm in snap.InNeighbours(RelType.LocatedIn, nid))
            {
                if (snap.Nodes[firm] is Firm f && f.SectorIds.Any(s => subtree.Contains(snap.NidOf(s))))
                {
                    hosted++;
                }
            }
            if (priority is null && hosted == 0)
            {
                continue;
            }
            if (request.MinAvailableAreaHa is { } min && !(park.AvailableAreaHa >= min))
            {
                continue;
            }
            double? distance = null;
            if (leadPoints.Count > 0 && locator.OfPark(nid) is { } at)
            {
                distance = Math.Round(leadPoints.Min(p => LocalizationScoring.DistanceKm(at.Lat, at.Lng, p.Lat, p.Lng)), 1, MidpointRounding.AwayFromZero);
            }
            matches.Add(LocalizationScoring.Match(park, priority?.SectorId, hosted, distance));
        }
        matches.Sort(LocalizationScoring.ParkOrder);
        return matches;
    }

    /// <summary>
    /// Where a firm or park is, for distances: its own coordinates; else its park's; else the centroid of the province it is
    /// recorded in, or (a former province without one) of the province that took it in.
    /// </summary>
    private sealed class Locator(GraphSnapshot snap)
    {
        private readonly Dictionary<int, (double, double)?> _places = [];

        public (double Lat, double Lng)? Of(int firm)
        {
            if (snap.Nodes[firm] is not Firm f)
            {
                return null;
            }
            if (f.Lat is { } lat && f.Lng is { } lng)
            {
                return (lat, lng);
            }
            if (snap.FirmPark[firm] is >= 0 and var park && OfPark(park) is { } p)
            {
                return p;
            }
            return OfProvince(snap.FirmProvince[firm]);
        }

        public (double Lat, double Lng)? OfPark(int park)
        {
            if (_places.TryGetValue(park, out var cached))
            {
                return cached;
            }
            var p = snap.Nodes[park] as Park;
            var place = p is { Lat: { } lat, Lng: { } lng } ? (lat, lng) : p is null ? null : OfProvince(snap.NidOf(p.ProvinceId));
            _places[park] = place;
            return place;
        }

        private (double Lat, double Lng)? OfProvince(int province)
        {
            if (province < 0)
            {
                return null;
            }
            if (_places.TryGetValue(province, out var cached))
            {
                return cached;
            }
            (double, double)? place = null;
            for (var (current, hops) = (province, 0); current >= 0 && hops < 8 && snap.Nodes[current] is Province p; hops++)
            {
                if (p is { Lat: { } lat, Lng: { } lng })
                {
                    place = (lat, lng);
                    break;
                }
                current = p.SuccessorId is { } next ? snap.NidOf(next) : -1;
            }
            _places[province] = place;
            return place;
        }
    }
}
