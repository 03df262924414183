using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>The localization dashboard: the report's numbers, its downloads, and scopes found by name. In Debian's Chromium against the API over the reference data and a small synthetic network (screenshots at 1366x768 in the test output's screenshots folder).</summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerDashboardTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    [SkippableFact]
    public async Task The_dashboard_shows_the_reports_numbers_and_its_downloads_parse()
    {
        // What GraphQL says for the same arguments, asked with the analyst's key.
        var province = "Hải Phòng";
        var report = (await Api.DataAsync("query($p: String!) { localizationReport(scope: { province: $p }) { asOf threshold leadFirmCount inputValueUsd domesticShare inputs { sector { code } valueUsd domesticShare } gaps { sector { code } } } }", new { p = province }))["localizationReport"]!;
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        var url = $"{Api.Address}#/localization/province/{Uri.EscapeDataString(province)}//";
        await page.GotoAsync(url);
        // Anonymous: the count, and the values the disclosure rules let through, exactly as GraphQL gives them to an
        // anonymous caller (a withheld one empty); no gaps or candidates.
        var open = (await Api.QueryAsAsync(Ecosystem.Api.Auth.Role.Anonymous, "query($p: String!) { localizationReport(scope: { province: $p }) { inputValueUsd inputs { sector { code } valueUsd } } }", new { p = province }))["data"]!["localizationReport"]!;
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", report["leadFirmCount"]!.ToString(), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#gaps-need-key")).ToBeVisibleAsync();
        Assert.Equal(open["inputValueUsd"] is { } shownTotal ? Raw(shownTotal) : "", await page.GetAttributeAsync("#total-value", "data-value"));
        var openRows = open["inputs"]!.AsArray().Select(i => $"{i!["sector"]!["code"]!.GetValue<string>()}|{(i["valueUsd"] is { } v ? Raw(v) : "")}").ToArray();
        Assert.True(openRows.Length > 0);
        Assert.Equal(openRows, await page.Locator("#inputs tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => [r.dataset.sector, r.cells[1].dataset.value].join('|'))"));
        // Its CSV holds the same published values by sector code; the candidates' CSV needs a key.
        var openCsv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-csv"));
        var openLines = (await File.ReadAllLinesAsync((await openCsv.PathAsync())!)).Skip(1).ToArray();
        var openCodes = open["inputs"]!.AsArray().Select(i => i!["sector"]!["code"]!.GetValue<string>()).ToArray();
        Assert.Equal(openCodes, openLines.Select(l => l.Split(',')[0]));
        Assert.Equal(open["inputs"]!.AsArray().Select(i => i!["valueUsd"] is { } v ? v.GetValue<double>().ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : ""),
            openLines.Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"[^\"]*\"", "x").Split(',')[2]));
        Assert.Equal(0, await page.Locator("#download-candidates-csv").CountAsync());

        // With the analyst's key (kept in the session), the values: the same numbers as the GraphQL report.
        await page.FillAsync("#api-key", TestKeys.Analyst);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#total-value")).ToHaveAttributeAsync("data-value", Raw(report["inputValueUsd"]!), new() { Timeout = 15_000 });
        Assert.Equal(Raw(report["domesticShare"]!), await page.GetAttributeAsync("#total-domestic", "data-value"));
        // The date the report is of (today in Vietnam when none is picked), written the Vietnamese way, and the gap rule.
        var asOf = report["asOf"]!.GetValue<string>();
        Assert.Equal(asOf, await page.GetAttributeAsync("#total-as-of", "data-value"));
        Assert.Equal(string.Join('/', asOf.Split('-').Reverse()), await page.InnerTextAsync("#total-as-of"));
        Assert.Equal($"Ngành đầu vào là khoảng trống khi tỷ lệ giá trị mua trong nước dưới {(report["threshold"]!.GetValue<double>() * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}%.", await page.InnerTextAsync("#gaps-rule"));
        var gapCodes = report["gaps"]!.AsArray().Select(g => g!["sector"]!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(gapCodes, await page.Locator("#gaps tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.sector)"));
        Assert.True(int.Parse(await page.GetAttributeAsync(".chart", "data-sectors") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0);
        // The table under the chart: every input sector, in the report's order, with its value and domestic share.
        var inputs = report["inputs"]!.AsArray();
        Assert.True(inputs.Count > 0);
        var expectedRows = inputs.Select(i => $"{i!["sector"]!["code"]!.GetValue<string>()}|{Raw(i["valueUsd"]!)}|{(i["domesticShare"] is null ? "" : Raw(i["domesticShare"]!))}").ToArray();
        Assert.Equal(expectedRows, await page.Locator("#inputs tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => [r.dataset.sector, r.cells[1].dataset.value, r.cells[5].dataset.value].join('|'))"));
        Assert.Equal(TestKeys.Analyst, await page.EvaluateAsync<string>("() => sessionStorage.getItem('ecosystem.apiKey')"));
        Assert.True(await page.EvaluateAsync<bool>("() => localStorage.getItem('ecosystem.apiKey') === null"), "the key must not outlive the session");
        await HeadlessBrowser.ShotAsync(page, "dashboard");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "dashboard");

        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-csv"));
        var lines = await File.ReadAllLinesAsync((await csv.PathAsync())!);
        Assert.StartsWith("sector_code,sector_name,value_usd", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Length > 1);
        // The candidates of every gap, ten each, as the API's CSV has them for the same arguments.
        var candidatesCsv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-candidates-csv"));
        var candidateLines = await File.ReadAllLinesAsync((await candidatesCsv.PathAsync())!);
        Assert.StartsWith("gap_sector_code,gap_sector_name,rank,firm_id", candidateLines[0], StringComparison.Ordinal);
        var gapsWithCandidates = (await Api.DataAsync("query($p: String!) { localizationReport(scope: { province: $p }) { gaps { candidates(first: 10) { score } } } }", new { p = province }))["localizationReport"]!["gaps"]!.AsArray();
        Assert.Equal(gapsWithCandidates.Sum(g => g!["candidates"]!.AsArray().Count), candidateLines.Length - 1);
        Assert.True(candidateLines.Length > 1);

        // The firm page's downloads: GraphML that parses, with the firms the network shows; links as CSV.
        var lead = await FirstLeadFirmAsync();
        await page.GotoAsync($"{Api.Address}#/firm/{Uri.EscapeDataString(lead)}/UPSTREAM/1");
        var network = page.Locator("#network");
        await Assertions.Expect(network).ToHaveAttributeAsync("data-node-count", new System.Text.RegularExpressions.Regex("^[0-9]+$"), new() { Timeout = 15_000 });
        var shown = int.Parse((await network.GetAttributeAsync("data-node-count"))!, System.Globalization.CultureInfo.InvariantCulture);
        var graphml = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-graphml"));
        var xml = System.Xml.Linq.XDocument.Load((await graphml.PathAsync())!);
        Assert.Equal(shown, xml.Descendants().Count(e => e.Name.LocalName == "node" && ((string?)e.Attribute("id"))?.StartsWith("firm:", StringComparison.Ordinal) == true));
        var links = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        var linkLines = await File.ReadAllLinesAsync((await links.PathAsync())!);
        Assert.StartsWith("supplier,buyer,sector,product,value_usd", linkLines[0], StringComparison.Ordinal);
        Assert.Equal(int.Parse((await network.GetAttributeAsync("data-edge-count"))!, System.Globalization.CultureInfo.InvariantCulture), linkLines.Length - 1);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task The_dashboard_and_the_park_finder_find_a_park_corridor_or_sector_by_its_name()
    {
        var hits = (await Api.DataAsync("{ search(text: \"dinh vu\", kinds: [PARK], first: 10) { name node { id } } }"))["search"]!.AsArray();
        Assert.True(hits.Count > 1, $"{hits.Count} parks match");
        var park = hits.Single(h => h!["name"]!.GetValue<string>() == "Khu công nghiệp Đình Vũ")!;
        var parkId = park["node"]!["id"]!.GetValue<string>();
        var corridor = (await Api.DataAsync("{ corridors(first: 1) { nodes { id name } } }"))["corridors"]!["nodes"]![0]!;
        var leadsIn = async (string kind, string id) => (await Api.DataAsync($"query($id: ID!) {{ localizationReport(scope: {{ {kind}: $id }}) {{ leadFirmCount }} }}", new { id }))["localizationReport"]!["leadFirmCount"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);

        // Several parks match the words: each is offered, and choosing one shows its report.
        await page.GotoAsync($"{Api.Address}#/localization/park/dinh%20vu//");
        var choices = page.Locator("#name-choices a");
        await Assertions.Expect(choices).ToHaveCountAsync(hits.Count, new() { Timeout = 15_000 });
        Assert.Equal(hits.Select(h => h!["name"]!.GetValue<string>()), await choices.AllInnerTextsAsync());
        await choices.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Khu công nghiệp Đình Vũ$") }).ClickAsync();
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", await leadsIn("park", parkId), new() { Timeout = 15_000 });
        Assert.Contains(Uri.EscapeDataString(parkId), page.Url, StringComparison.Ordinal);

        // The whole name, typed without diacritics, is taken at once and named above the totals.
        await page.GotoAsync($"{Api.Address}#/localization/park/khu%20cong%20nghiep%20dinh%20vu//");
        await Assertions.Expect(page.Locator("#scope-shown")).ToHaveTextAsync("Phạm vi: Khu công nghiệp Đình Vũ", new() { Timeout = 15_000 });
        Assert.Equal(await leadsIn("park", parkId), await page.GetAttributeAsync("#total-leads", "data-value"));

        // A corridor by its name; a name nothing has says so.
        var corridorName = corridor["name"]!.GetValue<string>();
        await page.GotoAsync($"{Api.Address}#/localization/corridor/{Uri.EscapeDataString(corridorName)}//");
        await Assertions.Expect(page.Locator("#scope-shown")).ToHaveTextAsync($"Phạm vi: {corridorName}", new() { Timeout = 15_000 });
        Assert.Equal(await leadsIn("corridor", corridor["id"]!.GetValue<string>()), await page.GetAttributeAsync("#total-leads", "data-value"));
        await page.GotoAsync($"{Api.Address}#/localization/park/zzzz%20qqqq//");
        await Assertions.Expect(page.Locator("#dashboard [role='alert']")).ToHaveTextAsync("Không tìm thấy mục nào có tên này.", new() { Timeout = 15_000 });

        // A lead-firm sector by its whole name, without diacritics: the report for its code.
        var division = (await Api.DataAsync("{ sector(code: \"29\") { code name } }"))["sector"]!;
        var divisionName = division["name"]!.GetValue<string>();
        var bySector = (await Api.DataAsync("{ localizationReport(scope: { country: true }, sectorCode: \"29\") { leadFirmCount } }"))["localizationReport"]!["leadFirmCount"]!.GetValue<int>();
        Assert.NotEqual((await Api.DataAsync("{ localizationReport(scope: { country: true }) { leadFirmCount } }"))["localizationReport"]!["leadFirmCount"]!.GetValue<int>(), bySector);
        await page.GotoAsync($"{Api.Address}#/localization/country//{Uri.EscapeDataString(Folded(divisionName))}/");
        await Assertions.Expect(page.Locator("#sector-shown")).ToHaveTextAsync($"Ngành: 29 {divisionName}", new() { Timeout = 15_000 });
        Assert.Equal(bySector.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("#total-leads", "data-value"));

        // The park finder by a sector's words: several sectors match, each offered once with its code (a sector named
        // as the broader one it belongs to is not offered again); one chosen lists its parks.
        var sectors = (await Api.DataAsync("{ search(text: \"san pham dien tu\", kinds: [SECTOR], first: 10) { name node { ... on Sector { code } } } }"))["search"]!.AsArray()
            .Select(x => (Name: x!["name"]!.GetValue<string>(), Code: x["node"]!["code"]!.GetValue<string>())).ToList();
        var offered = sectors.Where(x => !sectors.Any(o => o.Name == x.Name && o.Code.Length < x.Code.Length && x.Code.StartsWith(o.Code, StringComparison.Ordinal))).Select(x => x.Code).ToList();
        Assert.True(offered.Count > 1 && offered.Count < sectors.Count, $"{sectors.Count} sectors match, {offered.Count} offered");
        Assert.Contains("26", offered);
        await page.GotoAsync($"{Api.Address}#/parks/san%20pham%20dien%20tu//score");
        var sectorChoices = page.Locator("#name-choices a");
        await Assertions.Expect(sectorChoices).ToHaveCountAsync(offered.Count, new() { Timeout = 15_000 });
        Assert.Equal(offered, (await sectorChoices.AllInnerTextsAsync()).Select(text => text.Split(' ')[0]));
        var matches = (await Api.DataAsync("{ parkMatches(sectorCode: \"26\", first: 50) { park { id } } }"))["parkMatches"]!.AsArray();
        await sectorChoices.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^26 ") }).ClickAsync();
        await Assertions.Expect(page.Locator("#park-table tbody tr")).ToHaveCountAsync(matches.Count, new() { Timeout = 15_000 });
        Assert.Equal(matches.Select(m => m!["park"]!["id"]!.GetValue<string>()), await page.Locator("#park-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.park)"));
        Assert.Empty(errors);
    }
}
