using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ecosystem.Benchmarks;

/// <summary>
/// What edits cost through GraphQL: <c>writes-api --api URL [--replica URL] [--edits 1000]</c>, with an editor's key in
/// ECOSYSTEM_API_KEY (the API's store changes: run it on a copy). Edits in a row, one mutation each, as an editor makes
/// them: <c>upsertFirm</c> renaming a firm, <c>upsertFirm</c> adding one, <c>addSupplyLink</c>, <c>updateSupplyLink</c>,
/// <c>removeSupplyLink</c>, <c>upsertPark</c>, in turn. Meanwhile a reader asks for a page of a province's firms with
/// its count every 2 ms. With --replica (a second API process on the same data folder), after every rename the
/// replica is asked for the firm until it answers with the new name: how long a commit takes to be seen there.
/// </summary>
public static class WriteApiBenchmark
{
    private const string Source = "source:bench-writes";

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var api = Arg("--api") ?? throw new ArgumentException("--api is required");
        var replicaUrl = Arg("--replica");
        var edits = int.Parse(Arg("--edits") ?? "1000", CultureInfo.InvariantCulture);
        using var http = BenchmarkHttp.Client(api, TimeSpan.FromSeconds(60), new SocketsHttpHandler { MaxConnectionsPerServer = 8 });
        using var replica = replicaUrl is null ? null : BenchmarkHttp.Client(replicaUrl, TimeSpan.FromSeconds(60));
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; API {api}" + (replicaUrl is null ? "" : $", replica {replicaUrl}"));

        await Data(http, "mutation { addSource(input: { id: \"bench-writes\", title: \"Edits benchmark (synthetic)\", publisher: \"Ecosystem writes benchmark\" }) { source { id } } }");
        var firms = (await Data(http, "{ firms(first: 100, where: { country: [\"VN\"] }) { nodes { id province { name } } } }"))["firms"]!["nodes"]!.AsArray()
            .Select(n => (Id: n!["id"]!.GetValue<string>(), Province: n["province"]?["name"]?.GetValue<string>())).Where(f => f.Province is not null).ToList();
        var park = (await Data(http, "{ parks(first: 1) { nodes { id name kind province { name } } } }"))["parks"]!["nodes"]![0]!;
        var province = firms[0].Province!;
        var random = new Random(7);

