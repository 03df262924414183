using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store.Embedded;

namespace Ecosystem.Benchmarks;

/// <summary>
/// The result cache through HTTP: <c>cache --data-dir DIR --api URL --api2 URL2 [--roots 20] [--repeat 5]</c>, with two
/// API replicas serving the same store folder and sharing one Redis. For each question (a depth-4 supply chain from each
/// of the largest lead firms, the country-wide clusters, the country-wide localization report with its gaps' candidates):
/// cold (a new key each time: an alias no one asked before), level-1 hit (the same request again on the same replica) and
/// level-2 hit (the first request of that key on the other replica). Times are the server's (Server-Timing) and the
/// client's round trip, medians.
/// </summary>
public static class CacheBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var dataDir = Arg("--data-dir") ?? throw new ArgumentException("--data-dir is required");
        var api = Arg("--api") ?? throw new ArgumentException("--api is required");
        var api2 = Arg("--api2") ?? throw new ArgumentException("--api2 is required");
        var rootCount = int.Parse(Arg("--roots") ?? "20", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Arg("--repeat") ?? "5", CultureInfo.InvariantCulture);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        List<string> roots;
        await using (var store = await EmbeddedGraphStore.OpenAsync(dataDir))
        {
            var snap = store.Snapshot;
            roots = [.. snap.KindOrder(NodeKind.Firm)
                .Where(n => snap.Nodes[n] is Firm f && f.Roles.Contains(FirmRole.LeadFirm))
                .OrderByDescending(n => snap.InLinks(n).Count).ThenBy(n => n)
                .Take(rootCount).Select(n => snap.Nodes[n]!.Id)];
        }
        GC.Collect();
        using var one = BenchmarkHttp.Client(api, TimeSpan.FromMinutes(5));
        using var two = BenchmarkHttp.Client(api2, TimeSpan.FromMinutes(5));

        var round = Environment.TickCount64;
        string Chain(string tag) => $"query($id: ID!) {{ supplyChain(firmId: $id, maxDepth: 4) {{ firmCount linkCount truncated byCountry {{ country valueUsd share }} tiers {{ depth totalValueUsd firms(first: 10) {{ nodes {{ id name }} }} }} }} {tag}: __typename }}";
        const string ClustersText = "{{ clusters(scope: {{ country: true }}, first: 20) {{ size internalLinkCount internalValueUsd density }} {0}: __typename }}";
        const string LocalizationText = "{{ localizationReport(scope: {{ country: true }}) {{ leadFirmCount inputValueUsd domesticShare localShare " +
            "inputs {{ sector {{ code name }} valueUsd domesticShare localShare byCountry {{ country share }} supplierCount }} " +
            "gaps {{ sector {{ code }} foreignValueUsd candidates {{ firm {{ id name }} score }} }} unknownInputs {{ code }} }} {0}: __typename }}";
        var questions = new List<(string Name, Func<string, (string Query, object? Variables)>[] Requests)>
        {
            ($"supplyChain depth 4 ({roots.Count} largest lead firms)", [.. roots.Select(root => (Func<string, (string, object?)>)(tag => (Chain(tag), new { id = root })))]),
            ("clusters of the whole country (top 20)", [tag => (string.Format(CultureInfo.InvariantCulture, ClustersText, tag), null)]),
            ("localizationReport of the whole country", [tag => (string.Format(CultureInfo.InvariantCulture, LocalizationText, tag), null)]),
        };
        Console.WriteLine("question                                    level     server p50    client p50    server p50 / cold");
        foreach (var (name, requests) in questions)
        {
            var cold = new List<(double Server, double Client)>();
            var l1 = new List<(double Server, double Client)>();
            var l2 = new List<(double Server, double Client)>();
            for (var r = 0; r < repeat; r++)
            {
                // Level 2 is written just after the answer goes out, so the other replica asks after the round.
                foreach (var request in requests)
                {
                    var (query, variables) = request($"c{round}r{r}");
                    cold.Add(await TimeAsync(one, query, variables, "MISS"));
                    l1.Add(await TimeAsync(one, query, variables, "HIT-L1"));
                }
                foreach (var request in requests)
                {
                    var (query, variables) = request($"c{round}r{r}");
                    l2.Add(await TimeAsync(two, query, variables, "HIT-L2"));
                }
            }
            var coldServer = Median(cold.Select(c => c.Server));
            foreach (var (level, times) in new[] { ("cold", cold), ("L1 hit", l1), ("L2 hit", l2) })
            {
                var server = Median(times.Select(t => t.Server));
                Console.WriteLine($"{name,-42}  {level,-7}  {server,9:N3} ms  {Median(times.Select(t => t.Client)),9:N3} ms  {(level == "cold" ? "" : $"{coldServer / server,10:N0}x faster")}");
            }
        }
        return 0;
    }

    private static async Task<(double Server, double Client)> TimeAsync(HttpClient http, string query, object? variables, string expected)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        var client = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var cache = response.Headers.TryGetValues("X-Cache", out var c) ? c.Single() : "none";
        if (!response.IsSuccessStatusCode || body.Contains("\"errors\"", StringComparison.Ordinal) || cache != expected)
        {
            throw new InvalidOperationException($"expected {expected}, got {cache} ({(int)response.StatusCode}): {body[..Math.Min(400, body.Length)]}");
        }
        var timing = response.Headers.GetValues("Server-Timing").Single();
        var server = double.Parse(timing[(timing.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture);
        return (server, client);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
