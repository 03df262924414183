using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Store;
using Ecosystem.Tests.Support;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;
using static Ecosystem.Tests.Store.LocalizationGraph;

namespace Ecosystem.Tests.Api;

/// <summary>
/// localizationReport, parkMatches, the firm fields and the CSV reports over HTTP, on the fixture whose numbers
/// <see cref="LocalizationConformanceTests"/> works out by hand.
/// </summary>
public sealed class LocalizationApiTests(LocalizationApiFactory api) : IClassFixture<LocalizationApiFactory>
{
    private const string FullReport = """
        {
          localizationReport(scope: { province: "Hải Phòng" }, asOf: "2026-09-01") {
            asOf level threshold minValueUsd leadFirmCount inputValueUsd domesticValueUsd localValueUsd domesticShare localShare
            inputs {
              sector { code name level } valueUsd domesticValueUsd localValueUsd foreignValueUsd domesticShare localShare
              byCountry { country valueUsd share } supplierCount
            }
            gaps {
              sector { code name } valueUsd foreignValueUsd domesticShare
              candidates(first: 3) {
                firm { id name province { name } park { name } size }
                score sectorFit distanceKm proximity provenCapability provenValueUsd leadFirmsSupplied allianceMember sizeScore
              }
            }
            unknownInputs { code name }
            sources { id title synthetic }
          }
          parkMatches(sectorCode: "26", scope: { province: "Hải Phòng" }, asOf: "2026-09-01") {
            park { id name } score prioritySector { code } sectorFirmCount availableAreaHa status distanceKm reasons
          }
          l1: firm(id: "firm:lead-hp") { localizationRate(asOf: "2026-09-01") domesticValueShare(maxDepth: 3, asOf: "2026-09-01") }
          l4: firm(id: "firm:lead-dn") { localizationRate(asOf: "2026-09-01") domesticValueShare(asOf: "2026-09-01") }
        }
        """;

    [Fact]
    public async Task The_full_report_matches_its_reviewed_snapshot()
    {
        var result = await api.QueryAsync(FullReport);
        Assert.True(result["errors"] is null, $"unexpected errors: {result["errors"]}");
        Snapshot.Match(JToken.Parse(result.ToJsonString()));
    }

