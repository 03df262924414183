using System.Globalization;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Long lists over the demo data (5,000 firms): a province's page brings its firms a hundred at a time until every one
/// is listed, by the keyboard.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ExplorerListTests(DemoKestrelApiFactory api) : IClassFixture<DemoKestrelApiFactory>
{
    [SkippableFact]
    public async Task A_provinces_page_brings_every_firm_a_hundred_at_a_time()
    {
        var provinces = (await api.DataAsync("{ provinces { id firms(first: 1) { totalCount } } }"))["provinces"]!.AsArray();
        var many = provinces.Where(p => p!["firms"]!["totalCount"]!.GetValue<int>() is > 220 and < 1000).OrderBy(p => p!["firms"]!["totalCount"]!.GetValue<int>()).First()!;
        var (id, total) = (many["id"]!.GetValue<string>(), many["firms"]!["totalCount"]!.GetValue<int>());
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        await page.GotoAsync($"{api.Address}#/node/{Uri.EscapeDataString(id)}");
        var items = page.Locator("#firms-list li");
        await Assertions.Expect(items).ToHaveCountAsync(20, new() { Timeout = 15_000 });

        // Enter on "show more": a hundred more each time, the button keeping the focus while more remain.
        await page.FocusAsync("#firms-more");
        for (var shown = 20; shown < total;)
        {
            await page.Keyboard.PressAsync("Enter");
            shown = Math.Min(total, shown + 100);
            await Assertions.Expect(items).ToHaveCountAsync(shown, new() { Timeout = 15_000 });
            if (shown < total)
            {
                Assert.Equal("firms-more", await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''"));
            }
        }
        // Then the button is gone and the focus is on the first firm it brought last.
        await Assertions.Expect(page.Locator("#firms-more")).ToHaveCountAsync(0);
        var hrefs = await page.Locator("#firms-list a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(total, hrefs.Distinct().Count());
        var lastStart = 20 + (total - 21) / 100 * 100;
        Assert.Equal(hrefs[lastStart], await page.EvaluateAsync<string>("() => document.activeElement?.getAttribute('href') ?? ''"));
        Assert.Empty(errors);
    }
}
