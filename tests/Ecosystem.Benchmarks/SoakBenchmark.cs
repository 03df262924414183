using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ecosystem.Benchmarks;

/// <summary>
/// A soak of a running API with mixed reads and writes:
/// <c>soak --api URL --api-pid PID [--minutes 10] [--capacity-seconds 30] [--load 0.8] [--workers 16]</c>, with an
/// editor's key in ECOSYSTEM_API_KEY. First the capacity: as many requests of the mix as <c>--workers</c> callers get
/// through, back to back. Then the soak: requests sent at <c>--load</c> times that rate on a fixed schedule (open loop,
/// latency counted from when a request was due, so a stall is not hidden), for <c>--minutes</c>. Every minute: the
/// requests, errors (any status but 200, or GraphQL errors), p50 and p99, and the API's resident memory (from /proc).
/// The mix: 35% a firm with its suppliers, 20% a page of a province's firms, 15% search, 15% a depth-2 supply chain,
/// 5% a localization report, 10% writes (a firm renamed, a link's value changed: the data keeps its size).
/// </summary>
public static class SoakBenchmark
{
    private sealed record Ask(string Kind, string Query, object? Variables);

    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var api = Arg("--api") ?? throw new ArgumentException("--api is required");
        var pid = int.Parse(Arg("--api-pid") ?? throw new ArgumentException("--api-pid is required (the API's process, for its memory)"), CultureInfo.InvariantCulture);
        var minutes = double.Parse(Arg("--minutes") ?? "10", CultureInfo.InvariantCulture);
        var capacitySeconds = double.Parse(Arg("--capacity-seconds") ?? "30", CultureInfo.InvariantCulture);
        var load = double.Parse(Arg("--load") ?? "0.8", CultureInfo.InvariantCulture);
        var workers = int.Parse(Arg("--workers") ?? "16", CultureInfo.InvariantCulture);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var http = BenchmarkHttp.Client(api, TimeSpan.FromSeconds(30), handler);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; API {api} (pid {pid})");

        var mix = await PrepareAsync(http);
        Console.WriteLine($"workload: {mix.Firms.Count} firms, {mix.Leads.Count} lead firms, {mix.Provinces.Count} provinces, {mix.SoakFirms.Count} firms and {mix.SoakLinks.Count} links to write");

