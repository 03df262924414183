using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>What every page of the explorer must do: both languages, the keyboard, and never drawing a stale page. In Debian's Chromium against the API over the reference data and a small synthetic network (screenshots at 1366x768 in the test output's screenshots folder).</summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerEveryPageTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    [SkippableFact]
    public async Task The_language_toggle_changes_every_label_and_the_keyboard_reaches_everything()
    {
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        var bodies = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/graphql", StringComparison.Ordinal) && request.PostData is { } body)
            {
                bodies.Enqueue(body);
            }
        };
        await page.GotoAsync(Api.Address + "#/search/cong%20ty");
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

    /// <summary>A sourcing request's id: the synthetic network's first, or one posted here when it has none.</summary>
    private async Task<string> AnyRequestAsync()
    {
        if ((await Api.DataAsync("{ sourcingRequests(first: 1) { nodes { id } } }"))["sourcingRequests"]!["nodes"]!.AsArray() is [{ } first, ..])
        {
            return first["id"]!.GetValue<string>();
        }
        var lead = await FirstLeadFirmAsync();
        using var client = Api.ClientAs(Ecosystem.Api.Auth.Role.Editor);
        using var response = await client.SendAsync(EcosystemApiFactory.Post(
            "mutation($input: SourcingRequestInput!) { postSourcingRequest(input: $input) { request { id } } }",
            new { input = new { id = "every-page", buyer = lead, title = "Every page (test)", items = new[] { new { key = "1", hsCode = "8708.29" } }, sources = new[] { "source:article-g20-alliance-2024" } } }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["data"]?["postSourcingRequest"]?["request"]?["id"]?.GetValue<string>() ?? throw new InvalidOperationException(body.ToJsonString());
    }

    [SkippableFact]
    public async Task The_language_toggle_changes_every_label_of_every_page()
    {
        var ids = await Api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } province(name: \"Hải Dương\") { id } }");
        var lead = ids["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var province = ids["province"]!["id"]!.GetValue<string>();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await page.GotoAsync(Api.Address.ToString());
        await page.FillAsync("#api-key", TestKeys.Analyst);
        await page.Keyboard.PressAsync("Enter");
        // Each page with what shows it is whole: the analyst's dashboard has its chart, table and gaps.
        (string Url, string Ready)[] pages =
        [
            ($"#/firm/{Uri.EscapeDataString(lead)}/UPSTREAM/1", ".firm-grid:has(#profile) #network[data-node-count]"),
            ($"#/node/{Uri.EscapeDataString(province)}", "dd a"),
            ("#/localization/province/" + Uri.EscapeDataString("Hải Phòng") + "//", "#inputs tbody tr"),
            ("#/parks/26//score", "#park-table tbody tr"),
            ("#/product/product%3A870829", "#makers-heading"),
            ($"#/request/{Uri.EscapeDataString(await AnyRequestAsync())}/partial", "#include-partial"),
            ($"#/request-new/{Uri.EscapeDataString(lead)}", "#request-form"),
        ];
        foreach (var (url, ready) in pages)
        {
            Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
            await page.GotoAsync(Api.Address + url);
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
        var leads = (await Api.DataAsync("{ localizationReport(scope: { province: \"Hải Phòng\" }) { leadFirmCount } }"))["localizationReport"]!["leadFirmCount"]!.GetValue<int>();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
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
        await page.GotoAsync($"{Api.Address}#/firm/{Uri.EscapeDataString(lead)}/UPSTREAM/1");
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
        await page.GotoAsync($"{Api.Address}#/localization");
        await page.FocusAsync("#scope-value");
        await page.Keyboard.TypeAsync("Hải Phòng");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", leads.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await FocusedIsAsync("scope-value");

        // The park finder: a sector, Enter, then Tab to a column's sort link; Enter sorts and the link keeps the focus.
        await page.GotoAsync($"{Api.Address}#/parks");
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
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await page.GotoAsync(Api.Address + "#/parks");
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
        await page.GotoAsync($"{Api.Address}#/firm/{Uri.EscapeDataString(lead)}");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await page.GotoAsync(Api.Address + "#/localization");
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
}
