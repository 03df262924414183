using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// One province of a map with its indicators: firms (of the sector, when one is given), lead firms, supporting-industry
/// firms, parks and their industrial land not yet leased, and the value of the lead firms' inputs with its domestic part.
/// <see cref="Withheld"/> says why the two values may not be shown to a caller who cannot read trade values (null when
/// they may).
/// </summary>
public sealed record ProvinceMapEntry(
    Province Province,
    int Firms,
    int LeadFirms,
    int SupportingFirms,
    int Parks,
    double? AvailableAreaHa,
    double ValueUsd,
    double DomesticValueUsd,
    string? Withheld)
{
    /// <summary>Domestic share of the lead firms' known input value; null when none is known.</summary>
    public double? DomesticShare => ValueUsd > 0 ? DomesticValueUsd / ValueUsd : null;
}

/// <summary>What no rule could place on the map of 63 (recorded under a province in force, with no ward or point to place it by).</summary>
public sealed record ProvinceMapUnplaced(int Firms, int LeadFirms, int SupportingFirms, int Parks);

/// <summary>The provinces in force on a date (34, or 63 before 2025-07-01) with their indicators.</summary>
public sealed record ProvinceMap(DateOnly AsOf, string? SectorId, IReadOnlyList<ProvinceMapEntry> Provinces, ProvinceMapUnplaced Unplaced)
{
    /// <summary>Whether this is the map before the 2025 merger.</summary>
    public bool FormerMap => AsOf < ProvinceDirectory.MergerDate;

    public ProvinceMapEntry? Entry(string provinceId) => Provinces.FirstOrDefault(e => e.Province.Id == provinceId);
}

/// <summary>
/// Builds a <see cref="ProvinceMap"/>. Each province counts what its own listings and report count (firms recorded in it,
/// and for a province in force those recorded in the former units merged into it; for a former province those of its
/// successor placed in it); the input values come from one country-wide set of contributions, each lead firm in the
/// province it is recorded or placed in, and pass the disclosure rules as the province's own report does, then as a
/// table (see <see cref="LocalizationDisclosure.ProvinceTable"/>).
/// </summary>
public static class ProvinceMapAnalysis
{
    public static async Task<ProvinceMap> BuildAsync(IGraphStore store, ProvinceDirectory provinces, DateOnly asOf, string? sectorId, DisclosureRules rules, CancellationToken cancellationToken)
    {
        var units = provinces.AsOf(asOf);
        IReadOnlyCollection<string>? sectors = sectorId is null ? null : [sectorId];
        var queries = new List<NodeQuery>();
        foreach (var unit in units)
        {
            var place = provinces.ScopeIds(unit, asOf);
            queries.Add(Count(new NodeFilter { ProvinceIds = place, SectorIds = sectors }));
            queries.Add(Count(new NodeFilter { ProvinceIds = place, SectorIds = sectors, Roles = [FirmRole.LeadFirm] }));
            queries.Add(Count(new NodeFilter { ProvinceIds = place, SectorIds = sectors, Roles = [FirmRole.SupportingIndustry] }));
            queries.Add(new NodeQuery { Kind = NodeKind.Park, Filter = new NodeFilter { ProvinceIds = place, PrioritySectorIds = sectors }, First = 10_000 });
        }
        var former = asOf < ProvinceDirectory.MergerDate;
        if (former)
        {
            queries.Add(Count(new NodeFilter { Unplaced = true, SectorIds = sectors }));
            queries.Add(Count(new NodeFilter { Unplaced = true, SectorIds = sectors, Roles = [FirmRole.LeadFirm] }));
            queries.Add(Count(new NodeFilter { Unplaced = true, SectorIds = sectors, Roles = [FirmRole.SupportingIndustry] }));
            queries.Add(new NodeQuery { Kind = NodeKind.Park, Filter = new NodeFilter { Unplaced = true, PrioritySectorIds = sectors }, First = 0 });
        }
        var pages = await store.ListNodesAsync(queries, cancellationToken).ConfigureAwait(false);

        var contributions = await store.LocalizationContributionsAsync(
            new LocalizationRequest { Scope = new NodeFilter { Countries = ["VN"] }, LeadSectorIds = sectors, AsOf = asOf }, cancellationToken).ConfigureAwait(false);
        var regions = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Region, First = 10_000 }, cancellationToken).ConfigureAwait(false);
        var table = LocalizationDisclosure.ProvinceTable(contributions, units, provinces, asOf, rules,
            regions.Items.ToDictionary(i => i.Node.Id, i => i.Node.Name, StringComparer.Ordinal));

        // A province's values pass the rules as its own report's do (nested parks, sectors, the other map), then as a table.
        var entries = new List<ProvinceMapEntry>(units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            var parks = pages[4 * i + 3].Items.Select(item => (Park)item.Node).ToList();
            var land = parks.Select(p => p.AvailableAreaHa).OfType<double>().ToList();
            var cell = table.Cells[i];
            var withheld = cell.Primary;
            if (withheld is null && cell.Value > 0)
            {
                var request = new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = provinces.ScopeIds(unit, asOf) }, LeadSectorIds = sectors, AsOf = asOf };
                var verdicts = await LocalizationDisclosure.AssessAsync(store, request, rules, provinces, cancellationToken).ConfigureAwait(false);
                withheld = LocalizationDisclosure.TotalCells.Select(verdicts.Withheld).OfType<string>().FirstOrDefault();
            }
            entries.Add(new ProvinceMapEntry(unit, pages[4 * i].TotalCount, pages[4 * i + 1].TotalCount, pages[4 * i + 2].TotalCount, parks.Count,
                land.Count == 0 ? null : land.Sum(), cell.Value, cell.Domestic, withheld));
        }
        var hidden = LocalizationDisclosure.ComplementProvinces(table, [.. entries.Select(e => e.Withheld)]);
        entries = [.. entries.Select((e, i) => e with { Withheld = hidden[i] })];
        var n = 4 * units.Count;
        var unplaced = former
            ? new ProvinceMapUnplaced(pages[n].TotalCount, pages[n + 1].TotalCount, pages[n + 2].TotalCount, pages[n + 3].TotalCount)
            : new ProvinceMapUnplaced(0, 0, 0, 0);
        return new ProvinceMap(asOf, sectorId, entries, unplaced);
    }

    private static NodeQuery Count(NodeFilter filter) => new() { Kind = NodeKind.Firm, Filter = filter, First = 0 };
}