        var stop = new CancellationTokenSource();
        var readerTimes = new List<double>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await Data(http, "query($p: String!) { firms(first: 20, where: { province: $p }) { totalCount nodes { id name } } }", new { p = province });
                readerTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                await Task.Delay(2);
            }
        });

        var kinds = new[] { "upsertFirm (rename)", "upsertFirm (new)", "addSupplyLink", "updateSupplyLink", "removeSupplyLink", "upsertPark" };
        var times = kinds.ToDictionary(k => k, _ => new List<double>());
        var seenAfter = new List<double>();
        var added = new Stack<string>();
        var total = Stopwatch.StartNew();
        for (var e = 0; e < edits; e++)
        {
            var kind = kinds[e % kinds.Length];
            var firm = firms[random.Next(firms.Count)];
            var other = firms[random.Next(firms.Count)];
            var (query, variables) = kind switch
            {
                "upsertFirm (rename)" => ("mutation($i: UpsertFirmInput!) { upsertFirm(input: $i) { version } }",
                    (object)new { i = new { id = firm.Id, name = $"Công ty Khảo sát Đổi tên {e} (synthetic)", country = "VN", sources = new[] { Source } } }),
                "upsertFirm (new)" => ("mutation($i: UpsertFirmInput!) { upsertFirm(input: $i) { version } }",
                    new { i = new { id = $"firm:bench-api-{e}", name = $"Công ty Khảo sát {e} (synthetic)", country = "VN", province = firm.Province, sectors = new[] { "2592" }, roles = new[] { "SUPPORTING_INDUSTRY" }, sources = new[] { Source } } }),
                "addSupplyLink" => ("mutation($i: AddSupplyLinkInput!) { addSupplyLink(input: $i) { link { id } } }",
                    new { i = new { supplier = firm.Id, buyer = other.Id == firm.Id ? firms[0].Id : other.Id, sector = "2592", product = $"linh kiện khảo sát {e}", valueUsd = 5000.0 + e, confidence = 0.8, sources = new[] { Source } } }),
                "updateSupplyLink" when added.Count > 0 => ("mutation($i: UpdateSupplyLinkInput!) { updateSupplyLink(input: $i) { link { id } } }",
                    new { i = new { id = added.Peek(), valueUsd = 7000.0 + e, sources = new[] { Source } } }),
                "removeSupplyLink" when added.Count > 0 => ("mutation($i: RemoveSupplyLinkInput!) { removeSupplyLink(input: $i) { link { id } } }",
                    new { i = new { id = added.Pop(), note = "benchmark" } }),
                "upsertPark" => ("mutation($i: UpsertParkInput!) { upsertPark(input: $i) { version } }",
                    new { i = new { id = park["id"]!.GetValue<string>(), name = $"{park["name"]!.GetValue<string>()} {e}", kind = park["kind"]!.GetValue<string>(), province = park["province"]!["name"]!.GetValue<string>(), sources = new[] { Source } } }),
                _ => throw new InvalidOperationException("no link to change"),
            };
            var start = Stopwatch.GetTimestamp();
            var data = await Data(http, query, variables);
            times[kind].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (kind == "addSupplyLink")
            {
                added.Push(data["addSupplyLink"]!["link"]!["id"]!.GetValue<string>());
            }
            if (replica is not null && kind == "upsertFirm (rename)")
            {
                var expected = $"Công ty Khảo sát Đổi tên {e} (synthetic)";
                while ((await Data(replica, "query($id: ID!) { firm(id: $id) { name } }", new { id = firm.Id }))["firm"]!["name"]!.GetValue<string>() != expected)
                {
                    await Task.Delay(1);
                }
                seenAfter.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        var took = total.Elapsed;
        stop.Cancel();
        await reader;

        Console.WriteLine($"edits: {edits:N0} mutations in {took.TotalSeconds:N1} s");
        foreach (var (kind, list) in times.Where(t => t.Value.Count > 0))
        {
            Console.WriteLine($"  {kind,-22} p50 {WriteBenchmark.Percentile(list, 0.5),8:N2} ms   p99 {WriteBenchmark.Percentile(list, 0.99),8:N2} ms   ({list.Count})");
        }
        var all = times.Values.SelectMany(t => t).ToList();
        Console.WriteLine($"  {"all",-22} p50 {WriteBenchmark.Percentile(all, 0.5),8:N2} ms   p99 {WriteBenchmark.Percentile(all, 0.99),8:N2} ms");
        Console.WriteLine($"reader (firms of {province}, first 20 with totalCount) during the edits: p50 {WriteBenchmark.Percentile(readerTimes, 0.5):N2} ms, p99 {WriteBenchmark.Percentile(readerTimes, 0.99):N2} ms, max {readerTimes.DefaultIfEmpty(0).Max():N1} ms ({readerTimes.Count} calls)");
        if (seenAfter.Count > 0)
        {
            Console.WriteLine($"a rename seen by the replica after (from the mutation's start): p50 {WriteBenchmark.Percentile(seenAfter, 0.5):N2} ms, p99 {WriteBenchmark.Percentile(seenAfter, 0.99):N2} ms, max {seenAfter.Max():N1} ms ({seenAfter.Count})");
        }
        return 0;
    }

    private static async Task<JsonNode> Data(HttpClient http, string query, object? variables = null)
    {
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadFromJsonAsync<JsonNode>();
        if (!response.IsSuccessStatusCode || body?["errors"] is not null || body?["data"] is not { } data)
        {
            var text = body?.ToJsonString() ?? "";
            throw new InvalidOperationException($"the API answered {(int)response.StatusCode}: {text[..Math.Min(400, text.Length)]} (is ECOSYSTEM_API_KEY an editor's key?)");
        }
        return data;
    }
}
