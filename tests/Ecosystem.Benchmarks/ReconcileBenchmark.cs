using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// /reconcile over HTTP against a running API, with the labelled set of <see cref="MatchingSample"/> (synthetic, and
/// labelled so) in its graph. Two steps:
/// <c>reconcile --data-dir DIR --load [--firms 20000]</c> writes the labelled firms into the store (use a copy of the
/// national graph: it changes it); then, with the API started on that folder (Release, rate limits off),
/// <c>reconcile --api URL [--firms 20000] [--records 10000] [--singles 1000]</c> sends the records as queries the way
/// OpenRefine does: in batches of 1,000 (the form field), one client and then two at once; then single queries one after
/// the other. Prints the time of each, single queries' p50 and p99, and the precision and recall of the sure matches
/// (the "match" flag) read from the answers.
/// </summary>
public static class ReconcileBenchmark
{
    public const string SampleSource = "source:synthetic-matching-sample";

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var firmCount = int.Parse(Arg("--firms") ?? "20000", CultureInfo.InvariantCulture);
        var recordCount = int.Parse(Arg("--records") ?? "10000", CultureInfo.InvariantCulture);
        var singles = int.Parse(Arg("--singles") ?? "1000", CultureInfo.InvariantCulture);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var reference = ReferenceData.Load();
        var directory = new ProvinceDirectory(reference.UpsertNodes.OfType<Province>());
        var asOf = new DateOnly(2026, 1, 1);
        var today = directory.AsOf(asOf);
        var (sample, records) = MatchingSample.Build(firmCount, recordCount, [.. today.Select(p => p.Id)],
            id => directory.ById(id) is { } p ? [.. directory.Predecessors(p).Select(x => x.Id)] : []);
        if (args.Contains("--load"))
        {
            var dataDir = Arg("--data-dir") ?? throw new ArgumentException("--load needs --data-dir");
            await using var store = await EmbeddedGraphStore.OpenAsync(dataDir);
            var clock = Stopwatch.StartNew();
            var result = await store.ApplyAsync(new ChangeSet
            {
                UpsertNodes =
                [
                    new Source { Id = SampleSource, Name = "Labelled firms for the matching benchmark (synthetic)", SourceType = "synthetic" },
                    .. sample.Select(f => f with { Sources = [SampleSource] }),
                ],
            });
            Console.WriteLine($"wrote {sample.Count:N0} labelled firms (synthetic) into {dataDir}: version {result.Version}, {clock.Elapsed.TotalSeconds:N1} s");
            return 0;
        }
        var api = Arg("--api") ?? "http://localhost:5099";
        using var client = BenchmarkHttp.Client(api, TimeSpan.FromMinutes(10));
        var queries = records.Select(r => Query(r.Record, directory, asOf)).ToList();

        // Warm up: the first query builds the matcher over the graph's firms (seconds at a million).
        var warm = Stopwatch.StartNew();
        await BatchAsync(client, queries.Take(10).ToList(), 0);
        Console.WriteLine($"first batch (builds the matcher): {warm.Elapsed.TotalSeconds:N1} s");

        var answers = new JsonObject?[records.Count];
        var oneClient = Stopwatch.StartNew();
        for (var from = 0; from < queries.Count; from += 1000)
        {
            var answer = await BatchAsync(client, queries.Skip(from).Take(1000).ToList(), from);
            for (var i = from; i < Math.Min(from + 1000, queries.Count); i++)
            {
                answers[i] = answer[$"q{i}"]?.AsObject();
            }
        }
        var oneTime = oneClient.Elapsed;
        var twoClients = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async part =>
        {
            for (var from = part * 1000; from < queries.Count; from += 2000)
            {
                await BatchAsync(client, queries.Skip(from).Take(1000).ToList(), from);
            }
        }));
        var twoTime = twoClients.Elapsed;
        Console.WriteLine(FormattableString.Invariant(
            $"{queries.Count:N0} queries in batches of 1,000: one client {oneTime.TotalSeconds:N2} s ({oneTime.TotalMilliseconds / queries.Count:N2} ms a query), two clients {twoTime.TotalSeconds:N2} s"));

        var times = new double[Math.Min(singles, queries.Count)];
        for (var i = 0; i < times.Length; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await BatchAsync(client, [queries[i]], i);
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine(FormattableString.Invariant(
            $"{times.Length:N0} single queries one after the other (a request each): p50 {times[times.Length / 2]:N2} ms, p99 {times[(int)(times.Length * 0.99)]:N2} ms, max {times[^1]:N2} ms"));

        var present = records.Count(r => r.FirmId is not null);
        var sure = Enumerable.Range(0, records.Count).Where(i => answers[i]?["result"]?.AsArray() is [{ } first, ..] && first["match"]!.GetValue<bool>()).ToList();
        var right = sure.Count(i => answers[i]!["result"]![0]!["id"]!.GetValue<string>() == records[i].FirmId);
        Console.WriteLine(FormattableString.Invariant(
            $"sure matches {sure.Count:N0}: right {right:N0}, precision {right / (double)Math.Max(1, sure.Count):0.0000}; recall {right / (double)present:0.0000} of {present:N0} records of firms in the graph"));
        return 0;
    }

    /// <summary>A record as OpenRefine would send it: the name, and its tax code, province (by the name it was given), ward, park, sectors and address as properties.</summary>
    private static JsonObject Query(MatchRecord record, ProvinceDirectory directory, DateOnly asOf)
    {
        var properties = new JsonArray();
        void Add(string pid, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                properties.Add(new JsonObject { ["pid"] = pid, ["v"] = value });
            }
        }
        Add("tax_code", record.TaxCode);
        // The province the record named: the one whose old-and-new set is the record's.
        var named = record.ProvinceIds.Select(directory.ById).OfType<Province>()
            .FirstOrDefault(p => MatchRecords.ProvinceIds(directory, p, asOf).SetEquals(record.ProvinceIds));
        Add("province", named?.Name);
        Add("ward", record.WardId);
        Add("park", record.ParkId);
        foreach (var sector in record.SectorIds)
        {
            Add("sector", sector);
        }
        Add("address", record.Address);
        return new JsonObject { ["query"] = record.Name, ["type"] = "Firm", ["limit"] = 3, ["properties"] = properties };
    }

    private static async Task<JsonObject> BatchAsync(HttpClient client, List<JsonObject> queries, int from)
    {
        var batch = new JsonObject();
        for (var i = 0; i < queries.Count; i++)
        {
            batch[$"q{from + i}"] = queries[i].DeepClone();
        }
        using var response = await client.PostAsync("/reconcile", new FormUrlEncodedContent([new("queries", batch.ToJsonString())]));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"/reconcile answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        }
        return JsonNode.Parse(text)!.AsObject();
    }
}
