using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using static Ecosystem.Graph.Analysis.LocalizationDisclosure;

namespace Ecosystem.Tests.Store;

/// <summary>
/// The map of provinces: its counts and values as the provinces' own listings and reports give them, and the provinces
/// as a table under complementary suppression (a hidden province cannot be worked out from its region or the country),
/// which the province's own report follows.
/// </summary>
public sealed class ProvinceMapTests
{
    private static readonly DisclosureRules Rules = new();
    private static readonly DateOnly Today = new(2026, 6, 1);

    /// <summary>
    /// The fixture, plus three lead firms in today's Bắc Ninh buying 1,000 from each of three suppliers of plastics and
    /// 500 from each of three of boards (it passes the rules in each input sector) and one in Hà Nội buying 100 from
    /// each of the first three (it fails: one lead firm); both in the same region.
    /// </summary>
    private static async Task<(EmbeddedGraphStore Store, ProvinceDirectory Provinces)> OpenAsync(TempDirectory dir)
    {
        var store = await EmbeddedGraphStore.OpenAsync(dir.Path);
        await store.ApplyAsync(TestGraph.Build());
        var added = new List<Node>();
        var links = new List<SupplyLink>();
        var suppliers = new[] { "firm:m-s1", "firm:m-s2", "firm:m-s3" };
        foreach (var s in suppliers)
        {
            added.Add(TestGraph.Firm(s, $"Công ty Cung ứng {s}", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry));
        }
        var parts = new[] { "firm:m-s4", "firm:m-s5", "firm:m-s6" };
        foreach (var s in parts)
        {
            added.Add(TestGraph.Firm(s, $"Công ty Linh kiện {s}", "VN", "province:01-ha-noi", null, "sector:26100", FirmRole.SupportingIndustry));
        }
        foreach (var (lead, province, value) in new[] { ("firm:m-b1", "province:24-bac-ninh", 1000.0), ("firm:m-b2", "province:24-bac-ninh", 1000), ("firm:m-b3", "province:24-bac-ninh", 1000), ("firm:m-h1", "province:01-ha-noi", 100) })
        {
            // Recorded in today's Bắc Ninh with no ward or point: unplaced on the map of 63.
            var firm = TestGraph.Firm(lead, $"Công ty Dẫn đầu {lead}", "VN", province, null, "sector:26100", FirmRole.LeadFirm);
            added.Add(province == "province:24-bac-ninh" ? firm with { Placement = new Placement(province, null, PlacementMethod.Unplaced) } : firm);
            links.AddRange(suppliers.Select(s => TestGraph.Link(s, lead, "sector:22", value, "vỏ")));
            if (province == "province:24-bac-ninh")
            {
                links.AddRange(parts.Select(s => TestGraph.Link(s, lead, "sector:26100", 500, "bo mạch")));
            }
        }
        await store.ApplyAsync(new ChangeSet { UpsertNodes = added, UpsertLinks = links });
        var provinces = new ProvinceDirectory((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node));
        return (store, provinces);
    }

