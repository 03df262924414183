using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>A province's (or the unplaced lead firms') input value and domestic part, and why they fail the rules themselves (null when they pass).</summary>
public sealed record ProvinceTableCell(string? ProvinceId, double Value, double Domestic, string? Primary);

/// <summary>A province of a map: its lead firms' input value, its domestic part, and why they are withheld (null when shown).</summary>
public sealed record ProvinceVerdict(string ProvinceId, double Value, double Domestic, string? Withheld);

/// <summary>
/// The provinces of a map as a table: a cell per province, the lead firms no rule could place (the map of 63 only), and
/// the sums a reader can read elsewhere: each region's report and the country's.
/// </summary>
public sealed record ProvinceTableResult(IReadOnlyList<ProvinceTableCell> Cells, ProvinceTableCell Residual, IReadOnlyList<(string Name, IReadOnlyList<int> Parts, bool WithResidual)> Sums);

public static partial class LocalizationDisclosure
{
    /// <summary>The cells a map shows of a province: its lead firms' input value and its domestic part.</summary>
    public static readonly IReadOnlyList<string> TotalCells = [Cell(Total, Value), Cell(Total, Domestic)];

    /// <summary>
    /// Each province's total and domestic input value over one country-wide set of contributions, with the rules tested
    /// on each (a lead firm counts in the province of the map its recorded or placed province rolls up to on the date;
    /// one in none is unplaced), and the sums they make: each region (its provinces on the map) and the country (every
    /// province and the unplaced).
    /// </summary>
    public static ProvinceTableResult ProvinceTable(
        LocalizationContributions c, IReadOnlyList<Province> units, ProvinceDirectory provinces, DateOnly asOf, DisclosureRules rules,
        IReadOnlyDictionary<string, string>? regionNames = null, Func<ContributingLead, bool>? include = null) =>
        ProvinceTable(c, units, provinces, asOf, rules, regionNames, include, null);

