using Ecosystem.Graph.Rules;
using System.Xml.Linq;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Data;

/// <summary>
/// Every export of a graph whose names are hostile (spreadsheet formulas, XML's special characters, emoji, right-to-left
/// text, a 90 KB name) parses, keeps no cell a spreadsheet would run, and imports back to the same graph.
/// </summary>
public sealed class HostileTextRoundTripTests
{
    private static readonly DateOnly Today = VietnamTime.Today(TimeProvider.System);

    private static readonly string[] Names =
    [
        "=HYPERLINK(\"http://x\",\"click\")",
        "+cmd|' /C calc'!A0",
        "-2+3 Co.",
        "@SUM(A1:A9)",
        "'=already quoted",
        "<Công ty & \"Vòng\"> ]]> </graphml>",
        "😀 Emoji Parts 👍🏽",
        "شركة الإلكترونيات \u202B RTL \u202C",
        "Vin\u200Bfast",
        new string('Đ', 45_000) + new string('x', 45_000),
    ];

    [Fact]
    public async Task Hostile_names_survive_every_export_and_import_back_unchanged()
    {
        var firms = new List<string> { ImportTests.FirmsHeader, Csv.Line("hx-lead", "Hostile lead", null, "FDI", "VN", "Hà Nội", null, "26", "LEAD_FIRM", null, null, "survey-2026") };
        var links = new List<string> { ImportTests.LinksHeader };
        for (var i = 0; i < Names.Length; i++)
        {
            firms.Add(Csv.Line($"hx-{i}", Names[i], null, null, i % 2 == 0 ? "VN" : "CN", i % 2 == 0 ? "Hà Nội" : null, null, "26", null, null, null, "survey-2026"));
            links.Add(Csv.Line($"hx-{i}", "hx-lead", "26", i < 4 ? Names[i] : null, "1000", null, null, null, "survey-2026"));
        }
        var firmsCsv = string.Join('\n', firms) + "\n";
        var linksCsv = string.Join('\n', links) + "\n";
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await using var a = await ExportTests.StoreWithAsync(first.Path, firmsCsv, linksCsv, ImportTests.Sources);
        var request = new TraversalRequest { RootIds = ["firm:hx-lead"], MaxDepth = 1, Filter = new LinkFilter { AsOf = Today } };
        var graph = await GraphExporter.SupplyChainAsync(a, request, CancellationToken.None);
        Assert.Equal(Names.Length + 1, graph.Firms.Count);
        Assert.Equal(Names, graph.Firms.Where(f => f.Id != "firm:hx-lead").OrderBy(f => int.Parse(f.Id[8..], System.Globalization.CultureInfo.InvariantCulture)).Select(f => f.Name));

        // GraphML and JSON parse and hold every name as it is.
        var xml = XDocument.Parse(await ExportTests.ExportAsync(graph, ExportFormat.GraphMl));
        var xmlNames = xml.Descendants().Where(e => e.Name.LocalName == "data" && e.Attribute("key")?.Value == "n_name").Select(e => e.Value).ToHashSet();
        Assert.Superset(Names.ToHashSet(), xmlNames);
        using var json = System.Text.Json.JsonDocument.Parse(await ExportTests.ExportAsync(graph, ExportFormat.Json));
        Assert.Superset(Names.ToHashSet(), json.RootElement.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToHashSet());

        // No CSV cell starts with what a spreadsheet would run.
        var exportedFirms = await ExportTests.ExportAsync(graph, ExportFormat.FirmsCsv);
        var exportedLinks = await ExportTests.ExportAsync(graph, ExportFormat.LinksCsv);
        var sources = await ExportTests.ExportAsync(graph, ExportFormat.SourcesCsv);
        foreach (var csv in new[] { exportedFirms, exportedLinks })
        {
            foreach (var cell in Cells(csv))
            {
                Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '@' or '\t' or '\r' || (cell.StartsWith('-') && !double.TryParse(cell, System.Globalization.CultureInfo.InvariantCulture, out _)),
                    $"a cell a spreadsheet would run: {cell[..Math.Min(40, cell.Length)]}");
            }
        }

        // And they import into another store as the same graph, which exports the same files.
        await using var b = await ExportTests.StoreWithAsync(second.Path, exportedFirms, exportedLinks, sources);
        var again = await GraphExporter.SupplyChainAsync(b, request, CancellationToken.None);
        Assert.Equal(graph.Firms.Select(f => (f.Id, f.Name)), again.Firms.Select(f => (f.Id, f.Name)));
        Assert.Equal(graph.Links.Select(l => (l.Id, l.Product)), again.Links.Select(l => (l.Id, l.Product)));
        Assert.Equal(exportedFirms, await ExportTests.ExportAsync(again, ExportFormat.FirmsCsv));
        Assert.Equal(exportedLinks, await ExportTests.ExportAsync(again, ExportFormat.LinksCsv));
    }

    private static IEnumerable<string> Cells(string csv) =>
        Csv.Read(new StringReader(csv), "x.csv").SelectMany(r => r.RawCells());
}
