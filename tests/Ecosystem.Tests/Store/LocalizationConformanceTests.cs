using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using static Ecosystem.Tests.Store.LocalizationGraph;

namespace Ecosystem.Tests.Store;

/// <summary>
/// Localization on <see cref="LocalizationGraph"/>, every number worked out by hand in the comments. A store's test class
/// derives from this and says how to make a fresh store. Values are in USD; shares are checked to 1e-6, scores to 1e-4.
/// </summary>
public abstract class LocalizationConformanceTests : IAsyncLifetime
{
    private IGraphStore? _store;

    protected IGraphStore Store => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");

    protected abstract Task<IGraphStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.ApplyAsync(Build());
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private async Task<LocalizationReport> ReportAsync(FirmScope scope, DateOnly? asOf = null, double threshold = 0.3, double minValue = 0, string? sector = null, SectorLevel level = SectorLevel.Division)
    {
        var provinces = (await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node);
        var query = new LocalizationQuery { Scope = scope, AsOf = asOf ?? AsOf, Threshold = threshold, MinValueUsd = minValue, SectorCode = sector, Level = level };
        return await query.RunAsync(Store, new ProvinceDirectory(provinces), default);
    }

    private static void Share(double expected, double? actual) => Assert.Equal(expected, Assert.NotNull(actual), 6);

    [SkippableFact]
    public async Task Hai_Phong_after_the_merger_takes_in_the_former_Hai_Duong_and_every_share_is_as_computed_by_hand()
    {
        var report = await ReportAsync(new FirmScope { Province = "Hải Phòng" });
        // "Hải Phòng" on 2026-09-01 is the new unit; its scope is itself and the former Hải Phòng and Hải Dương: lead firms L1 and L2.
        Assert.Equal(2, report.LeadFirmCount);
        // Links into L1 and L2 valid on 2026-09-01 (S1 -> L2 ended in 2024), by division of the link's sector:
        //   26: S1 400 (VN, local: new Hải Phòng) + F1 900 (KR) + F2 300 (CN) + F1 -> L2 without value = 1600; domestic 400, local 400.
        //   29: S4 250 (VN, local: former Hải Phòng; valid since 2026-06-01) + F4 600 (JP) = 850; domestic 250, local 250.
        //   22: S2 150 + S2 300 (VN, local: former Hải Dương) + F5 100 (TH) = 550; domestic 450, local 450.
        //   27: F3 200 + F3 100 (CN) + S3 200 (VN, Hà Nội: not local) = 500; domestic 200, local 0.
        Assert.Equal(["sector:26", "sector:29", "sector:22", "sector:27"], report.Inputs.Select(i => i.SectorId));
        var byId = report.Inputs.ToDictionary(i => i.SectorId);
        (double Value, double Domestic, double Local, int Suppliers)[] expected = [(1600, 400, 400, 3), (850, 250, 250, 2), (550, 450, 450, 2), (500, 200, 0, 2)];
        for (var k = 0; k < expected.Length; k++)
        {
            var input = report.Inputs[k];
            Assert.Equal(expected[k].Value, input.ValueUsd);
            Assert.Equal(expected[k].Domestic, input.DomesticValueUsd);
            Assert.Equal(expected[k].Local, input.LocalValueUsd);
            Assert.Equal(expected[k].Value - expected[k].Domestic, input.ForeignValueUsd);
            Assert.Equal(expected[k].Suppliers, input.SupplierCount);
        }
        // Shares: 26: 400/1600 = 0.25 both; 29: 250/850 = 0.294118 both; 22: 450/550 = 0.818182 both; 27: 200/500 = 0.4, local 0.
        Share(0.25, byId["sector:26"].DomesticShare);
        Share(0.25, byId["sector:26"].LocalShare);
        Share(250.0 / 850, byId["sector:29"].DomesticShare);
        Share(450.0 / 550, byId["sector:22"].LocalShare);
        Share(0.4, byId["sector:27"].DomesticShare);
        Share(0, byId["sector:27"].LocalShare);
        // Supplier countries of 26, largest first: KR 900, VN 400, CN 300.
        Assert.Equal([("KR", 900.0), ("VN", 400.0), ("CN", 300.0)], byId["sector:26"].ByCountry.Select(c => (c.Key, c.ValueUsd)));
        // Overall: 3500, domestic 1300 (0.371429), local 1100 (0.314286).
        Assert.Equal(3500, report.InputValueUsd);
        Share(1300.0 / 3500, report.DomesticShare);
        Share(1100.0 / 3500, report.LocalShare);
        // Gaps at 0.3: 26 (0.25; foreign 1200) and 29 (0.294; foreign 600), largest foreign value first; 27 (0.4) and 22 are not.
        Assert.Equal(["sector:26", "sector:29"], report.Gaps.Select(g => g.SectorId));
        // Expected but unknown: L1 (26400) needs 26, 22, 27 by FEEDS and has all three; L2 (29100) needs 29, 22, 27 and 25, and has no 25.
        Assert.Equal(["sector:25"], report.Totals.UnknownInputSectorIds);
        // Sources: the fixture (firms and links), the customs data (F4's link) and the FEEDS rule (for the unknown 25).
        Assert.Equal([Src, Customs, Feeds], report.Totals.SourceIds);
    }