    [Fact]
    public async Task Each_province_counts_what_its_listings_and_report_count()
    {
        using var dir = new TempDirectory();
        var (store, provinces) = await OpenAsync(dir);
        await using var _ = store;
        var map = await ProvinceMapAnalysis.BuildAsync(store, provinces, Today, null, Rules, default);
        Assert.False(map.FormerMap);
        Assert.Equal(provinces.AsOf(Today).Select(p => p.Id), map.Provinces.Select(e => e.Province.Id));
        foreach (var entry in map.Provinces)
        {
            var scope = new NodeFilter { ProvinceIds = provinces.ScopeIds(entry.Province, Today) };
            Assert.Equal((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = scope, First = 0 })).TotalCount, entry.Firms);
            Assert.Equal((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = scope with { Roles = [FirmRole.LeadFirm] }, First = 0 })).TotalCount, entry.LeadFirms);
            Assert.Equal((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park, Filter = scope, First = 0 })).TotalCount, entry.Parks);
            var totals = await store.LocalizationAsync(new LocalizationRequest { Scope = scope, AsOf = Today });
            Assert.Equal(totals.Inputs.Sum(i => i.ValueUsd), entry.ValueUsd, 6);
            Assert.Equal(totals.Inputs.Sum(i => i.DomesticValueUsd), entry.DomesticValueUsd, 6);
        }
        var bacNinh = map.Entry("province:24-bac-ninh")!;
        // The fixture's lead firm (1,500 from two suppliers) and the three added (4,500 each).
        Assert.Equal(4, bacNinh.LeadFirms);
        Assert.Equal(15_000, bacNinh.ValueUsd, 6);
        // Yên Phong (recorded in the former Bắc Ninh): 200 ha industrial, 75% let.
        Assert.Equal(50, bacNinh.AvailableAreaHa);
    }

    [Fact]
    public async Task A_province_that_would_give_away_a_hidden_neighbour_through_their_region_is_withheld_and_so_is_its_report()
    {
        using var dir = new TempDirectory();
        var (store, provinces) = await OpenAsync(dir);
        await using var _ = store;
        var map = await ProvinceMapAnalysis.BuildAsync(store, provinces, Today, null, Rules, default);
        Assert.Equal("1 lead firm contributes (at least 3 needed)", map.Entry("province:01-ha-noi")!.Withheld);
        // Alone Bắc Ninh passes; beside a hidden Hà Nội in one region, the region's total less Bắc Ninh is Hà Nội.
        var bacNinh = provinces.ById("province:24-bac-ninh")!;
        var request = new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = provinces.ScopeIds(bacNinh, Today) }, AsOf = Today };
        var alone = await AssessAsync(store, request, Rules, provinces, default);
        Assert.Null(alone.Withheld(Cell(Total, Value)));
        var reason = map.Entry(bacNinh.Id)!.Withheld;
        Assert.NotNull(reason);
        Assert.StartsWith("withheld so that a hidden value of another province cannot be worked out from the report over", reason, StringComparison.Ordinal);
        // The province's own report follows the map: its totals are withheld with the same reason, and with the total
        // hidden, an input sector too (the sectors would add up to it).
        var withMap = await AssessAsync(store, request, Rules, provinces, default, (d, s, ct) => ProvinceMapAnalysis.BuildAsync(store, provinces, d, s, Rules, ct));
        Assert.Equal(reason, withMap.Withheld(Cell(Total, Value)));
        Assert.Equal(reason, withMap.Withheld(Cell(Total, Domestic)));
        Assert.Contains(withMap.Suppressed.Keys, k => k.StartsWith("sector:", StringComparison.Ordinal) && k.EndsWith("/value", StringComparison.Ordinal));
        // A report over something else (a park) is not a province of the map: the map does not change it.
        var park = new LocalizationRequest { Scope = new NodeFilter { ParkIds = ["park:kcn-yen-phong"] }, AsOf = Today };
        Assert.Equal(
            (await AssessAsync(store, park, Rules, provinces, default)).Suppressed.OrderBy(kv => kv.Key),
            (await AssessAsync(store, park, Rules, provinces, default, (d, s, ct) => ProvinceMapAnalysis.BuildAsync(store, provinces, d, s, Rules, ct))).Suppressed.OrderBy(kv => kv.Key));
    }

    [Theory]
    [InlineData("2026-06-01", null)]
    [InlineData("2026-06-01", "sector:2610")]
    [InlineData("2024-06-01", null)]
    public async Task Each_province_is_assessed_as_its_own_report_is_then_as_a_table(string date, string? sector)
    {
        using var dir = new TempDirectory();
        var (store, provinces) = await OpenAsync(dir);
        await using var _ = store;
        // A park of Hà Nội's lead firm's own, and a placed lead firm of the former Bắc Ninh: more nested reports.
        await store.ApplyAsync(new ChangeSet { UpsertNodes = [
            TestGraph.Firm("firm:m-h1", "Công ty Dẫn đầu firm:m-h1", "VN", "province:01-ha-noi", "park:kcn-dinh-vu", "sector:26100", FirmRole.LeadFirm),
            TestGraph.Firm("firm:m-b3", "Công ty Dẫn đầu firm:m-b3", "VN", "province:24-bac-ninh", "park:kcn-yen-phong", "sector:26100", FirmRole.LeadFirm)
                with { Placement = new Placement("province:24-bac-ninh", "province:27-bac-ninh-pre2025", PlacementMethod.Coordinates) }] });
        var asOf = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var units = provinces.AsOf(asOf);
        var map = await ProvinceMapAnalysis.BuildAsync(store, provinces, asOf, sector, Rules, default);
        // Each province's report, assessed on its own (one store call each), then the table over them.
        var own = new List<string?>();
        foreach (var unit in units)
        {
            var request = new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = provinces.ScopeIds(unit, asOf) }, LeadSectorIds = sector is null ? null : [sector], AsOf = asOf };
            var verdicts = await AssessAsync(store, request, Rules, provinces, default);
            own.Add(map.Entry(unit.Id)!.ValueUsd > 0 ? TotalCells.Select(verdicts.Withheld).OfType<string>().FirstOrDefault() : null);
        }
        var contributions = await store.LocalizationContributionsAsync(new LocalizationRequest { Scope = new NodeFilter { Countries = ["VN"] }, LeadSectorIds = sector is null ? null : [sector], AsOf = asOf });
        var table = ProvinceTable(contributions, units, provinces, asOf, Rules,
            (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Region })).Items.ToDictionary(i => i.Node.Id, i => i.Node.Name));
        Assert.Equal(ComplementProvinces(table, own), map.Provinces.Select(e => e.Withheld));
        Assert.Equal(table.Cells.Select(c => c.Value), map.Provinces.Select(e => e.ValueUsd));
        Assert.Contains(map.Provinces, e => e.ValueUsd > 0);
    }

    [Fact]
    public async Task On_the_map_of_63_a_lead_firm_of_a_new_province_with_no_place_is_unplaced_not_counted_on_a_province()
    {
        using var dir = new TempDirectory();
        var (store, provinces) = await OpenAsync(dir);
        await using var _ = store;
        var before = new DateOnly(2024, 6, 1);
        var map = await ProvinceMapAnalysis.BuildAsync(store, provinces, before, null, Rules, default);
        Assert.True(map.FormerMap);
        Assert.Equal(provinces.AsOf(before).Select(p => p.Id), map.Provinces.Select(e => e.Province.Id));
        Assert.DoesNotContain(map.Provinces, e => e.Province.Id == "province:24-bac-ninh");
        // The three added are recorded in today's Bắc Ninh and placed nowhere (the fixture's has no placement worked out).
        Assert.Equal(3, map.Unplaced.LeadFirms);
        Assert.Equal(0, map.Entry("province:27-bac-ninh-pre2025")!.LeadFirms);
        Assert.Equal(0, map.Entry("province:27-bac-ninh-pre2025")!.ValueUsd);
    }

    [Fact]
    public void Unplaced_lead_firms_that_fail_the_rules_hide_the_smallest_province_so_the_country_total_does_not_give_them_away()
    {
        var table = new ProvinceTableResult(
            [new ProvinceTableCell("province:a", 300, 100, null), new ProvinceTableCell("province:b", 500, 200, null), new ProvinceTableCell("province:c", 0, 0, null)],
            new ProvinceTableCell(null, 50, 0, "1 lead firm contributes (at least 3 needed)"),
            [("the report over the country", [0, 1, 2], true)]);
        var hidden = ComplementProvinces(table, [null, null, null]);
        Assert.StartsWith("withheld so that", hidden[0]);
        Assert.Null(hidden[1]);
        Assert.Null(hidden[2]);
        // Unplaced firms that pass the rules hide nothing.
        var passing = table with { Residual = table.Residual with { Primary = null } };
        Assert.All(ComplementProvinces(passing, [null, null, null]), Assert.Null);
    }

    [Fact]
    public void A_region_with_two_hidden_provinces_needs_no_more()
    {
        var table = new ProvinceTableResult(
            [new ProvinceTableCell("province:a", 300, 100, null), new ProvinceTableCell("province:b", 500, 200, null), new ProvinceTableCell("province:c", 900, 200, null)],
            new ProvinceTableCell(null, 0, 0, null),
            [("the report over region 1", [0, 1, 2], false)]);
        Assert.Equal(["x", "y", null], ComplementProvinces(table, ["x", "y", null]));
        // One hidden: the smaller of the other two (500, not 900) goes with it.
        var one = ComplementProvinces(table, ["x", null, null]);
        Assert.Equal("x", one[0]);
        Assert.StartsWith("withheld so that", one[1]);
        Assert.Null(one[2]);
    }
}
