using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>The map on the home page: both maps by date, an indicator change, the disclosure rules, a click and the keyboard. In Debian's Chromium (screenshots map-34, map-63).</summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerMapTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    private const string MapQuery = "query($d: Date) { provinceMap(asOf: $d) { formerMap unplaced { firms parks } provinces { province { id code name } firms leadFirms inputValueUsd domesticShare } } }";

    private static string[] Shares(JsonNode map) =>
        [.. map["provinces"]!.AsArray().Select(p => $"{p!["province"]!["code"]}|{(p["inputValueUsd"] is null ? "bảo mật" : p["domesticShare"] is { } s ? Raw(s) : "–")}")];

    private static async Task<string[]> SharesShownAsync(IPage page) =>
        await page.Locator("#map-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.code + '|' + (r.cells[1].dataset.value || r.cells[1].textContent))");

    [SkippableFact]
    public async Task The_map_shades_both_maps_by_date_and_indicator_and_opens_a_province()
    {
        var today = (await Api.DataAsync(MapQuery, new { d = (string?)null }))["provinceMap"]!;
        var before = (await Api.DataAsync(MapQuery, new { d = "2025-01-01" }))["provinceMap"]!;
        Assert.False(today["formerMap"]!.GetValue<bool>());
        Assert.Equal(34, today["provinces"]!.AsArray().Count);
        Assert.Equal(63, before["provinces"]!.AsArray().Count);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);

        // The home page: the search box, and beside it the map of today's 34 provinces shaded by firms.
        await page.GotoAsync(Api.Address.ToString());
        var map = page.Locator("#map");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 20_000 });
        Assert.Equal("34", await map.GetAttributeAsync("data-map"));
        Assert.Equal(34, await page.Locator("#map path[role='link'][data-code]").CountAsync());
        Assert.Equal(Rows(today, "firms"), await TableAsync(page));
        // The darkest class is the province with the most firms; one with none is the lightest or no-data shade.
        var most = today["provinces"]!.AsArray().MaxBy(p => p!["firms"]!.GetValue<int>())!["province"]!["code"]!.GetValue<string>();
        Assert.Equal("#006d2c", await page.GetAttributeAsync($"#map path[data-code='{most}']", "fill"));
        Assert.True(await page.Locator("#search-text").IsVisibleAsync());
        await HeadlessBrowser.ShotAsync(page.Locator("#map-section"), "map-34");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "map");

        // Another indicator: the address, the legend and the values follow it.
        await page.SelectOptionAsync("#map-indicator", "leadFirms");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-indicator", "leadFirms", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 20_000 });
        Assert.Contains("#/map/leadFirms/", page.Url, StringComparison.Ordinal);
        Assert.Equal(Rows(today, "leadFirms"), await TableAsync(page));
        Assert.Equal("Doanh nghiệp dẫn dắt", await page.InnerTextAsync("#map-legend .legend-title"));
        Assert.Equal("leadFirms", await page.InputValueAsync("#map-indicator"));

        // A date before the merger: the 63 former provinces, with what could not be placed said.
        await page.ClickAsync("#map-before");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-map", "63", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 20_000 });
        Assert.Equal(63, await page.Locator("#map path[role='link'][data-code]").CountAsync());
        var before0630 = (await Api.DataAsync(MapQuery, new { d = "2025-06-30" }))["provinceMap"]!;
        Assert.Equal(Rows(before0630, "leadFirms"), await TableAsync(page));
        var unplaced = before0630["unplaced"]!["firms"]!.GetValue<int>();
        Assert.True(unplaced > 0, "the synthetic network has firms of a merged province with no ward");
        Assert.Equal(unplaced.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync("#map-unplaced", "data-firms"));
        Assert.Equal("Bản đồ 63 tỉnh, thành phố trước ngày 01/07/2025.", await page.InnerTextAsync("#map-name"));
        await HeadlessBrowser.ShotAsync(page.Locator("#map-section"), "map-63");

        // The domestic share without a key: a province the disclosure rules withhold says so (and is drawn grey), the
        // others show what GraphQL gives an anonymous caller; with the analyst's key, every share.
        await page.GotoAsync($"{Api.Address}#/map/domesticShare/");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-indicator", "domesticShare", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 20_000 });
        var open = (await Api.QueryAsAsync(Ecosystem.Api.Auth.Role.Anonymous, MapQuery, new { d = (string?)null }))["data"]!["provinceMap"]!;
        var expected = Shares(open);
        Assert.Contains(expected, r => r.EndsWith("|bảo mật", StringComparison.Ordinal));
        Assert.Equal(expected, await SharesShownAsync(page));
        Assert.True(await page.Locator("#map-confidential").IsVisibleAsync());
        var hidden = expected.First(r => r.EndsWith("|bảo mật", StringComparison.Ordinal)).Split('|')[0];
        Assert.Equal("#b8b8b8", await page.GetAttributeAsync($"#map path[data-code='{hidden}']", "fill"));
        await page.FillAsync("#api-key", TestKeys.Analyst);
        await page.Keyboard.PressAsync("Enter");
        var all = Shares(today);
        Assert.DoesNotContain(all, r => r.EndsWith("|bảo mật", StringComparison.Ordinal));
        Assert.Contains(all, r => !r.EndsWith("|–", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#map-table tbody tr").First).ToHaveAttributeAsync("data-code", "01", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#map-confidential")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        Assert.Equal(all, await SharesShownAsync(page));
        await page.ClickAsync("#key-clear");

        // In English, the same map says so.
        await page.ClickAsync("#lang-toggle");
        await Assertions.Expect(page.Locator("#map-legend .legend-title")).ToHaveTextAsync("Lead firms' domestic input share", new() { Timeout = 20_000 });
        Assert.Equal("The map of 34 provinces from 1 July 2025.", await page.InnerTextAsync("#map-name"));
        await page.ClickAsync("#lang-toggle");

        // A click on a province opens its page.
        var haiPhong = today["provinces"]!.AsArray().Single(p => p!["province"]!["code"]!.GetValue<string>() == "31")!["province"]!;
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 20_000 });
        // A point inside the shape that the shape itself receives (its box's centre may be sea or a neighbour).
        var point = await page.EvaluateAsync<double[]?>(@"code => {
            const p = document.querySelector(`#map path[data-code='${code}']`);
            const box = p.getBBox(), matrix = p.getScreenCTM(), svg = p.ownerSVGElement;
            for (let i = 1; i < 30; i++) for (let j = 1; j < 30; j++) {
                const at = svg.createSVGPoint();
                at.x = box.x + box.width * i / 30; at.y = box.y + box.height * j / 30;
                if (!p.isPointInFill(at)) continue;
                const s = at.matrixTransform(matrix);
                if (document.elementFromPoint(s.x, s.y) === p) return [s.x, s.y];
            }
            return null;
        }", "31");
        Assert.NotNull(point);
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(haiPhong["name"]!.GetValue<string>(), new() { Timeout = 20_000 });
        Assert.EndsWith($"#/node/{Uri.EscapeDataString(haiPhong["id"]!.GetValue<string>())}", page.Url, StringComparison.Ordinal);

        // From the keyboard: Tab reaches the shapes (each named with its value), Enter opens the page.
        await page.GotoAsync(Api.Address.ToString());
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 20_000 });
        string? focused = null;
        for (var i = 0; i < 60 && focused is null; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            focused = await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-code') ?? null");
        }
        Assert.NotNull(focused);
        var entry = today["provinces"]!.AsArray().Single(p => p!["province"]!["code"]!.GetValue<string>() == focused)!;
        var name = entry["province"]!["name"]!.GetValue<string>();
        Assert.StartsWith($"{name}: ", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')"), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(name, new() { Timeout = 20_000 });

        // A park's point opens the park's page.
        await page.GotoAsync(Api.Address.ToString());
        await Assertions.Expect(page.Locator("#map")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 20_000 });
        var park = page.Locator("#map path[role='link'][data-id^='park:']").First;
        var parkId = await park.GetAttributeAsync("data-id");
        await park.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/node/{System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString(parkId ?? ""))}$"), new() { Timeout = 20_000 });
        Assert.Empty(errors);
    }

    private static string[] Rows(JsonNode map, string indicator) =>
        [.. map["provinces"]!.AsArray().Select(p => $"{p!["province"]!["code"]}|{p[indicator]}")];

    private static async Task<string[]> TableAsync(IPage page) =>
        await page.Locator("#map-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.code + '|' + r.cells[1].dataset.value)");
}