    [SkippableFact]
    public async Task A_corridor_naming_former_provinces_covers_what_they_became_and_a_region_every_province_in_it()
    {
        // The corridor lists the former Hải Phòng and Hải Dương; on 2026-09-01 it also covers the new Hải Phòng: the same two lead firms.
        var corridor = await ReportAsync(new FirmScope { Corridor = "corridor:eastern-expressway" });
        Assert.Equal(2, corridor.LeadFirmCount);
        Assert.Equal(3500, corridor.InputValueUsd);
        // Region 3 holds Hải Phòng (old and new), Hải Dương and Hà Nội: L1, L2, L3. L3 adds 600 (S3 100, S5 500, F2 without value),
        // all domestic and all local to the region; S3's 200 to L2 becomes local too: local 1100 + 600 + 200 = 1900 of 4100.
        var region = await ReportAsync(new FirmScope { Region = "Đồng bằng sông Hồng" });
        Assert.Equal(3, region.LeadFirmCount);
        Assert.Equal(4100, region.InputValueUsd);
        Share(1900.0 / 4100, region.DomesticShare);
        Share(1900.0 / 4100, region.LocalShare);
        // The whole country: L4 in Đồng Nai too (no links). Local is domestic there. Unknown: 22 for L3 and L4 (2), then 25, 26, 27 (1 each).
        var country = await ReportAsync(new FirmScope { Country = true });
        Assert.Equal(4, country.LeadFirmCount);
        Assert.Equal(4100, country.InputValueUsd);
        Share(1900.0 / 4100, country.LocalShare);
        Assert.Equal(["sector:22", "sector:25", "sector:26", "sector:27"], country.Totals.UnknownInputSectorIds);
    }

    [SkippableFact]
    public async Task A_lead_firm_sector_keeps_only_the_lead_firms_of_it_and_a_finer_level_splits_the_inputs()
    {
        // Sector 26 keeps L1 (26400) and drops L2 (29100): 26 1600 - 0 (F1 -> L2 was L2's) = 1600, 22 150, 27 200.
        var electronics = await ReportAsync(new FirmScope { Province = "31" }, sector: "26");
        Assert.Equal(1, electronics.LeadFirmCount);
        Assert.Equal([("sector:26", 1600.0), ("sector:27", 200.0), ("sector:22", 150.0)], electronics.Inputs.Select(i => (i.SectorId, i.ValueUsd)));
        // By class: 2619 (S1 400 + F1 900 + F1 -> L2 no value) 1300, 2930 850, 2220 450, 2720 300, 2640 300, 2732 200, 2219 100.
        var classes = await ReportAsync(new FirmScope { Province = "Hải Phòng" }, level: SectorLevel.Class);
        Assert.Equal(
            [("sector:2619", 1300.0), ("sector:2930", 850.0), ("sector:2220", 450.0), ("sector:2640", 300.0), ("sector:2720", 300.0), ("sector:2732", 200.0), ("sector:2219", 100.0)],
            classes.Inputs.Select(i => (i.SectorId, i.ValueUsd)));
        // 2640 (F2 300, all foreign) and 2720 (F3, all foreign), 2930 (250/850), 2219 (TH, foreign), 2619 (400/1300 = 0.31: not a gap).
        Assert.Equal(["sector:2930", "sector:2640", "sector:2720", "sector:2219"], classes.Gaps.Select(g => g.SectorId));
    }

