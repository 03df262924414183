using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>The explorer's browser tests share one API on a real socket, and run one after another.</summary>
[CollectionDefinition(nameof(ExplorerBrowser))]
public sealed class ExplorerBrowser : ICollectionFixture<KestrelApiFactory>;

/// <summary>What the explorer's page tests share: the API they drive, and the GraphQL answers they compare against.</summary>
public abstract class ExplorerPageTests(KestrelApiFactory api)
{
    protected KestrelApiFactory Api { get; } = api;

    /// <summary>The firms the network should show: the root and every firm of the chain (up to the explorer's 2,500).</summary>
    protected async Task<int> ExpectedNodesAsync(string firmId, int depth, string direction = "UPSTREAM")
    {
        var data = await Api.DataAsync("query($id: ID!, $d: Int!, $dir: SupplyDirection!) { supplyChain(firmId: $id, maxDepth: $d, direction: $dir) { firmCount } }", new { id = firmId, d = depth, dir = direction });
        return Math.Min(2500, 1 + data["supplyChain"]!["firmCount"]!.GetValue<int>());
    }

    /// <summary>The id of the first lead firm, whose network the tests draw.</summary>
    protected async Task<string> FirstLeadFirmAsync() =>
        (await Api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();

    /// <summary>A name typed without its diacritics (đ as d), as people search.</summary>
    protected static string Folded(string name) =>
        string.Concat(name.Normalize(System.Text.NormalizationForm.FormD).Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark))
            .Replace("đ", "d", StringComparison.Ordinal).Replace("Đ", "D", StringComparison.Ordinal);

    protected static string Raw(JsonNode value) => value.GetValue<double>().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
