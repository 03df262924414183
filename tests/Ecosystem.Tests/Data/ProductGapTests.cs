using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Data;

/// <summary>Product gaps worked out by hand on a small fixture: grouping by level, shares by value or by links, thresholds, matches.</summary>
public sealed class ProductGapTests(ReferenceStoreFixture fixture) : IClassFixture<ReferenceStoreFixture>
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private const string Firms = """
        id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source
        g1,Board Lead One (test),,FDI,VN,Bắc Ninh,,26,LEAD_FIRM,21.18,106.07,survey-2026
        g2,Board Lead Two (test),,FDI,VN,Bắc Ninh,,26,LEAD_FIRM,21.18,106.07,survey-2026
        d1,Domestic Boards (test),,DOMESTIC_PRIVATE,VN,Bắc Ninh,,26,SUPPORTING_INDUSTRY,21.18,106.07,survey-2026
        d2,Domestic Chips (test),,DOMESTIC_PRIVATE,VN,Bắc Giang,,26,SUPPORTING_INDUSTRY,21.27,106.19,survey-2026
        f1,Shenzhen Boards (test),,,CN,,,26,,,,survey-2026
        f2,Seoul Parts (test),,,KR,,,26,,,,survey-2026
        d3,Verified Boards (test),,DOMESTIC_PRIVATE,VN,Hải Dương,,26,SUPPORTING_INDUSTRY,20.94,106.33,survey-2026
        d4,Stated Chips (test),,DOMESTIC_PRIVATE,VN,Hải Dương,,26,SUPPORTING_INDUSTRY,20.94,106.33,survey-2026
        d5,No Profile (test),,DOMESTIC_PRIVATE,VN,Hải Dương,,26,SUPPORTING_INDUSTRY,20.94,106.33,survey-2026
        """;

    private const string Links = """
        supplier,buyer,sector,product,value_usd,since,until,confidence,source,hs_code
        f1,g1,26,boards,300,,,,survey-2026,8534.00
        f2,g2,26,boards,100,,,,survey-2026,853400
        d1,g1,26,boards,100,,,,survey-2026,8534
        f1,g1,26,chips,,,,,survey-2026,8542.31
        d2,g1,26,chips,,,,,survey-2026,8542.31
        f2,g2,22,plastic parts,50,,,,survey-2026,3926.90
        f1,g2,22,plastic clips,10,,,,survey-2026,3926.90
        d2,g1,26,other,70,,,,survey-2026,
        f1,g2,26,transformers,999,2019-01-01,2020-12-31,,survey-2026,8504.40
        """;

    private const string Capabilities = """
        firm,kind,code,detail,capacity,unit,valid_from,valid_to,verified,source
        d1,product,8534.00,Multilayer boards,,,,,true,survey-2026
        d2,product,8542.31,,,,,,false,survey-2026
        d3,product,8534.00,,,,,,true,survey-2026
        d4,product,8542.31,,,,,,false,survey-2026
        d4,product,6109.10,T-shirts,,,,,true,survey-2026
        """;

    private async Task<ProductGapReport> GapsAsync(ProductLevel level = ProductLevel.Heading, double threshold = 0.3, double minValue = 0)
    {
        var report = await new SupplyImporter(fixture.Store).ImportAsync(
            new ImportFiles(new StringReader(Firms), "firms.csv", new StringReader(Links), "links.csv", new StringReader(ImportTests.Sources)) { Capabilities = new StringReader(Capabilities) },
            false, Today);
        Assert.Empty(report.Errors);
        var provinces = new ProvinceDirectory((await fixture.Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node));
        return await new ProductGapQuery { Scope = new FirmScope { Province = "Bắc Ninh" }, AsOf = Today, Level = level, Threshold = threshold, MinValueUsd = minValue }
            .RunAsync(fixture.Store, provinces, CancellationToken.None);
    }

    [Fact]
    public async Task Headings_bought_abroad_below_the_threshold_are_gaps_by_value_or_else_by_links()
    {
        var report = await GapsAsync();
        Assert.Equal(2, report.Purchases.LeadFirmCount);
        // The link without a code is counted apart; the expired one not at all.
        Assert.Equal((1, 70.0), (report.Purchases.UncodedLinkCount, report.Purchases.UncodedValueUsd));
        // 8534: 300 (CN) + 100 (KR) + 100 (VN) = 500, domestic share 0.2 < 0.3: a gap, 400 abroad, bought abroad by g1 (300) and g2 (100).
        // 3926: 50 + 10, all abroad: a gap. 8542: no value, 1 link of 2 domestic: a share of 0.5 by links, not a gap at 0.3.
        Assert.Equal(["product:8534", "product:3926"], report.Gaps.Select(g => g.Purchase.ProductId));
        var boards = report.Gaps[0];
        Assert.Equal((500.0, 100.0, 400.0, 3, 1), (boards.Purchase.ValueUsd, boards.Purchase.DomesticValueUsd, boards.Purchase.ForeignValueUsd, boards.Purchase.LinkCount, boards.Purchase.DomesticLinkCount));
        Assert.Equal((0.2, ShareBasis.Value, 2, "firm:g1", 3), (boards.DomesticShare, boards.ShareBasis, boards.Purchase.ForeignBuyerCount, boards.Purchase.TopForeignBuyerId, boards.Purchase.SupplierCount));
        Assert.Equal([new GroupValue("CN", 300), new GroupValue("KR", 100)], boards.Purchase.ForeignByCountry);
        // f1 sells three products (8534, 8542, 3926): each counts it once among its suppliers.
        var plastics = report.Gaps[1];
        Assert.Equal((60.0, 2, 2, 1), (plastics.Purchase.ForeignValueUsd, plastics.Purchase.SupplierCount, plastics.Purchase.LinkCount, plastics.Purchase.ForeignBuyerCount));
        var chips = report.Purchases.Products.Single(p => p.ProductId == "product:8542");
        Assert.Equal((0.0, 2, 1), (chips.ValueUsd, chips.LinkCount, chips.DomesticLinkCount));

        // At 0.6 the chips are a gap by links; a minimum of 100 leaves out the plastic parts (50 abroad) and the chips (0).
        var loose = await GapsAsync(threshold: 0.6);
        Assert.Equal(["product:8534", "product:3926", "product:8542"], loose.Gaps.Select(g => g.Purchase.ProductId));
        Assert.Equal((0.5, ShareBasis.Links), (loose.Gaps[2].DomesticShare, loose.Gaps[2].ShareBasis));
        Assert.Equal(["product:8534"], (await GapsAsync(threshold: 0.6, minValue: 100)).Gaps.Select(g => g.Purchase.ProductId));
    }

    [Fact]
    public async Task At_subheading_level_a_link_coded_by_heading_stays_at_its_heading()
    {
        var report = await GapsAsync(ProductLevel.Subheading);
        // d1's link names only 8534, so 853400 holds the two foreign links (all abroad) and 8534 the domestic one.
        Assert.Equal(["product:853400", "product:392690"], report.Gaps.Select(g => g.Purchase.ProductId));
        Assert.Equal((400.0, 0.0), (report.Gaps[0].Purchase.ValueUsd, report.Gaps[0].DomesticShare));
        Assert.Contains(report.Purchases.Products, p => p.ProductId == "product:8534" && p.DomesticValueUsd == 100);
    }

    [Fact]
    public async Task A_gaps_matches_are_measured_from_the_lead_firm_that_buys_most_of_it_abroad()
    {
        var report = await GapsAsync();
        var gap = report.Gaps[0];
        var item = new SourcingItem { Key = "gap", ProductId = gap.Purchase.ProductId };
        var matches = (await fixture.Store.MatchSourcingAsync([new SourcingMatchRequest(gap.Purchase.TopForeignBuyerId!, item, Today, 5, false)]))[0];
        // The gap is the heading 8534; d1 makes 8534.00, under it (a heading fit), and already supplies g1, which stays in and says so.
        var d1 = Assert.Single(matches, m => m.FirmId == "firm:d1");
        Assert.Equal((ProductFit.Heading, true), (d1.ProductFit, d1.AlreadySuppliesBuyer));
        Assert.DoesNotContain(matches, m => m.FirmId is "firm:g1" or "firm:f1" or "firm:f2");
    }

    [Fact]
    public async Task A_localization_candidates_fit_is_raised_by_what_its_profile_says_it_makes()
    {
        await GapsAsync();
        var provinces = new ProvinceDirectory((await fixture.Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node));
        var request = await new LocalizationQuery { Scope = new FirmScope { Province = "Bắc Ninh" }, AsOf = Today }.ToRequestAsync(fixture.Store, provinces, CancellationToken.None);
        var candidates = (await fixture.Store.SupplierCandidatesAsync(request, ["sector:26"], 10))[0].ToDictionary(c => c.FirmId);
        // Links are recorded at division 26, so a firm of division 26 fits by its sector at 0.3 (d5). d3 makes 8534.00, a
        // product of ISIC 2610 (division 26), verified: 1. d4 states 8542.31 (ISIC 2610): 0.6; its verified T-shirts are of
        // division 14 and do not count. d1 and d2 already supply the lead firms, so they are not candidates.
        Assert.Equal((1.0, "product:853400"), (candidates["firm:d3"].SectorFit, candidates["firm:d3"].MakesProductId));
        Assert.Equal((0.6, "product:854231"), (candidates["firm:d4"].SectorFit, candidates["firm:d4"].MakesProductId));
        Assert.Equal((0.3, (string?)null), (candidates["firm:d5"].SectorFit, candidates["firm:d5"].MakesProductId));
        Assert.False(candidates.ContainsKey("firm:d1") || candidates.ContainsKey("firm:d2"));
        Assert.True(candidates["firm:d3"].Score > candidates["firm:d4"].Score && candidates["firm:d4"].Score > candidates["firm:d5"].Score);
    }

    [Fact]
    public async Task A_chapter_level_is_refused()
    {
        await Assert.ThrowsAsync<LocalizationArgumentException>(() => GapsAsync(ProductLevel.Chapter));
    }
}
