using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>A firm's page: its network against the GraphQL chain, the depth, pinch, hover and recentring. In Debian's Chromium against the API over the reference data and a small synthetic network (screenshots at 1366x768 in the test output's screenshots folder).</summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerFirmPageTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    [SkippableFact]
    public async Task Search_opens_a_firm_whose_network_has_the_chains_firms_and_follows_the_depth()
    {
        var lead = (await Api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id name } } }"))["firms"]!["nodes"]![0]!;
        var (id, name) = (lead["id"]!.GetValue<string>(), lead["name"]!.GetValue<string>());
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await page.GotoAsync(Api.Address.ToString());
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
        var tiers = (await Api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 1) { tiers { firms(first: 100) { totalCount nodes { name } } } } }", new { id }))["supplyChain"]!["tiers"]!.AsArray();
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
    public async Task Two_fingers_pinch_the_detailed_view_too()
    {
        var lead = await FirstLeadFirmAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address, touch: true);
        Assert.Equal("detailed", await ExplorerNetwork.OpenAsync(Api, page, lead, 2));
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
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await ExplorerNetwork.HoverAndClickAsync(Api, page, lead, TestKeys.Analyst, expectedView: "detailed");
        Assert.Empty(errors);
    }
}
