using System.Text.Json;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using static Ecosystem.Tests.Store.LocalizationGraph;

namespace Ecosystem.Tests.Store;

/// <summary>
/// Reports of every lead firm of a scope kept by lead firm (<see cref="LocalizationDigest"/>): after each kind of change
/// the country's is read from the kept sums (counted), equals the report computed afresh on the same version to the
/// last bit, and moves by what was worked out by hand on <see cref="LocalizationGraph"/>; a province's is kept once
/// asked and follows a supplier moving out of it; reports of a lead sector are always computed.
/// </summary>
public sealed class KeptReportTests : IDisposable
{
    private static readonly LocalizationRequest Country = new() { Scope = new NodeFilter { Countries = ["VN"] }, AsOf = AsOf };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Each_change_is_applied_to_the_kept_report_which_equals_the_one_computed_afresh()
    {
        await using var store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await store.ApplyAsync(Build());
        var kept = store.KeptReports;
        // The first ask is computed (and starts the build for its date); once built, asks are read from the kept sums.
        var first = await store.LocalizationAsync(Country);
        await WaitAsync(kept);
        var before = await ReadKeptAsync(store);
        Assert.Equal(Json(first), Json(before));
        // By hand: 4 lead firms in Vietnam; division 26 inputs S1 -> L1 400 (VN), F1 -> L1 900 (KR), F2 -> L1 300 (CN),
        // S5 -> L3 500 (VN), F1 -> L2 and F2 -> L3 without value: 2,100 of which 900 domestic, 4 suppliers, 6 links.
        Assert.Equal(4, before.LeadFirmCount);
        var d26 = Input(before, "sector:26");
        Assert.Equal((2100d, 900d, 4, 6), (d26.ValueUsd, d26.DomesticValueUsd, d26.SupplierCount, d26.LinkCount));

        // A supplier moves abroad: the lead firms it sells to are recomputed (S1's 400 is now Korean).
        var s1 = (Firm)(await store.GetNodesAsync([S1]))[0]!;
        await store.ApplyAsync(new ChangeSet { UpsertNodes = [s1 with { Country = "KR", ProvinceId = null, WardId = null, TaxCode = null }] });
        var moved = Input(await ReadKeptAsync(store), "sector:26");
        Assert.Equal((2100d, 500d), (moved.ValueUsd, moved.DomesticValueUsd));
        Assert.Equal(1300d, moved.ByCountry.Single(c => c.Key == "KR").ValueUsd);

        // A link's value changes (S2 -> L2 300 to 310) and a link is removed (F3 -> L1 200): division 22 was S2 150 + 300
        // and F5 100, now 560; division 27 was F3 200 + 100 and S3 200 + 100, now 400 over 3 links.
        await store.ApplyAsync(new ChangeSet { UpsertLinks = [LinkOf(S2, L2, "22209", "ốp nhựa") with { ValueUsd = 310 }] });
        await store.ApplyAsync(new ChangeSet { DeleteLinks = [LinkOf(F3, L1, "27200", "pin").Id] });
        var changed = await ReadKeptAsync(store);
        Assert.Equal(560d, Input(changed, "sector:22").ValueUsd);
        Assert.Equal((400d, 3), (Input(changed, "sector:27").ValueUsd, Input(changed, "sector:27").LinkCount));

        // L3 stops being a lead firm: 3 lead firms, and its 500 of division 26 (and supplier S5) leave the report.
        var l3 = (Firm)(await store.GetNodesAsync([L3]))[0]!;
        await store.ApplyAsync(new ChangeSet { UpsertNodes = [l3 with { Roles = [] }] });
        var fewer = await ReadKeptAsync(store);
        Assert.Equal(3, fewer.LeadFirmCount);
        Assert.Equal((1600d, 3), (Input(fewer, "sector:26").ValueUsd, Input(fewer, "sector:26").SupplierCount));
        Assert.True(kept.ChangesApplied >= 4, $"changes applied to the kept report: {kept.ChangesApplied}");

        // A sector renamed rewrites what every lead firm's sums rest on: the kept report is built again.
        var built = kept.Built;
        var sector = (Sector)(await store.GetNodesAsync(["sector:27"]))[0]!;
        await store.ApplyAsync(new ChangeSet { UpsertNodes = [sector with { Name = sector.Name + " (đổi tên)" }] });
        await WaitAsync(kept);
        Assert.True(kept.Built > built, "the kept reports were built again");
        var rebuilt = await ReadKeptAsync(store);
        Assert.Equal(Json(fewer), Json(rebuilt));
    }

