using System.Globalization;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Figures of the explorer, measured on demand, not asserted: <c>ECOSYSTEM_FIGURES=1 dotnet test tests/Ecosystem.Tests
/// --filter ExplorerFigures --logger "console;verbosity=detailed"</c>. Each run opens a new browser context (no cache):
/// the first page load (navigation start to the load event, and to the search box being usable) and a depth-3 firm
/// page until its network is drawn; medians of 7.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ExplorerFigures(KestrelApiFactory api, ITestOutputHelper output) : IClassFixture<KestrelApiFactory>
{
    [SkippableFact]
    public async Task First_load_and_network_draw_times()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("ECOSYSTEM_FIGURES") == "1", "figures are measured on demand (ECOSYSTEM_FIGURES=1)");
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        await using var chromium = await HeadlessBrowser.LaunchAsync();
        var browser = chromium.Browser;
        var load = new List<double>();
        var ready = new List<double>();
        var network = new List<double>();
        var nodes = 0;
        for (var i = 0; i < 8; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(api.Address.ToString());
            await page.Locator("#search-text").WaitForAsync();
            var t = await page.EvaluateAsync<double[]>("() => { const n = performance.getEntriesByType('navigation')[0]; return [n.loadEventEnd, performance.now()]; }");
            var started = DateTime.UtcNow;
            await page.GotoAsync($"{api.Address}#/firm/{Uri.EscapeDataString(lead)}/UPSTREAM/3");
            await page.Locator("#network[data-node-count]").WaitForAsync(new() { Timeout = 30_000 });
            var drawn = (DateTime.UtcNow - started).TotalMilliseconds;
            nodes = int.Parse((await page.GetAttributeAsync("#network", "data-node-count"))!, CultureInfo.InvariantCulture);
            if (i > 0)
            {
                load.Add(t[0]);
                ready.Add(t[1]);
                network.Add(drawn);
            }
        }
        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        output.WriteLine(FormattableString.Invariant($"first page load (to the load event): median {Median(load):N0} ms, max {load.Max():N0} ms"));
        output.WriteLine(FormattableString.Invariant($"search box usable: median {Median(ready):N0} ms"));
        output.WriteLine(FormattableString.Invariant($"firm page, depth 3, network of {nodes} firms drawn: median {Median(network):N0} ms"));
        Assert.Equal(7, load.Count);
    }
}
