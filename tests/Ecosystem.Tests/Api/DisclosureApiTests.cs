using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The localization report without an analyst's key, over the hand-worked fixture with lead firms added by editors: a
/// value is shown when it passes the disclosure rules (the same number the analyst gets), withheld as CONFIDENTIAL with
/// its reason when it does not, and a park and its province that differ by one lead firm are withheld alike until a
/// third firm outside the park joins.
/// </summary>
public sealed class DisclosureApiTests(LocalizationApiFactory api) : IClassFixture<LocalizationApiFactory>
{
    private const string Report = """
        query($scope: ScopeInput!) {
          localizationReport(scope: $scope, asOf: "2026-09-01") {
            leadFirmCount inputValueUsd domesticValueUsd domesticShare
            inputs { sector { code } valueUsd domesticValueUsd foreignValueUsd byCountry { country valueUsd share } }
          }
        }
        """;

    private Task FirmAsync(string id, string? park, string role) => api.AddFirmAsync(id, park, role, "source:disclosure");

    private Task<JsonNode> LinkAsync(string supplier, string buyer, double value) => api.AddLinkAsync(supplier, buyer, value, "vỏ nhựa", "source:disclosure");

    private static Dictionary<string, string> CodesByPath(JsonObject result) => EditorFixtures.CodesByPath(result);