    [Fact]
    public async Task The_report_is_what_the_store_computes_with_shares_null_for_nothing()
    {
        var data = await api.DataAsync("""
            {
              hp: localizationReport(scope: { province: "Hải Phòng" }, asOf: "2026-09-01") { leadFirmCount inputValueUsd domesticShare gaps { sector { code } foreignValueUsd } }
              empty: localizationReport(scope: { park: "park:ccn-phu-nghia" }, asOf: "2026-09-01") { leadFirmCount inputValueUsd domesticShare localShare inputs { valueUsd } gaps { valueUsd } unknownInputs { code } }
              old: localizationReport(scope: { province: "Hải Dương" }, asOf: "2026-09-01") { leadFirmCount inputs { sector { code } valueUsd domesticShare localShare supplierCount } }
            }
            """);
        // Hải Phòng: 2 lead firms, 3500 of input value, 1300 domestic; gaps 26 (1200 foreign) and 29 (600).
        Assert.Equal(2, data["hp"]!["leadFirmCount"]!.GetValue<int>());
        Assert.Equal(3500, data["hp"]!["inputValueUsd"]!.GetValue<double>());
        Assert.Equal(1300.0 / 3500, data["hp"]!["domesticShare"]!.GetValue<double>(), 9);
        Assert.Equal(["26:1200", "29:600"], data["hp"]!["gaps"]!.AsArray().Select(g => $"{g!["sector"]!["code"]}:{g["foreignValueUsd"]}"));
        // No lead firm: shares of nothing are null, not 0.
        var empty = data["empty"]!;
        Assert.Equal(0, empty["leadFirmCount"]!.GetValue<int>());
        Assert.Null(empty["domesticShare"]);
        Assert.Null(empty["localShare"]);
        Assert.Empty(empty["inputs"]!.AsArray());
        // The old name after the merger: the former Hải Dương's L2 alone; its input 26 has no known value, so no share.
        var old = data["old"]!;
        Assert.Equal(1, old["leadFirmCount"]!.GetValue<int>());
        var valueless = old["inputs"]!.AsArray().Single(i => i!["sector"]!["code"]!.GetValue<string>() == "26")!;
        Assert.Null(valueless["domesticShare"]);
        Assert.Equal(1, valueless["supplierCount"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("{ localizationReport(scope: {}) { leadFirmCount } }", "BAD_USER_INPUT")]
    [InlineData("{ localizationReport(scope: { province: \"31\", park: \"park:kcn-dinh-vu\" }) { leadFirmCount } }", "BAD_USER_INPUT")]
    [InlineData("{ localizationReport(scope: { province: \"Atlantis\" }) { leadFirmCount } }", "NOT_FOUND")]
    [InlineData("{ localizationReport(scope: { country: true }, sectorCode: \"9999\") { leadFirmCount } }", "NOT_FOUND")]
    [InlineData("{ localizationReport(scope: { country: true }, threshold: 1.5) { leadFirmCount } }", "BAD_USER_INPUT")]
    [InlineData("{ localizationReport(scope: { country: true }, threshold: -0.1) { leadFirmCount } }", "BAD_USER_INPUT")]
    [InlineData("{ localizationReport(scope: { country: true }, minValueUsd: -1) { leadFirmCount } }", "BAD_USER_INPUT")]
    [InlineData("{ localizationReport(scope: { country: true }) { gaps { candidates(first: -1) { score } } } }", "BAD_USER_INPUT")]
    [InlineData("{ parkMatches(sectorCode: \"9999\") { score } }", "NOT_FOUND")]
    [InlineData("{ parkMatches(sectorCode: \"26\", minAvailableAreaHa: -5) { score } }", "BAD_USER_INPUT")]
    [InlineData("{ parkMatches(sectorCode: \"26\", scope: { region: \"Atlantis\" }) { score } }", "NOT_FOUND")]
    [InlineData("{ firm(id: \"firm:lead-hp\") { domesticValueShare(maxDepth: 9) } }", "BAD_USER_INPUT")]
    public async Task Bad_arguments_get_a_clear_code(string query, string code)
    {
        var result = await api.QueryAsync(query);
        Assert.Equal(code, result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_gap_gets_its_candidates_from_one_store_call()
    {
        api.Counter.Reset();
        var data = await api.DataAsync("""
            { localizationReport(scope: { province: "Hải Phòng" }, asOf: "2026-09-01", threshold: 1) { gaps { sector { code } candidates(first: 2) { firm { id } } } } }
            """);
        Assert.Equal(4, data["localizationReport"]!["gaps"]!.AsArray().Count);
        Assert.Equal(1, api.Counter.Calls["SupplierCandidatesAsync"]);
        Assert.Equal(1, api.Counter.Calls["LocalizationAsync"]);
    }

    [Fact]
    public async Task Firm_shares_are_batched_and_agree_with_each_other()
    {
        api.Counter.Reset();
        var data = await api.DataAsync("""
            { firms(first: 20, where: { role: [LEAD_FIRM] }) { nodes { id localizationRate(asOf: "2026-09-01") one: domesticValueShare(maxDepth: 1, asOf: "2026-09-01") } } }
            """);
        var nodes = data["firms"]!["nodes"]!.AsArray();
        Assert.Equal(4, nodes.Count);
        // maxDepth 1 is the localization rate; both come from one store call each for all four firms.
        foreach (var n in nodes)
        {
            Assert.Equal(n!["localizationRate"]?.GetValue<double>(), n["one"]?.GetValue<double>());
        }
        Assert.Equal(1, api.Counter.Calls["InputOriginsAsync"]);
        var rates = nodes.ToDictionary(n => n!["id"]!.GetValue<string>(), n => n!["localizationRate"]?.GetValue<double>());
        Assert.Equal(550.0 / 1950, rates[L1]!.Value, 9);
        Assert.Equal(1.0, rates[L3]);
        Assert.Null(rates[L4]);
    }

    [Fact]
    public async Task The_csv_report_has_a_row_per_input_sector_with_fixed_precision_and_the_candidates_a_second_file()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/reports/localization.csv?province=H%E1%BA%A3i%20Ph%C3%B2ng&asOf=2026-09-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        // The same numbers as the store test: 26 (gap), 29 (gap), 22, 27, with shares to 4 decimals and USD to 2.
        Assert.Equal(
            [
                "sector_code,sector_name,value_usd,domestic_value_usd,local_value_usd,foreign_value_usd,domestic_share,local_share,supplier_count,gap,by_country,withheld",
                "26,\"Sản xuất sản phẩm điện tử, máy tính và sản phẩm quang học\",1600.00,400.00,400.00,1200.00,0.2500,0.2500,3,true,KR=900.00;VN=400.00;CN=300.00,",
                "29,Sản xuất ô tô và xe có động cơ khác,850.00,250.00,250.00,600.00,0.2941,0.2941,2,true,JP=600.00;VN=250.00,",
                "22,Sản xuất sản phẩm từ cao su và plastic,550.00,450.00,450.00,100.00,0.8182,0.8182,2,false,VN=450.00;TH=100.00,",
                "27,Sản xuất thiết bị điện,500.00,200.00,0.00,300.00,0.4000,0.0000,2,false,CN=300.00;VN=200.00,",
            ],
            lines);

        using var candidates = await client.GetAsync("/reports/localization-candidates.csv?province=31&asOf=2026-09-01&first=2");
        Assert.Equal(HttpStatusCode.OK, candidates.StatusCode);
        var rows = (await candidates.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        // Gap 26's two best (gap 29 has none): S5 and S6, as ranked by hand in the store test.
        Assert.Equal(
            [
                "gap_sector_code,gap_sector_name,rank,firm_id,firm_name,province,score,sector_fit,distance_km,proximity,proven_capability,proven_value_usd,lead_firms_supplied,alliance_member,size",
                "26,\"Sản xuất sản phẩm điện tử, máy tính và sản phẩm quang học\",1,firm:s-linh-kien,Công ty Linh kiện Thăng Long,Hà Nội,0.7392,0.8250,75.9,0.5685,0.6471,500.00,1,true,MEDIUM",
                "26,\"Sản xuất sản phẩm điện tử, máy tính và sản phẩm quang học\",2,firm:s-pin-mat-troi,Công ty Pin mặt trời Hải Phòng,Hải Phòng,0.4338,0.5250,0.0,1.0000,0.0000,0.00,0,false,SMALL",
            ],
            rows);
    }

    [Theory]
    [InlineData("/reports/localization.csv?province=Atlantis", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("/reports/localization.csv", HttpStatusCode.BadRequest, "BAD_USER_INPUT")]
    [InlineData("/reports/localization.csv?country=true&threshold=abc", HttpStatusCode.BadRequest, "BAD_USER_INPUT")]
    [InlineData("/reports/localization.csv?country=true&level=TIER", HttpStatusCode.BadRequest, "BAD_USER_INPUT")]
    [InlineData("/reports/localization.csv?country=true&asOf=2026-13-01", HttpStatusCode.BadRequest, "BAD_USER_INPUT")]
    [InlineData("/reports/localization-candidates.csv?country=true&first=-1", HttpStatusCode.BadRequest, "BAD_USER_INPUT")]
    public async Task Bad_report_arguments_get_a_clear_error_and_no_csv(string url, HttpStatusCode status, string code)
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(code, body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reports_are_computed_once_per_graph_version_then_served_from_the_cache()
    {
        using var client = api.CreateClient();
        var query = $"{{ localizationReport(scope: {{ region: \"3\" }}, asOf: \"2026-09-01\") {{ leadFirmCount inputValueUsd }} k{Guid.NewGuid():N}: __typename }}";
        api.Counter.Reset();
        string? Cache(HttpResponseMessage r) => r.Headers.TryGetValues("X-Cache", out var v) ? v.Single() : null;
        using (var first = await client.SendAsync(EcosystemApiFactory.Post(query)))
        {
            Assert.Equal("MISS", Cache(first));
        }
        using (var again = await client.SendAsync(EcosystemApiFactory.Post(query)))
        {
            Assert.Equal("HIT-L1", Cache(again));
            Assert.Contains("\"leadFirmCount\":3", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(1, api.Counter.Calls["LocalizationAsync"]);

        var url = $"/reports/localization.csv?region=3&asOf=2026-09-01&threshold=0.{Random.Shared.Next(100, 999)}";
        using (var csv = await client.GetAsync(url))
        {
            Assert.Equal("MISS", Cache(csv));
        }
        using (var csvAgain = await client.GetAsync(url))
        {
            Assert.Equal("HIT", Cache(csvAgain));
            Assert.StartsWith("sector_code,", await csvAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(2, api.Counter.Calls["LocalizationAsync"]);
    }

    [Fact]
    public async Task Concurrent_identical_csv_reports_are_computed_once()
    {
        using var client = api.CreateClient();
        var url = $"/reports/localization.csv?country=true&asOf=2026-09-01&minValueUsd={Random.Shared.Next(1, 1_000_000)}";
        api.Counter.Reset();
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }));
        Assert.Single(answers.Distinct());
        Assert.Equal(1, api.Counter.Calls["LocalizationAsync"]);
    }
}
