using Ecosystem.Graph.Rules;
using System.Xml.Linq;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Seed;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Data;

/// <summary>Export writes what import reads: import, export, import elsewhere, export again gives the same files.</summary>
public sealed class ExportTests
{
    private static readonly DateOnly Today = VietnamTime.Today(TimeProvider.System);

    private const string Firms = $""""
        {ImportTests.FirmsHeader}
        rt-lead,"Công ty Điện tử ""Vòng""",0100233488,FDI,VN,Hà Nội,,26,LEAD_FIRM,21.0,105.8,survey-2026
        rt-a,Công ty Linh kiện A,,DOMESTIC_PRIVATE,VN,hai duong,,261;22,SUPPORTING_INDUSTRY,,,survey-2026;article-g20-alliance-2024
        rt-b,Công ty B,,,VN,Hà Nội,,22,,,,survey-2026
        rt-cn,Shenzhen Boards,,,CN,,,2611,,,,survey-2026
        """";

    private const string Links = $"""
        {ImportTests.LinksHeader}
        rt-a,rt-lead,261,"bo mạch, loại 1",150000.5,2022-01-01,,0.9,survey-2026
        rt-b,rt-a,22,,,,,,survey-2026
        rt-cn,rt-a,2611,chip,90000,2021-05-01,2030-12-31,0.5,survey-2026
        rt-cn,rt-lead,2611,,12000,,,,survey-2026;article-g20-alliance-2024
        """;

    internal static async Task<EmbeddedGraphStore> StoreWithAsync(string dir, string firms, string links, string sources)
    {
        var store = await EmbeddedGraphStore.OpenAsync(dir);
        await store.ApplyAsync(ReferenceData.Load());
        var report = await new SupplyImporter(store).ImportAsync(new ImportFiles(new StringReader(firms), "firms.csv", new StringReader(links), "links.csv", new StringReader(sources)), false, Today);
        Assert.Empty(report.Errors);
        return store;
    }

    internal static async Task<string> ExportAsync(Subgraph graph, ExportFormat format)
    {
        using var buffer = new MemoryStream();
        await GraphExporter.WriteAsync(graph, format, buffer, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Task<Subgraph> ChainAsync(IGraphStore store, string root = "firm:rt-lead") =>
        GraphExporter.SupplyChainAsync(store, new TraversalRequest { RootIds = [root], MaxDepth = 3, Filter = new LinkFilter { AsOf = Today } }, CancellationToken.None);

    [Fact]
    public async Task Import_export_import_gives_an_identical_graph()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await using var a = await StoreWithAsync(first.Path, Firms, Links, ImportTests.Sources);
        var graph = await ChainAsync(a);
        Assert.Equal(["firm:rt-lead", "firm:rt-a", "firm:rt-cn", "firm:rt-b"], graph.Firms.Select(f => f.Id));
        Assert.Equal(4, graph.Links.Count);
        var firms = await ExportAsync(graph, ExportFormat.FirmsCsv);
        var links = await ExportAsync(graph, ExportFormat.LinksCsv);
        var sources = await ExportAsync(graph, ExportFormat.SourcesCsv);
        Assert.Contains("\"Công ty Điện tử \"\"Vòng\"\"\"", firms, StringComparison.Ordinal);

        await using var b = await StoreWithAsync(second.Path, firms, links, sources);
        var again = await ChainAsync(b);
        Assert.Equal(firms, await ExportAsync(again, ExportFormat.FirmsCsv));
        Assert.Equal(links, await ExportAsync(again, ExportFormat.LinksCsv));
        Assert.Equal(sources, await ExportAsync(again, ExportFormat.SourcesCsv));
        var json = System.Text.Json.JsonSerializer.Serialize<IEnumerable<Node>>(graph.Firms);
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize<IEnumerable<Node>>(again.Firms));
        Assert.Equal(graph.Links.Select(l => System.Text.Json.JsonSerializer.Serialize(l)), again.Links.Select(l => System.Text.Json.JsonSerializer.Serialize(l)));
    }

    private const string ProfileFirms = """
        id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source,origin_country,size,employees,founded_year,revenue_usd,alliances
        pr-lead,Lead Auto (test),,FDI,VN,Hải Phòng,,29,LEAD_FIRM,20.8,106.7,survey-2026,JP,LARGE,2500,2015,90000000,
        pr-s,"=Stamping (test)",,DOMESTIC_PRIVATE,VN,Hải Phòng,,29,SUPPORTING_INDUSTRY,,,survey-2026,,MEDIUM,180,2008,,
        """;

    private const string ProfileLinks = """
        supplier,buyer,sector,product,value_usd,since,until,confidence,source,hs_code
        pr-s,pr-lead,29,=brackets,100000,2024-01-01,,,survey-2026,8708.29
        """;

    private const string ProfileCapabilities = """
        firm,kind,code,detail,capacity,unit,valid_from,valid_to,verified,source,issuer
        pr-s,product,8708.29,"+Stamped brackets",200000,pcs,,,true,survey-2026,
        pr-s,process,stamping,200 t presses,,,,,true,survey-2026,
        pr-s,certification,IATF 16949,IATF-0001,,,2024-04-01,2027-03-31,false,survey-2026,Bureau Test
        pr-s,export_market,JP,,,,,,false,survey-2026,
        """;

    private const string ProfileSourcing = """
        request,buyer,title,posted_on,needed_by,status,item,hs_code,sector,description,annual_quantity,unit,required_certifications,required_processes,max_distance_km,source,provinces,restricted
        pr-2026,pr-lead,"@Parts still imported (test)",2026-10-01,2027-06-30,open,bracket,8708.29,,Seat bracket,100000,pcs,IATF 16949,stamping,80,survey-2026,Hải Phòng,false
        pr-2026,pr-lead,"@Parts still imported (test)",2026-10-01,2027-06-30,open,wire,,29,Harness,,,,,,survey-2026,,false
        """;

    private static async Task<EmbeddedGraphStore> ProfileStoreAsync(string dir, string firms, string links, string capabilities, string sourcing, string sources)
    {
        var store = await EmbeddedGraphStore.OpenAsync(dir);
        await store.ApplyAsync(ReferenceData.Load());
        var report = await new SupplyImporter(store).ImportAsync(
            new ImportFiles(new StringReader(firms), "firms.csv", new StringReader(links), "links.csv", new StringReader(sources))
            {
                Capabilities = new StringReader(capabilities),
                Sourcing = new StringReader(sourcing),
            }, false, new DateOnly(2026, 11, 23));
        Assert.Empty(report.Errors);
        return store;
    }

    [Fact]
    public async Task Profiles_hs_codes_and_sourcing_requests_round_trip_through_the_csv_export()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await using var a = await ProfileStoreAsync(first.Path, ProfileFirms, ProfileLinks, ProfileCapabilities, ProfileSourcing, ImportTests.Sources);
        var graph = await ChainAsync(a, "firm:pr-lead");
        Assert.Equal("product:870829", Assert.Single(graph.Links).HsProductId);
        Assert.Equal("request:pr-2026", Assert.Single(graph.Requests).Id);
        var formats = new[] { ExportFormat.FirmsCsv, ExportFormat.LinksCsv, ExportFormat.SourcesCsv, ExportFormat.CapabilitiesCsv, ExportFormat.SourcingCsv };
        var files = new Dictionary<ExportFormat, string>();
        foreach (var format in formats)
        {
            files[format] = await ExportAsync(graph, format);
        }
        // Cells a spreadsheet would read as formulas are written with a leading quote, and read back as given.
        Assert.Contains("'=Stamping (test)", files[ExportFormat.FirmsCsv], StringComparison.Ordinal);
        Assert.Contains("'+Stamped brackets", files[ExportFormat.CapabilitiesCsv], StringComparison.Ordinal);
        Assert.Contains("'@Parts still imported (test)", files[ExportFormat.SourcingCsv], StringComparison.Ordinal);
        Assert.Contains(",8708.29", files[ExportFormat.LinksCsv], StringComparison.Ordinal);
        Assert.Contains("firm:pr-lead,Lead Auto (test),,FDI,VN,province:31-hai-phong,,sector:29,LEAD_FIRM,20.8,106.7,source:survey-2026,JP,LARGE,2500,2015,90000000,", files[ExportFormat.FirmsCsv], StringComparison.Ordinal);

        await using var b = await ProfileStoreAsync(second.Path, files[ExportFormat.FirmsCsv], files[ExportFormat.LinksCsv], files[ExportFormat.CapabilitiesCsv],
            files[ExportFormat.SourcingCsv], files[ExportFormat.SourcesCsv]);
        var again = await ChainAsync(b, "firm:pr-lead");
        foreach (var format in formats)
        {
            Assert.Equal(files[format], await ExportAsync(again, format));
        }
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize<IEnumerable<Node>>(graph.Firms), System.Text.Json.JsonSerializer.Serialize<IEnumerable<Node>>(again.Firms));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize<IEnumerable<Node>>(graph.Requests), System.Text.Json.JsonSerializer.Serialize<IEnumerable<Node>>(again.Requests));
        var json = System.Text.Json.JsonDocument.Parse(await ExportAsync(graph, ExportFormat.Json)).RootElement;
        Assert.Equal("8708.29", json.GetProperty("links")[0].GetProperty("hsCode").GetString());
        Assert.Equal("standard:iatf-16949", json.GetProperty("firms").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "firm:pr-s")
            .GetProperty("capabilities").GetProperty("certifications")[0].GetProperty("standardId").GetString());
        Assert.Equal("request:pr-2026", json.GetProperty("sourcingRequests")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task GraphML_is_valid_XML_with_typed_keys_and_every_node_and_edge_carries_its_sources()
    {
        using var dir = new TempDirectory();
        await using var store = await StoreWithAsync(dir.Path, Firms, Links, ImportTests.Sources);
        var xml = XDocument.Parse(await ExportAsync(await ChainAsync(store), ExportFormat.GraphMl));
        XNamespace g = "http://graphml.graphdrawing.org/xmlns";
        var keys = xml.Root!.Elements(g + "key").ToDictionary(k => k.Attribute("id")!.Value);
        Assert.Equal("double", keys["e_value_usd"].Attribute("attr.type")!.Value);
        Assert.Equal("boolean", keys["n_synthetic"].Attribute("attr.type")!.Value);
        var graph = xml.Root.Element(g + "graph")!;
        Assert.Equal("directed", graph.Attribute("edgedefault")!.Value);
        var nodes = graph.Elements(g + "node").ToList();
        var edges = graph.Elements(g + "edge").ToList();
        Assert.Equal(4, nodes.Count(n => n.Elements(g + "data").Any(d => d.Attribute("key")!.Value == "n_kind" && d.Value == "firm")));
        Assert.Equal(2, nodes.Count(n => n.Elements(g + "data").Any(d => d.Attribute("key")!.Value == "n_kind" && d.Value == "source")));
        Assert.Equal(4, edges.Count);
        var ids = nodes.Select(n => n.Attribute("id")!.Value).ToHashSet();
        Assert.All(edges, e => Assert.Contains(e.Attribute("source")!.Value, ids));
        Assert.All(edges, e => Assert.False(string.IsNullOrEmpty(e.Elements(g + "data").Single(d => d.Attribute("key")!.Value == "e_sources").Value)));
        Assert.All(nodes.Where(n => n.Elements(g + "data").Any(d => d.Value == "firm")), n => Assert.Contains(n.Elements(g + "data"), d => d.Attribute("key")!.Value == "n_sources"));
        Assert.All(xml.Descendants(g + "data"), d => Assert.True(keys.ContainsKey(d.Attribute("key")!.Value)));
    }

    [Fact]
    public async Task The_seed_command_exports_a_scope_and_refuses_a_bad_one()
    {
        using var dir = new TempDirectory();
        await using (var store = await StoreWithAsync(dir.Path, Firms, Links, ImportTests.Sources))
        {
        }
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, await SeedCli.RunAsync(["export", "scope", "--province", "Hà Nội", "--format", "links.csv", "--data-dir", dir.Path], output, error));
        // Hà Nội's imported firms: the lead and B; the only link between them would be B→A... none, so no link rows.
        Assert.Equal(ImportTests.LinksHeader + ",hs_code", output.ToString().Trim());
        output = new StringWriter();
        Assert.Equal(0, await SeedCli.RunAsync(["export", "scope", "--sector", "22", "--format", "json", "--data-dir", dir.Path], output, error));
        var json = System.Text.Json.JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(["firm:rt-a", "firm:rt-b"], json.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.Equal("supply:rt-b>rt-a/22", json.GetProperty("links")[0].GetProperty("id").GetString());
        error = new StringWriter();
        Assert.Equal(1, await SeedCli.RunAsync(["export", "scope", "--province", "Atlantis", "--data-dir", dir.Path], new StringWriter(), error));
        Assert.Contains("No province matches \"Atlantis\"", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await SeedCli.RunAsync(["export", "scope", "--sector", "22", "--park", "park:x", "--data-dir", dir.Path], new StringWriter(), error));
        Assert.Contains("exactly one of", error.ToString(), StringComparison.Ordinal);
    }
}