        var (capacity, capacityErrors) = await CapacityAsync(http, mix, workers, capacitySeconds);
        var rate = capacity * load;
        Console.WriteLine($"capacity: {capacity:N0} requests/s with {workers} callers back to back over {capacitySeconds:N0} s ({capacityErrors} errors); soak at {load:P0}: {rate:N0} requests/s for {minutes:N0} min");
        var rows = await SoakAsync(http, mix, rate, minutes, pid);
        var total = rows.Sum(r => r.Requests);
        var errors = rows.Sum(r => r.Errors);
        var p99s = rows.Take(rows.Count - (rows[^1].Requests < rows[0].Requests / 2 ? 1 : 0)).Select(r => r.P99).ToArray();
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"summary: {total:N0} requests in {minutes:N0} min at {rate:N0}/s ({load:P0} of {capacity:N0}/s), {errors} errors"));
        Console.WriteLine(FormattableString.Invariant($"p99 by minute: median {Percentile([.. p99s.Order()], 0.5):N2} ms, min {p99s.Min():N2}, max {p99s.Max():N2}"));
        Console.WriteLine(FormattableString.Invariant($"API RSS: minute 1 {rows[0].RssMiB:N1} MiB, last {rows[^1].RssMiB:N1} MiB, max {rows.Max(r => r.RssMiB):N1} MiB"));
        return errors == 0 ? 0 : 1;
    }

    /// <summary>Capacity: a closed loop, callers back to back; requests per second and errors.</summary>
    private static async Task<(double Capacity, long Errors)> CapacityAsync(HttpClient http, Mix mix, int workers, double capacitySeconds)
    {
        // Capacity: closed loop, back to back.
        var done = 0L;
        var capacityErrors = 0L;
        var stopAt = Stopwatch.GetTimestamp() + (long)(capacitySeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(1000 + w);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var (ok, _) = await SendAsync(http, mix.Next(random));
                Interlocked.Increment(ref done);
                if (!ok)
                {
                    Interlocked.Increment(ref capacityErrors);
                }
            }
        })));
        return (done / Stopwatch.GetElapsedTime(started).TotalSeconds, capacityErrors);
    }

    /// <summary>The soak: an open loop at the rate, measured minute by minute (latency from when each request was due).</summary>
    private static async Task<List<(int Minute, int Requests, int Errors, double P50, double P99, double RssMiB)>> SoakAsync(HttpClient http, Mix mix, double rate, double minutes, int pid)
    {
        var minute = new ConcurrentBag<(double Ms, bool Ok)>();
        var inFlight = 0;
        var maxInFlight = 0;
        var rows = new List<(int Minute, int Requests, int Errors, double P50, double P99, double RssMiB)>();
        var random = new Random(42);
        var soakStart = Stopwatch.GetTimestamp();
        var soakEnd = soakStart + (long)(minutes * 60 * Stopwatch.Frequency);
        var nextReport = soakStart + (60 * Stopwatch.Frequency);
        long sent = 0;
        var pending = new List<Task>();
        Console.WriteLine("minute   requests   errors   p50 ms   p99 ms   max in flight   API RSS MiB");
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= nextReport || now >= soakEnd)
            {
                var samples = minute.ToArray();
                minute.Clear();
                var lat = samples.Select(s => s.Ms).Order().ToArray();
                var row = (rows.Count + 1, samples.Length, samples.Count(s => !s.Ok), Percentile(lat, 0.5), Percentile(lat, 0.99), Rss(pid));
                rows.Add(row);
                Console.WriteLine(FormattableString.Invariant($"{row.Item1,6} {row.Item2,10:N0} {row.Item3,8} {row.Item4,8:N2} {row.Item5,8:N2} {Volatile.Read(ref maxInFlight),15} {row.Item6,13:N1}"));
                Interlocked.Exchange(ref maxInFlight, 0);
                nextReport += 60 * Stopwatch.Frequency;
                if (now >= soakEnd)
                {
                    break;
                }
            }
            var due = (long)((now - soakStart) / (double)Stopwatch.Frequency * rate);
            while (sent < due)
            {
                var dueAt = soakStart + (long)(sent / rate * Stopwatch.Frequency);
                sent++;
                var ask = mix.Next(random);
                var flying = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref maxInFlight, flying);
                pending.Add(Task.Run(async () =>
                {
                    var (ok, _) = await SendAsync(http, ask);
                    minute.Add((Stopwatch.GetElapsedTime(dueAt).TotalMilliseconds, ok));
                    Interlocked.Decrement(ref inFlight);
                }));
            }
            if (pending.Count > 10_000)
            {
                pending.RemoveAll(t => t.IsCompleted);
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(pending);
        return rows;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(p * sorted.Length))];

    private static double Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static async Task<(bool Ok, JsonNode? Body)> SendAsync(HttpClient http, Ask ask)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("/graphql", new { query = ask.Query, variables = ask.Variables });
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            var ok = response.IsSuccessStatusCode && body?["errors"] is null;
            if (!ok)
            {
                Console.Error.WriteLine($"{ask.Kind}: {(int)response.StatusCode} {body?.ToJsonString()[..Math.Min(300, body.ToJsonString().Length)]}");
            }
            return (ok, body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{ask.Kind}: {e.GetType().Name} {e.Message}");
            return (false, null);
        }
    }

    private sealed class Mix
    {
        public required List<string> Firms { get; init; }
        public required List<string> Leads { get; init; }
        public required List<string> Provinces { get; init; }
        public required List<string> SoakFirms { get; init; }
        public required List<string> SoakLinks { get; init; }
        public required string Source { get; init; }
        private long _writes;

        public Ask Next(Random random)
        {
            var roll = random.NextDouble();
            string Pick(List<string> list) => list[random.Next(list.Count)];
            if (roll < 0.35)
            {
                return new("firm", "query($id: ID!) { firm(id: $id) { id name taxCode province { name } park { name } sectors { code name } suppliers(first: 5) { totalCount nodes { supplier { name country } product valueUsd } } } }", new { id = Pick(Firms) });
            }
            if (roll < 0.55)
            {
                return new("firms", "query($p: String!) { firms(first: 20, where: { province: $p }) { totalCount nodes { id name sectors { code } } pageInfo { endCursor } } }", new { p = Pick(Provinces) });
            }
            if (roll < 0.70)
            {
                string[] words = ["cong ty", "dien tu", "hai phong", "co khi", "nhua", "det may", "linh kien", "thep"];
                return new("search", "query($t: String!) { search(text: $t, first: 10) { name kind score node { id } } }", new { t = words[random.Next(words.Length)] });
            }
            if (roll < 0.85)
            {
                return new("supplyChain", "query($id: ID!) { supplyChain(firmId: $id, maxDepth: 2) { firmCount linkCount byCountry { country valueUsd } } }", new { id = Pick(Leads) });
            }
            if (roll < 0.90)
            {
                return new("localization", "query($p: String!) { localizationReport(scope: { province: $p }) { leadFirmCount inputValueUsd domesticShare gaps { sector { code } domesticShare } } }", new { p = Pick(Provinces) });
            }
            var n = Interlocked.Increment(ref _writes);
            if (n % 2 == 0)
            {
                var id = Pick(SoakFirms);
                return new("upsertFirm", "mutation($i: UpsertFirmInput!) { upsertFirm(input: $i) { version } }",
                    new { i = new { id, name = $"Công ty Thử tải {id[^3..]} (synthetic) lần {n % 7}", country = "VN", province = "Hà Nội", sectors = new[] { "2592" }, roles = new[] { "SUPPORTING_INDUSTRY" }, sources = new[] { Source } } });
            }
            return new("updateSupplyLink", "mutation($i: UpdateSupplyLinkInput!) { updateSupplyLink(input: $i) { version } }",
                new { i = new { id = Pick(SoakLinks), valueUsd = 1000.0 + (n % 97), sources = new[] { Source } } });
        }
    }

    /// <summary>Ids for the reads from the API itself, and the firms and links the writes change (made once, labelled synthetic).</summary>
    private static async Task<Mix> PrepareAsync(HttpClient http)
    {
        async Task<JsonNode> Data(string query, object? variables = null)
        {
            var (ok, body) = await SendAsync(http, new Ask("prepare", query, variables));
            return ok ? body!["data"]! : throw new InvalidOperationException("the API refused a preparation step; is ECOSYSTEM_API_KEY an editor's key?");
        }
        var firms = (await Data("{ firms(first: 100, where: { country: [\"VN\"] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        var leads = (await Data("{ firms(first: 50, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        var provinces = (await Data("{ provinces { name } }"))["provinces"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).Take(20).ToList();
        const string source = "source:soak-test";
        await Data("mutation { addSource(input: { id: \"soak-test\", title: \"Thử tải (synthetic)\", publisher: \"Ecosystem soak benchmark\" }) { source { id } } }");
        var soakFirms = Enumerable.Range(0, 100).Select(i => $"firm:soak-{i:D3}").ToList();
        foreach (var id in soakFirms)
        {
            await Data("mutation($i: UpsertFirmInput!) { upsertFirm(input: $i) { version } }", new { i = new { id, name = $"Công ty Thử tải {id[^3..]} (synthetic)", country = "VN", province = "Hà Nội", sectors = new[] { "2592" }, roles = new[] { "SUPPORTING_INDUSTRY" }, sources = new[] { source } } });
        }
        var soakLinks = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var supplier = soakFirms[i];
            var buyer = leads[i % leads.Count];
            var existing = await Data("query($id: ID!) { supplyLinks: firm(id: $id) { customers(first: 100) { nodes { id buyer { id } product } } } }", new { id = supplier });
            var link = existing["supplyLinks"]!["customers"]!["nodes"]!.AsArray().FirstOrDefault(l => l!["buyer"]!["id"]!.GetValue<string>() == buyer && l["product"]?.GetValue<string>() == "bu lông thử tải");
            soakLinks.Add(link is not null
                ? link["id"]!.GetValue<string>()
                : (await Data("mutation($i: AddSupplyLinkInput!) { addSupplyLink(input: $i) { link { id } } }", new { i = new { supplier, buyer, sector = "2592", product = "bu lông thử tải", valueUsd = 1000.0, sources = new[] { source } } }))["addSupplyLink"]!["link"]!["id"]!.GetValue<string>());
        }
        return new Mix { Firms = firms, Leads = leads, Provinces = provinces, SoakFirms = soakFirms, SoakLinks = soakLinks, Source = source };
    }
}
