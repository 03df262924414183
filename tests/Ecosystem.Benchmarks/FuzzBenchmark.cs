using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ecosystem.Tests.Support;

namespace Ecosystem.Benchmarks;

/// <summary>
/// The long run of the document fuzzer against a running API: <c>fuzz --api URL [--minutes 5] [--seed 1] [--repeat 7]</c>. Sends
/// generated requests one at a time (wide, deep, fragment-heavy, conflicting, aliased and random documents with extreme
/// variables) and then the hostile review's 100 KB shapes, and reports per shape the median, p99 and slowest answer,
/// with every 5xx and every error without a code. Exits 1 when any answer was a 5xx or uncoded.
/// </summary>
public static class FuzzBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var api = Arg("--api") ?? throw new ArgumentException("--api is required");
        var minutes = double.Parse(Arg("--minutes") ?? "5", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Arg("--repeat") ?? "7", CultureInfo.InvariantCulture);
        var fuzzer = new DocumentFuzzer(int.Parse(Arg("--seed") ?? "1", CultureInfo.InvariantCulture));
        using var client = BenchmarkHttp.Client(api, TimeSpan.FromSeconds(60));
        var times = new Dictionary<string, List<double>>();
        var bad = 0;
        var until = DateTime.UtcNow.AddMinutes(minutes);
        var sent = 0;
        while (DateTime.UtcNow < until)
        {
            var (json, what) = fuzzer.Next();
            var (ms, ok, detail) = await SendAsync(client, json);
            Add(times, what[..what.IndexOf(' ', StringComparison.Ordinal)], ms);
            sent++;
            if (!ok)
            {
                bad++;
                Console.WriteLine($"BAD {what}: {detail}");
            }
        }
        foreach (var (name, json) in ReviewShapes())
        {
            for (var i = 0; i < repeat; i++)
            {
                var (ms, ok, detail) = await SendAsync(client, json);
                Add(times, name, ms);
                bad += ok ? 0 : 1;
                if (!ok)
                {
                    Console.WriteLine($"BAD {name}: {detail}");
                }
            }
        }
        Console.WriteLine($"{sent} generated requests in {minutes} min, then the review's shapes {repeat} times each; {bad} bad answers");
        Console.WriteLine("shape                     n     median ms   p99 ms    max ms");
        foreach (var (name, list) in times.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            list.Sort();
            Console.WriteLine(FormattableString.Invariant($"{name,-24} {list.Count,5} {list[list.Count / 2],11:0.0} {list[Math.Min(list.Count - 1, (int)(list.Count * 0.99))],8:0.0} {list[^1],9:0.0}"));
        }
        return bad == 0 ? 0 : 1;
    }

    private static void Add(Dictionary<string, List<double>> times, string name, double ms)
    {
        if (!times.TryGetValue(name, out var list))
        {
            times[name] = list = [];
        }
        list.Add(ms);
    }

    private static async Task<(double Ms, bool Ok, string Detail)> SendAsync(HttpClient client, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json");
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var ms = clock.Elapsed.TotalMilliseconds;
        var uncoded = body.Contains("\"errors\"", StringComparison.Ordinal) && !body.Contains("\"code\"", StringComparison.Ordinal);
        return (ms, (int)response.StatusCode < 500 && !uncoded, $"HTTP {(int)response.StatusCode} {body[..Math.Min(200, body.Length)]}");
    }

    /// <summary>The documents the hostile review timed, each just under the 100 KB body limit.</summary>
    private static IEnumerable<(string Name, string Json)> ReviewShapes()
    {
        static string Body(string document) => "{\"query\":" + System.Text.Json.JsonSerializer.Serialize(document) + "}";
        yield return ("review:19000-fields", Body("{ firm(id: \"firm:syn-0000050\") { " + string.Join(' ', Enumerable.Repeat("name", 19_000)) + " } }"));
        yield return ("review:1900-fields", Body("{ firm(id: \"firm:syn-0000050\") { " + string.Join(' ', Enumerable.Repeat("name", 1_900)) + " } }"));
        yield return ("review:deep-99KB", Body("{ sector(code: \"26\") { " + string.Concat(Enumerable.Repeat("parent { ", 70)) + new string(' ', 95_000) + "code" + new string('}', 71) + " }"));
        yield return ("review:2500-fragments", Body("{ ...F0 } " + string.Join(' ', Enumerable.Range(0, 2_500).Select(i => $"fragment F{i} on Query {{ ...F{i + 1} }}")) + " fragment F2500 on Query { regions { code } }"));
        yield return ("review:5000-directives", Body("{ regions { code " + string.Join(' ', Enumerable.Repeat("@skip(if: false)", 5_000)) + " } }"));
        yield return ("review:90-fragments-2000-spreads", Body("{ firm(id: \"firm:syn-0000050\") { " + string.Concat(Enumerable.Repeat("...F0 ", 1_990)) + "} } " + string.Join(' ', Enumerable.Range(0, 90).Select(i => $"fragment F{i} on Firm {{ name {(i < 89 ? $"...F{i + 1}" : "")} }}"))));
    }
}
