using System.Diagnostics;
using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// What edits cost the embedded store: <c>writes --data-dir DIR [--edits 1000] [--fold-at NODES]</c> (changes the store in
/// DIR: use a copy). Edits in a row, as the editor makes them (each a change set with its audit entry, committed
/// durably): a firm renamed, a firm added, a link added, a link's value changed, a link removed, a park changed, in
/// turn. Meanwhile a reader lists firms of a province (first 20, with the count) every 2 ms. Prints per-kind and
/// overall medians and p99, the total, the reader's latencies, the folds (build time beside readers and writers, and the
/// writers' pause), and managed memory after open and after the edits (after a full collection). --fold-at folds once the
/// edits have changed that many nodes (the store's default is 8,192), to see a fold's cost within the run.
/// </summary>
public static class WriteBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var edits = int.Parse(Arg("--edits") ?? "1000", CultureInfo.InvariantCulture);
        var foldAt = Arg("--fold-at") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : (int?)null;
        var openClock = Stopwatch.StartNew();
        await using var store = await EmbeddedGraphStore.OpenAsync(dir);
        var opened = openClock.Elapsed;
        var snap = store.Snapshot;
        _ = snap.FirmIndex;
        var memoryOpen = Settled();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; store: {snap.NodeCount:N0} nodes, {snap.LinkCount:N0} links; opened in {opened.TotalSeconds:N1} s");
        Console.WriteLine($"managed memory after open: {memoryOpen / 1048576.0:N0} MiB ({memoryOpen / (double)Math.Max(1, snap.LinkCount):N1} bytes per link)");
        if (foldAt is { } nodes)
        {
            store.Folding = FoldPolicy.Default with { TouchedNodes = nodes };
        }
        var firms = snap.KindOrder(NodeKind.Firm);
        var province = ((Firm)snap.Nodes[firms[0]]!).ProvinceId ?? "province:31-hai-phong";
        var park = (Park)snap.Nodes[snap.KindOrder(NodeKind.Park)[0]]!;
        var random = new Random(7);
        var stop = new CancellationTokenSource();
        var readerTimes = new List<double>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 20, Filter = new NodeFilter { ProvinceIds = [province] } });
                readerTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                await Task.Delay(2);
            }
        });

        var kinds = new[] { "firm renamed", "firm added", "link added", "link value changed", "link removed", "park changed" };
        var times = kinds.ToDictionary(k => k, _ => new List<double>());
        var added = new List<SupplyLink>();
        var total = Stopwatch.StartNew();
        for (var e = 0; e < edits; e++)
        {
            var kind = kinds[e % kinds.Length];
            var current = store.Snapshot;
            Firm RandomFirm() => (Firm)current.Nodes[firms[random.Next(firms.Length)]]!;
            var firm = RandomFirm();
            ChangeSet change = kind switch
            {
                "firm renamed" => new() { UpsertNodes = [firm with { Name = $"{firm.Name} {e}" }] },
                "firm added" => new() { UpsertNodes = [firm with { Id = $"firm:bench-{e}", Name = $"Công ty Khảo sát {e}", TaxCode = null, FormerIds = null }] },
                "link added" => LinkAdded(firm, RandomFirm(), e, added),
                "link value changed" => new() { UpsertLinks = [current.Materialize(current.InLinks(firms[random.Next(firms.Length)]) is { Count: > 0 } l ? l[0] : 0) with { ValueUsd = 1000 + e }] },
                "link removed" => added.Count > 0 ? new() { DeleteLinks = [added[^1].Id] } : new() { UpsertNodes = [firm with { Name = $"x {e}" }] },
                _ => new() { UpsertNodes = [park with { Name = $"{park.Name} {e}" }] },
            };
            if (kind == "link removed" && added.Count > 0)
            {
                added.RemoveAt(added.Count - 1);
            }
            change = change with { Audit = new AuditInfo("benchmark", kind, DateTimeOffset.UtcNow) };
            var start = Stopwatch.GetTimestamp();
            await store.ApplyAsync(change);
            times[kind].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var editsTook = total.Elapsed;
        stop.Cancel();
        await reader;
        if (store.FoldInProgress is { } fold)
        {
            await fold;
        }
        var memoryAfter = Settled();

        Console.WriteLine($"edits: {edits:N0} in {editsTook.TotalSeconds:N1} s");
        foreach (var (kind, list) in times.Where(t => t.Value.Count > 0))
        {
            Console.WriteLine($"  {kind,-20} p50 {Percentile(list, 0.5),8:N2} ms   p99 {Percentile(list, 0.99),8:N2} ms   ({list.Count})");
        }
        var all = times.Values.SelectMany(t => t).ToList();
        Console.WriteLine($"  {"all",-20} p50 {Percentile(all, 0.5),8:N2} ms   p99 {Percentile(all, 0.99),8:N2} ms");
        Console.WriteLine($"reader (firms of {province}, first 20 with count) during the edits: p50 {Percentile(readerTimes, 0.5):N2} ms, p99 {Percentile(readerTimes, 0.99):N2} ms, max {readerTimes.DefaultIfEmpty(0).Max():N1} ms ({readerTimes.Count} calls)");
        Console.WriteLine($"folds: {store.FoldCount}" + (store.LastFold is { } last ? $"; last: {last.TouchedNodes:N0} nodes and {last.LinkEntries:N0} list entries folded, built in {last.Build.TotalMilliseconds:N0} ms beside readers and writers, writers paused {last.Pause.TotalMilliseconds:N1} ms, {last.Replayed} changes replayed" : ""));
        Console.WriteLine($"managed memory after the edits: {memoryAfter / 1048576.0:N0} MiB ({memoryAfter / (double)memoryOpen:N2}x after open)");
        return 0;
    }

    private static ChangeSet LinkAdded(Firm supplier, Firm buyer, int e, List<SupplyLink> added)
    {
        var link = new SupplyLink
        {
            SupplierId = supplier.Id,
            BuyerId = buyer.Id,
            SectorId = supplier.SectorIds[0],
            Product = $"linh kiện khảo sát {e}",
            ValueUsd = 5000 + e,
            Confidence = 0.8,
            Sources = supplier.Sources,
        };
        added.Add(link);
        return new ChangeSet { UpsertLinks = [link] };
    }

    private static long Settled()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The value at or above which a share 1 - p of the values lie (nearest rank; 0 when there are none).</summary>
    internal static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
