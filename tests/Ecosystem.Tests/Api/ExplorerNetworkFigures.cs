using System.Diagnostics;
using System.Globalization;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Whether networks stay interactive, measured on demand in headless Chromium without a GPU: <c>ECOSYSTEM_FIGURES=1
/// dotnet test tests/Ecosystem.Tests --filter ExplorerNetworkFigures --logger "console;verbosity=detailed"</c>. On the
/// demo data (5,000 synthetic firms), two upstream networks: the largest chain under 2,500 firms at depth 4 or 3 (the
/// large view) and the largest of at most 400 firms at depth 1 to 3 (cytoscape's view). For each: when the firms were
/// listed, the links fetched and the view made, then 30 interactions (10 rounds of a wheel zoom, a drag, a pointer sweep
/// that hovers firms and links) while a PerformanceObserver records the main thread's long tasks (over 50 ms) and a
/// requestAnimationFrame loop the gaps between frames. Screenshots of the large network, whole and zoomed in on the firm.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ExplorerNetworkFigures(DemoKestrelApiFactory api, ITestOutputHelper output) : IClassFixture<DemoKestrelApiFactory>
{
    [SkippableFact]
    public async Task Networks_of_about_two_thousand_and_four_hundred_firms()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("ECOSYSTEM_FIGURES") == "1", "figures are measured on demand (ECOSYSTEM_FIGURES=1)");
        var leads = (await api.DataAsync("{ firms(first: 100, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        var large = await LargestAsync(leads, [4, 3], 2499);
        var detailed = await LargestAsync(leads, [3, 2, 1], 399);
        await using var browser = await HeadlessBrowser.LaunchAsync();
        await MeasureAsync(browser, large, "large");
        await MeasureAsync(browser, detailed, "detailed");
    }

    private async Task<(string Id, int Depth, int Firms)> LargestAsync(List<string> leads, int[] depths, int under)
    {
        var best = ("", 0, 0);
        foreach (var depth in depths)
        {
            foreach (var id in leads)
            {
                var count = (await api.DataAsync("query($id: ID!, $d: Int!) { supplyChain(firmId: $id, maxDepth: $d) { firmCount } }", new { id, d = depth }))["supplyChain"]!["firmCount"]!.GetValue<int>();
                if (count <= under && count > best.Item3)
                {
                    best = (id, depth, count);
                }
            }
        }
        return best;
    }

    private async Task MeasureAsync(HeadlessBrowser browser, (string Id, int Depth, int Firms) chain, string expectedView)
    {
        var (page, errors) = await browser.NewPageAsync(api.Address);
        // Long tasks (over 50 ms) on the main thread, and the gaps between animation frames, from the page's start.
        await page.AddInitScriptAsync("""
            window.__long = []; new PerformanceObserver(l => window.__long.push(...l.getEntries().map(e => e.duration))).observe({ entryTypes: ['longtask'] });
            window.__frames = []; let last = performance.now(); const tick = t => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); }; requestAnimationFrame(tick);
            """);
        Assert.Equal(expectedView, await ExplorerNetwork.OpenAsync(api, page, chain.Id, chain.Depth));
        var nodes = int.Parse((await page.GetAttributeAsync("#network", "data-node-count"))!, CultureInfo.InvariantCulture);
        var edges = int.Parse((await page.GetAttributeAsync("#network", "data-edge-count"))!, CultureInfo.InvariantCulture);
        var marks = await page.EvaluateAsync<double[]>("() => ['network:firms', 'network:links', 'network:drawn'].map(m => performance.getEntriesByName(m).at(-1)?.startTime ?? -1)");
        await page.WaitForTimeoutAsync(500);
        var loadLong = await page.EvaluateAsync<double[]>("() => window.__long");
        if (expectedView == "large")
        {
            await page.Locator("#network").ScreenshotAsync(new() { Path = Path.Combine(HeadlessBrowser.Screenshots, "network-2000.png") });
        }
        await page.EvaluateAsync("() => { window.__long = []; window.__frames = []; }");
        var box = (await page.Locator("#network").BoundingBoxAsync())!;
        var (cx, cy) = (box.X + (box.Width / 2), box.Y + (box.Height / 2));
        var interacting = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            await page.Mouse.MoveAsync(cx, cy, new() { Steps = 5 });
            await page.Mouse.WheelAsync(0, i % 2 == 0 ? -300 : 200);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(cx + 80, cy + 40, new() { Steps = 10 });
            await page.Mouse.UpAsync();
            await page.Mouse.MoveAsync(cx - 100, cy - 60, new() { Steps = 10 });
        }
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        var elapsed = interacting.Elapsed.TotalMilliseconds;
        var longTasks = await page.EvaluateAsync<double[]>("() => window.__long");
        var frames = (await page.EvaluateAsync<double[]>("() => window.__frames")).Order().ToArray();
        output.WriteLine(FormattableString.Invariant($"{expectedView} view: {nodes} firms, {edges} links (chain of {chain.Firms}, depth {chain.Depth})"));
        output.WriteLine(FormattableString.Invariant($"  since navigation: firms listed {marks[0]:N0} ms, links fetched {marks[1]:N0} ms, view made {marks[2]:N0} ms; long tasks while loading: {loadLong.Length}, longest {(loadLong.Length == 0 ? 0 : loadLong.Max()):N0} ms"));
        output.WriteLine(FormattableString.Invariant($"  30 interactions in {elapsed:N0} ms; long tasks: {longTasks.Length}, longest {(longTasks.Length == 0 ? 0 : longTasks.Max()):N0} ms, total {longTasks.Sum():N0} ms"));
        output.WriteLine(FormattableString.Invariant($"  frame gaps: {frames.Length} frames, median {frames[frames.Length / 2]:N1} ms, p95 {frames[(int)(frames.Length * 0.95)]:N1} ms, max {frames[^1]:N1} ms"));

        if (expectedView == "large")
        {
            // Zoomed in on the firm: the labels there is room for.
            await page.ReloadAsync();
            await ExplorerNetwork.DrawnAsync(page);
            var (x, y) = await ExplorerNetwork.PositionAsync(page, chain.Id);
            await page.Mouse.MoveAsync(x, y);
            for (var i = 0; i < 5; i++)
            {
                await page.Mouse.WheelAsync(0, -300);
            }
            await page.WaitForTimeoutAsync(1000);
            await page.Locator("#network").ScreenshotAsync(new() { Path = Path.Combine(HeadlessBrowser.Screenshots, "network-2000-zoomed.png") });
        }
        Assert.True(nodes > 1);
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
