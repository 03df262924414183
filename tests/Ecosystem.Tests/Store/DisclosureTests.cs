using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using static Ecosystem.Graph.Analysis.LocalizationDisclosure;

namespace Ecosystem.Tests.Store;

/// <summary>
/// The disclosure rules on hand-built contributions: each primary rule, a cell of no value, complementary suppression
/// within the report, and the differencing cases (a scope and a park in it, a sector and its child).
/// </summary>
public sealed class DisclosureTests
{
    private static readonly DisclosureRules Rules = new();
    private const string S26 = "sector:26", S22 = "sector:22";

    /// <summary>Contributions of lead firms (id, park, sectors) and rows (lead, supplier, sector, country, value).</summary>
    private static LocalizationContributions Of(
        (string Id, string? Park, string Sector)[] leads, params (int Lead, int Supplier, string Sector, string Country, double Value)[] rows)
    {
        var sectors = rows.Select(r => r.Sector).Distinct().ToList();
        var countries = rows.Select(r => r.Country).Distinct().ToList();
        var suppliers = rows.Select(r => r.Supplier).Distinct().Order().ToList();
        return new LocalizationContributions(
            [.. leads.Select(l => new ContributingLead(l.Id, l.Park, [l.Sector], []))],
            [.. suppliers.Select(s => $"firm:s{s}")],
            sectors,
            countries,
            [.. rows.Select(r => new ContributionRow(r.Lead, suppliers.IndexOf(r.Supplier), sectors.IndexOf(r.Sector), countries.IndexOf(r.Country), false, r.Value))]);
    }

    private static DisclosureVerdicts Alone(LocalizationContributions c) => Assess(c, _ => true, c, _ => true, [], Rules);

    private static readonly (string, string?, string)[] FourLeads = [("firm:l0", null, S26), ("firm:l1", null, S26), ("firm:l2", null, S26), ("firm:l3", null, S26)];

    [Fact]
    public void Three_lead_firms_three_suppliers_and_no_dominant_firm_pass()
    {
        var c = Of(FourLeads, (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 3, S22, "VN", 100));
        var verdicts = Alone(c);
        Assert.Null(verdicts.Withheld(Cell(Total, Value)));
        Assert.Null(verdicts.Withheld(Cell(S22, Domestic)));
        Assert.Equal(300, verdicts.Values[Cell(Total, Value)]);
    }

