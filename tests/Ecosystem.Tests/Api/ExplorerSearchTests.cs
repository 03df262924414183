using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>The explorer's search page: every kind of result opens its page. In Debian's Chromium against the API over the reference data and a small synthetic network (screenshots at 1366x768 in the test output's screenshots folder).</summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerSearchTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    [SkippableFact]
    public async Task Every_kind_of_result_opens_its_page()
    {
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await page.GotoAsync($"{Api.Address}#/search/hai%20duong");
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

        await page.GotoAsync($"{Api.Address}#/search/dinh%20vu");
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
}
