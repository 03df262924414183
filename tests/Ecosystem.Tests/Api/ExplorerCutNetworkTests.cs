using System.Globalization;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>
/// A chain of more firms than the explorer draws (2,500), over a demo network of 15,000 firms: the network is cut, and
/// the page says the downloads hold the whole chain, which they do.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ExplorerCutNetworkTests(LargeDemoKestrelApiFactory api) : IClassFixture<LargeDemoKestrelApiFactory>
{
    [SkippableFact]
    public async Task A_chain_of_more_than_two_thousand_five_hundred_firms_is_cut_and_the_downloads_say_they_hold_it_whole()
    {
        var leads = (await api.DataAsync("{ firms(first: 100, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>());
        (string Id, int Firms)? big = null;
        foreach (var lead in leads)
        {
            var count = (await api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 4) { firmCount } }", new { id = lead }))["supplyChain"]!["firmCount"]!.GetValue<int>();
            if (count > 2500)
            {
                big = (lead, count);
                break;
            }
        }
        Assert.True(big is not null, "the demo data of 15,000 firms has no lead firm with a depth-4 chain of more than 2,500 firms");
        var (id, firms) = big.Value;
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(api.Address);
        Assert.Equal("large", await ExplorerNetwork.OpenAsync(api, page, id, 4));
        Assert.Equal("2500", await page.GetAttributeAsync("#network", "data-node-count"));
        await Assertions.Expect(page.Locator("#export-whole")).ToHaveTextAsync($" Tệp GraphML và CSV tải về có toàn bộ chuỗi ({(firms + 1).ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))}).");
        var graphml = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-graphml"));
        var xml = System.Xml.Linq.XDocument.Load((await graphml.PathAsync())!);
        Assert.Equal(firms + 1, xml.Descendants().Count(e => e.Name.LocalName == "node" && ((string?)e.Attribute("id"))?.StartsWith("firm:", StringComparison.Ordinal) == true));
        Assert.Empty(errors);
    }
}