    [Fact]
    public async Task Provinces_dates_and_levels_are_kept_once_asked_and_lead_sectors_are_always_computed()
    {
        await using var store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await store.ApplyAsync(Build());
        var kept = store.KeptReports;
        await store.LocalizationAsync(Country);
        await WaitAsync(kept);
        var answered = kept.Answered;
        // The country's lead firms of one sector: computed every time.
        var sector = Country with { LeadSectorIds = ["sector:26"] };
        for (var ask = 0; ask < 2; ask++)
        {
            await store.LocalizationAsync(sector);
            await WaitAsync(kept);
        }
        Assert.Equal(answered, kept.Answered);

        // Hà Nội (L3 buys 100 from S3 and 500 from S5, both in Hà Nội): computed first, then kept; when S5 moves to
        // Đồng Nai its 500 stays in the value but is no longer local.
        var haNoi = Country with { Scope = new NodeFilter { ProvinceIds = [HaNoi] } };
        await store.LocalizationAsync(haNoi);
        await WaitAsync(kept);
        var local = await store.LocalizationAsync(haNoi);
        Assert.Equal(answered + 1, kept.Answered);
        Assert.Equal((500d, 500d), (Input(local, "sector:26").ValueUsd, Input(local, "sector:26").LocalValueUsd));
        var s5 = (Firm)(await store.GetNodesAsync([S5]))[0]!;
        await store.ApplyAsync(new ChangeSet { UpsertNodes = [s5 with { ProvinceId = DongNai, ParkId = null, WardId = null }] });
        var moved = await store.LocalizationAsync(haNoi);
        Assert.Equal(answered + 2, kept.Answered);
        Assert.Equal((500d, 0d), (Input(moved, "sector:26").ValueUsd, Input(moved, "sector:26").LocalValueUsd));
        Assert.Equal(Json(LocalizationAnalysis.Totals(store.Snapshot, haNoi, CancellationToken.None)), Json(moved));
        answered = kept.Answered;
        // Another date (before S4's link began) and another level: each built on its first ask, then kept.
        var earlier = Country with { AsOf = new DateOnly(2026, 1, 1) };
        var classes = Country with { Level = SectorLevel.Class };
        foreach (var request in new[] { earlier, classes })
        {
            await store.LocalizationAsync(request);
            await WaitAsync(kept);
            var read = await store.LocalizationAsync(request);
            Assert.Equal(Json(LocalizationAnalysis.Totals(store.Snapshot, request, CancellationToken.None)), Json(read));
        }
        Assert.Equal(answered + 2, kept.Answered);
        Assert.Equal(250d, Input(await store.LocalizationAsync(Country), "sector:29").ValueUsd - Input(await store.LocalizationAsync(earlier), "sector:29").ValueUsd);
    }

    [Fact]
    public async Task The_least_recently_asked_report_goes_first_and_the_country_of_today_stays()
    {
        await using var store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await store.ApplyAsync(Build());
        var kept = store.KeptReports;
        await WaitAsync(kept);
        // Today's country report is built at open (the date Vietnam had then) and follows the changes since.
        var warm = Assert.Single(kept.Kept);
        Assert.Equal((LocalizationDigest.CountryKey, SectorLevel.Division), (warm.ScopeKey, warm.Level));
        var today = Country with { AsOf = warm.AsOf };
        async Task<bool> FromKeptAsync(LocalizationRequest request)
        {
            var answered = kept.Answered;
            await store.LocalizationAsync(request);
            return kept.Answered == answered + 1;
        }
        Assert.True(await FromKeptAsync(today));
        var provinces = new[] { HaNoi, HaiPhong, DongNai, HaiPhongOld, HaiDuongOld }
            .Select(p => Country with { Scope = new NodeFilter { ProvinceIds = [p] } }).ToList();
        foreach (var province in provinces)
        {
            Assert.False(await FromKeptAsync(province));
            await WaitAsync(kept);
            Assert.True(await FromKeptAsync(province));
        }
        Assert.Equal(KeptReports.MaxKept + 1, kept.Kept.Count);
        Assert.True(await FromKeptAsync(today));
        Assert.False(await FromKeptAsync(provinces[0]));
        Assert.True(await FromKeptAsync(provinces[^1]));
    }

    /// <summary>Reads the country report, checks it came from the kept sums and equals the one computed afresh on this version.</summary>
    private static async Task<LocalizationTotals> ReadKeptAsync(EmbeddedGraphStore store)
    {
        var answered = store.KeptReports.Answered;
        var read = await store.LocalizationAsync(Country);
        Assert.Equal(answered + 1, store.KeptReports.Answered);
        Assert.Equal(Json(LocalizationAnalysis.Totals(store.Snapshot, Country, CancellationToken.None)), Json(read));
        return read;
    }

    private static async Task WaitAsync(KeptReports kept)
    {
        while (kept.InProgress is { } building)
        {
            await building;
        }
    }

    private static InputSectorTotals Input(LocalizationTotals totals, string sector) => totals.Inputs.Single(i => i.SectorId == sector);

    private static SupplyLink LinkOf(string supplier, string buyer, string sector, string product) =>
        Build().UpsertLinks.Single(l => l.SupplierId == supplier && l.BuyerId == buyer && l.SectorId == $"sector:{sector}" && l.Product == product);

    /// <summary>Doubles written round-trip, so equal text is equal to the last bit.</summary>
    private static string Json(LocalizationTotals totals) => JsonSerializer.Serialize(totals);
}