    [SkippableFact]
    public async Task Edge_cases_no_lead_firms_a_lead_firm_without_links_all_foreign_all_domestic_and_thresholds()
    {
        // No lead firm in the planned Phú Nghĩa cluster: nothing, and shares of nothing are null.
        var empty = await ReportAsync(new FirmScope { Park = PhuNghia });
        Assert.Equal(0, empty.LeadFirmCount);
        Assert.Empty(empty.Inputs);
        Assert.Empty(empty.Gaps);
        Assert.Null(empty.DomesticShare);
        Assert.Null(empty.LocalShare);
        Assert.Empty(empty.Totals.UnknownInputSectorIds);

        // L4 in Đồng Nai has no links: no input, no share, and every input its 26400 needs (26, 22, 27) is expected but unknown.
        var noLinks = await ReportAsync(new FirmScope { Province = "Đồng Nai" });
        Assert.Equal(1, noLinks.LeadFirmCount);
        Assert.Empty(noLinks.Inputs);
        Assert.Null(noLinks.DomesticShare);
        Assert.Equal(["sector:22", "sector:26", "sector:27"], noLinks.Totals.UnknownInputSectorIds);
        Assert.Equal([Src, Feeds], noLinks.Totals.SourceIds);

        // Hà Nội (L3): 26 = S5 500 + F2 without value: all domestic by value (share 1, two suppliers); 27 = S3 100. No gap even at 1.
        var domestic = await ReportAsync(new FirmScope { Province = "Hà Nội" }, threshold: 1);
        Share(1, domestic.DomesticShare);
        Share(1, domestic.LocalShare);
        Assert.Equal(2, domestic.Inputs.Single(i => i.SectorId == "sector:26").SupplierCount);
        Assert.Empty(domestic.Gaps);
        Assert.Equal(["sector:22"], domestic.Totals.UnknownInputSectorIds);

        // Threshold 0: nothing is below 0. Threshold 1: every input with foreign value, largest first: 26 1200, 29 600, 27 300, 22 100.
        Assert.Empty((await ReportAsync(new FirmScope { Province = "Hải Phòng" }, threshold: 0)).Gaps);
        Assert.Equal(["sector:26", "sector:29", "sector:27", "sector:22"], (await ReportAsync(new FirmScope { Province = "Hải Phòng" }, threshold: 1)).Gaps.Select(g => g.SectorId));
        // A minimum foreign value of 700 leaves 26 (1200) alone.
        Assert.Equal(["sector:26"], (await ReportAsync(new FirmScope { Province = "Hải Phòng" }, minValue: 700)).Gaps.Select(g => g.SectorId));
    }

    [SkippableFact]
    public async Task Before_a_links_since_it_does_not_count_and_that_input_becomes_all_foreign()
    {
        // On 2026-03-01 S4's link (since 2026-06-01) does not hold yet: 29 is F4's 600 alone, domestic share 0, a gap.
        var report = await ReportAsync(new FirmScope { Province = "Hải Phòng" }, asOf: new DateOnly(2026, 3, 1));
        var parts = report.Inputs.Single(i => i.SectorId == "sector:29");
        Assert.Equal(600, parts.ValueUsd);
        Share(0, parts.DomesticShare);
        Assert.Equal(1, parts.SupplierCount);
        Assert.Contains("sector:29", report.Gaps.Select(g => g.SectorId));
        Assert.Equal(3250, report.InputValueUsd);
        // L2 still has F4's link in 29 then, so 29 is not unknown.
        Assert.Equal(["sector:25"], report.Totals.UnknownInputSectorIds);
    }

    [SkippableFact]
    public async Task Former_provinces_stay_separate_before_the_merger_and_an_old_name_after_it_is_the_former_unit_alone()
    {
        // Before 2025-07-01 "Hải Phòng" is the former city alone: L1 only, and S1 (recorded in the new city) and S2 (Hải Dương) are not local.
        var before = await ReportAsync(new FirmScope { Province = "Hải Phòng" }, asOf: new DateOnly(2025, 3, 1));
        Assert.Equal(1, before.LeadFirmCount);
        Assert.Equal(1950, before.InputValueUsd);
        Share(550.0 / 1950, before.DomesticShare);
        Share(0, before.LocalShare);
        // After it, "Hải Dương" names the former province, which no longer exists: its own recorded firms (L2), not the whole new city.
        var old = await ReportAsync(new FirmScope { Province = "Hải Dương" });
        Assert.Equal(1, old.LeadFirmCount);
        // L2 on 2026-09-01: 29 850 (S4 in the former Hải Phòng: domestic, not local), 22 400 (S2 local), 27 300, 26 0 (F1 without value).
        Assert.Equal([("sector:29", 850.0), ("sector:22", 400.0), ("sector:27", 300.0), ("sector:26", 0.0)], old.Inputs.Select(i => (i.SectorId, i.ValueUsd)));
        Share(300.0 / 1550, old.LocalShare);
        // An input with no known value has no share (null), is counted by supplier, and is never a gap.
        var valueless = old.Inputs[^1];
        Assert.Null(valueless.DomesticShare);
        Assert.Equal(1, valueless.SupplierCount);
        Assert.DoesNotContain("sector:26", old.Gaps.Select(g => g.SectorId));
    }