    [Fact]
    public async Task Values_pass_the_rules_or_are_withheld_with_the_reason_and_a_park_differing_by_one_firm_is_withheld()
    {
        await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "disclosure", title = "Khảo sát công bố (test)", publisher = "Test", url = "https://example.org/disclosure", date = "2026-08-01" } });
        // Three new lead firms in Đình Vũ, each buying from three new suppliers in even amounts.
        foreach (var s in new[] { "dsc-s1", "dsc-s2", "dsc-s3" })
        {
            await FirmAsync(s, null, "SUPPORTING_INDUSTRY");
        }
        foreach (var l in new[] { "dsc-l1", "dsc-l2", "dsc-l3" })
        {
            await FirmAsync(l, "park:kcn-dinh-vu", "LEAD_FIRM");
            foreach (var s in new[] { "dsc-s1", "dsc-s2", "dsc-s3" })
            {
                await LinkAsync($"firm:{s}", $"firm:{l}", 1_000_000);
            }
        }
        var park = new { scope = new { park = "park:kcn-dinh-vu" } };
        var province = new { scope = new { province = "Hải Phòng" } };
        var analystPark = (await api.DataAsAsync(Role.Analyst, Report, park))["localizationReport"]!;
        var openPark = await api.QueryAsAsync(Role.Anonymous, Report, park);
        var errors = CodesByPath(openPark);
        // The fixture's lead firm of Hải Dương lies outside the park: the province differs from the park by that one firm.
        Assert.Null(openPark["data"]!["localizationReport"]!["inputValueUsd"]);
        Assert.StartsWith("CONFIDENTIAL: withheld: its difference with the report over Hải Phòng", errors["localizationReport.inputValueUsd"]);
        var openProvince = await api.QueryAsAsync(Role.Anonymous, Report, province);
        Assert.Null(openProvince["data"]!["localizationReport"]!["inputValueUsd"]);
        Assert.Contains("park park:kcn-dinh-vu", CodesByPath(openProvince)["localizationReport.inputValueUsd"]);
        Assert.True(openPark["errors"]!.AsArray().All(e => e!["extensions"]!["code"]!.GetValue<string>() == "CONFIDENTIAL"));

        // Two more lead firms outside the park, with the same suppliers: the difference has three lead firms and passes.
        foreach (var l in new[] { "dsc-l4", "dsc-l5" })
        {
            await FirmAsync(l, null, "LEAD_FIRM");
            foreach (var s in new[] { "dsc-s1", "dsc-s2", "dsc-s3" })
            {
                await LinkAsync($"firm:{s}", $"firm:{l}", 900_000);
            }
        }
        foreach (var scope in new object[] { park, province })
        {
            var analyst = (await api.DataAsAsync(Role.Analyst, Report, scope))["localizationReport"]!;
            var open = await api.QueryAsAsync(Role.Anonymous, Report, scope);
            var shown = open["data"]!["localizationReport"]!;
            var withheld = CodesByPath(open);
            // Every value is either the analyst's number or withheld as CONFIDENTIAL with a reason: never another number.
            foreach (var field in new[] { "inputValueUsd", "domesticValueUsd", "domesticShare" })
            {
                if (shown[field] is null)
                {
                    Assert.StartsWith("CONFIDENTIAL: ", withheld[$"localizationReport.{field}"]);
                }
                else
                {
                    Assert.Equal(analyst[field]!.GetValue<double>(), shown[field]!.GetValue<double>());
                }
            }
            // Sector 22 (the new links and the fixture's own) is bought from three or more suppliers by three or more lead firms.
            var input22 = shown["inputs"]!.AsArray().Single(i => i!["sector"]!["code"]!.GetValue<string>() == "22")!;
            var analyst22 = analyst["inputs"]!.AsArray().Single(i => i!["sector"]!["code"]!.GetValue<string>() == "22")!;
            Assert.True(input22["domesticValueUsd"] is not null, $"{open.ToJsonString()}\n{analyst.ToJsonString()}");
            Assert.Equal(analyst22["domesticValueUsd"]!.GetValue<double>(), input22["domesticValueUsd"]!.GetValue<double>());
            // Anonymous callers get the input sectors by code, not by value.
            var codes = shown["inputs"]!.AsArray().Select(i => i!["sector"]!["code"]!.GetValue<string>()).ToList();
            Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
            Assert.All(withheld.Values, v => Assert.StartsWith("CONFIDENTIAL: ", v));
        }
        Assert.NotNull((await api.QueryAsAsync(Role.Anonymous, Report, park))["data"]!["localizationReport"]!["inputs"]!.AsArray()
            .Single(i => i!["sector"]!["code"]!.GetValue<string>() == "22")!["domesticValueUsd"]);
        Assert.True(analystPark["inputValueUsd"]!.GetValue<double>() > 0);

        // The CSV report follows the same rules: without a key, the rows by code, each value as GraphQL gives it to an
        // anonymous caller (empty when withheld, and named with the reason in the last column), no gap flags.
        var openReport = (await api.QueryAsAsync(Role.Anonymous, Report, province))["data"]!["localizationReport"]!["inputs"]!.AsArray();
        using var csv = await api.ClientAs(Role.Anonymous).GetAsync("/reports/localization.csv?province=H%E1%BA%A3i%20Ph%C3%B2ng&asOf=2026-09-01");
        Assert.Equal(System.Net.HttpStatusCode.OK, csv.StatusCode);
        var rows = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Skip(1)
            .Select(l => System.Text.RegularExpressions.Regex.Matches(l, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)").Select(m => m.Groups[1].Value.Trim('"')).ToArray()).ToList();
        Assert.Equal(openReport.Select(i => i!["sector"]!["code"]!.GetValue<string>()), rows.Select(r => r[0]));
        static string Usd(JsonNode? v) => v is null ? "" : v.GetValue<double>().ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(openReport.Select(i => $"{Usd(i!["valueUsd"])}|{Usd(i["domesticValueUsd"])}|{Usd(i["foreignValueUsd"])}"), rows.Select(r => $"{r[2]}|{r[3]}|{r[5]}"));
        Assert.Contains(rows, r => r[3].Length > 0);
        static string[] Named(string[] r) => [.. r[11].Split("; ", StringSplitOptions.RemoveEmptyEntries).Select(w => w.Split(':')[0])];
        Assert.All(rows, r => Assert.Equal(r[2].Length == 0, Named(r).Contains("value_usd")));
        Assert.All(rows, r => Assert.Equal(r[3].Length == 0, Named(r).Contains("domestic_value_usd")));
        Assert.Contains(rows, r => Named(r).Contains("value_usd"));
        Assert.All(rows, r => Assert.Equal("", r[9]));
        // The candidates rank the gaps: analysts only.
        using var candidates = await api.ClientAs(Role.Anonymous).GetAsync("/reports/localization-candidates.csv?province=31&asOf=2026-09-01");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, candidates.StatusCode);
    }
}
