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
/// table (see <see cref="LocalizationDisclosure.AssessProvincesAsync"/>).
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

        var values = await LocalizationDisclosure.AssessProvincesAsync(store, units, provinces, asOf, sectorId, rules, cancellationToken).ConfigureAwait(false);
        var entries = new List<ProvinceMapEntry>(units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            var parks = pages[4 * i + 3].Items.Select(item => (Park)item.Node).ToList();
            var land = parks.Select(p => p.AvailableAreaHa).OfType<double>().ToList();
            entries.Add(new ProvinceMapEntry(units[i], pages[4 * i].TotalCount, pages[4 * i + 1].TotalCount, pages[4 * i + 2].TotalCount, parks.Count,
                land.Count == 0 ? null : land.Sum(), values[i].Value, values[i].Domestic, values[i].Withheld));
        }
        var n = 4 * units.Count;
        var unplaced = former
            ? new ProvinceMapUnplaced(pages[n].TotalCount, pages[n + 1].TotalCount, pages[n + 2].TotalCount, pages[n + 3].TotalCount)
            : new ProvinceMapUnplaced(0, 0, 0, 0);
        return new ProvinceMap(asOf, sectorId, entries, unplaced);
    }

    private static NodeQuery Count(NodeFilter filter) => new() { Kind = NodeKind.Firm, Filter = filter, First = 0 };
}
