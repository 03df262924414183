using System.Diagnostics;
using System.Globalization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// What one small write costs the embedded store: <c>writes --data-dir DIR [--repeat 21]</c> (works on the store in
/// DIR: use a copy). Medians of a firm renamed (one node) and of a link's value changed, each applied as a change set,
/// beside rebuilding the snapshot and the search index from scratch, which a write made before the snapshot was built
/// from the change.
/// </summary>
public static class WriteBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var repeat = int.Parse(Arg("--repeat") ?? "21", CultureInfo.InvariantCulture);
        await using var store = await EmbeddedGraphStore.OpenAsync(dir);
        var snap = store.Snapshot;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; store: {snap.NodeCount:N0} nodes, {snap.LinkCount:N0} links");
        double Median(Func<Task> action)
        {
            var times = new List<double>();
            for (var i = 0; i < repeat; i++)
            {
                var start = Stopwatch.GetTimestamp();
                action().GetAwaiter().GetResult();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            times.Sort();
            return times[repeat / 2];
        }
        var rows = Enumerable.Range(0, snap.LinkCount).Select(snap.Row).ToArray();
        Console.WriteLine($"search index from scratch   {Median(() => { _ = SearchIndex.Build(snap.Nodes, snap.Folded); return Task.CompletedTask; }),10:N2} ms");
        Console.WriteLine($"snapshot from scratch       {Median(() => { _ = new GraphSnapshot(snap.Version, snap.Nodes, () => (rows, rows.Length), snap.Products, snap.SourceSets, previous: null); return Task.CompletedTask; }),10:N2} ms");
        var firm = (Firm)snap.Nodes[snap.KindOrder(NodeKind.Firm)[0]]!;
        var n = 0;
        Console.WriteLine($"firm renamed (change set)   {Median(() => store.ApplyAsync(new ChangeSet { UpsertNodes = [firm with { Name = $"{firm.Name} {n++}" }] })),10:N2} ms");
        var link = snap.Materialize(0);
        Console.WriteLine($"link value changed          {Median(() => store.ApplyAsync(new ChangeSet { UpsertLinks = [link with { ValueUsd = 1000 + n++ }] })),10:N2} ms");
        return 0;
    }
}
