using System.Diagnostics;
using System.Globalization;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Microsoft.Data.Sqlite;

namespace Ecosystem.Benchmarks;

/// <summary>
/// National-scale benchmark of the embedded store, run as separate phases so each is measured in a clean process:
///   load      generate N synthetic firms (about 10 links each) on the reference data and write them (time)
///   open      rebuild the snapshot from disk (time) and measure the managed heap it holds (bytes per link)
///   traverse  upstream 3-tier walks from 100 lead firms of different sizes, side by side: the store's snapshot walk,
///             a bare walk over plain int[] adjacency arrays, and a SQLite recursive CTE on the same file
/// Usage: dotnet run -c Release --project tests/Ecosystem.Benchmarks -- {load|open|traverse} --data-dir DIR [--firms N] [--seed S]
/// </summary>
public static class StoreBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var phase = args.Length > 0 ? args[0] : "";
        var dataDir = Arg(args, "--data-dir") ?? Path.Combine(Path.GetTempPath(), "ecosystem-bench");
        var firms = int.Parse(Arg(args, "--firms") ?? "1000000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Arg(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, GC server={System.Runtime.GCSettings.IsServerGC}");
        switch (phase)
        {
            case "load":
                await LoadAsync(dataDir, firms, seed);
                return 0;
            case "open":
                await OpenAsync(dataDir);
                return 0;
            case "traverse":
                await TraverseAsync(dataDir, int.Parse(Arg(args, "--depth") ?? "3", CultureInfo.InvariantCulture), int.Parse(Arg(args, "--repeat") ?? "21", CultureInfo.InvariantCulture), int.Parse(Arg(args, "--cte-runs") ?? "3", CultureInfo.InvariantCulture));
                return 0;
            default:
                Console.Error.WriteLine("usage: {load|open|traverse} --data-dir DIR [--firms N] [--seed S] [--depth D] [--repeat R] [--cte-runs N (0: no CTE)]");
                return 2;
        }
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static async Task LoadAsync(string dataDir, int firms, int seed)
    {
        if (Directory.Exists(dataDir))
        {
            Directory.Delete(dataDir, recursive: true);
        }
        await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
        var reference = ReferenceData.Load();
        await store.ApplyAsync(reference);
        var clock = Stopwatch.StartNew();
        var changes = new SyntheticNetwork { FirmCount = firms, Seed = seed }.Generate(reference.UpsertNodes);
        var generated = clock.Elapsed;
        Console.WriteLine($"generate: {changes.UpsertNodes.Count - 1:N0} firms, {changes.UpsertLinks.Count:N0} links in {generated.TotalSeconds:N1} s");
        var write = Stopwatch.StartNew();
        var result = await store.ApplyAsync(changes);
        Console.WriteLine($"load into the embedded store (validate, write SQLite, build snapshot): {write.Elapsed.TotalSeconds:N1} s; with generation {clock.Elapsed.TotalSeconds:N1} s; version {result.Version}");
        Console.WriteLine($"store file: {new FileInfo(store.FilePath).Length / 1048576.0:N0} MiB");
    }

    private static async Task OpenAsync(string dataDir)
    {
        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var store = await EmbeddedGraphStore.OpenAsync(dataDir);
        var elapsed = clock.Elapsed;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var stats = await store.GetStatsAsync();
        var held = heapAfter - heapBefore;
        Console.WriteLine($"snapshot rebuild from disk: {elapsed.TotalSeconds:N1} s for {stats.Nodes.Values.Sum():N0} nodes and {stats.SupplyLinks:N0} links");
        Console.WriteLine(store.LastLoad?.FromCopy is { } copy
            ? $"read from the copy beside the file (made at version {copy.CopyVersion:N0}; {copy.NodesReplayed:N0} nodes and {copy.LinksReplayed:N0} links changed since, read from the file) in {store.LastLoad.Elapsed.TotalSeconds:N1} s"
            : $"read from the file's rows (no usable copy beside it) in {store.LastLoad?.Elapsed.TotalSeconds:N1} s");
        Console.WriteLine($"managed heap held by the snapshot: {held / 1048576.0:N0} MiB = {(double)held / stats.SupplyLinks:N1} bytes per supply link (nodes included); process working set {Environment.WorkingSet / 1048576.0:N0} MiB");
        // The firms' posting lists (started on the thread pool at open): their build and what they hold besides.
        clock.Restart();
        _ = store.Snapshot.FirmIndex;
        var indexed = clock.Elapsed;
        var withLists = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Console.WriteLine($"with the firms' posting lists (ready {indexed.TotalMilliseconds:N0} ms after the open returned): {withLists / 1048576.0:N0} MiB = {(double)withLists / stats.SupplyLinks:N1} bytes per supply link");
        // The country-wide localization report kept by lead firm (built on one thread in the background at open).
        while (store.KeptReports.InProgress is { } building)
        {
            await building;
        }
        var kept = store.KeptReports;
        var withKept = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        PrintKept(kept);
        kept.Clear();
        var withoutKept = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Console.WriteLine($"with the kept country report (built in {kept.LastBuild.TotalSeconds:N1} s, {kept.Built} built): {withKept / 1048576.0:N0} MiB = {(double)withKept / stats.SupplyLinks:N1} bytes per supply link; the report alone {(withKept - withoutKept) / 1048576.0:N1} MiB");
        GC.KeepAlive(store);
        await store.DisposeAsync();
    }

    /// <summary>What the kept country reports hold (apart from the async method, so nothing of theirs stays on its frame).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void PrintKept(KeptReports kept)
    {
        foreach (var digest in kept.Kept)
        {
            Console.WriteLine($"kept for {digest.AsOf:yyyy-MM-dd}: {digest.LeadCount:N0} lead firms, (groups, countries, supplier pairs) {digest.Size}");
        }
    }

    private static async Task TraverseAsync(string dataDir, int depth, int repeat, int cteRuns)
    {
        await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
        var snap = store.Snapshot;
        // Plain CSR copy for the bare walk: offsets and targets, nothing else.
        var offsets = (int[])snap.BaseInOffset.Clone();
        var targets = (int[])snap.LinkSupplier.Clone();
        var roots = PickRoots(snap, 100, depth, offsets, targets);
        Console.WriteLine($"roots: {roots.Length} lead firms, chain sizes (firms within {depth} tiers) from {roots.Min(r => r.Firms):N0} to {roots.Max(r => r.Firms):N0}, median {Median(roots.Select(r => (double)r.Firms).ToList()):N0}");

        using var sqlite = new SqliteConnection($"Data Source={store.FilePath};Mode=ReadOnly;Pooling=False");
        sqlite.Open();
        using var cte = sqlite.CreateCommand();
        cte.CommandText = """
            WITH RECURSIVE up(firm, depth) AS (
              SELECT $root, 0
              UNION
              SELECT l.supplier, up.depth + 1 FROM links l JOIN up ON l.buyer = up.firm WHERE up.depth < $depth
            )
            SELECT count(DISTINCT firm) - 1 FROM up
            """;
        cte.Parameters.AddWithValue("$root", 0);
        cte.Parameters.AddWithValue("$depth", depth);

        var walks = new Walks(store, snap, offsets, targets, cte, depth, repeat, cteRuns);
        var rows = await walks.MeasureAsync(roots);
        var smallRows = await walks.MeasureAsync(PickSmallRoots(snap, 100, depth, offsets, targets));
        PrintWalks(depth, repeat, cteRuns, rows, smallRows);
    }

    /// <summary>The contenders of the walk benchmark: the snapshot walk, the bare int[] walk, the store call and SQLite's CTE.</summary>
    private sealed class Walks(EmbeddedGraphStore store, GraphSnapshot snap, int[] offsets, int[] targets, SqliteCommand cte, int depth, int repeat, int cteRuns)
    {
        private readonly int[] _marks = new int[offsets.Length];
        private int _gen;

        public async Task<List<(int Firms, long Links, double Store, double Materialized, double Bare, double Cte)>> MeasureAsync((int Nid, int Firms, long Links)[] measured)
        {
            var rows = new List<(int Firms, long Links, double Store, double Materialized, double Bare, double Cte)>();
            foreach (var (nid, firms, _) in measured)
            {
                // Warm up, then interleave the contenders so machine noise hits all of them alike.
                var storeTimes = new List<double>();
                var fullTimes = new List<double>();
                var bareTimes = new List<double>();
                long visited = 0;
                var request = new TraversalRequest { RootIds = [snap.Nodes[nid]!.Id], MaxDepth = depth, MaxFirms = int.MaxValue };
                for (var r = 0; r < repeat + 2; r++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var walk = LinkWalker.Walk(snap, [nid], Direction.In, depth, CompiledLinkFilter.None, int.MaxValue);
                    var t1 = Stopwatch.GetTimestamp();
                    var bare = BareWalk(offsets, targets, _marks, ref _gen, nid, depth, out _);
                    var t2 = Stopwatch.GetTimestamp();
                    var full = await store.TraverseAsync(request);
                    var t3 = Stopwatch.GetTimestamp();
                    if (r < 2)
                    {
                        continue;
                    }
                    if (walk.TierFirms.Sum(t => t.Length) != bare || full.FirmCount != bare)
                    {
                        throw new InvalidOperationException($"walks disagree for root {nid}: {walk.TierFirms.Sum(t => t.Length)} vs {bare} vs {full.FirmCount}");
                    }
                    visited = walk.LinksVisited;
                    storeTimes.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                    bareTimes.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
                    fullTimes.Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
                }
                cte.Parameters["$root"].Value = nid;
                var cteTimes = new List<double>();
                for (var r = 0; r < cteRuns; r++)
                {
                    var t = Stopwatch.GetTimestamp();
                    var count = Convert.ToInt64(cte.ExecuteScalar(), CultureInfo.InvariantCulture);
                    cteTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (count != firms)
                    {
                        throw new InvalidOperationException($"CTE found {count} firms, the walk {firms}");
                    }
                }
                rows.Add((firms, visited, Median(storeTimes), Median(fullTimes), Median(bareTimes), Median(cteTimes)));
            }
            return rows;
        }
    }

    private static void PrintWalks(int depth, int repeat, int cteRuns, List<(int Firms, long Links, double Store, double Materialized, double Bare, double Cte)> rows, List<(int Firms, long Links, double Store, double Materialized, double Bare, double Cte)> smallRows)
    {
        Console.WriteLine();
        Console.WriteLine($"upstream {depth}-tier walks, medians per root ({repeat} runs each; CTE {cteRuns} runs):");
        Console.WriteLine("chain size (firms)   roots   links visited   snapshot walk   store API (materialised)   bare int[] walk   SQLite CTE    walk vs CTE   walk / bare");
        foreach (var (label, lo, hi) in new[] { ("<= 1,000", 0, 1000), ("1,001-10,000", 1001, 10000), ("10,001-100,000", 10001, 100000), ("> 100,000", 100001, int.MaxValue) })
        {
            var b = rows.Where(r => r.Firms >= lo && r.Firms <= hi).ToList();
            if (b.Count == 0)
            {
                continue;
            }
            Console.WriteLine($"{label,-20} {b.Count,5}   {Median(b.Select(r => (double)r.Links).ToList()),13:N0}   {Median(b.Select(r => r.Store).ToList()),10:N3} ms   {Median(b.Select(r => r.Materialized).ToList()),19:N3} ms   {Median(b.Select(r => r.Bare).ToList()),12:N3} ms   {Median(b.Select(r => r.Cte).ToList()),9:N1} ms   {Median(b.Select(r => r.Cte / r.Store).ToList()),9:N0}x   {Median(b.Select(r => r.Store / r.Bare).ToList()),8:N2}x");
        }
        if (smallRows.Count > 0)
        {
            var b = smallRows;
            Console.WriteLine($"{"<= 1,000 (buyers)",-20} {b.Count,5}   {Median(b.Select(r => (double)r.Links).ToList()),13:N0}   {Median(b.Select(r => r.Store).ToList()),10:N3} ms   {Median(b.Select(r => r.Materialized).ToList()),19:N3} ms   {Median(b.Select(r => r.Bare).ToList()),12:N3} ms   {Median(b.Select(r => r.Cte).ToList()),9:N1} ms   {Median(b.Select(r => r.Cte / r.Store).ToList()),9:N0}x   {Median(b.Select(r => r.Store / r.Bare).ToList()),8:N2}x");
            Console.WriteLine($"  (no lead firm has a 3-tier chain of 1,000 firms or fewer at this scale; these {b.Count} roots are supplier firms that buy, chains of {b.Min(r => r.Firms):N0} to {b.Max(r => r.Firms):N0} firms, median {Median(b.Select(r => (double)r.Firms).ToList()):N0})");
        }
        var totalLinks = rows.Sum(r => r.Links);
        Console.WriteLine();
        Console.WriteLine($"throughput, all roots: snapshot walk {totalLinks / rows.Sum(r => r.Store) / 1000:N1} M links/s; bare walk {totalLinks / rows.Sum(r => r.Bare) / 1000:N1} M links/s; store API {totalLinks / rows.Sum(r => r.Materialized) / 1000:N1} M links/s; CTE {totalLinks / rows.Sum(r => r.Cte) / 1000:N2} M links/s (one core)");
        Console.WriteLine($"ratios (median over roots): CTE / snapshot walk {Median(rows.Select(r => r.Cte / r.Store).ToList()):N0}x; snapshot walk / bare walk {Median(rows.Select(r => r.Store / r.Bare).ToList()):N2}x");
    }

    /// <summary>100 lead firms spread over the range of chain sizes: rank leads by chain size and take evenly spaced ones.</summary>
    private static (int Nid, int Firms, long Links)[] PickRoots(GraphSnapshot snap, int count, int depth, int[] offsets, int[] targets)
    {
        var marks = new int[offsets.Length];
        var gen = 0;
        var leads = new List<(int Nid, int Firms, long Links)>();
        for (var nid = 0; nid < snap.Nodes.Length; nid++)
        {
            if (snap.Nodes[nid] is Firm f && f.Roles.Contains(FirmRole.LeadFirm) && offsets[nid + 1] > offsets[nid])
            {
                var firms = BareWalk(offsets, targets, marks, ref gen, nid, depth, out var links);
                leads.Add((nid, firms, links));
            }
        }
        leads.Sort((a, b) => a.Firms.CompareTo(b.Firms));
        return [.. Enumerable.Range(0, count).Select(i => leads[(int)((long)i * (leads.Count - 1) / (count - 1))]).Distinct()];
    }

    /// <summary>
    /// Roots with 3-tier chains of at most 1,000 firms, spread evenly over that range: supplier firms that buy (no lead
    /// firm is that small at national scale). Candidates are a sample of every 97th firm, so picking stays quick.
    /// </summary>
    private static (int Nid, int Firms, long Links)[] PickSmallRoots(GraphSnapshot snap, int count, int depth, int[] offsets, int[] targets)
    {
        var marks = new int[offsets.Length];
        var gen = 0;
        var small = new List<(int Nid, int Firms, long Links)>();
        for (var nid = 0; nid < snap.Nodes.Length; nid += 97)
        {
            if (snap.Nodes[nid] is Firm f && !f.Roles.Contains(FirmRole.LeadFirm) && offsets[nid + 1] > offsets[nid])
            {
                var firms = BareWalk(offsets, targets, marks, ref gen, nid, depth, out var links);
                if (firms <= 1000)
                {
                    small.Add((nid, firms, links));
                }
            }
        }
        // Most such buyers have tiny chains; take the one nearest to each of 10, 20, ..., 1,000 firms instead.
        return small.Count == 0 ? [] : [.. Enumerable.Range(1, count).Select(i => small.MinBy(r => Math.Abs(r.Firms - (i * 1000 / count)))).Distinct()];
    }

    /// <summary>The practical limit: breadth-first over plain offsets/targets arrays, no filters, no link records.</summary>
    private static int BareWalk(int[] offsets, int[] targets, int[] marks, ref int gen, int root, int depth, out long visited)
    {
        gen++;
        marks[root] = gen;
        var frontier = new List<int> { root };
        var next = new List<int>();
        var found = 0;
        visited = 0;
        for (var d = 0; d < depth && frontier.Count > 0; d++)
        {
            next.Clear();
            foreach (var n in frontier)
            {
                for (var i = offsets[n]; i < offsets[n + 1]; i++)
                {
                    visited++;
                    var t = targets[i];
                    if (marks[t] != gen)
                    {
                        marks[t] = gen;
                        next.Add(t);
                    }
                }
            }
            found += next.Count;
            (frontier, next) = (next, frontier);
        }
        return found;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
