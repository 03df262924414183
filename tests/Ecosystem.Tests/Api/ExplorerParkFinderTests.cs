using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>The park finder: matches, sorting by any column. In Debian's Chromium against the API over the reference data and a small synthetic network (screenshots at 1366x768 in the test output's screenshots folder).</summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerParkFinderTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    [SkippableFact]
    public async Task The_park_finder_lists_the_matches_and_sorts_them_by_any_column()
    {
        var matches = (await Api.DataAsync("{ parkMatches(sectorCode: \"26\", first: 50) { score park { id name availableAreaHa firms(first: 1) { totalCount } } } }"))["parkMatches"]!.AsArray();
        Assert.NotEmpty(matches);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await page.GotoAsync($"{Api.Address}#/parks");
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
}