    [SkippableFact]
    public async Task Candidates_are_ranked_by_score_components_worked_out_by_hand()
    {
        var report = await ReportAsync(new FirmScope { Province = "Hải Phòng" });
        var candidates = await Store.SupplierCandidatesAsync(report.Request, ["sector:26", "sector:29"], 10);
        // Gap 26: foreign value 1200 bought as 26190 (F1 900: class 2619) and 26400 (F2 300: class 2640); weights 0.75 and 0.25.
        // Domestic firms of 26 not yet supplying L1 or L2 with it: S5, S6, S7, L3, L4 (S1 supplies L1; L1 is a buyer).
        // Buyers of 26: L1 at Đình Vũ (20.83, 106.76) and L2 at the new Hải Phòng's centroid (Đại An and the former Hải Dương have no place).
        // Great-circle km: Thăng Long (21.10, 105.78) to L2 75.9 (to L1 106.1); Amata (10.95, 106.87) to L1 1098.7; the new Hải Phòng to L2 0.
        //   S5 26190: fit 0.75*1 + 0.25*0.3 = 0.825; 75.9 km: proximity 100/175.9 = 0.5685; proven: supplies L3 500 of 26: 0.5 + 0.5*500/1700 = 0.6471;
        //      LM VISA; medium 0.75. Score 0.35*0.825 + 0.25*0.6471 + 0.2*0.5685 + 0.1 + 0.1*0.75 = 0.7392.
        //   S6 26110 (group 261): fit 0.75*0.6 + 0.25*0.3 = 0.525; 0 km: proximity 1; small 0.5. Score 0.18375 + 0.2 + 0.05 = 0.4338.
        //   S7 26190: fit 0.825; 1098.7 km: 0.0834; large 1. Score 0.28875 + 0.01668 + 0.1 = 0.4054.
        //   L3 26300 (group 263): fit 0.3; 75.9 km: 0.5685; large. Score 0.105 + 0.1137 + 0.1 = 0.3187.
        //   L4 26400 (class 2640): fit 0.75*0.3 + 0.25*1 = 0.475; 1098.7 km; large. Score 0.16625 + 0.01668 + 0.1 = 0.2829.
        var gap26 = candidates[0];
        Assert.Equal([S5, S6, S7, L3, L4], gap26.Select(c => c.FirmId));
        (double Score, double Fit, double? Km, double Proximity, double Proven, bool Alliance, double Size)[] expected =
        [
            (0.7392, 0.825, 75.9, 0.5685, 0.6471, true, 0.75),
            (0.4338, 0.525, 0.0, 1.0, 0, false, 0.5),
            (0.4054, 0.825, 1098.7, 0.0834, 0, false, 1),
            (0.3187, 0.3, 75.9, 0.5685, 0, false, 1),
            (0.2829, 0.475, 1098.7, 0.0834, 0, false, 1),
        ];
        for (var k = 0; k < expected.Length; k++)
        {
            var c = gap26[k];
            Assert.Equal(expected[k].Score, c.Score, 0.0001);
            Assert.Equal(expected[k].Fit, c.SectorFit, 0.0001);
            Assert.Equal(expected[k].Km!.Value, Assert.NotNull(c.DistanceKm), 0.05);
            Assert.Equal(expected[k].Proximity, c.Proximity, 0.0001);
            Assert.Equal(expected[k].Proven, c.ProvenCapability, 0.0001);
            Assert.Equal(expected[k].Alliance, c.AllianceMember);
            Assert.Equal(expected[k].Size, c.SizeScore);
        }
        Assert.Equal(500, gap26[0].ProvenValueUsd);
        Assert.Equal(1, gap26[0].LeadFirmsSupplied);
        // Gap 29: the only domestic firm of 29 besides L2 itself is S4, which already supplies L2 with it: nobody.
        Assert.Empty(candidates[1]);
        // first cuts the list; an unknown sector gives nothing.
        var two = await Store.SupplierCandidatesAsync(report.Request, ["sector:26", "sector:nothing"], 2);
        Assert.Equal([S5, S6], two[0].Select(c => c.FirmId));
        Assert.Empty(two[1]);
    }