    [Fact]
    public void Two_lead_firms_are_too_few()
    {
        var c = Of(FourLeads, (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (1, 3, S22, "VN", 100));
        Assert.Equal("2 lead firms contribute (at least 3 needed)", Alone(c).Withheld(Cell(Total, Value)));
    }

    [Fact]
    public void Two_suppliers_are_too_few()
    {
        var c = Of(FourLeads, (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 2, S22, "VN", 100));
        Assert.Equal("2 suppliers contribute (at least 3 needed)", Alone(c).Withheld(Cell(Total, Value)));
    }

    [Fact]
    public void One_firm_above_85_percent_dominates_and_the_threshold_is_a_setting()
    {
        var c = Of(FourLeads, (0, 1, S22, "VN", 900), (1, 2, S22, "VN", 50), (2, 3, S22, "VN", 50));
        Assert.Equal("one firm accounts for 90% of the value (at most 85% allowed)", Alone(c).Withheld(Cell(Total, Value)));
        Assert.Null(Assess(c, _ => true, c, _ => true, [], Rules with { MaxDominance = 0.95 }).Withheld(Cell(Total, Value)));
        // Exactly at the threshold passes.
        var at = Of(FourLeads, (0, 1, S22, "VN", 85), (1, 2, S22, "VN", 10), (2, 3, S22, "VN", 5));
        Assert.Null(Alone(at).Withheld(Cell(Total, Value)));
    }

    [Fact]
    public void A_cell_of_no_value_is_shown()
    {
        var c = Of(FourLeads, (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 3, S22, "VN", 100));
        var verdicts = Alone(c);
        // Nothing is bought abroad: foreign is 0 for every firm, and shown.
        Assert.False(verdicts.Values.ContainsKey(Cell(S22, Foreign)));
        Assert.Null(verdicts.Withheld(Cell(S22, Foreign)));
    }

    [Fact]
    public void A_hidden_part_with_one_shown_beside_it_hides_their_total()
    {
        // Sector 22: domestic from three suppliers passes, foreign from one supplier fails.
        var c = Of(FourLeads,
            (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 3, S22, "VN", 100),
            (0, 4, S22, "CN", 40), (1, 4, S22, "CN", 40), (2, 4, S22, "CN", 40));
        var verdicts = Alone(c);
        Assert.Equal("1 supplier contributes (at least 3 needed)", verdicts.Withheld(Cell(S22, Foreign)));
        Assert.NotNull(verdicts.Withheld(CountryCell(S22, "CN")));
        // value = domestic + foreign: with foreign hidden and domestic shown, the value would give foreign away, so it goes.
        Assert.Null(verdicts.Withheld(Cell(S22, Domestic)));
        Assert.Null(verdicts.Withheld(CountryCell(S22, "VN")));
        Assert.StartsWith("withheld so that", verdicts.Withheld(Cell(S22, Value)));
        Assert.StartsWith("withheld so that", verdicts.Withheld(Cell(Total, Value)));
    }

    [Fact]
    public void A_hidden_sector_hides_another_so_the_total_does_not_give_it_away()
    {
        var c = Of(FourLeads,
            (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 3, S22, "VN", 100),
            (0, 4, S26, "VN", 500), (1, 5, S26, "VN", 500), (2, 6, S26, "VN", 500),
            (3, 7, "sector:20", "VN", 30));
        var verdicts = Alone(c);
        Assert.NotNull(verdicts.Withheld(Cell("sector:20", Value)));
        Assert.Null(verdicts.Withheld(Cell(Total, Value)));
        // The smaller of the two shown sectors goes with it.
        Assert.StartsWith("withheld so that", verdicts.Withheld(Cell(S22, Value)));
        Assert.Null(verdicts.Withheld(Cell(S26, Value)));
    }

    [Fact]
    public void A_scope_and_a_park_in_it_that_differ_by_one_firm_are_both_withheld()
    {
        // Four lead firms: three in park K, one outside. Each report alone passes; their difference is one firm.
        (string, string?, string)[] leads = [("firm:l0", "park:k", S26), ("firm:l1", "park:k", S26), ("firm:l2", "park:k", S26), ("firm:l3", null, S26)];
        var c = Of(leads,
            (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 3, S22, "VN", 100),
            (3, 1, S22, "VN", 20), (3, 2, S22, "VN", 20), (3, 3, S22, "VN", 20));
        var province = Assess(c, _ => true, c, _ => true, [("the report over park park:k", l => l.ParkId != "park:k", false)], Rules);
        Assert.Contains("its difference with the report over park park:k is an aggregate where 1 lead firm contributes", province.Withheld(Cell(Total, Value)));
        var parkOnly = Of(leads[..3], (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 3, S22, "VN", 100));
        var park = Assess(parkOnly, _ => true, c, l => l.ParkId == "park:k", [("the report over Hải Phòng", l => l.ParkId != "park:k", true)], Rules);
        Assert.NotNull(park.Withheld(Cell(Total, Value)));
        // With a second firm outside the park, the difference is still too thin; with three it passes.
        (string, string?, string)[] more = [.. leads, ("firm:l4", null, S26), ("firm:l5", null, S26)];
        var wide = Of(more,
            (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 3, S22, "VN", 100),
            (3, 1, S22, "VN", 20), (4, 2, S22, "VN", 20), (5, 3, S22, "VN", 20));
        Assert.Null(Assess(wide, _ => true, wide, _ => true, [("the report over park park:k", l => l.ParkId != "park:k", false)], Rules).Withheld(Cell(Total, Value)));
    }

    [Fact]
    public void A_sector_and_its_child_that_differ_by_one_firm_are_withheld()
    {
        (string, string?, string)[] leads = [("firm:l0", null, "sector:261"), ("firm:l1", null, "sector:261"), ("firm:l2", null, "sector:261"), ("firm:l3", null, "sector:262")];
        var c = Of(leads,
            (0, 1, S22, "VN", 100), (1, 2, S22, "VN", 100), (2, 3, S22, "VN", 100), (3, 4, S22, "VN", 50));
        // The report over division 26 against its child group 261: the difference is the one firm of 262.
        var verdicts = Assess(c, _ => true, c, _ => true, [("the report over sector 261", l => !l.SectorIds.Contains("sector:261"), false)], Rules);
        Assert.Contains("sector 261", verdicts.Withheld(Cell(Total, Value)));
        Assert.Null(Alone(c).Withheld(Cell(Total, Value)));
    }

    [Fact]
    public async Task A_former_province_and_the_province_it_became_part_of_that_differ_by_one_firm_are_both_withheld()
    {
        using var dir = new TempDirectory();
        await using var store = await EmbeddedGraphStore.OpenAsync(dir.Path);
        await store.ApplyAsync(TestGraph.Build());
        // Three lead firms recorded in the former Bắc Ninh, each buying evenly from three suppliers; the fixture's lead
        // firm is recorded in today's Bắc Ninh only: the two reports differ by it.
        var added = new List<Node>();
        var links = new List<SupplyLink>();
        foreach (var s in new[] { "firm:d-s1", "firm:d-s2", "firm:d-s3" })
        {
            added.Add(TestGraph.Firm(s, $"Công ty Cung ứng {s}", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry));
        }
        foreach (var l in new[] { "firm:d-o1", "firm:d-o2", "firm:d-o3" })
        {
            added.Add(TestGraph.Firm(l, $"Công ty Dẫn đầu {l}", "VN", "province:27-bac-ninh-pre2025", null, "sector:26100", FirmRole.LeadFirm)
                with { Placement = new Placement("province:24-bac-ninh", "province:27-bac-ninh-pre2025", PlacementMethod.Stated) });
            links.AddRange(new[] { "firm:d-s1", "firm:d-s2", "firm:d-s3" }.Select(s => TestGraph.Link(s, l, "sector:22", 100, "vỏ")));
        }
        await store.ApplyAsync(new ChangeSet { UpsertNodes = added, UpsertLinks = links });
        var provinces = new ProvinceDirectory((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node));
        var before = new DateOnly(2024, 6, 1);
        var today = new DateOnly(2026, 6, 1);
        var former = new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = provinces.ScopeIds(provinces.ById("province:27-bac-ninh-pre2025")!, before) }, AsOf = before };
        var current = new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = provinces.ScopeIds(provinces.ById("province:24-bac-ninh")!, today) }, AsOf = today };
        var ofFormer = await LocalizationDisclosure.AssessAsync(store, former, Rules, provinces, default);
        var ofCurrent = await LocalizationDisclosure.AssessAsync(store, current, Rules, provinces, default);
        Assert.Contains("Bắc Ninh (in force)", ofFormer.Withheld(Cell(Total, Value)));
        Assert.Contains("the former Bắc Ninh", ofCurrent.Withheld(Cell(Total, Value)));
        // Alone, the former province's report passes: three lead firms, three suppliers, none dominant.
        var alone = await store.LocalizationContributionsAsync(former);
        Assert.Null(Assess(alone, _ => true, alone, _ => true, [], Rules).Withheld(Cell(Total, Value)));
    }
}
