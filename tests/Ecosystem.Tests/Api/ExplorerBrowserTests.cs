using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The explorer in Debian's Chromium against the API over the reference data and a small synthetic network: search,
/// a firm's page and its network against the GraphQL answers, the language toggle, the keyboard, accessibility (axe),
/// and screenshots at 1366x768 (in the test output's screenshots folder).
/// </summary>
public sealed class ExplorerBrowserTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    /// <summary>The firms the network should show: the root and every firm of the chain (up to the explorer's 2,500).</summary>
    private async Task<int> ExpectedNodesAsync(string firmId, int depth, string direction = "UPSTREAM")
    {
        var data = await api.DataAsync("query($id: ID!, $d: Int!, $dir: SupplyDirection!) { supplyChain(firmId: $id, maxDepth: $d, direction: $dir) { firmCount } }", new { id = firmId, d = depth, dir = direction });
        return Math.Min(2500, 1 + data["supplyChain"]!["firmCount"]!.GetValue<int>());
    }

    /// <summary>The id of the first lead firm, whose network the tests draw.</summary>
    private async Task<string> FirstLeadFirmAsync() =>
        (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();

    [SkippableFact]
    public async Task Search_opens_a_firm_whose_network_has_the_chains_firms_and_follows_the_depth()
    {
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id name } } }"))["firms"]!["nodes"]![0]!;
        var (id, name) = (lead["id"]!.GetValue<string>(), lead["name"]!.GetValue<string>());
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        await page.GotoAsync(api.Address.ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tìm doanh nghiệp, khu công nghiệp, tỉnh, ngành, liên kết");
        // The search box has the focus: one can type at once.
        Assert.Equal("search-text", await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''"));
        // Folded search: the name typed without its diacritics.
        var folded = Folded(name).Replace("(synthetic)", "", StringComparison.Ordinal).Trim();
        await page.FillAsync("#search-text", folded);
        await page.Keyboard.PressAsync("Enter");
        var link = page.Locator($"#results a[href='#/firm/{Uri.EscapeDataString(id)}']");
        await Assertions.Expect(link).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await HeadlessBrowser.ShotAsync(page, "search");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "search");
        await link.ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name, new() { Timeout = 15_000 });
        var network = page.Locator("#network");
        await Assertions.Expect(network).ToHaveAttributeAsync("data-node-count", (await ExpectedNodesAsync(id, 1)).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await HeadlessBrowser.ShotAsync(page, "firm");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "firm");
        // The network's summary counts the synthetic firms shown (their names, which labels may cut, say so).
        var tiers = (await api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 1) { tiers { firms(first: 100) { totalCount nodes { name } } } } }", new { id }))["supplyChain"]!["tiers"]!.AsArray();
        Assert.All(tiers, tier => Assert.True(tier!["firms"]!["totalCount"]!.GetValue<int>() <= 100));
        var synthetic = tiers.SelectMany(tier => tier!["firms"]!["nodes"]!.AsArray()).Select(f => f!["name"]!.GetValue<string>()).Append(name).Count(n => n.EndsWith("(synthetic)", StringComparison.Ordinal));
        Assert.True(synthetic > 0);
        await Assertions.Expect(page.Locator("#network-synthetic")).ToHaveTextAsync($"{synthetic} doanh nghiệp tổng hợp (không có thật, tên kết thúc bằng “(synthetic)”).");

        await page.SelectOptionAsync("#depth", "2");
        await Assertions.Expect(network).ToHaveAttributeAsync("data-node-count", (await ExpectedNodesAsync(id, 2)).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        Assert.Contains("/2", page.Url, StringComparison.Ordinal);

        // A synthetic firm's sources say so.
        await Assertions.Expect(page.Locator(".sources .synthetic").First).ToContainTextAsync("dữ liệu tổng hợp");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task The_language_toggle_changes_every_label_and_the_keyboard_reaches_everything()
    {
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        var bodies = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/graphql", StringComparison.Ordinal) && request.PostData is { } body)
            {
                bodies.Enqueue(body);
            }
        };
        await page.GotoAsync(api.Address + "#/search/cong%20ty");
        await page.Locator("#results li").First.WaitForAsync(new() { Timeout = 15_000 });
        async Task<List<string>> LabelsAsync() => [.. await page.Locator("[data-i18n]").AllInnerTextsAsync()];
        var vietnamese = await LabelsAsync();
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));

        // Keyboard only: the toggle is reached with Tab and pressed with Enter.
        await page.Locator("#lang-toggle").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        // The page is drawn again in English (its results fetched again).
        await Assertions.Expect(page.Locator("#results .count")).ToContainTextAsync("results", new() { Timeout = 15_000 });
        var english = await LabelsAsync();
        Assert.Equal(vietnamese.Count, english.Count);
        var unchanged = vietnamese.Zip(english).Where(p => p.First == p.Second && p.First.Length > 0).Select(p => p.First).ToList();
        Assert.True(unchanged.Count == 0, "labels the toggle did not change: " + string.Join(", ", unchanged));
        await HeadlessBrowser.ShotAsync(page, "search-en");

        // Tab from the search box reaches the first result, and Enter opens it.
        await page.FocusAsync("#search-text");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href') || ''");
        Assert.StartsWith("#/firm/", focused, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#network")).ToHaveAttributeAsync("data-node-count", new System.Text.RegularExpressions.Regex("^[0-9]+$"), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#facts-heading")).ToHaveTextAsync("Facts");

        // The network's firms are links too, for the keyboard: one per firm drawn besides the firm itself.
        await page.Locator("#network-list summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var drawn = int.Parse((await page.GetAttributeAsync("#network", "data-node-count"))!, System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#network-list a")).ToHaveCountAsync(drawn - 1);

        // Persisted queries: the search ran twice (in each language); its text went once, the hash alone otherwise.
        var searches = bodies.Select(b => JsonNode.Parse(b)!).Where(b => b["variables"]?["text"] is not null).ToList();
        Assert.True(searches.Count >= 2, $"{searches.Count} searches");
        Assert.All(searches, b => Assert.NotNull(b["extensions"]?["persistedQuery"]?["sha256Hash"]));
        Assert.True(searches.Count(b => b["query"] is null) >= searches.Count - 1, "the text of a known query was sent again");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task The_language_toggle_changes_every_label_of_every_page()
    {
        var ids = await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } province(name: \"Hải Dương\") { id } }");
        var lead = ids["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var province = ids["province"]!["id"]!.GetValue<string>();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        await page.GotoAsync(api.Address.ToString());
        await page.FillAsync("#api-key", TestKeys.Analyst);
        await page.Keyboard.PressAsync("Enter");
        // Each page with what shows it is whole: the analyst's dashboard has its chart, table and gaps.
        (string Url, string Ready)[] pages =
        [
            ($"#/firm/{Uri.EscapeDataString(lead)}/UPSTREAM/1", "#network[data-node-count]"),
            ($"#/node/{Uri.EscapeDataString(province)}", "dd a"),
            ("#/localization/province/" + Uri.EscapeDataString("Hải Phòng") + "//", "#inputs tbody tr"),
            ("#/parks/26//score", "#park-table tbody tr"),
        ];
        foreach (var (url, ready) in pages)
        {
            Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
            await page.GotoAsync(api.Address + url);
            await page.Locator(ready).First.WaitForAsync(new() { Timeout = 15_000, State = WaitForSelectorState.Attached });
            var vietnamese = await page.Locator("[data-i18n]").AllInnerTextsAsync();
            Assert.True(vietnamese.Count > 10, $"{url}: {vietnamese.Count} labels");

            await page.ClickAsync("#lang-toggle");
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
            // The page is drawn again in English; wait until it is whole again, then compare label by label.
            IReadOnlyList<string> english = [];
            var unchanged = new List<string>();
            for (var attempt = 0; attempt < 150; attempt++)
            {
                await page.Locator(ready).First.WaitForAsync(new() { Timeout = 15_000, State = WaitForSelectorState.Attached });
                english = await page.Locator("[data-i18n]").AllInnerTextsAsync();
                unchanged = [.. vietnamese.Zip(english).Where(p => p.First == p.Second && p.First.Length > 0).Select(p => p.First)];
                if (english.Count == vietnamese.Count && unchanged.Count == 0)
                {
                    break;
                }
                await page.WaitForTimeoutAsync(100);
            }
            Assert.True(english.Count == vietnamese.Count, $"{url}: {vietnamese.Count} labels in Vietnamese, {english.Count} in English");
            Assert.True(unchanged.Count == 0, $"{url}: labels the toggle did not change: " + string.Join(", ", unchanged));
            await page.ClickAsync("#lang-toggle");
        }
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task The_controls_work_with_the_keyboard_and_keep_the_focus_when_the_page_is_drawn_again()
    {
        var lead = await FirstLeadFirmAsync();
        var leads = (await api.DataAsync("{ localizationReport(scope: { province: \"Hải Phòng\" }) { leadFirmCount } }"))["localizationReport"]!["leadFirmCount"]!.GetValue<int>();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        async Task<string> FocusedAsync() => await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''");
        async Task FocusedIsAsync(string id)
        {
            for (var attempt = 0; attempt < 100 && await FocusedAsync() != id; attempt++)
            {
                await page.WaitForTimeoutAsync(50);
            }
            Assert.Equal(id, await FocusedAsync());
        }

        // The network's depth and direction by the arrow keys: each change draws the page again, the select keeps the focus.
        await page.GotoAsync($"{api.Address}#/firm/{Uri.EscapeDataString(lead)}/UPSTREAM/1");
        var network = page.Locator("#network");
        await Assertions.Expect(network).ToHaveAttributeAsync("data-node-count", (await ExpectedNodesAsync(lead, 1)).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await page.FocusAsync("#depth");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(network).ToHaveAttributeAsync("data-node-count", (await ExpectedNodesAsync(lead, 2)).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        Assert.EndsWith("/UPSTREAM/2", page.Url, StringComparison.Ordinal);
        await FocusedIsAsync("depth");
        await page.Keyboard.PressAsync("Shift+Tab");
        await FocusedIsAsync("direction");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/DOWNSTREAM/2$"), new() { Timeout = 15_000 });
        var downstream = await ExpectedNodesAsync(lead, 2, "DOWNSTREAM");
        Assert.NotEqual(await ExpectedNodesAsync(lead, 2), downstream);
        await Assertions.Expect(network).ToHaveAttributeAsync("data-node-count", downstream.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await FocusedIsAsync("direction");

        // The language toggle keeps the focus too, so pressing it again turns the language back.
        await page.FocusAsync("#lang-toggle");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await FocusedIsAsync("lang-toggle");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));

        // The dashboard: type a scope, Enter shows the report, the field keeps the focus.
        await page.GotoAsync($"{api.Address}#/localization");
        await page.FocusAsync("#scope-value");
        await page.Keyboard.TypeAsync("Hải Phòng");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", leads.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await FocusedIsAsync("scope-value");

        // The park finder: a sector, Enter, then Tab to a column's sort link; Enter sorts and the link keeps the focus.
        await page.GotoAsync($"{api.Address}#/parks");
        await page.FocusAsync("#park-sector");
        await page.Keyboard.TypeAsync("26");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#park-table tbody tr").First.WaitForAsync(new() { Timeout = 15_000 });
        var tabs = 0;
        while (await FocusedAsync() != "sort-area" && tabs++ < 12)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("sort-area", await FocusedAsync());
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("th[aria-sort='descending'] #sort-area")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await FocusedIsAsync("sort-area");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task A_page_still_loading_does_not_draw_over_the_page_opened_after_it()
    {
        var lead = await FirstLeadFirmAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        await page.GotoAsync(api.Address + "#/parks");
        var heading = page.Locator("h1");
        await Assertions.Expect(heading).ToHaveTextAsync("Khu, cụm công nghiệp theo ngành ưu tiên và diện tích còn trống");
        // The firm's facts are held back until another page has been opened.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/graphql", async route =>
        {
            if (route.Request.PostData is { } body && JsonNode.Parse(body)!["variables"] is JsonObject variables
                && variables.Count == 1 && variables["id"]?.GetValue<string>() == lead && held.TrySetResult())
            {
                await release.Task;
            }
            await route.ContinueAsync();
        });
        await page.GotoAsync($"{api.Address}#/firm/{Uri.EscapeDataString(lead)}");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await page.GotoAsync(api.Address + "#/localization");
        await Assertions.Expect(heading).ToHaveTextAsync("Tỷ lệ nội địa hóa đầu vào của doanh nghiệp dẫn dắt");
        // Now the firm's answer comes: the page opened after it stays.
        var answered = page.WaitForResponseAsync(r => r.Url.EndsWith("/graphql", StringComparison.Ordinal) && r.Request.PostData?.Contains(lead, StringComparison.Ordinal) == true);
        release.SetResult();
        await answered;
        await page.EvaluateAsync("() => new Promise(r => setTimeout(r, 300))");
        await Assertions.Expect(heading).ToHaveTextAsync("Tỷ lệ nội địa hóa đầu vào của doanh nghiệp dẫn dắt");
        await Assertions.Expect(page.Locator("#network")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task The_dashboard_shows_the_reports_numbers_and_its_downloads_parse()
    {
        // What GraphQL says for the same arguments, asked with the analyst's key.
        var province = "Hải Phòng";
        var report = (await api.DataAsync("query($p: String!) { localizationReport(scope: { province: $p }) { asOf threshold leadFirmCount inputValueUsd domesticShare inputs { sector { code } valueUsd domesticShare } gaps { sector { code } } } }", new { p = province }))["localizationReport"]!;
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        var url = $"{api.Address}#/localization/province/{Uri.EscapeDataString(province)}//";
        await page.GotoAsync(url);
        // Anonymous: the count, not the values.
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", report["leadFirmCount"]!.ToString(), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".notice")).ToBeVisibleAsync();

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
        var gapsWithCandidates = (await api.DataAsync("query($p: String!) { localizationReport(scope: { province: $p }) { gaps { candidates(first: 10) { score } } } }", new { p = province }))["localizationReport"]!["gaps"]!.AsArray();
        Assert.Equal(gapsWithCandidates.Sum(g => g!["candidates"]!.AsArray().Count), candidateLines.Length - 1);
        Assert.True(candidateLines.Length > 1);

        // The firm page's downloads: GraphML that parses, with the firms the network shows; links as CSV.
        var lead = await FirstLeadFirmAsync();
        await page.GotoAsync($"{api.Address}#/firm/{Uri.EscapeDataString(lead)}/UPSTREAM/1");
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
        var hits = (await api.DataAsync("{ search(text: \"dinh vu\", kinds: [PARK], first: 10) { name node { id } } }"))["search"]!.AsArray();
        Assert.True(hits.Count > 1, $"{hits.Count} parks match");
        var park = hits.Single(h => h!["name"]!.GetValue<string>() == "Khu công nghiệp Đình Vũ")!;
        var parkId = park["node"]!["id"]!.GetValue<string>();
        var corridor = (await api.DataAsync("{ corridors(first: 1) { nodes { id name } } }"))["corridors"]!["nodes"]![0]!;
        var leadsIn = async (string kind, string id) => (await api.DataAsync($"query($id: ID!) {{ localizationReport(scope: {{ {kind}: $id }}) {{ leadFirmCount }} }}", new { id }))["localizationReport"]!["leadFirmCount"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);

        // Several parks match the words: each is offered, and choosing one shows its report.
        await page.GotoAsync($"{api.Address}#/localization/park/dinh%20vu//");
        var choices = page.Locator("#name-choices a");
        await Assertions.Expect(choices).ToHaveCountAsync(hits.Count, new() { Timeout = 15_000 });
        Assert.Equal(hits.Select(h => h!["name"]!.GetValue<string>()), await choices.AllInnerTextsAsync());
        await choices.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Khu công nghiệp Đình Vũ$") }).ClickAsync();
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", await leadsIn("park", parkId), new() { Timeout = 15_000 });
        Assert.Contains(Uri.EscapeDataString(parkId), page.Url, StringComparison.Ordinal);

        // The whole name, typed without diacritics, is taken at once and named above the totals.
        await page.GotoAsync($"{api.Address}#/localization/park/khu%20cong%20nghiep%20dinh%20vu//");
        await Assertions.Expect(page.Locator("#scope-shown")).ToHaveTextAsync("Phạm vi: Khu công nghiệp Đình Vũ", new() { Timeout = 15_000 });
        Assert.Equal(await leadsIn("park", parkId), await page.GetAttributeAsync("#total-leads", "data-value"));

        // A corridor by its name; a name nothing has says so.
        var corridorName = corridor["name"]!.GetValue<string>();
        await page.GotoAsync($"{api.Address}#/localization/corridor/{Uri.EscapeDataString(corridorName)}//");
        await Assertions.Expect(page.Locator("#scope-shown")).ToHaveTextAsync($"Phạm vi: {corridorName}", new() { Timeout = 15_000 });
        Assert.Equal(await leadsIn("corridor", corridor["id"]!.GetValue<string>()), await page.GetAttributeAsync("#total-leads", "data-value"));
        await page.GotoAsync($"{api.Address}#/localization/park/zzzz%20qqqq//");
        await Assertions.Expect(page.Locator("#dashboard [role='alert']")).ToHaveTextAsync("Không tìm thấy mục nào có tên này.", new() { Timeout = 15_000 });

        // A lead-firm sector by its whole name, without diacritics: the report for its code.
        var division = (await api.DataAsync("{ sector(code: \"29\") { code name } }"))["sector"]!;
        var divisionName = division["name"]!.GetValue<string>();
        var bySector = (await api.DataAsync("{ localizationReport(scope: { country: true }, sectorCode: \"29\") { leadFirmCount } }"))["localizationReport"]!["leadFirmCount"]!.GetValue<int>();
        Assert.NotEqual((await api.DataAsync("{ localizationReport(scope: { country: true }) { leadFirmCount } }"))["localizationReport"]!["leadFirmCount"]!.GetValue<int>(), bySector);
        await page.GotoAsync($"{api.Address}#/localization/country//{Uri.EscapeDataString(Folded(divisionName))}/");
        await Assertions.Expect(page.Locator("#sector-shown")).ToHaveTextAsync($"Ngành: 29 {divisionName}", new() { Timeout = 15_000 });
        Assert.Equal(bySector.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("#total-leads", "data-value"));

        // The park finder by a sector's words: several sectors match, each offered once with its code (a sector named
        // as the broader one it belongs to is not offered again); one chosen lists its parks.
        var sectors = (await api.DataAsync("{ search(text: \"san pham dien tu\", kinds: [SECTOR], first: 10) { name node { ... on Sector { code } } } }"))["search"]!.AsArray()
            .Select(x => (Name: x!["name"]!.GetValue<string>(), Code: x["node"]!["code"]!.GetValue<string>())).ToList();
        var offered = sectors.Where(x => !sectors.Any(o => o.Name == x.Name && o.Code.Length < x.Code.Length && x.Code.StartsWith(o.Code, StringComparison.Ordinal))).Select(x => x.Code).ToList();
        Assert.True(offered.Count > 1 && offered.Count < sectors.Count, $"{sectors.Count} sectors match, {offered.Count} offered");
        Assert.Contains("26", offered);
        await page.GotoAsync($"{api.Address}#/parks/san%20pham%20dien%20tu//score");
        var sectorChoices = page.Locator("#name-choices a");
        await Assertions.Expect(sectorChoices).ToHaveCountAsync(offered.Count, new() { Timeout = 15_000 });
        Assert.Equal(offered, (await sectorChoices.AllInnerTextsAsync()).Select(text => text.Split(' ')[0]));
        var matches = (await api.DataAsync("{ parkMatches(sectorCode: \"26\", first: 50) { park { id } } }"))["parkMatches"]!.AsArray();
        await sectorChoices.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^26 ") }).ClickAsync();
        await Assertions.Expect(page.Locator("#park-table tbody tr")).ToHaveCountAsync(matches.Count, new() { Timeout = 15_000 });
        Assert.Equal(matches.Select(m => m!["park"]!["id"]!.GetValue<string>()), await page.Locator("#park-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.park)"));
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Pages_link_on_to_each_other_and_list_every_firm_a_page_at_a_time()
    {
        var lead = await FirstLeadFirmAsync();
        var facts = (await api.DataAsync("query($id: ID!) { firm(id: $id) { province { id name } sectors { id code name } } }", new { id = lead }))["firm"]!;
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        var heading = page.Locator("h1");

        // The firm's province and sectors are links to their pages.
        await page.GotoAsync($"{api.Address}#/firm/{Uri.EscapeDataString(lead)}");
        var provinceName = facts["province"]!["name"]!.GetValue<string>();
        await page.Locator("dd a", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(provinceName)}$") }).First.ClickAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(heading).ToHaveTextAsync(provinceName, new() { Timeout = 15_000 });

        // A province with more firms than the first page: "show more" lists the rest, the focus going on to the first
        // firm it brought (many pages at a time: ExplorerListTests, over the demo data).
        var provinces = (await api.DataAsync("{ provinces { id name firms(first: 1) { totalCount } } }"))["provinces"]!.AsArray();
        var many = provinces.Where(p => p!["firms"]!["totalCount"]!.GetValue<int>() is > 20 and <= 120).OrderByDescending(p => p!["firms"]!["totalCount"]!.GetValue<int>()).First()!;
        var (manyId, manyName, total) = (many["id"]!.GetValue<string>(), many["name"]!.GetValue<string>(), many["firms"]!["totalCount"]!.GetValue<int>());
        await page.GotoAsync($"{api.Address}#/node/{Uri.EscapeDataString(manyId)}");
        var items = page.Locator("#firms-list li");
        await Assertions.Expect(items).ToHaveCountAsync(20, new() { Timeout = 15_000 });
        await page.FocusAsync("#firms-more");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(items).ToHaveCountAsync(total, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#firms-more")).ToHaveCountAsync(0);
        var hrefs = await page.Locator("#firms-list a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(total, hrefs.Distinct().Count());
        Assert.Equal(hrefs[20], await page.EvaluateAsync<string>("() => document.activeElement?.getAttribute('href') ?? ''"));

        // On to the province's localization report: the same lead firms as GraphQL counts, the province named.
        var leads = (await api.DataAsync("query($id: String!) { localizationReport(scope: { province: $id }) { leadFirmCount } }", new { id = manyId }))["localizationReport"]!["leadFirmCount"]!.GetValue<int>();
        await page.ClickAsync("#to-dashboard");
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", leads.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#scope-shown")).ToHaveTextAsync($"Phạm vi: {manyName}");

        // A sector's page leads to the parks for it.
        var sector26 = (await api.DataAsync("{ sector(code: \"26\") { id } parkMatches(sectorCode: \"26\", first: 50) { park { id } } }"));
        await page.GotoAsync($"{api.Address}#/node/{Uri.EscapeDataString(sector26["sector"]!["id"]!.GetValue<string>())}");
        await page.ClickAsync("#to-parks", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#park-table tbody tr")).ToHaveCountAsync(sector26["parkMatches"]!.AsArray().Count, new() { Timeout = 15_000 });
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Two_fingers_pinch_the_detailed_view_too()
    {
        var lead = await FirstLeadFirmAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address, touch: true);
        Assert.Equal("detailed", await ExplorerNetwork.OpenAsync(api, page, lead, 2));
        var box = (await page.Locator("#network canvas").First.BoundingBoxAsync())!;
        var (cx, cy) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        var root = await ExplorerNetwork.PositionAsync(page, lead);
        await ExplorerNetwork.PinchAsync(page, cx, cy);
        var after = await ExplorerNetwork.PositionAsync(page, lead);
        // Further from the point between the fingers by the pinch's factor (cytoscape's own touch zoom: about twice).
        Assert.InRange((after.X - cx) / (root.X - cx), 1.6, 2.4);
        Assert.Contains(Uri.EscapeDataString(lead), page.Url, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Hovering_a_link_shows_its_product_and_to_analysts_its_value_and_a_click_recentres()
    {
        var lead = await FirstLeadFirmAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        await ExplorerNetwork.HoverAndClickAsync(api, page, lead, TestKeys.Analyst, expectedView: "detailed");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task The_park_finder_lists_the_matches_and_sorts_them_by_any_column()
    {
        var matches = (await api.DataAsync("{ parkMatches(sectorCode: \"26\", first: 50) { score park { id name availableAreaHa firms(first: 1) { totalCount } } } }"))["parkMatches"]!.AsArray();
        Assert.NotEmpty(matches);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        await page.GotoAsync($"{api.Address}#/parks");
        await page.FillAsync("#park-sector", "26");
        await page.Keyboard.PressAsync("Enter");
        var rows = page.Locator("#park-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(matches.Count, new() { Timeout = 15_000 });
        // By score, as the API ranks them.
        Assert.Equal(matches.Select(m => m!["park"]!["id"]!.GetValue<string>()), await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.park)"));
        await HeadlessBrowser.ShotAsync(page, "parks");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "parks");

        // By available land, largest first, unknown last.
        await page.ClickAsync("a[data-sort='area']");
        await Assertions.Expect(page.Locator("th[aria-sort='descending'] a[data-sort='area']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var byArea = matches.OrderByDescending(m => m!["park"]!["availableAreaHa"]?.GetValue<double>() ?? -1).Select(m => m!["park"]!["availableAreaHa"]?.GetValue<double>() ?? -1).ToList();
        var shown = await page.Locator("#park-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.park)");
        var areaOf = matches.ToDictionary(m => m!["park"]!["id"]!.GetValue<string>(), m => m!["park"]!["availableAreaHa"]?.GetValue<double>() ?? -1);
        Assert.Equal(byArea, shown.Select(id => areaOf[id]));

        // By the firms already there, most first.
        await page.ClickAsync("a[data-sort='firms']");
        await Assertions.Expect(page.Locator("th[aria-sort='descending'] a[data-sort='firms']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var firmsOf = matches.ToDictionary(m => m!["park"]!["id"]!.GetValue<string>(), m => m!["park"]!["firms"]!["totalCount"]!.GetValue<int>());
        shown = await page.Locator("#park-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.park)");
        Assert.Equal(firmsOf.Values.OrderByDescending(n => n), shown.Select(id => firmsOf[id]));
        Assert.True(firmsOf.Values.Distinct().Count() > 1, "every park has as many firms: the order would prove nothing");

        // By name, in Vietnamese alphabetical order (Intl.Collator "vi": Đ after D, tones after the base letter).
        await page.ClickAsync("a[data-sort='name']");
        await Assertions.Expect(page.Locator("th[aria-sort='ascending'] a[data-sort='name']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        shown = await page.Locator("#park-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.park)");
        Assert.Equal(firmsOf.Keys.Order(), shown.Order());
        var nameOf = matches.ToDictionary(m => m!["park"]!["id"]!.GetValue<string>(), m => m!["park"]!["name"]!.GetValue<string>());
        var disordered = await page.EvaluateAsync<int>("names => { const c = new Intl.Collator('vi'); return names.findIndex((n, i) => i > 0 && c.compare(names[i - 1], n) > 0); }", shown.Select(id => nameOf[id]).ToArray());
        Assert.Equal(-1, disordered);
        Assert.NotEqual(matches.Select(m => nameOf[m!["park"]!["id"]!.GetValue<string>()]), shown.Select(id => nameOf[id]));
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Every_kind_of_result_opens_its_page()
    {
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        await page.GotoAsync($"{api.Address}#/search/hai%20duong");
        var province = page.Locator("#results li[data-kind='PROVINCE'] a").First;
        await Assertions.Expect(province).ToHaveTextAsync("Hải Dương", new() { Timeout = 15_000 });
        await province.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hải Dương", new() { Timeout = 15_000 });
        // The former province names its successor after the 2025 merger, and the link opens it.
        var successor = page.Locator("dd a").First;
        await Assertions.Expect(successor).ToHaveTextAsync("Hải Phòng");
        await HeadlessBrowser.ShotAsync(page, "province");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "province");
        await successor.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Hải Phòng", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("dd a").Filter(new() { HasText = "Hải Dương" })).ToHaveCountAsync(1);

        await page.GotoAsync($"{api.Address}#/search/dinh%20vu");
        var park = page.Locator("#results li[data-kind='PARK'] a").First;
        await Assertions.Expect(park).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var parkName = await park.InnerTextAsync();
        await park.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(parkName, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".sources li").First).ToBeVisibleAsync();
        await HeadlessBrowser.ShotAsync(page, "park");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "park");
        Assert.Empty(errors);
    }

    /// <summary>A name typed without its diacritics (đ as d), as people search.</summary>
    private static string Folded(string name) =>
        string.Concat(name.Normalize(System.Text.NormalizationForm.FormD).Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark))
            .Replace("đ", "d", StringComparison.Ordinal).Replace("Đ", "D", StringComparison.Ordinal);

    private static string Raw(JsonNode value) => value.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
