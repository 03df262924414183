using System.Diagnostics;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// The firm matcher's quality and speed: <c>matching [--data-dir DIR] [--firms 50000] [--records 10000] [--threshold 0.8]
/// [--margin 0.1] [--uncertain]</c> (--uncertain: print some records left for review). A labelled
/// set (<see cref="MatchingSample"/>, synthetic) of firms with Vietnamese names and records of them with the noise other
/// lists carry; with <c>--data-dir</c> the firms of that graph (the national one: a million) are indexed beside them.
/// Prints the precision of sure matches, their recall, how the uncertain and absent records came out by kind of noise,
/// and the time to index and to match the records one by one (p50, p99, all).
/// </summary>
public static class MatchingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var firmCount = int.Parse(Arg("--firms") ?? "50000", System.Globalization.CultureInfo.InvariantCulture);
        var recordCount = int.Parse(Arg("--records") ?? "10000", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var reference = ReferenceData.Load();
        var directory = new ProvinceDirectory(reference.UpsertNodes.OfType<Province>());
        var today = directory.AsOf(new DateOnly(2026, 1, 1));
        var (sample, records) = MatchingSample.Build(firmCount, recordCount, [.. today.Select(p => p.Id)],
            id => directory.ById(id) is { } p ? [.. directory.Predecessors(p).Select(x => x.Id)] : []);
        var firms = new List<Firm>(sample);
        if (Arg("--data-dir") is { } dataDir)
        {
            await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
            string? after = null;
            while (true)
            {
                var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 50_000, After = after });
                firms.AddRange(page.Items.Select(i => (Firm)i.Node));
                after = page.EndCursor;
                if (!page.HasNextPage)
                {
                    break;
                }
            }
        }
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var clock = Stopwatch.StartNew();
        var rules = new MatchRules
        {
            Threshold = double.Parse(Arg("--threshold") ?? "0.8", System.Globalization.CultureInfo.InvariantCulture),
            Margin = double.Parse(Arg("--margin") ?? "0.1", System.Globalization.CultureInfo.InvariantCulture),
        };
        var matcher = new FirmMatcher(firms, rules);
        var indexed = clock.Elapsed;
        var memory = GC.GetTotalMemory(true) - before;
        Console.WriteLine(FormattableString.Invariant($"indexed {matcher.Count:N0} firms ({sample.Count:N0} of the labelled set) in {indexed.TotalSeconds:N1} s, {memory / (double)matcher.Count:N0} bytes per firm"));
        // Warm up on a few records, then every record timed alone.
        foreach (var r in records.Take(50))
        {
            matcher.Match(r.Record);
        }
        var times = new double[records.Count];
        var results = new MatchResult[records.Count];
        var all = Stopwatch.StartNew();
        for (var i = 0; i < records.Count; i++)
        {
            var t = Stopwatch.GetTimestamp();
            results[i] = matcher.Match(records[i].Record);
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        var total = all.Elapsed;
        // The same records as a batch over every core (as /reconcile takes a batch of queries).
        var batch = Stopwatch.StartNew();
        Parallel.For(0, records.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => matcher.Match(records[i].Record));
        var batchTime = batch.Elapsed;
        var slowest = Array.IndexOf(times, times.Max());
        Console.WriteLine(FormattableString.Invariant($"slowest: record {slowest} \"{records[slowest].Record.Name}\" {times[slowest]:N1} ms"));
        Array.Sort(times);
        Console.WriteLine(FormattableString.Invariant($"matched {records.Count:N0} records one by one in {total.TotalSeconds:N2} s: p50 {times[times.Length / 2]:N2} ms, p99 {times[(int)(times.Length * 0.99)]:N2} ms, max {times[^1]:N2} ms; as a batch on {Environment.ProcessorCount} cores in {batchTime.TotalSeconds:N2} s"));
        var present = records.Count(r => r.FirmId is not null);
        var sure = Enumerable.Range(0, records.Count).Where(i => results[i].Sure).ToList();
        var right = sure.Count(i => results[i].Match?.FirmId == records[i].FirmId);
        Console.WriteLine(FormattableString.Invariant($"sure matches {sure.Count:N0}: right {right:N0}, precision {right / (double)Math.Max(1, sure.Count):0.0000}; recall {right / (double)present:0.0000} of {present:N0} records of firms in the graph"));
        Console.WriteLine(FormattableString.Invariant($"records of absent firms: {records.Count - present:N0}, given a sure match {sure.Count(i => records[i].FirmId is null):N0}"));
        Console.WriteLine("noise                                            records   sure right   sure wrong   uncertain   right in top 5");
        foreach (var group in Enumerable.Range(0, records.Count).Where(i => records[i].FirmId is not null).GroupBy(i => records[i].Noise).OrderByDescending(g => g.Count()).Take(25))
        {
            var ids = group.ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"{group.Key,-48} {ids.Count,7:N0} {ids.Count(i => results[i].Sure && results[i].Match?.FirmId == records[i].FirmId),12:N0} {ids.Count(i => results[i].Sure && results[i].Match?.FirmId != records[i].FirmId),12:N0} {ids.Count(i => !results[i].Sure),11:N0} {ids.Count(i => results[i].Candidates.Any(c => c.FirmId == records[i].FirmId)),16:N0}"));
        }
        foreach (var i in Enumerable.Range(0, records.Count).Where(i => records[i].FirmId is not null && !results[i].Sure).Take(args.Contains("--uncertain") ? 12 : 0))
        {
            var c = results[i].Candidates;
            Console.WriteLine($"  uncertain: \"{records[i].Record.Name}\" ({records[i].Noise}) meant {records[i].FirmId}: " + string.Join("; ", c.Take(3).Select(x => $"{x.FirmId} \"{x.Name}\" {x.Score:0.00}")));
        }
        foreach (var i in sure.Where(i => results[i].Match?.FirmId != records[i].FirmId).Take(8))
        {
            var m = results[i].Match;
            Console.WriteLine($"  wrong: \"{records[i].Record.Name}\" ({records[i].Noise}) -> {m?.FirmId} \"{m?.Name}\" {m?.Score:0.00}, meant {records[i].FirmId ?? "(absent)"}");
        }
        return 0;
    }
}
