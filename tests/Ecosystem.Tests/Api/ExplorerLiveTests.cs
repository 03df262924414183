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

    [SkippableFact]
    public async Task The_dashboard_says_quietly_that_the_data_changed_and_draws_the_report_again_on_request()
    {
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await page.GotoAsync($"{Api.Address}#/localization/province/{Uri.EscapeDataString("Hải Phòng")}//");
        var leads = page.Locator("#total-leads");
        await Assertions.Expect(leads).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var before = await leads.GetAttributeAsync("data-value");
        await page.WaitForTimeoutAsync(1500);

        // A new lead firm in Hải Phòng with a supplier: the report's count moves, but only when asked.
        var source = (await Api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "dashboard-live", title = "Dashboard live (test)", publisher = "Test", url = "https://example.org/dl", date = "2026-10-01" } }))["addSource"]!["source"]!["id"]!.GetValue<string>();
        const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { version } }";
        await Api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "dash-live-lead", name = "Dash Live Lead (test)", country = "VN", province = "Hải Phòng", roles = new[] { "LEAD_FIRM" }, sectors = new[] { "29" }, sources = new[] { source } } });
        await Api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "dash-live-supplier", name = "Dash Live Supplier (test)", country = "VN", province = "Hải Phòng", sectors = new[] { "25" }, sources = new[] { source } } });
        await Api.DataAsAsync(Role.Editor, "mutation($input: AddSupplyLinkInput!) { addSupplyLink(input: $input) { version } }",
            new { input = new { supplier = "dash-live-supplier", buyer = "dash-live-lead", sector = "25", valueUsd = 1000.0, sources = new[] { source } } });
        var notice = page.Locator("#live-notice");
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(notice).ToContainTextAsync("Dữ liệu vừa thay đổi");
        Assert.Equal(before, await leads.GetAttributeAsync("data-value"));
        await page.ClickAsync("#live-refresh");
        var after = (await Api.DataAsync("{ localizationReport(scope: { province: \"Hải Phòng\" }) { leadFirmCount } }"))["localizationReport"]!["leadFirmCount"]!.ToString();
        Assert.NotEqual(before, after);
        await Assertions.Expect(page.Locator("#total-leads")).ToHaveAttributeAsync("data-value", after, new() { Timeout = 15_000 });
        Assert.Empty(errors);
    }
}
