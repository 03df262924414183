using System.Globalization;
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
/// one part is hidden, the smallest other part is hidden too when two or more others are shown, else the total, until
/// no shown total leaves one hidden part to work out.</item>
/// </list>
/// Shares are shown only when both their numerator and denominator are.
/// </summary>
public static class LocalizationDisclosure
{
    public const string Total = "total";
    public const string Value = "value", Domestic = "domestic", Local = "local", Foreign = "foreign";

    /// <summary>The key of a value cell: "total/value", "sector:26/domestic".</summary>
    public static string Cell(string row, string measure) => $"{row}/{measure}";

    /// <summary>The key of an input sector's value from one supplier country.</summary>
    public static string CountryCell(string sectorId, string country) => $"{sectorId}/country/{country}";

    /// <summary>Assesses every cell of the request's report under the rules.</summary>
    public static async Task<DisclosureVerdicts> AssessAsync(IGraphStore store, LocalizationRequest request, DisclosureRules rules, ProvinceDirectory provinces, CancellationToken cancellationToken)
    {
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
        // A former province alone (the 63-province map) against the province it became part of, and a province in
        // force against each former one merged into it: reports that differ by the firms of the others.
        Province? former = null, successor = null;
        IReadOnlyList<Province> predecessors = [];
        if (scope is { ProvinceIds.Count: > 0 } && scope == new NodeFilter { ProvinceIds = scope.ProvinceIds })
        {
            var named = scope.ProvinceIds.Select(provinces.ById).OfType<Province>().ToList();
            if (named.Count == 1 && named[0].ValidTo is not null && named[0].SuccessorId is { } next && provinces.ById(next) is { } s)
            {
                (former, successor) = (named[0], s);
                wideScope = new NodeFilter { ProvinceIds = provinces.ScopeIds(s, ProvinceDirectory.MergerDate) };
            }
            else if (named.FirstOrDefault(n => n.ValidTo is null && named.Count == 1 + provinces.Predecessors(n).Count) is { } current)
            {
                predecessors = provinces.Predecessors(current);
            }
        }
        var sector = request.LeadSectorIds is { Count: 1 } one ? one.First() : null;
        var sectorNode = sector is null ? null : (await store.GetNodesAsync([sector], cancellationToken).ConfigureAwait(false))[0] as Sector;
        var wide = request with
        {
            Scope = wideScope,
            LeadSectorIds = sectorNode is null ? request.LeadSectorIds : sectorNode.ParentId is { } parent ? [parent] : null,
        };
        var contributions = await store.LocalizationContributionsAsync(wide, cancellationToken).ConfigureAwait(false);
        var children = sectorNode is null ? [] : (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Sector, Filter = new NodeFilter { ParentId = sectorNode.Id }, First = 10_000 }, cancellationToken).ConfigureAwait(false))
            .Items.Select(i => i.Node.Id).ToList();
        var ancestors = await AncestorsAsync(store, contributions.Leads.SelectMany(l => l.SectorIds), cancellationToken).ConfigureAwait(false);
        bool InSector(ContributingLead lead, string of) => lead.SectorIds.Any(s => ancestors.TryGetValue(s, out var up) && up.Contains(of));
        bool InPark(ContributingLead lead) => (park is null || lead.ParkId == park) && (former is null || lead.ProvinceIds.Contains(former.Id));
        bool Requested(ContributingLead lead) => InPark(lead) && (sectorNode is null || InSector(lead, sectorNode.Id));

        var neighbours = new List<(string Name, Func<ContributingLead, bool> Difference)>();
        if (park is not null && parkProvince is not null)
        {
            neighbours.Add(($"the report over {parkProvince}", l => l.ParkId != park && (sectorNode is null || InSector(l, sectorNode.Id))));
        }
        if (sectorNode is not null)
        {
            neighbours.Add((sectorNode.ParentId is null ? "the report over every sector" : $"the report over sector {NodeIdsLocal(sectorNode.ParentId)}", l => InPark(l) && !InSector(l, sectorNode.Id)));
            foreach (var child in children)
            {
                neighbours.Add(($"the report over sector {NodeIdsLocal(child)}", l => Requested(l) && !InSector(l, child)));
            }
        }
        if (former is not null && successor is not null)
        {
            neighbours.Add(($"the report over {successor.Name} (in force)", l => !l.ProvinceIds.Contains(former.Id) && (sectorNode is null || InSector(l, sectorNode.Id))));
        }
        foreach (var old in predecessors)
        {
            neighbours.Add(($"the report over the former {old.Name}", l => Requested(l) && !l.ProvinceIds.Contains(old.Id)));
        }
        if (park is null)
        {
            foreach (var k in contributions.Leads.Where(Requested).Select(l => l.ParkId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                neighbours.Add(($"the report over park {k}", l => Requested(l) && l.ParkId != k));
            }
        }
        // A park's or former province's own values (local meaning in it) come from its own report; the differences from the wider one.
        var widened = park is not null || former is not null;
        var own = widened ? await store.LocalizationContributionsAsync(request, cancellationToken).ConfigureAwait(false) : contributions;
        return Assess(own, widened ? _ => true : Requested, contributions, neighbours, rules);
    }

    private static string NodeIdsLocal(string id) => NodeIds.Local(id);

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

    /// <summary>The verdicts over given contributions: the requested lead firms' cells, tested alone, against each neighbour's difference, then for complements.</summary>
    internal static DisclosureVerdicts Assess(
        LocalizationContributions c, Func<ContributingLead, bool> requested, LocalizationContributions wide,
        IReadOnlyList<(string Name, Func<ContributingLead, bool> Difference)> neighbours, DisclosureRules rules)
    {
        var isRequested = c.Leads.Select(requested).ToArray();
        var cells = Cells(c, c.Rows.Where(r => isRequested[r.Lead]));
        var suppressed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, stats) in cells)
        {
            if (stats.Problem(rules) is { } problem)
            {
                suppressed[key] = problem;
            }
        }
        foreach (var (name, difference) in neighbours)
        {
            var inDifference = wide.Leads.Select(difference).ToArray();
            foreach (var (key, stats) in Cells(wide, wide.Rows.Where(r => inDifference[r.Lead])))
            {
                if (cells.ContainsKey(key) && !suppressed.ContainsKey(key) && stats.Problem(rules) is { } problem)
                {
                    suppressed[key] = $"withheld: its difference with {name} is an aggregate where {problem}";
                }
            }
        }
        Complement(c, cells, suppressed);
        return new DisclosureVerdicts(suppressed, cells.ToDictionary(kv => kv.Key, kv => kv.Value.Total, StringComparer.Ordinal));
    }

    /// <summary>Per cell, the value each lead firm and each supplier contributes.</summary>
    private static Dictionary<string, CellStats> Cells(LocalizationContributions c, IEnumerable<ContributionRow> rows)
    {
        var cells = new Dictionary<string, CellStats>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var sector = c.Sectors[r.Sector];
            var domestic = c.Countries[r.Country] == "VN";
            Add(Cell(Total, Value));
            Add(Cell(sector, Value));
            Add(Cell(Total, domestic ? Domestic : Foreign));
            Add(Cell(sector, domestic ? Domestic : Foreign));
            Add(CountryCell(sector, c.Countries[r.Country]));
            if (r.Local)
            {
                Add(Cell(Total, Local));
                Add(Cell(sector, Local));
            }

            void Add(string key)
            {
                if (!cells.TryGetValue(key, out var stats))
                {
                    cells[key] = stats = new CellStats();
                }
                stats.Add(r);
            }
        }
        return cells;
    }

    /// <summary>Hides more cells until no shown sum has exactly one hidden part (see the class remarks).</summary>
    private static void Complement(LocalizationContributions c, Dictionary<string, CellStats> cells, Dictionary<string, string> suppressed)
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
        double ValueOf(string key) => cells.TryGetValue(key, out var stats) ? stats.Total : 0;
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
                if (suppressed.ContainsKey(total))
                {
                    continue;
                }
                var withValue = parts.Where(p => ValueOf(p) > 0).ToList();
                if (withValue.Count(suppressed.ContainsKey) != 1)
                {
                    continue;
                }
                // The smallest other part when two or more are shown (the total keeps its use); else the total itself.
                var shown = withValue.Where(p => !suppressed.ContainsKey(p)).OrderBy(ValueOf).ThenBy(p => p, StringComparer.Ordinal).ToList();
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

        public double Total { get; private set; }

        public void Add(ContributionRow r)
        {
            Total += r.Value;
            _leads[r.Lead] = _leads.GetValueOrDefault(r.Lead) + r.Value;
            _suppliers[r.Supplier] = _suppliers.GetValueOrDefault(r.Supplier) + r.Value;
        }

        /// <summary>Why the cell may not be shown, or null when it may.</summary>
        public string? Problem(DisclosureRules rules)
        {
            if (Total <= 0)
            {
                return null;
            }
            if (_leads.Count < rules.MinLeadFirms)
            {
                return $"{Count(_leads.Count, "lead firm")} (at least {rules.MinLeadFirms} needed)";
            }
            if (_suppliers.Count < rules.MinSuppliers)
            {
                return $"{Count(_suppliers.Count, "supplier")} (at least {rules.MinSuppliers} needed)";
            }
            var largest = Math.Max(_leads.Values.Max(), _suppliers.Values.Max()) / Total;
            return largest > rules.MaxDominance
                ? $"one firm accounts for {(largest * 100).ToString("0.#", CultureInfo.InvariantCulture)}% of the value (at most {(rules.MaxDominance * 100).ToString("0.#", CultureInfo.InvariantCulture)}% allowed)"
                : null;
        }

        private static string Count(int n, string what) => n == 1 ? $"1 {what} contributes" : $"{n} {what}s contribute";
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
