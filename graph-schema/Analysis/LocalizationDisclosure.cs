using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// Which values of a localization report may be shown to a caller who cannot read trade values, and why the others may
/// not. Every value is a cell (the report's input, domestic, local and foreign totals; per input sector its value,
/// domestic, local and foreign parts and its value by supplier country), made of the (lead firm, supplier) pairs that
/// contribute to it. A cell is shown when:
/// <list type="number">
/// <item>it passes the rules itself: enough distinct lead firms and suppliers, and no firm above the dominance share
/// (a cell of no value is shown: it reveals no firm's value);</item>
/// <item>no report that differs from this one by a nested unit would reveal a failing aggregate by subtraction: the
/// report over each park within the scope (scope minus park), over the province a park scope lies in (province minus
/// park), over a former province's successor and a province's former units (the two maps), over the lead sector's
/// parent (parent minus sector) and over each of its children (sector minus child); the
/// difference must pass the rules too, or be empty (a cell failing it is withheld from both reports alike, since both
/// apply this test);</item>
/// <item>no sum the report shows has exactly one hidden part (complementary suppression): the totals are the sums of
/// the input sectors, an input's value is its domestic plus foreign parts and the sum of its countries; when exactly
/// one part is hidden, the smallest other part is hidden too when two or more others are shown, else the total; a
/// hidden total whose parts are all shown has its smallest part hidden; until no sum leaves one hidden value to work
/// out;</item>
/// <item>for a report over one province of the map of its date (34, or 63 before 2025-07-01): the map shows each
/// province's total and domestic value beside the others', and the provinces add up to their region and to the
/// country, so the province's totals are withheld when the map withholds them (<see cref="AssessProvincesAsync"/>).</item>
/// </list>
/// Shares are shown only when both their numerator and denominator are.
/// </summary>
public static partial class LocalizationDisclosure
{
    public const string Total = "total";
    public const string Value = "value", Domestic = "domestic", Local = "local", Foreign = "foreign";

    /// <summary>The key of a value cell: "total/value", "sector:26/domestic".</summary>
    public static string Cell(string row, string measure) => $"{row}/{measure}";

    /// <summary>The key of an input sector's value from one supplier country.</summary>
    public static string CountryCell(string sectorId, string country) => $"{sectorId}/country/{country}";

    /// <summary>
    /// Assesses every cell of the request's report under the rules. <paramref name="provinceMap"/> gives the map of the
    /// request's date and sector, for a report over one province of it: its total cells are withheld too when the map
    /// withholds them (see <see cref="AssessProvincesAsync"/>); null leaves that test out.
    /// </summary>
    public static async Task<DisclosureVerdicts> AssessAsync(
        IGraphStore store, LocalizationRequest request, DisclosureRules rules, ProvinceDirectory provinces, CancellationToken cancellationToken,
        Func<DateOnly, string?, CancellationToken, Task<ProvinceMap>>? provinceMap = null)
    {
        // The map (built once per version, maybe by another request already) is asked for first, to be built meanwhile.
        var mapVerdict = provinceMap is null ? null : MapVerdictAsync(request, provinces, provinceMap, cancellationToken);
        var scope = request.Scope;
        var park = scope is { ParkIds.Count: 1 } && scope == new NodeFilter { ParkIds = scope.ParkIds } ? scope.ParkIds.First() : null;
        var wideScope = scope;
        string? parkProvince = null;
        if (park is not null && (await store.GetNodesAsync([park], cancellationToken).ConfigureAwait(false))[0] is Park p && provinces.ById(p.ProvinceId) is { } recorded)
        {
            var province = provinces.RollUp(recorded, request.AsOf);
            parkProvince = province.Name;
            wideScope = new NodeFilter { ProvinceIds = provinces.ScopeIds(province, request.AsOf) };
        }
        var (former, successor, predecessors, formerWide) = scope is { ProvinceIds.Count: > 0 } && scope == new NodeFilter { ProvinceIds = scope.ProvinceIds }
            ? ProvinceNesting(scope.ProvinceIds, provinces)
            : (null, null, [], null);
        if (formerWide is not null)
        {
            wideScope = new NodeFilter { ProvinceIds = formerWide };
        }
        var (sectorNode, children) = await SectorNestingAsync(store, request.LeadSectorIds, cancellationToken).ConfigureAwait(false);
        var wide = request with { Scope = wideScope, LeadSectorIds = WideSectors(sectorNode, request.LeadSectorIds) };
        var contributions = await store.LocalizationContributionsAsync(wide, cancellationToken).ConfigureAwait(false);
        var inSector = await InSectorAsync(store, contributions, cancellationToken).ConfigureAwait(false);
        bool InPark(ContributingLead lead) => (park is null || lead.ParkId == park) && (former is null || lead.ProvinceIds.Contains(former.Id));
        bool Requested(ContributingLead lead) => InPark(lead) && (sectorNode is null || inSector(lead, sectorNode.Id));

        var neighbours = Neighbours(contributions, _ => true, InPark, Requested, park, parkProvince, sectorNode, children, inSector, former, successor, predecessors);
        // A park's or former province's own values (local meaning in it) come from its own report; the differences from the wider one.
        var widened = park is not null || former is not null;
        var own = widened ? await store.LocalizationContributionsAsync(request, cancellationToken).ConfigureAwait(false) : contributions;
        var imposed = mapVerdict is null ? null : await mapVerdict.ConfigureAwait(false);
        return Assess(own, widened ? _ => true : Requested, contributions, Requested, neighbours, rules, imposed);
    }

