using Ecosystem.Graph.Rules;
using System.Diagnostics;
using System.Globalization;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// Import at scale: <c>import --data-dir DIR [--links 1000000] [--work WORKDIR]</c>. Takes the first N supply links of
/// the national store in DIR (by buyer) with their firms and sources, writes them as the import CSVs (the export code),
/// then imports them into a fresh store holding the reference data, as <c>seed import</c> does: a dry run, the import,
/// and the same files again (nothing changes). Reports each phase's time and the process's peak working set.
/// </summary>
public static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dataDir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var count = int.Parse(Arg("--links") ?? "1000000", CultureInfo.InvariantCulture);
        var work = Arg("--work") ?? Path.Combine(Path.GetTempPath(), "ecosystem-import-bench");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
        Directory.CreateDirectory(work);
        var firmsCsv = Path.Combine(work, "firms.csv");
        var linksCsv = Path.Combine(work, "links.csv");
        var sourcesCsv = Path.Combine(work, "sources.csv");

        var clock = Stopwatch.StartNew();
        await using (var national = await EmbeddedGraphStore.OpenAsync(dataDir))
        {
            var snap = national.Snapshot;
            var take = Math.Min(count, snap.LinkCount);
            var links = new List<SupplyLink>(take);
            var firmNids = new HashSet<int>();
            for (var i = 0; i < take; i++)
            {
                links.Add(snap.Materialize(i));
                firmNids.Add(snap.LinkSupplier[i]);
                firmNids.Add(snap.LinkBuyer[i]);
            }
            var firms = firmNids.Order().Select(n => (Firm)snap.Nodes[n]!).ToList();
            var sourceIds = firms.SelectMany(f => f.Sources).Concat(links.SelectMany(l => l.Sources)).Distinct(StringComparer.Ordinal).ToList();
            var sources = (await national.GetNodesAsync(sourceIds)).OfType<Source>().ToList();
            var graph = new Subgraph(firms, links, sources, Truncated: false);
            foreach (var (path, format) in new[] { (firmsCsv, ExportFormat.FirmsCsv), (linksCsv, ExportFormat.LinksCsv), (sourcesCsv, ExportFormat.SourcesCsv) })
            {
                await using var file = File.Create(path);
                await GraphExporter.WriteAsync(graph, format, file, CancellationToken.None);
            }
            Console.WriteLine($"wrote {firms.Count:N0} firms ({new FileInfo(firmsCsv).Length / 1048576.0:N0} MiB), {links.Count:N0} links ({new FileInfo(linksCsv).Length / 1048576.0:N0} MiB), {sources.Count:N0} sources in {clock.Elapsed.TotalSeconds:N1} s");
        }
        GC.Collect();

        var storeDir = Path.Combine(work, "store");
        await using var store = await EmbeddedGraphStore.OpenAsync(storeDir);
        await store.ApplyAsync(ReferenceData.Load());
        var today = VietnamTime.Today(TimeProvider.System);
        foreach (var (phase, dryRun) in new[] { ("dry run", true), ("import", false), ("again (nothing changes)", false) })
        {
            using var firmsReader = new StreamReader(firmsCsv);
            using var linksReader = new StreamReader(linksCsv);
            using var sourcesReader = new StreamReader(sourcesCsv);
            clock.Restart();
            var report = await new SupplyImporter(store).ImportAsync(
                new ImportFiles(firmsReader, "firms.csv", linksReader, "links.csv", sourcesReader), dryRun, today,
                new Progress<string>(m => Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:N1} s  {m}")));
            if (report.Errors.Count > 0)
            {
                throw new InvalidOperationException($"{report.Errors.Count} errors, the first: {report.Errors[0]}");
            }
            Console.WriteLine($"{phase}: {clock.Elapsed.TotalSeconds:N1} s; {report.Firms:N0} firms, {report.Links:N0} links; {report.NodesWritten:N0} nodes and {report.LinksWritten:N0} links written; version {report.Version}; peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");
        }
        return 0;
    }
}
