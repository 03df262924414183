using System.Globalization;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>Pointer work on a drawn network, through the positions the page gives for its firms and links.</summary>
internal static class ExplorerNetwork
{
    private static readonly System.Text.RegularExpressions.Regex Digits = new("^[0-9]+$");

    /// <summary>Opens a firm's upstream network and waits until it is drawn (for the large view, its first whole picture).</summary>
    public static async Task<string> OpenAsync(KestrelApiFactory api, IPage page, string firmId, int depth)
    {
        await page.GotoAsync($"{api.Address}#/firm/{Uri.EscapeDataString(firmId)}/UPSTREAM/{depth}");
        return await DrawnAsync(page);
    }

    public static async Task<string> DrawnAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("#network")).ToHaveAttributeAsync("data-node-count", Digits, new() { Timeout = 30_000 });
        var view = await page.EvaluateAsync<string>("() => document.getElementById('network').network.view");
        if (view == "large")
        {
            await Assertions.Expect(page.Locator("#network")).ToHaveAttributeAsync("data-pictures", Digits, new() { Timeout = 30_000 });
        }
        return view;
    }

    /// <summary>
    /// A pinch through the browser's own touch input, about (x, y): one finger down, a second, both move apart from
    /// 100 px to 200 px (twice the size), both lift.
    /// </summary>
    public static async Task PinchAsync(IPage page, float x, float y)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        Task Touch(string type, params (float X, float Y, int Id)[] points) => cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object>
        {
            ["type"] = type,
            ["touchPoints"] = points.Select(p => new Dictionary<string, object> { ["x"] = p.X, ["y"] = p.Y, ["id"] = p.Id }).ToArray(),
        });
        await Touch("touchStart", (x - 50, y, 1));
        await Touch("touchStart", (x - 50, y, 1), (x + 50, y, 2));
        for (var step = 1; step <= 5; step++)
        {
            await Touch("touchMove", (x - 50 - 10 * step, y, 1), (x + 50 + 10 * step, y, 2));
        }
        await Touch("touchEnd");
    }

    /// <summary>Where the page says a firm (or, with a buyer, a link) is, in page coordinates.</summary>
    public static async Task<(float X, float Y)> PositionAsync(IPage page, string id, string? buyer = null)
    {
        var box = (await page.Locator("#network canvas").First.BoundingBoxAsync())!;
        var at = await page.EvaluateAsync<double[]?>(
            "([id, buyer]) => { const n = document.getElementById('network').network; const p = buyer ? n.linkPosition(id, buyer) : n.firmPosition(id); return p ? [p.x, p.y] : null; }",
            new[] { id, buyer });
        Assert.True(at is not null, $"{id}{(buyer is null ? "" : " -> " + buyer)} is not drawn");
        return (box.X + (float)at![0], box.Y + (float)at[1]);
    }

    /// <summary>
    /// On the firm's depth-N upstream network: hovering one of its supply links shows the link's product and no value; with
    /// the analyst key the value too (the product, or a dash when the source names none, and the sector are always shown); a click on the supplier opens the supplier's page with its own network.
    /// </summary>
    public static async Task HoverAndClickAsync(KestrelApiFactory api, IPage page, string firmId, string analystKey, string expectedView, int depth = 1)
    {
        // The explorer speaks Vietnamese until told otherwise.
        static string label(string key) => key switch { "sector" => "Ngành", "value" => "Giá trị (USD/năm)", _ => key };
        // The test clients call as analysts: values included.
        var links = (await api.DataAsync("query($id: ID!) { firm(id: $id) { suppliers(first: 100) { nodes { supplier { id name } product sector { code name } valueUsd } } } }", new { id = firmId }))["firm"]!["suppliers"]!["nodes"]!.AsArray();
        var link = links.First(l => l!["valueUsd"] is not null)!;
        var (supplier, supplierName, value) = (link["supplier"]!["id"]!.GetValue<string>(), link["supplier"]!["name"]!.GetValue<string>(), link["valueUsd"]!.GetValue<double>());
        var what = $"{link["product"]?.GetValue<string>() ?? "–"} · {label("sector")}: {link["sector"]!["code"]} {link["sector"]!["name"]}";

        Assert.Equal(expectedView, await OpenAsync(api, page, firmId, depth));
        var tooltip = page.Locator("#tooltip");
        var (x, y) = await PositionAsync(page, supplier, firmId);
        await page.Mouse.MoveAsync(x, y);
        await Assertions.Expect(tooltip).ToBeVisibleAsync();
        await Assertions.Expect(tooltip).ToContainTextAsync(what);
        Assert.DoesNotContain(label("value"), await tooltip.InnerTextAsync(), StringComparison.Ordinal);
        // Off the link, the tooltip goes.
        await page.Mouse.MoveAsync(1, 1);
        await Assertions.Expect(tooltip).ToBeHiddenAsync();

        await page.FillAsync("#api-key", analystKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => sessionStorage.getItem('ecosystem.apiKey') !== null");
        await DrawnAsync(page);
        (x, y) = await PositionAsync(page, supplier, firmId);
        await page.Mouse.MoveAsync(x, y);
        await Assertions.Expect(tooltip).ToContainTextAsync(label("value"));
        var text = await tooltip.InnerTextAsync();
        Assert.Contains(what, text, StringComparison.Ordinal);
        var shown = text[(text.IndexOf(label("value"), StringComparison.Ordinal) + label("value").Length + 2)..].Replace(",", "", StringComparison.Ordinal);
        Assert.Equal(value, double.Parse(shown, CultureInfo.InvariantCulture), 0.001);

        // Hovering the supplier shows its whole name.
        (x, y) = await PositionAsync(page, supplier);
        await page.Mouse.MoveAsync(x, y);
        await Assertions.Expect(tooltip).ToContainTextAsync(supplierName);
        await page.Mouse.ClickAsync(x, y);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(supplierName, new() { Timeout = 15_000 });
        Assert.EndsWith($"#/firm/{Uri.EscapeDataString(supplier)}/UPSTREAM/{depth}", page.Url, StringComparison.Ordinal);
        await DrawnAsync(page);
    }
}