    /// <summary>
    /// The reports nested in or around the request's, each as the lead firms the two differ by (see the class remarks),
    /// among the lead firms <paramref name="inWide"/> keeps (all of them when the contributions are the wide scope's own).
    /// </summary>
    private static List<(string Name, Func<ContributingLead, bool> Difference, bool Superset)> Neighbours(
        LocalizationContributions contributions, Func<ContributingLead, bool> inWide, Func<ContributingLead, bool> inPark, Func<ContributingLead, bool> requested,
        string? park, string? parkProvince, Sector? sectorNode, IReadOnlyList<string> children, Func<ContributingLead, string, bool> inSector,
        Province? former, Province? successor, IReadOnlyList<Province> predecessors)
    {
        var neighbours = new List<(string Name, Func<ContributingLead, bool> Difference, bool Superset)>();
        void Add(string name, Func<ContributingLead, bool> difference, bool superset) => neighbours.Add((name, l => inWide(l) && difference(l), superset));
        if (park is not null && parkProvince is not null)
        {
            Add($"the report over {parkProvince}", l => l.ParkId != park && (sectorNode is null || inSector(l, sectorNode.Id)), true);
        }
        if (sectorNode is not null)
        {
            Add(sectorNode.ParentId is null ? "the report over every sector" : $"the report over sector {NodeIdsLocal(sectorNode.ParentId)}", l => inPark(l) && !inSector(l, sectorNode.Id), true);
            foreach (var child in children)
            {
                Add($"the report over sector {NodeIdsLocal(child)}", l => requested(l) && !inSector(l, child), false);
            }
        }
        if (former is not null && successor is not null)
        {
            Add($"the report over {successor.Name} (in force)", l => !l.ProvinceIds.Contains(former.Id) && (sectorNode is null || inSector(l, sectorNode.Id)), true);
        }
        foreach (var old in predecessors)
        {
            Add($"the report over the former {old.Name}", l => requested(l) && !l.ProvinceIds.Contains(old.Id), false);
        }
        if (park is null)
        {
            foreach (var k in contributions.Leads.Where(l => inWide(l) && requested(l)).Select(l => l.ParkId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                Add($"the report over park {k}", l => requested(l) && l.ParkId != k, false);
            }
        }
        return neighbours;
    }

    private static string NodeIdsLocal(string id) => NodeIds.Local(id);

    /// <summary>
    /// How a report over exactly these provinces nests in the two maps: a former province alone against the province it
    /// became part of (whose scope, <c>WideIds</c>, the differences are worked out in), or a province in force with the
    /// former units merged into it against each of those; neither for other sets.
    /// </summary>
    private static (Province? Former, Province? Successor, IReadOnlyList<Province> Predecessors, IReadOnlyList<string>? WideIds) ProvinceNesting(
        IReadOnlyCollection<string> provinceIds, ProvinceDirectory provinces)
    {
        var named = provinceIds.Select(provinces.ById).OfType<Province>().ToList();
        if (named.Count == 1 && named[0].ValidTo is not null && named[0].SuccessorId is { } next && provinces.ById(next) is { } successor)
        {
            return (named[0], successor, [], provinces.ScopeIds(successor, ProvinceDirectory.MergerDate));
        }
        return named.FirstOrDefault(n => n.ValidTo is null && named.Count == 1 + provinces.Predecessors(n).Count) is { } current
            ? (null, null, provinces.Predecessors(current), null)
            : (null, null, [], null);
    }

    /// <summary>The lead sector of a request for one (null otherwise, or when it names no sector) and its children.</summary>
    private static async Task<(Sector? Node, IReadOnlyList<string> Children)> SectorNestingAsync(IGraphStore store, IReadOnlyCollection<string>? leadSectorIds, CancellationToken cancellationToken)
    {
        if (leadSectorIds is not { Count: 1 } one || (await store.GetNodesAsync([one.First()], cancellationToken).ConfigureAwait(false))[0] is not Sector node)
        {
            return (null, []);
        }
        var children = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Sector, Filter = new NodeFilter { ParentId = node.Id }, First = 10_000 }, cancellationToken).ConfigureAwait(false);
        return (node, [.. children.Items.Select(i => i.Node.Id)]);
    }

    /// <summary>The lead sectors the wide contributions are read for: the sector's parent (every sector at the top), for the nested-sector tests.</summary>
    private static IReadOnlyCollection<string>? WideSectors(Sector? sectorNode, IReadOnlyCollection<string>? requested) =>
        sectorNode is null ? requested : sectorNode.ParentId is { } parent ? [parent] : null;

    /// <summary>Whether a lead firm of these contributions is in a sector or below it (its sectors' ancestors fetched once).</summary>
    private static async Task<Func<ContributingLead, string, bool>> InSectorAsync(IGraphStore store, LocalizationContributions contributions, CancellationToken cancellationToken)
    {
        var ancestors = await AncestorsAsync(store, contributions.Leads.SelectMany(l => l.SectorIds), cancellationToken).ConfigureAwait(false);
        return (lead, of) => lead.SectorIds.Any(s => ancestors.TryGetValue(s, out var up) && up.Contains(of));
    }

    /// <summary>Each sector id with itself and its ancestors, fetched level by level.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> AncestorsAsync(IGraphStore store, IEnumerable<string> sectorIds, CancellationToken cancellationToken)
    {
        var parentOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        var pending = sectorIds.Distinct(StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var nodes = await store.GetNodesAsync(pending, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < pending.Count; i++)
            {
                parentOf[pending[i]] = (nodes[i] as Sector)?.ParentId;
            }
            pending = [.. parentOf.Values.OfType<string>().Where(p => !parentOf.ContainsKey(p)).Distinct(StringComparer.Ordinal)];
        }
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var id in parentOf.Keys)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            for (string? at = id; at is not null && set.Add(at); at = parentOf.GetValueOrDefault(at))
            {
            }
            result[id] = set;
        }
        return result;
    }

    /// <summary>
    /// The verdicts over given contributions: the requested lead firms' cells (from <paramref name="own"/>), tested alone;
    /// against each neighbour's difference (worked out in <paramref name="wide"/>, where <paramref name="wideRequested"/>
    /// picks the report's lead firms: a subset neighbour's difference lies within them, a superset neighbour's outside);
    /// then for complements. A difference is the larger side's cells less the smaller's, so a park within a region costs
    /// only its own lead firms' pairs.
    /// </summary>
    internal static DisclosureVerdicts Assess(
        LocalizationContributions own, Func<ContributingLead, bool> ownRequested, LocalizationContributions wide, Func<ContributingLead, bool> wideRequested,
        IReadOnlyList<(string Name, Func<ContributingLead, bool> Difference, bool Superset)> neighbours, DisclosureRules rules,
        IReadOnlyDictionary<string, string>? imposed = null) =>
        Assess(own, ownRequested, wide, wideRequested, neighbours, rules, imposed, null);

    /// <summary>As above, with the cell table of <paramref name="own"/> built already (when it is also <paramref name="wide"/>).</summary>
    private static DisclosureVerdicts Assess(
        LocalizationContributions own, Func<ContributingLead, bool> ownRequested, LocalizationContributions wide, Func<ContributingLead, bool> wideRequested,
        IReadOnlyList<(string Name, Func<ContributingLead, bool> Difference, bool Superset)> neighbours, DisclosureRules rules,
        IReadOnlyDictionary<string, string>? imposed, CellTable? built)
    {
        var ownTable = built ?? new CellTable(own);
        var cells = ownTable.Stats(LeadsWhere(own, ownRequested));
        var suppressed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, stats) in cells)
        {
            if (stats.Problem(rules) is { } problem)
            {
                suppressed[ownTable.Key(id)] = problem;
            }
        }
        if (neighbours.Count > 0)
        {
            var sameRows = ReferenceEquals(own, wide);
            var wideTable = sameRows ? ownTable : new CellTable(wide);
            var requestedLeads = LeadsWhere(wide, wideRequested);
            var isRequested = new bool[wide.Leads.Count];
            foreach (var l in requestedLeads)
            {
                isRequested[l] = true;
            }
            var requestedStats = sameRows ? cells : wideTable.Stats(requestedLeads);
            foreach (var (name, difference, superset) in neighbours)
            {
                // The lead firms the two reports differ by: a superset's beyond the report, a subset's within it.
                var differing = new List<int>();
                var inDifference = new bool[wide.Leads.Count];
                for (var l = 0; l < wide.Leads.Count; l++)
                {
                    if (isRequested[l] != superset && difference(wide.Leads[l]))
                    {
                        differing.Add(l);
                        inDifference[l] = true;
                    }
                }
                if (differing.Count == 0)
                {
                    continue;
                }
                void Test(int id, Func<CellStats, string?> problemOf, CellStats stats)
                {
                    var key = wideTable.Key(id);
                    if (cells.ContainsKey(ownTable.IdOf(key)) && !suppressed.ContainsKey(key) && problemOf(stats) is { } problem)
                    {
                        suppressed[key] = $"withheld: its difference with {name} is an aggregate where {problem}";
                    }
                }
                // Rows come lead by lead, so the difference's cells are the cells of the lead firms it is made of: summed
                // directly when they are fewer than the smaller report's, else the larger report less the smaller.
                var smallerCount = superset ? requestedLeads.Count : requestedLeads.Count - differing.Count;
                if (differing.Count <= smallerCount)
                {
                    foreach (var (id, stats) in wideTable.Stats(differing))
                    {
                        Test(id, d => d.Problem(rules), stats);
                    }
                    continue;
                }
                var (larger, smaller) = superset
                    ? (wideTable.Stats([.. requestedLeads.Concat(differing)]), requestedStats)
                    : (requestedStats, wideTable.Stats([.. requestedLeads.Where(l => !inDifference[l])]));
                // A cell the smaller side has nothing of differs by all of it: the cell itself, tested already (a subset's
                // difference is only where the smaller report has a part; a superset's cells outside the report are not shown).
                foreach (var id in superset ? larger.Keys : smaller.Keys)
                {
                    if (larger.TryGetValue(id, out var whole))
                    {
                        var part = smaller.GetValueOrDefault(id);
                        Test(id, w => w.ProblemWithout(part, rules), whole);
                    }
                }
            }
        }
        var values = cells.ToDictionary(kv => ownTable.Key(kv.Key), kv => kv.Value.Total, StringComparer.Ordinal);
        foreach (var (key, reason) in imposed ?? new Dictionary<string, string>())
        {
            if (values.GetValueOrDefault(key) > 0)
            {
                suppressed.TryAdd(key, reason);
            }
        }
        Complement(own, values, suppressed);
        return new DisclosureVerdicts(suppressed, values);
    }

    private static List<int> LeadsWhere(LocalizationContributions c, Func<ContributingLead, bool> test) =>
        [.. Enumerable.Range(0, c.Leads.Count).Where(i => test(c.Leads[i]))];

    /// <summary>
    /// The cells of one set of contributions by number, each row's cells worked out once per (sector, country, local)
    /// kind, and its rows grouped by lead firm, so the cells of any set of lead firms are summed from their rows alone.
    /// </summary>
    private sealed class CellTable
    {
        private readonly LocalizationContributions _c;
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _keys = [];
        private readonly int[][] _cellsOfRow;
        private readonly int[] _rowStart;
        private readonly int[] _rowOrder;

        /// <param name="c">The contributions.</param>
        /// <param name="withLocal">Whether to make the local cells (a map's country-wide table, where local means domestic
        /// and no total depends on them, does without).</param>
        public CellTable(LocalizationContributions c, bool withLocal = true)
        {
            _c = c;
            var kinds = new Dictionary<(int Sector, int Country, bool Local), int[]>();
            _cellsOfRow = new int[c.Rows.Count][];
            var counts = new int[c.Leads.Count + 1];
            for (var i = 0; i < c.Rows.Count; i++)
            {
                var r = c.Rows[i];
                var kind = (r.Sector, r.Country, r.Local);
                if (!kinds.TryGetValue(kind, out var ids))
                {
                    var sector = c.Sectors[r.Sector];
                    var domestic = c.Countries[r.Country] == "VN";
                    var keys = new List<string>
                    {
                        Cell(Total, Value), Cell(sector, Value), Cell(Total, domestic ? Domestic : Foreign), Cell(sector, domestic ? Domestic : Foreign),
                        CountryCell(sector, c.Countries[r.Country]),
                    };
                    if (r.Local && withLocal)
                    {
                        keys.Add(Cell(Total, Local));
                        keys.Add(Cell(sector, Local));
                    }
                    kinds[kind] = ids = [.. keys.Select(Id)];
                }
                _cellsOfRow[i] = ids;
                counts[r.Lead + 1]++;
            }
            for (var l = 0; l < c.Leads.Count; l++)
            {
                counts[l + 1] += counts[l];
            }
            _rowStart = counts;
            _rowOrder = new int[c.Rows.Count];
            var next = (int[])counts.Clone();
            for (var i = 0; i < c.Rows.Count; i++)
            {
                _rowOrder[next[c.Rows[i].Lead]++] = i;
            }
        }

        private int Id(string key)
        {
            if (!_ids.TryGetValue(key, out var id))
            {
                id = _keys.Count;
                _ids[key] = id;
                _keys.Add(key);
            }
            return id;
        }

        public string Key(int id) => _keys[id];

        /// <summary>The number of a cell key, or -1 when these contributions make no such cell.</summary>
        public int IdOf(string key) => _ids.GetValueOrDefault(key, -1);

        /// <summary>The cells the rows of these lead firms make, by number.</summary>
        public Dictionary<int, CellStats> Stats(IEnumerable<int> leads)
        {
            // Cells by number in an array while rows are added (a cell is touched once per row of it), a map at the end.
            var byId = new CellStats?[_keys.Count];
            var touched = new List<int>();
            foreach (var lead in leads)
            {
                for (var k = _rowStart[lead]; k < _rowStart[lead + 1]; k++)
                {
                    var i = _rowOrder[k];
                    var row = _c.Rows[i];
                    foreach (var id in _cellsOfRow[i])
                    {
                        var stats = byId[id];
                        if (stats is null)
                        {
                            byId[id] = stats = new CellStats();
                            touched.Add(id);
                        }
                        stats.Add(row);
                    }
                }
            }
            var cells = new Dictionary<int, CellStats>(touched.Count);
            foreach (var id in touched)
            {
                if (byId[id] is { } stats)
                {
                    stats.Flush();
                    cells[id] = stats;
                }
            }
            return cells;
        }
    }

    /// <summary>Hides more cells until no shown sum has exactly one hidden part (see the class remarks).</summary>
    private static void Complement(LocalizationContributions c, Dictionary<string, double> values, Dictionary<string, string> suppressed)
    {
        const string Reason = "withheld so that a hidden value beside it cannot be worked out from the total they add up to";
        var sectors = c.Sectors.Distinct(StringComparer.Ordinal).ToList();
        var sums = new List<(string Total, List<string> Parts)>();
        foreach (var measure in new[] { Value, Domestic, Local, Foreign })
        {
            sums.Add((Cell(Total, measure), [.. sectors.Select(s => Cell(s, measure))]));
        }
        sums.Add((Cell(Total, Value), [Cell(Total, Domestic), Cell(Total, Foreign)]));
        foreach (var s in sectors)
        {
            sums.Add((Cell(s, Value), [Cell(s, Domestic), Cell(s, Foreign)]));
            sums.Add((Cell(s, Value), [.. c.Countries.Distinct(StringComparer.Ordinal).Select(country => CountryCell(s, country))]));
        }
        double ValueOf(string key) => values.GetValueOrDefault(key);
        for (var changed = true; changed;)
        {
            changed = false;
            // A sector's domestic value is its value from VN: the same number, shown or hidden together.
            foreach (var s in sectors)
            {
                var (domestic, vn) = (Cell(s, Domestic), CountryCell(s, "VN"));
                if (suppressed.ContainsKey(domestic) != suppressed.ContainsKey(vn) && ValueOf(domestic) > 0)
                {
                    var reason = suppressed.GetValueOrDefault(domestic) ?? suppressed[vn];
                    suppressed.TryAdd(domestic, reason);
                    suppressed.TryAdd(vn, reason);
                    changed = true;
                }
            }
            foreach (var (total, parts) in sums)
            {
                var withValue = parts.Where(p => ValueOf(p) > 0).ToList();
                var shown = withValue.Where(p => !suppressed.ContainsKey(p)).OrderBy(ValueOf).ThenBy(p => p, StringComparer.Ordinal).ToList();
                if (suppressed.ContainsKey(total))
                {
                    // A hidden total whose parts are all shown is their sum: hide the smallest part.
                    if (ValueOf(total) > 0 && shown.Count > 0 && shown.Count == withValue.Count)
                    {
                        suppressed[shown[0]] = Reason;
                        changed = true;
                    }
                    continue;
                }
                if (withValue.Count - shown.Count != 1)
                {
                    continue;
                }
                // The smallest other part when two or more are shown (the total keeps its use); else the total itself.
                suppressed[shown.Count >= 2 ? shown[0] : total] = Reason;
                changed = true;
            }
        }
    }

    /// <summary>What one cell is made of: its total and the value each lead firm and each supplier contributes to it.</summary>
    private sealed class CellStats
    {
        private readonly Dictionary<int, double> _leads = [];
        private readonly Dictionary<int, double> _suppliers = [];
        private const int TopCount = 16;
        private KeyValuePair<int, double>[]? _topLeads;
        private KeyValuePair<int, double>[]? _topSuppliers;

        /// <summary>The largest entries, largest first (at most <see cref="TopCount"/>), in one pass.</summary>
        private static KeyValuePair<int, double>[] Top(Dictionary<int, double> values)
        {
            var top = new List<KeyValuePair<int, double>>(TopCount + 1);
            foreach (var kv in values)
            {
                if (top.Count == TopCount && kv.Value <= top[^1].Value)
                {
                    continue;
                }
                var at = top.FindIndex(t => t.Value < kv.Value);
                top.Insert(at < 0 ? top.Count : at, kv);
                if (top.Count > TopCount)
                {
                    top.RemoveAt(TopCount);
                }
            }
            return [.. top];
        }

        public double Total { get; private set; }

        // Rows come lead by lead: a lead's value is summed here and written to its entry when the next lead's row comes.
        private int _lead = -1;
        private double _leadValue;

        public void Add(ContributionRow r)
        {
            Total += r.Value;
            if (r.Lead != _lead)
            {
                Flush();
                _lead = r.Lead;
            }
            _leadValue += r.Value;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_suppliers, r.Supplier, out _) += r.Value;
        }

        /// <summary>Writes the lead value being summed to its entry (before the entries are read).</summary>
        public void Flush()
        {
            if (_lead >= 0)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_leads, _lead, out _) += _leadValue;
                (_lead, _leadValue) = (-1, 0);
            }
        }

        /// <summary>Why the cell may not be shown, or null when it may.</summary>
        public string? Problem(DisclosureRules rules) => ProblemWithout(null, rules);

        /// <summary>
        /// Why this cell less a part of it (its rows for some of its lead firms) may not be shown, or null when it may or
        /// nothing is left: lead firms and totals subtract; a supplier counts while some of its value is left; the largest
        /// firm is found walking this cell's firms from the largest.
        /// </summary>
        public string? ProblemWithout(CellStats? part, DisclosureRules rules)
        {
            var total = Total - (part?.Total ?? 0);
            if (total <= Total * 1e-9)
            {
                return null;
            }
            var leads = _leads.Count - (part?._leads.Count ?? 0);
            if (leads < rules.MinLeadFirms)
            {
                return DisclosureReasons.TooFew(leads, "lead firm", rules.MinLeadFirms);
            }
            double Left(int supplier) => _suppliers[supplier] - (part?._suppliers.GetValueOrDefault(supplier) ?? 0);
            // Enough suppliers whatever the part takes away, or count those it leaves nothing of.
            if (_suppliers.Count - (part?._suppliers.Count ?? 0) < rules.MinSuppliers)
            {
                var gone = part is null ? 0 : part._suppliers.Keys.Count(s => Left(s) <= _suppliers[s] * 1e-9);
                var suppliers = _suppliers.Count - gone;
                if (suppliers < rules.MinSuppliers)
                {
                    return DisclosureReasons.TooFew(suppliers, "supplier", rules.MinSuppliers);
                }
            }
            _topLeads ??= Top(_leads);
            _topSuppliers ??= Top(_suppliers);
            // No firm's value left exceeds its value in the whole cell: when the largest of those is within the share
            // allowed of what is left, no firm dominates.
            var bound = Math.Max(_topLeads.Length > 0 ? _topLeads[0].Value : 0, _topSuppliers.Length > 0 ? _topSuppliers[0].Value : 0);
            if (bound <= rules.MaxDominance * total + 1e-12 * total)
            {
                return null;
            }
            // The largest lead firm left: the first of the top ones the part does not hold (all leads scanned when it holds them all).
            var largest = _topLeads.Where(kv => part?._leads.ContainsKey(kv.Key) != true).Select(kv => kv.Value).DefaultIfEmpty(-1).First();
            if (largest < 0)
            {
                largest = _leads.Where(kv => part?._leads.ContainsKey(kv.Key) != true).Select(kv => kv.Value).DefaultIfEmpty(0).Max();
            }
            // The largest supplier left: one the part does not touch keeps its whole value; one it does, what is left.
            var untouched = _topSuppliers.Where(kv => part is null || !part._suppliers.ContainsKey(kv.Key)).Select(kv => kv.Value).DefaultIfEmpty(-1).First();
            if (untouched < 0 && part is not null)
            {
                untouched = _suppliers.Where(kv => !part._suppliers.ContainsKey(kv.Key)).Select(kv => kv.Value).DefaultIfEmpty(0).Max();
            }
            largest = Math.Max(largest, untouched);
            if (part is not null)
            {
                foreach (var supplier in part._suppliers.Keys)
                {
                    largest = Math.Max(largest, Left(supplier));
                }
            }
            var share = largest / total;
            return share > rules.MaxDominance + 1e-12 ? DisclosureReasons.Dominant(share, rules) : null;
        }
    }
}

/// <summary>The cells of a report withheld under the disclosure rules, each with its reason; every other cell may be shown.</summary>
public sealed class DisclosureVerdicts(IReadOnlyDictionary<string, string> suppressed, IReadOnlyDictionary<string, double> values)
{
    /// <summary>Why a cell is withheld, or null when it may be shown (a cell no pair contributes to is 0 and shown).</summary>
    public string? Withheld(string cell) => suppressed.GetValueOrDefault(cell);

    public IReadOnlyDictionary<string, string> Suppressed => suppressed;

    /// <summary>The value of each cell the contributions make (for tests and the CSV report).</summary>
    public IReadOnlyDictionary<string, double> Values => values;
}
