using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed.Commands;

/// <summary>seed export: a supply chain or a scope as GraphML, JSON or the import's CSVs.</summary>
internal static class ExportCommand
{
    public static Command Create(SeedContext s)
    {
        var format = new Option<string>("--format") { Description = "graphml, json, firms.csv, links.csv, sources.csv, capabilities.csv or sourcing.csv.", DefaultValueFactory = _ => "graphml" };
        var outFile = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)." };
        var firmId = new Option<string>("--firm") { Description = "The firm to start from (id).", Required = true };
        var direction = new Option<string>("--direction") { Description = "upstream (suppliers, default) or downstream (customers).", DefaultValueFactory = _ => "upstream" };
        var maxDepth = new Option<int>("--max-depth") { Description = $"Tiers, 1 to {TraversalDepth.Max}.", DefaultValueFactory = _ => 3 };
        var chainExport = new Command("supply-chain", "A firm's supply chain: the firms within the tiers and the links that reach them.") { firmId, direction, maxDepth, format, outFile };
        chainExport.SetAction((result, ct) => s.Guard(async () =>
        {
            var dir = result.GetValue(direction)?.ToUpperInvariant();
            var depth = result.GetValue(maxDepth);
            if (dir is not ("UPSTREAM" or "DOWNSTREAM") || !TraversalDepth.IsValid(depth))
            {
                await s.Error.WriteLineAsync($"error: --direction is upstream or downstream, --max-depth 1 to {TraversalDepth.Max}");
                return 1;
            }
            await using var store = await s.OpenAsync(result, s.Error, ct);
            var graph = await GraphExporter.SupplyChainAsync(store, new TraversalRequest
            {
                RootIds = [result.GetValue(firmId)!],
                Direction = dir == "UPSTREAM" ? Direction.In : Direction.Out,
                MaxDepth = depth,
                Filter = new LinkFilter { AsOf = SeedContext.Today() },
                MaxFirms = 1_000_000,
            }, ct);
            return await WriteExportAsync(graph, result.GetValue(format)!, result.GetValue(outFile), s.Output, s.Error, ct);
        }));
        var province = new Option<string?>("--province") { Description = "Firms recorded in this province (code, name or id, old or new)." };
        var park = new Option<string?>("--park") { Description = "Firms located in this park (id)." };
        var corridor = new Option<string?>("--corridor") { Description = "Firms recorded in the corridor's provinces (id)." };
        var sector = new Option<string?>("--sector") { Description = "Firms of this sector or its descendants (code)." };
        var scopeExport = new Command("scope", "The firms of a province, park, corridor or sector and the links among them.") { province, park, corridor, sector, format, outFile };
        scopeExport.SetAction((result, ct) => s.Guard(async () =>
        {
            await using var store = await s.OpenAsync(result, s.Error, ct);
            var scope = new ExportScope(result.GetValue(province), result.GetValue(park), result.GetValue(corridor), result.GetValue(sector));
            var graph = await GraphExporter.ScopeAsync(store, await scope.ToFilterAsync(store, SeedContext.Today(), ct), new LinkFilter { AsOf = SeedContext.Today() }, 10_000_000, ct);
            return await WriteExportAsync(graph, result.GetValue(format)!, result.GetValue(outFile), s.Output, s.Error, ct);
        }));
        return new Command("export", "Write a subgraph as GraphML (Gephi, networkx), JSON, or the CSV files of import.") { chainExport, scopeExport };
    }

    private static async Task<int> WriteExportAsync(Subgraph graph, string formatText, FileInfo? outFile, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var format = GraphExporter.ParseFormat(formatText);
        if (outFile is null)
        {
            using var buffer = new MemoryStream();
            await GraphExporter.WriteAsync(graph, format, buffer, ct);
            await output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            await using var file = outFile.Create();
            await GraphExporter.WriteAsync(graph, format, file, ct);
        }
        await error.WriteLineAsync($"exported {graph.Firms.Count:N0} firms, {graph.Links.Count:N0} links, {graph.Sources.Count:N0} sources{(graph.Truncated ? " (cut at the cap)" : "")}");
        return 0;
    }
}