/// <summary>
/// A network of hundreds to thousands of firms, drawn by the large view, over the demo data: every firm drawn, links
/// found under the pointer, a click re-centres, wheel and drag move the picture and a new one is drawn, the keyboard list
/// names each link, no serious accessibility violation.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ExplorerLargeNetworkTests(DemoKestrelApiFactory api) : IClassFixture<DemoKestrelApiFactory>
{
    /// <summary>A lead firm and a depth whose upstream chain has more than 400 firms (the large view) and fewer than 2,500.</summary>
    private async Task<(string Id, int Depth, int Firms)> LargeChainAsync()
    {
        var leads = (await api.DataAsync("{ firms(first: 30, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>());
        foreach (var depth in new[] { 2, 3 })
        {
            foreach (var id in leads)
            {
                var count = (await api.DataAsync("query($id: ID!, $d: Int!) { supplyChain(firmId: $id, maxDepth: $d) { firmCount } }", new { id, d = depth }))["supplyChain"]!["firmCount"]!.GetValue<int>();
                if (count is > 400 and < 2499)
                {
                    return (id, depth, count);
                }
            }
        }
        throw new InvalidOperationException("the demo data has no lead firm with a chain of 400 to 2,500 firms at depth 2 or 3");
    }

    [SkippableFact]
    public async Task A_large_network_is_drawn_whole_and_answers_the_pointer_and_the_keyboard()
    {
        var (id, depth, firms) = await LargeChainAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        Assert.Equal("large", await ExplorerNetwork.OpenAsync(api, page, id, depth));
        var network = page.Locator("#network");
        Assert.Equal((firms + 1).ToString(CultureInfo.InvariantCulture), await network.GetAttributeAsync("data-node-count"));
        await HeadlessBrowser.ShotAsync(page, "firm-large-network");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "firm page, large network");

        // The wheel zooms about the pointer: the firm under it stays, another moves away from it by the zoom's factor;
        // then a new picture is drawn for the new view.
        var tier1 = (await api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 1) { tiers { firms(first: 1) { nodes { id } } } } }", new { id }))["supplyChain"]!["tiers"]![0]!["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var pictures = int.Parse((await network.GetAttributeAsync("data-pictures"))!, CultureInfo.InvariantCulture);
        var root = await ExplorerNetwork.PositionAsync(page, id);
        var before = await ExplorerNetwork.PositionAsync(page, tier1);
        await page.Mouse.MoveAsync(before.X, before.Y);
        await page.Mouse.WheelAsync(0, -300);
        await Assertions.Expect(network).Not.ToHaveAttributeAsync("data-pictures", pictures.ToString(CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
        var rootAfter = await ExplorerNetwork.PositionAsync(page, id);
        var after = await ExplorerNetwork.PositionAsync(page, tier1);
        Assert.InRange(Math.Abs(after.X - before.X) + Math.Abs(after.Y - before.Y), 0, 1.5);
        var zoom = Math.Abs(rootAfter.X - after.X) / Math.Abs(root.X - before.X);
        Assert.InRange(zoom, 1.3, 2);

        // A drag moves every firm by the drag.
        await page.Mouse.MoveAsync(after.X + 30, after.Y + 13);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(after.X - 70, after.Y + 63, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        var dragged = await ExplorerNetwork.PositionAsync(page, tier1);
        Assert.Equal(after.X - 100, dragged.X, 1.0);
        Assert.Equal(after.Y + 50, dragged.Y, 1.0);
        // Having dragged is not a click: the page is still this firm's.
        Assert.Contains(Uri.EscapeDataString(id), page.Url, StringComparison.Ordinal);

        // For the keyboard, the list names every link under the firm at its far end, with its product.
        await page.Locator("#network-list summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#network-list a")).ToHaveCountAsync(firms);
        var edges = int.Parse((await network.GetAttributeAsync("data-edge-count"))!, CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#network-list ul.links > li")).ToHaveCountAsync(edges);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Zoomed_in_a_link_shows_its_direction_by_a_head_at_its_buyer()
    {
        var (id, depth, _) = await LargeChainAsync();
        var suppliers = (await api.DataAsync("query($id: ID!) { firm(id: $id) { suppliers(first: 100) { nodes { supplier { id } } } } }", new { id }))["firm"]!["suppliers"]!["nodes"]!.AsArray()
            .Select(n => n!["supplier"]!["id"]!.GetValue<string>()).Distinct().ToList();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        Assert.Equal("large", await ExplorerNetwork.OpenAsync(api, page, id, depth));
        var network = page.Locator("#network");

        // Zoom in about the firm itself until its suppliers' links are long, and wait for the new picture.
        var root = await ExplorerNetwork.PositionAsync(page, id);
        for (var i = 0; i < 2; i++)
        {
            var pictures = await network.GetAttributeAsync("data-pictures");
            await page.Mouse.MoveAsync(root.X, root.Y);
            await page.Mouse.WheelAsync(0, -300);
            await Assertions.Expect(network).Not.ToHaveAttributeAsync("data-pictures", pictures!, new() { Timeout = 10_000 });
        }
        await HeadlessBrowser.ShotAsync(page, "firm-large-network-zoomed");
        var box = (await page.Locator("#network canvas").First.BoundingBoxAsync())!;
        // The most level of the links into the firm (so no label lies along it), long enough for a head.
        (float X, float Y, float Length)? best = null;
        foreach (var supplier in suppliers)
        {
            var at = await page.EvaluateAsync<double[]?>("id => { const p = document.getElementById('network').network.firmPosition(id); return p ? [p.x, p.y] : null; }", supplier);
            var (dx, dy) = (root.X - box.X - (float)at![0], root.Y - box.Y - (float)at[1]);
            var length = MathF.Sqrt(dx * dx + dy * dy);
            if (length >= 80 && at[0] >= 0 && (best is null || Math.Abs(dy) / length < Math.Abs(best.Value.Y) / best.Value.Length))
            {
                best = (dx, dy, length);
            }
        }
        Assert.True(best is not null, "no link into the firm is long enough on screen");
        var (ux, uy) = (best!.Value.X / best.Value.Length, best.Value.Y / best.Value.Length);
        // Along the link, 10 to 16 px back from the firm's centre (its dot is 8 px): the head's blue, which no overlap of
        // the grey lines, no dot and no label makes (blue well above red).
        var samples = Enumerable.Range(10, 7).Select(d => new[] { (double)(root.X - box.X - ux * d), (double)(root.Y - box.Y - uy * d) }).ToArray();
        var colours = await page.EvaluateAsync<int[][]>("""
            points => { const c = document.querySelector('#network canvas'); const g = c.getContext('2d'); const r = c.width / c.clientWidth;
              return points.map(([x, y]) => Array.from(g.getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data.slice(0, 3))); }
            """, samples);
        Assert.True(colours.Count(c => c[2] - c[0] >= 60) >= 3, "no arrowhead at the buyer: " + string.Join(" ", colours.Select(c => $"({string.Join(',', c)})")));
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Two_fingers_pinch_the_large_view_about_the_point_between_them_and_are_not_a_click()
    {
        var (id, depth, _) = await LargeChainAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address, touch: true);
        Assert.Equal("large", await ExplorerNetwork.OpenAsync(api, page, id, depth));
        var network = page.Locator("#network");
        var tier1 = (await api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 1) { tiers { firms(first: 1) { nodes { id } } } } }", new { id }))["supplyChain"]!["tiers"]![0]!["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var box = (await page.Locator("#network canvas").First.BoundingBoxAsync())!;
        var (cx, cy) = (box.X + box.Width / 2, box.Y + box.Height / 2);
        var root = await ExplorerNetwork.PositionAsync(page, id);
        var other = await ExplorerNetwork.PositionAsync(page, tier1);
        var pictures = await network.GetAttributeAsync("data-pictures");

        await ExplorerNetwork.PinchAsync(page, cx, cy);

        // Twice the size about the point between the fingers: every firm twice as far from it as it was.
        var rootAfter = await ExplorerNetwork.PositionAsync(page, id);
        var otherAfter = await ExplorerNetwork.PositionAsync(page, tier1);
        Assert.Equal(cx + 2 * (root.X - cx), rootAfter.X, 2.0);
        Assert.Equal(cy + 2 * (root.Y - cy), rootAfter.Y, 2.0);
        Assert.Equal(cx + 2 * (other.X - cx), otherAfter.X, 2.0);
        Assert.Equal(cy + 2 * (other.Y - cy), otherAfter.Y, 2.0);
        await Assertions.Expect(network).Not.ToHaveAttributeAsync("data-pictures", pictures!, new() { Timeout = 10_000 });
        // A pinch is not a click: the page is still this firm's.
        Assert.Contains(Uri.EscapeDataString(id), page.Url, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Hovering_a_link_of_a_large_network_shows_its_product_and_a_click_recentres()
    {
        var (id, depth, _) = await LargeChainAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        await ExplorerNetwork.HoverAndClickAsync(api, page, id, TestKeys.Analyst, expectedView: "large", depth);
        Assert.Empty(errors);
    }
}
