using Ecosystem.Graph.Rules;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Microsoft.Data.Sqlite;
using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;

namespace Ecosystem.Benchmarks;

/// <summary>
/// The researcher queries at national scale, each side by side with the same computation on QuikGraph and, for chains,
/// a SQLite recursive CTE over the same file:
/// <c>analyses --data-dir DIR [--roots 100] [--repeat 7] [--api http://127.0.0.1:5099] [--chains-only | --clusters-only]</c>.
/// supplyChain at depths 3, 4 and 6 from the largest lead firms (by direct suppliers), through the store and, with
/// --api, through HTTP; criticalSuppliers at depth 4; clusters of the province with most firms; export of 100,000 links.
/// </summary>
public static class AnalysisBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dataDir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var rootCount = int.Parse(Arg("--roots") ?? "100", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Arg("--repeat") ?? "7", CultureInfo.InvariantCulture);
        var api = Arg("--api");
        var depths = (Arg("--depths") ?? "3,4,6").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        var chainsOnly = args.Contains("--chains-only");
        var clustersOnly = args.Contains("--clusters-only");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
        var snap = store.Snapshot;
        var today = VietnamTime.Today(TimeProvider.System);
        var roots = snap.KindOrder(NodeKind.Firm)
            .Where(n => snap.Nodes[n] is Firm f && f.Roles.Contains(FirmRole.LeadFirm))
            .OrderByDescending(n => snap.InLinks(n).Count).ThenBy(n => n)
            .Take(rootCount).Select(n => snap.Nodes[n]!.Id).ToList();
        Console.WriteLine($"roots: the {roots.Count} lead firms with most direct suppliers ({snap.InLinks(snap.NidOf(roots[^1])).Count} to {snap.InLinks(snap.NidOf(roots[0])).Count})");
        var bench = new Bench(store, snap, roots, repeat, today, BuildQuik(snap));
        using var sqlite = new SqliteConnection($"Data Source={store.FilePath};Mode=ReadOnly;Pooling=False");
        sqlite.Open();
        using var cte = Cte(sqlite);
        if (clustersOnly)
        {
            await ClustersAsync(bench);
            return 0;
        }
        Console.WriteLine();
        Console.WriteLine("supplyChain (TraverseAsync: tiers, values by tier, country and province), medians per root then median / p99 over roots:");
        Console.WriteLine("depth   filter          firms (median)   links (median)   walk p50   store p50   store p99   QuikGraph BFS p50   QuikGraph / store   CTE p50   CTE / store");
        foreach (var depth in depths)
        {
            foreach (var dated in new[] { false, true })
            {
                await ChainsAtDepthAsync(bench, cte, depth, dated);
            }
        }
        if (!chainsOnly)
        {
            await CriticalAsync(bench);
            await ClustersAsync(bench);
            await ExportsAsync(bench);
        }
        await ChainsThroughHttpAsync(api, roots, repeat);
        return 0;
    }

    /// <summary>What the phases share: the store, its snapshot, the roots, repeats, today and the QuikGraph copy.</summary>
    private sealed record Bench(EmbeddedGraphStore Store, SupplyGraph Snap, List<string> Roots, int Repeat, DateOnly Today, AdjacencyGraph<int, SEdge<int>> Quik);

    /// <summary>QuikGraph holds the same links, buyer to supplier, for the same upstream walks.</summary>
    private static AdjacencyGraph<int, SEdge<int>> BuildQuik(SupplyGraph snap)
    {
        var clock = Stopwatch.StartNew();
        var quik = new AdjacencyGraph<int, SEdge<int>>(allowParallelEdges: true, snap.Nodes.Length);
        quik.AddVertexRange(Enumerable.Range(0, snap.Nodes.Length));
        for (var buyer = 0; buyer < snap.Nodes.Length; buyer++)
        {
            foreach (var i in snap.InLinks(buyer))
            {
                quik.AddEdge(new SEdge<int>(buyer, snap.LinkSupplier[i]));
            }
        }
        Console.WriteLine($"QuikGraph AdjacencyGraph of {quik.EdgeCount:N0} edges built in {clock.Elapsed.TotalSeconds:N1} s");

        return quik;
    }

    /// <summary>SQLite's recursive query for a 3-tier upstream walk, over the store file.</summary>
    private static SqliteCommand Cte(SqliteConnection sqlite)
    {
        var cte = sqlite.CreateCommand();
        cte.CommandText = """
            WITH RECURSIVE up(firm, depth) AS (
              SELECT $root, 0
              UNION
              SELECT l.supplier, up.depth + 1 FROM links l JOIN up ON l.buyer = up.firm WHERE up.depth < 3
            )
            SELECT count(DISTINCT firm) - 1 FROM up
            """;
        cte.Parameters.AddWithValue("$root", 0);

        return cte;
    }

    /// <summary>supplyChain at one depth, with or without a date filter, from every root: store, walk, QuikGraph, CTE.</summary>
    private static async Task ChainsAtDepthAsync(Bench bench, SqliteCommand cte, int depth, bool dated)
    {
        var (store, snap, roots, repeat, today, quik) = bench;
        var store50 = new List<double>();
        var walk50 = new List<double>();
        var quik50 = new List<double>();
        var cte50 = new List<double>();
        var firms = new List<double>();
        var links = new List<double>();
        foreach (var root in roots)
        {
            var request = new TraversalRequest { RootIds = [root], MaxDepth = depth, MaxFirms = 250_000, Filter = dated ? new LinkFilter { AsOf = today } : null };
            var times = new List<double>();
            var walkTimes = new List<double>();
            var compiled = CompiledLinkFilter.Compile(snap, request.Filter);
            TraversalResult? walk = null;
            for (var r = 0; r < repeat + 1; r++)
            {
                // The walk alone and the whole call, interleaved so that both meet the same caches.
                var t = Stopwatch.GetTimestamp();
                LinkWalker.Walk(snap, [snap.NidOf(root)], Direction.In, depth, compiled, request.MaxFirms);
                var walked = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                t = Stopwatch.GetTimestamp();
                walk = await store.TraverseAsync(request);
                if (r > 0)
                {
                    times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    walkTimes.Add(walked);
                }
            }
            store50.Add(Median(times));
            walk50.Add(Median(walkTimes));
            firms.Add(walk!.FirmCount);
            links.Add(walk.LinkCount);
            if (!dated)
            {
                var qt = new List<double>();
                for (var r = 0; r < Math.Max(1, repeat / 2); r++)
                {
                    var t = Stopwatch.GetTimestamp();
                    var found = QuikBfs(quik, snap.NidOf(root), depth, walk.Truncated ? 250_000 : int.MaxValue);
                    qt.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (!walk.Truncated && found != walk.FirmCount)
                    {
                        throw new InvalidOperationException($"QuikGraph found {found} firms, the store {walk.FirmCount}");
                    }
                }
                quik50.Add(Median(qt));
                if (depth == 3)
                {
                    cte.Parameters["$root"].Value = snap.NidOf(root);
                    var t = Stopwatch.GetTimestamp();
                    var count = Convert.ToInt64(cte.ExecuteScalar(), CultureInfo.InvariantCulture);
                    cte50.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (count != walk.FirmCount)
                    {
                        throw new InvalidOperationException($"CTE found {count} firms, the store {walk.FirmCount}");
                    }
                }
            }
        }
        var quikRatio = quik50.Count > 0 ? $"{Median([.. quik50.Zip(store50, (q, s) => q / s)]),10:N1}x" : "-";
        var cteRatio = cte50.Count > 0 ? $"{Median([.. cte50.Zip(store50, (c, s) => c / s)]),6:N0}x" : "-";
        Console.WriteLine($"{depth,5}   {(dated ? "valid today" : "none"),-12}   {Median(firms),14:N0}   {Median(links),14:N0}   {Median(walk50),5:N2} ms   {Median(store50),6:N2} ms   {Percentile(store50, 0.99),6:N2} ms   {(quik50.Count > 0 ? $"{Median(quik50),12:N2} ms" : "-"),17}   {quikRatio,17}   {(cte50.Count > 0 ? $"{Median(cte50),7:N1} ms" : "-"),9}   {cteRatio,11}");
    }

    private static async Task CriticalAsync(Bench bench)
    {
        var (store, _, roots, _, today, _) = bench;
        Console.WriteLine();
        var critical = new List<double>();
        foreach (var root in roots.Take(20))
        {
            var times = new List<double>();
            for (var r = 0; r < 3; r++)
            {
                var t = Stopwatch.GetTimestamp();
                await store.CriticalSuppliersAsync(root, 4, 20, new LinkFilter { AsOf = today });
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            critical.Add(Median(times));
        }
        Console.WriteLine($"criticalSuppliers depth 4 (dominators of the reversed chain; QuikGraph has no dominator algorithm), {critical.Count} largest leads: p50 {Median(critical):N1} ms, p99 {Percentile(critical, 0.99):N1} ms");

    }

    private static async Task ClustersAsync(Bench bench)
    {
        var (store, snap, _, _, _, quik) = bench;
        var byProvince = snap.KindOrder(NodeKind.Firm).GroupBy(n => snap.FirmProvince[n]).Where(g => g.Key >= 0).OrderByDescending(g => g.Count()).First();
        var province = snap.Nodes[byProvince.Key]!.Id;
        var scope = new NodeFilter { ProvinceIds = [province] };
        var ours = new List<double>();
        var theirs = new List<double>();
        int clusters = 0, components = 0;
        for (var r = 0; r < 3; r++)
        {
            var t = Stopwatch.GetTimestamp();
            clusters = (await store.ClustersAsync(new ClusterRequest { Scope = scope })).Count;
            ours.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = Stopwatch.GetTimestamp();
            var members = byProvince.ToHashSet();
            var sub = new UndirectedGraph<int, SEdge<int>>(allowParallelEdges: true);
            sub.AddVertexRange(members);
            foreach (var buyer in members)
            {
                foreach (var e in quik.OutEdges(buyer))
                {
                    if (members.Contains(e.Target) && e.Target != buyer)
                    {
                        sub.AddEdge(e);
                    }
                }
            }
            var wcc = new ConnectedComponentsAlgorithm<int, SEdge<int>>(sub);
            wcc.Compute();
            components = wcc.Components.Values.GroupBy(c => c).Count(g => g.Count() >= 2);
            theirs.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        if (components != clusters)
        {
            throw new InvalidOperationException($"QuikGraph found {components} components of 2 or more, the store {clusters}");
        }
        Console.WriteLine($"clusters of {province} ({byProvince.Count():N0} firms, {clusters:N0} clusters): store {Median(ours):N1} ms (union-find, with values and dependencies); QuikGraph connected components {Median(theirs):N1} ms ({Median(theirs) / Median(ours):N1}x)");

    }

    private static async Task ExportsAsync(Bench bench)
    {
        var (store, _, roots, _, _, _) = bench;
        var chain = await GraphExporter.SupplyChainAsync(store, new TraversalRequest { RootIds = [roots[0]], MaxDepth = 3, MaxFirms = 250_000 }, CancellationToken.None);
        var cut = chain with { Links = [.. chain.Links.Take(100_000)] };
        foreach (var format in new[] { ExportFormat.GraphMl, ExportFormat.Json, ExportFormat.LinksCsv })
        {
            var times = new List<double>();
            long bytes = 0;
            for (var r = 0; r < 3; r++)
            {
                using var sink = new CountingStream();
                var t = Stopwatch.GetTimestamp();
                await GraphExporter.WriteAsync(cut, format, sink, CancellationToken.None);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                bytes = sink.Length;
            }
            Console.WriteLine($"export {cut.Links.Count:N0} links and {cut.Firms.Count:N0} firms as {format}: {Median(times):N0} ms, {bytes / 1048576.0:N1} MiB");
        }
    }

    private static async Task ChainsThroughHttpAsync(string? api, List<string> roots, int repeat)
    {
        if (api is not null)
        {
            using var http = BenchmarkHttp.Client(api);
            const string query = "query($id: ID!) { supplyChain(firmId: $id, maxDepth: 3) { firmCount linkCount truncated byCountry { country valueUsd share } tiers { depth totalValueUsd firms(first: 10) { nodes { id name } } } } }";
            // The first ask of each root is computed (a fresh API, or a graph version no one asked at); asking again is
            // answered by the result cache.
            var cold = new List<double>();
            var latencies = new List<double>();
            for (var r = 0; r < repeat + 1; r++)
            {
                foreach (var root in roots)
                {
                    var t = Stopwatch.GetTimestamp();
                    using var response = await http.PostAsJsonAsync("/graphql", new { query, variables = new { id = root } });
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode || body.Contains("\"errors\"", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException(body);
                    }
                    (r == 0 ? cold : latencies).Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
            }
            Console.WriteLine($"supplyChain depth 3 through HTTP ({api}, one request at a time): first ask of each of {roots.Count} roots p50 {Median(cold):N2} ms, p99 {Percentile(cold, 0.99):N2} ms; asked again ({latencies.Count} requests) p50 {Median(latencies):N2} ms, p99 {Percentile(latencies, 0.99):N2} ms");
        }
    }

    /// <summary>The same upstream walk on QuikGraph's adjacency: breadth-first, each firm once, to a depth.</summary>
    private static int QuikBfs(AdjacencyGraph<int, SEdge<int>> graph, int root, int depth, int cap)
    {
        var seen = new HashSet<int> { root };
        var frontier = new List<int> { root };
        var found = 0;
        for (var d = 0; d < depth && frontier.Count > 0; d++)
        {
            var next = new List<int>();
            foreach (var v in frontier)
            {
                foreach (var e in graph.OutEdges(v))
                {
                    if (seen.Add(e.Target))
                    {
                        next.Add(e.Target);
                    }
                }
            }
            if (found + next.Count > cap)
            {
                break;
            }
            found += next.Count;
            frontier = next;
        }
        return found;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>A sink that only counts bytes, so the export is timed without a disk.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
