using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>The pages of parks, provinces, sectors, alliances, regions and corridors: links on, and every firm a page at a time. In Debian's Chromium against the API over the reference data and a small synthetic network (screenshots at 1366x768 in the test output's screenshots folder).</summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerNodePageTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    [SkippableFact]
    public async Task Pages_link_on_to_each_other_and_list_every_firm_a_page_at_a_time()
    {
        var lead = await FirstLeadFirmAsync();
        var facts = (await Api.DataAsync("query($id: ID!) { firm(id: $id) { province { id name } sectors { id code name } } }", new { id = lead }))["firm"]!;
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        var heading = page.Locator("h1");

        // The firm's province and sectors are links to their pages.
        await page.GotoAsync($"{Api.Address}#/firm/{Uri.EscapeDataString(lead)}");
        var provinceName = facts["province"]!["name"]!.GetValue<string>();
        await page.Locator("dd a", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(provinceName)}$") }).First.ClickAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(heading).ToHaveTextAsync(provinceName, new() { Timeout = 15_000 });

        // A province with more firms than the first page: "show more" lists the rest, the focus going on to the first
        // firm it brought (many pages at a time: ExplorerListTests, over the demo data).
        var provinces = (await Api.DataAsync("{ provinces { id name firms(first: 1) { totalCount } } }"))["provinces"]!.AsArray();
        var many = provinces.Where(p => p!["firms"]!["totalCount"]!.GetValue<int>() is > 20 and <= 120).OrderByDescending(p => p!["firms"]!["totalCount"]!.GetValue<int>()).First()!;
        var (manyId, manyName, total) = (many["id"]!.GetValue<string>(), many["name"]!.GetValue<string>(), many["firms"]!["totalCount"]!.GetValue<int>());
        await page.GotoAsync($"{Api.Address}#/node/{Uri.EscapeDataString(manyId)}");
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
        var leads = (await Api.DataAsync("query($id: String!) { localizationReport(scope: { province: $id }) { leadFirmCount } }", new { id = manyId }))["localizationReport"]!["leadFirmCount"]!.GetValue<int>();
        await page.ClickAsync("#to-dashboard");
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", leads.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#scope-shown")).ToHaveTextAsync($"Phạm vi: {manyName}");

        // A sector's page leads to the parks for it.
        var sector26 = (await Api.DataAsync("{ sector(code: \"26\") { id } parkMatches(sectorCode: \"26\", first: 50) { park { id } } }"));
        await page.GotoAsync($"{Api.Address}#/node/{Uri.EscapeDataString(sector26["sector"]!["id"]!.GetValue<string>())}");
        await page.ClickAsync("#to-parks", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#park-table tbody tr")).ToHaveCountAsync(sector26["parkMatches"]!.AsArray().Count, new() { Timeout = 15_000 });
        Assert.Empty(errors);
    }
}