    /// <summary>As above, with the cell table of <paramref name="c"/> built already.</summary>
    private static ProvinceTableResult ProvinceTable(
        LocalizationContributions c, IReadOnlyList<Province> units, ProvinceDirectory provinces, DateOnly asOf, DisclosureRules rules,
        IReadOnlyDictionary<string, string>? regionNames, Func<ContributingLead, bool>? include, CellTable? built)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
        {
            index[units[i].Id] = i;
        }
        var groups = new List<int>[units.Count + 1];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = [];
        }
        for (var l = 0; l < c.Leads.Count; l++)
        {
            if (include is not null && !include(c.Leads[l]))
            {
                continue;
            }
            var at = units.Count;
            foreach (var id in c.Leads[l].ProvinceIds)
            {
                if (provinces.ById(id) is { } p && index.TryGetValue(provinces.RollUp(p, asOf).Id, out var u))
                {
                    at = u;
                    break;
                }
            }
            groups[at].Add(l);
        }
        var table = built ?? new CellTable(c, withLocal: false);
        var (valueId, domesticId) = (table.IdOf(Cell(Total, Value)), table.IdOf(Cell(Total, Domestic)));
        ProvinceTableCell CellOf(string? provinceId, List<int> leads)
        {
            var stats = table.Stats(leads);
            var value = stats.GetValueOrDefault(valueId);
            var domestic = stats.GetValueOrDefault(domesticId);
            return new ProvinceTableCell(provinceId, value?.Total ?? 0, domestic?.Total ?? 0, value?.Problem(rules) ?? domestic?.Problem(rules));
        }
        var cells = units.Select((u, i) => CellOf(u.Id, groups[i])).ToList();
        var residual = CellOf(null, groups[units.Count]);
        var sums = new List<(string, IReadOnlyList<int>, bool)>();
        foreach (var region in Enumerable.Range(0, units.Count).Where(i => units[i].RegionId is not null).GroupBy(i => units[i].RegionId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var key = region.Key ?? "";
            sums.Add(($"the report over {regionNames?.GetValueOrDefault(key) ?? $"region {NodeIds.Local(key)}"}", [.. region], false));
        }
        sums.Add(("the report over the country", [.. Enumerable.Range(0, units.Count)], true));
        return new ProvinceTableResult(cells, residual, sums);
    }

    /// <summary>
    /// Complementary suppression over the provinces of a map, from what each province's own report withholds
    /// (<paramref name="withheld"/>, by province): while a region's or the country's sum has exactly one hidden part
    /// with value (the unplaced lead firms count as a part, hidden when they fail the rules themselves), the smallest
    /// other province shown is withheld too, so no hidden province's value is the sum less the others.
    /// </summary>
    public static IReadOnlyList<string?> ComplementProvinces(ProvinceTableResult table, IReadOnlyList<string?> withheld)
    {
        var hidden = withheld.ToArray();
        var residualHidden = table.Residual.Value > 0 && table.Residual.Primary is not null;
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (name, parts, withResidual) in table.Sums)
            {
                var withValue = parts.Where(i => table.Cells[i].Value > 0).ToList();
                var hiddenCount = withValue.Count(i => hidden[i] is not null) + (withResidual && residualHidden ? 1 : 0);
                if (hiddenCount != 1)
                {
                    continue;
                }
                var shown = withValue.Where(i => hidden[i] is null)
                    .OrderBy(i => table.Cells[i].Value).ThenBy(i => table.Cells[i].ProvinceId, StringComparer.Ordinal).ToList();
                if (shown.Count == 0)
                {
                    continue;
                }
                hidden[shown[0]] = $"withheld so that a hidden value of another province cannot be worked out from {name}";
                changed = true;
            }
        }
        return hidden;
    }

    /// <summary>
    /// Each province of a map with its total and domestic input value and why they are withheld (null when shown): from
    /// one country-wide set of contributions (of the sector's parent, when a sector is given, for the nested-sector
    /// tests), each province assessed as its own report is (rules 1 to 3, with the same nested reports) and then the
    /// provinces as a table (<see cref="ComplementProvinces"/>).
    /// </summary>
    public static async Task<IReadOnlyList<ProvinceVerdict>> AssessProvincesAsync(
        IGraphStore store, IReadOnlyList<Province> units, ProvinceDirectory provinces, DateOnly asOf, string? sectorId, DisclosureRules rules,
        CancellationToken cancellationToken)
    {
        IReadOnlyCollection<string>? sectors = sectorId is null ? null : [sectorId];
        var (sectorNode, children) = await SectorNestingAsync(store, sectors, cancellationToken).ConfigureAwait(false);
        var contributions = await store.LocalizationContributionsAsync(
            new LocalizationRequest { Scope = new NodeFilter { Countries = ["VN"] }, LeadSectorIds = WideSectors(sectorNode, sectors), AsOf = asOf }, cancellationToken).ConfigureAwait(false);
        var inSector = await InSectorAsync(store, contributions, cancellationToken).ConfigureAwait(false);
        bool OfSector(ContributingLead lead) => sectorNode is null || inSector(lead, sectorNode.Id);
        var regions = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Region, First = 10_000 }, cancellationToken).ConfigureAwait(false);
        // One table of cells for the provinces' sums and each province's own verdicts.
        var cells = new CellTable(contributions, withLocal: false);
        var table = ProvinceTable(contributions, units, provinces, asOf, rules, regions.Items.ToDictionary(i => i.Node.Id, i => i.Node.Name, StringComparer.Ordinal), OfSector, cells);
        var withheld = new string?[units.Count];
        for (var i = 0; i < units.Count; i++)
        {
            var (unit, cell) = (units[i], table.Cells[i]);
            if (cell.Primary is not null || cell.Value <= 0)
            {
                withheld[i] = cell.Value <= 0 ? null : cell.Primary;
                continue;
            }
            // The province's own report, assessed as AssessAsync assesses it, over the lead firms of its wide scope.
            var scopeIds = provinces.ScopeIds(unit, asOf);
            var (former, successor, predecessors, formerWide) = ProvinceNesting(scopeIds, provinces);
            var wideIds = (formerWide ?? scopeIds).ToHashSet(StringComparer.Ordinal);
            bool InWide(ContributingLead lead) => lead.ProvinceIds.Any(wideIds.Contains);
            bool InPlace(ContributingLead lead) => InWide(lead) && (former is null || lead.ProvinceIds.Contains(former.Id));
            bool Requested(ContributingLead lead) => InPlace(lead) && OfSector(lead);
            var neighbours = Neighbours(contributions, InWide, InPlace, Requested, null, null, sectorNode, children, inSector, former, successor, predecessors);
            var verdicts = Assess(contributions, Requested, contributions, Requested, neighbours, rules, null, cells);
            withheld[i] = TotalCells.Select(verdicts.Withheld).OfType<string>().FirstOrDefault();
        }
        var hidden = ComplementProvinces(table, withheld);
        return [.. units.Select((u, i) => new ProvinceVerdict(u.Id, table.Cells[i].Value, table.Cells[i].Domestic, hidden[i]))];
    }

    /// <summary>What the map of the request's date and sector withholds of the request's province, when the request is over one province of it.</summary>
    private static async Task<IReadOnlyDictionary<string, string>?> MapVerdictAsync(
        LocalizationRequest request, ProvinceDirectory provinces, Func<DateOnly, string?, CancellationToken, Task<ProvinceMap>> provinceMap, CancellationToken cancellationToken)
    {
        if (request.LeadSectorIds is { Count: > 1 } || request.Scope is not { ProvinceIds.Count: > 0 } scope || scope != new NodeFilter { ProvinceIds = scope.ProvinceIds })
        {
            return null;
        }
        var ids = scope.ProvinceIds.ToHashSet(StringComparer.Ordinal);
        var unit = provinces.AsOf(request.AsOf).FirstOrDefault(u => ids.SetEquals(provinces.ScopeIds(u, request.AsOf)));
        if (unit is null)
        {
            return null;
        }
        var map = await provinceMap(request.AsOf, request.LeadSectorIds?.First(), cancellationToken).ConfigureAwait(false);
        return map.Entry(unit.Id)?.Withheld is { } reason ? TotalCells.ToDictionary(cell => cell, _ => reason, StringComparer.Ordinal) : null;
    }
}