    [SkippableFact]
    public async Task Park_matches_are_ranked_with_their_reasons_worked_out_by_hand()
    {
        var provinces = (await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node);
        var scope = await new FirmScope { Province = "Hải Phòng" }.ToFirmFilterAsync(Store, new ProvinceDirectory(provinces), AsOf, default);
        var matches = await Store.ParkMatchesAsync(new ParkMatchRequest { SectorId = "sector:26", LeadScope = scope });
        // Đình Vũ: priority 26; hosts L1 (26400); 400 ha free; operating; L1 is there (0 km):
        //   0.3 + 0.2*1/6 + 0.2*400/450 + 0.2*1 + 0.1 = 0.8111.
        // Thăng Long: priority 261 (a descendant of 26); hosts L3 and S5; nothing free; operating; 75.9 km to L2:
        //   0.3 + 0.2*2/7 + 0 + 0.2*100/175.9 + 0.1 = 0.5708.
        // Amata: no priority; hosts S7 and L4; area and status unknown; 1098.7 km: 0.2*2/7 + 0.2*100/1198.7 = 0.0738.
        // Đại An hosts no firm of 26 and lists no priority; Phú Nghĩa prioritises 22: neither matches.
        Assert.Equal([DinhVu, ThangLong, Amata], matches.Select(m => m.ParkId));
        Assert.Equal([0.8111, 0.5708, 0.0738], matches.Select(m => m.Score));
        Assert.Equal(
            [ParkMatchReason.PrioritySector, ParkMatchReason.HostsSectorFirms, ParkMatchReason.AvailableLand, ParkMatchReason.Operating, ParkMatchReason.NearLeadFirms],
            matches[0].Reasons);
        Assert.Equal([ParkMatchReason.PrioritySector, ParkMatchReason.HostsSectorFirms, ParkMatchReason.Operating], matches[1].Reasons);
        Assert.Equal([ParkMatchReason.HostsSectorFirms], matches[2].Reasons);
        Assert.Equal(["sector:26", "sector:261", null], matches.Select(m => m.PrioritySectorId));
        Assert.Equal([1, 2, 2], matches.Select(m => m.SectorFirmCount));
        Assert.Equal([400.0, 0.0, null], matches.Select(m => m.AvailableAreaHa));
        Assert.Equal(0, matches[0].DistanceKm);
        Assert.Equal(75.9, Assert.NotNull(matches[1].DistanceKm), 0.05);

        // At least 100 ha free: Đình Vũ alone. Without a scope there is no distance: 0.3 + 0.0333 + 0.1778 + 0.1 = 0.6111.
        var land = await Store.ParkMatchesAsync(new ParkMatchRequest { SectorId = "sector:26", MinAvailableAreaHa = 100 });
        Assert.Equal([(DinhVu, 0.6111)], land.Select(m => (m.ParkId, m.Score)));
        Assert.Null(land[0].DistanceKm);
        // Plastics (22): Phú Nghĩa prioritises it (0.3, planned); Đại An hosts S2 (0.2/6 + 0.2*40/90 + 0.1 = 0.2222).
        var plastics = await Store.ParkMatchesAsync(new ParkMatchRequest { SectorId = "sector:22" });
        Assert.Equal([(PhuNghia, 0.3), (DaiAn, 0.2222)], plastics.Select(m => (m.ParkId, m.Score)));
    }

    [SkippableFact]
    public async Task Input_origins_give_the_localization_rate_and_the_domestic_share_through_the_chain()
    {
        var first = await Store.InputOriginsAsync([L1, L2, L3, L4, S1, "firm:nobody"], 1, new LinkFilter { AsOf = AsOf });
        // L1: 1950 of which S1 400 + S2 150 = 550 domestic. L2: 300 + 200 + 250 + 100 + 600 + 100 = 1550, domestic 750.
        // L3: 600, all domestic (F2's link has no value). L4: no link: null. S1: F1's 100, all foreign: 0.
        Share(550.0 / 1950, first[0].DomesticShare);
        Share(750.0 / 1550, first[1].DomesticShare);
        Share(1, first[2].DomesticShare);
        Assert.Null(first[3].DomesticShare);
        Share(0, first[4].DomesticShare);
        Assert.Null(first[5].DomesticShare);
        Assert.Equal(7, first[1].LinkCount);
        // Through three tiers from L1: its 1950 (550 domestic), then the links into its suppliers: F1 -> S1 100 (foreign),
        // S8 -> S2 50 (domestic); S8 has no supplier. 2100 in all, 600 domestic: 2/7.
        var chain = await Store.InputOriginsAsync([L1], 3, new LinkFilter { AsOf = AsOf });
        Assert.Equal(2100, chain[0].ValueUsd);
        Share(2.0 / 7, chain[0].DomesticShare);
    }
}
