using Ecosystem.Api.Auth;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The explorer follows changes through its subscription: a firm's page renamed over HTTP while open shows a quiet
/// notice and keeps what it shows until asked; the button draws the latest. In Debian's Chromium against the API.
/// </summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerLiveTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    [SkippableFact]
    public async Task A_firm_page_says_quietly_that_the_firm_changed_and_shows_the_latest_on_request()
    {
        var source = (await Api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "explorer-live", title = "Explorer live (test)", publisher = "Test", url = "https://example.org/el", date = "2026-10-01" } }))["addSource"]!["source"]!["id"]!.GetValue<string>();
        const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { version } }";
        var firm = new { id = "explorer-live-firm", name = "Công ty Trang Sống (test)", country = "VN", province = "Hà Nội", sources = new[] { source } };
        await Api.DataAsAsync(Role.Editor, Upsert, new { input = firm });
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await page.GotoAsync(new Uri(Api.Address, "#/firm/firm%3Aexplorer-live-firm").ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(firm.name, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#live-notice")).ToHaveCountAsync(0);
        // The subscription is in place within a moment of the page being drawn.
        await page.WaitForTimeoutAsync(1500);

        var version = (await Api.DataAsAsync(Role.Editor, Upsert, new { input = firm with { name = "Công ty Trang Sống Mới (test)" } }))["upsertFirm"]!["version"]!.GetValue<long>();
        var notice = page.Locator("#live-notice");
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(notice).ToContainTextAsync("Doanh nghiệp này vừa được cập nhật.");
        await Assertions.Expect(notice.Locator(".live-version")).ToHaveTextAsync(version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("status", await notice.GetAttributeAsync("role"));
        // Nothing redrawn under the reader: the old name stays until the button is pressed.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(firm.name);
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "firm-live");
        await page.ClickAsync("#live-refresh");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Công ty Trang Sống Mới (test)", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#live-notice")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }
}
