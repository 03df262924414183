using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Ecosystem.Benchmarks;

/// <summary>
/// Subscriptions under load: <c>live --api URL [--pid PID] [--subscriptions 1000] [--connections 50] [--rate 10]
/// [--seconds 30]</c>, with an editor's key in ECOSYSTEM_API_KEY (the API's store changes: run it on a copy; start the API
/// with <c>Subscriptions__MaxConnectionsPerCaller</c> at least the connections). Opens the connections
/// (graphql-transport-ws, anonymous), each with its share of <c>graphChanged</c> subscriptions; with --pid, reads the
/// API process's resident memory before and after (idle). Then an editor makes firms at the rate for the seconds, and
/// every event received on every subscription is timed from the moment its mutation's answer came back: delivery p50,
/// p99 and max, and whether every subscription got every change, in order. With <c>--writer URL</c> (a second API
/// process on the same data folder) the edits go there, and the times are those of a change crossing replicas.
/// </summary>
public static class LiveBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var api = Arg("--api") ?? throw new ArgumentException("--api is required");
        var subscriptions = int.Parse(Arg("--subscriptions") ?? "1000", CultureInfo.InvariantCulture);
        var connections = int.Parse(Arg("--connections") ?? "50", CultureInfo.InvariantCulture);
        var rate = double.Parse(Arg("--rate") ?? "10", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg("--seconds") ?? "30", CultureInfo.InvariantCulture);
        var pid = Arg("--pid") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : (int?)null;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; API {api}; {subscriptions:N0} subscriptions on {connections} connections, {rate} edits a second for {seconds} s");
        // With --writer (another replica on the same data folder), the edits are made there: how long a change takes to
        // reach the subscribers of a replica that did not make it.
        using var http = BenchmarkHttp.Client(Arg("--writer") ?? api, TimeSpan.FromSeconds(60));
        await PostAsync(http, "mutation { addSource(input: { id: \"bench-live\", title: \"Subscriptions benchmark (synthetic)\", publisher: \"Ecosystem live benchmark\" }) { source { id } } }");

        var before = pid is { } id1 ? Rss(id1) : 0;
        var received = new ConcurrentDictionary<long, ConcurrentBag<long>>();
        var orderBroken = 0;
        var sockets = new List<ClientWebSocket>();
        var readers = new List<Task>();
        var stop = new CancellationTokenSource();
        var ws = new Uri(new Uri(api), "/graphql").ToString().Replace("http", "ws", StringComparison.Ordinal);
        for (var c = 0; c < connections; c++)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("graphql-transport-ws");
            await socket.ConnectAsync(new Uri(ws), CancellationToken.None);
            await SendAsync(socket, """{"type":"connection_init"}""");
            var ack = await ReceiveAsync(socket, CancellationToken.None);
            if (ack?["type"]?.GetValue<string>() != "connection_ack")
            {
                throw new InvalidOperationException($"connection {c}: {ack?.ToJsonString() ?? "closed"}");
            }
            var share = subscriptions / connections + (c < subscriptions % connections ? 1 : 0);
            for (var s = 0; s < share; s++)
            {
                var subscribe = new JsonObject { ["id"] = $"s{s}", ["type"] = "subscribe", ["payload"] = new JsonObject { ["query"] = "subscription { graphChanged { version } }" } };
                await SendAsync(socket, subscribe.ToJsonString());
            }
            sockets.Add(socket);
            var last = new ConcurrentDictionary<string, long>();
            readers.Add(Task.Run(async () =>
            {
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var message = await ReceiveAsync(socket, stop.Token);
                        if (message is null)
                        {
                            return;
                        }
                        var at = Stopwatch.GetTimestamp();
                        switch (message["type"]?.GetValue<string>())
                        {
                            case "ping":
                                await SendAsync(socket, """{"type":"pong"}""");
                                break;
                            case "next":
                                var version = message["payload"]!["data"]!["graphChanged"]!["version"]!.GetValue<long>();
                                var sub = message["id"]!.GetValue<string>();
                                if (last.TryGetValue(sub, out var previous) && previous >= version)
                                {
                                    Interlocked.Increment(ref orderBroken);
                                }
                                last[sub] = version;
                                received.GetOrAdd(version, _ => []).Add(at);
                                break;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopped.
                }
            }));
        }
        // The subscriptions are in place once the hub has them (within a poll).
        await Task.Delay(1000);
        GC.Collect();
        await Task.Delay(2000);
        var idle = pid is { } id2 ? Rss(id2) : 0;
        if (pid is not null)
        {
            Console.WriteLine(FormattableString.Invariant($"API resident memory: {before / 1048576.0:N1} MB before, {idle / 1048576.0:N1} MB with the subscriptions open: {(idle - before) / (double)subscriptions / 1024:N1} KB per idle subscription ({connections} connections)"));
        }

        var committed = new ConcurrentDictionary<long, long>();
        // Names of this run's own, so that a run again writes (an edit that changes nothing commits nothing).
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var interval = TimeSpan.FromSeconds(1 / rate);
        var clock = Stopwatch.StartNew();
        var edits = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var due = interval * edits;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            edits++;
            var result = await PostAsync(http, "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { version } }",
                new JsonObject { ["input"] = new JsonObject { ["id"] = $"bench-live-{edits}", ["name"] = $"Live benchmark firm {edits} of {run} (synthetic)", ["country"] = "VN", ["sources"] = new JsonArray("source:bench-live") } });
            committed[result["upsertFirm"]!["version"]!.GetValue<long>()] = Stopwatch.GetTimestamp();
        }
        await Task.Delay(2000);
        await stop.CancelAsync();
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
        await Task.WhenAll(readers);

        var latencies = new List<double>();
        var missing = 0L;
        foreach (var (version, at) in committed)
        {
            var got = received.TryGetValue(version, out var bag) ? bag.ToArray() : [];
            missing += subscriptions - got.Length;
            latencies.AddRange(got.Select(t => Math.Max(0, Stopwatch.GetElapsedTime(at, t).TotalMilliseconds)));
        }
        latencies.Sort();
        double Q(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * q))];
        Console.WriteLine(FormattableString.Invariant($"{edits} edits, {latencies.Count:N0} deliveries ({missing:N0} missing, {orderBroken} out of order): delivery after the mutation's answer p50 {Q(0.5):N1} ms, p99 {Q(0.99):N1} ms, max {(latencies.Count == 0 ? double.NaN : latencies[^1]):N1} ms"));
        return missing == 0 && orderBroken == 0 ? 0 : 1;
    }

    private static long Rss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string query, JsonObject? variables = null)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (body["errors"] is not null)
        {
            throw new InvalidOperationException(body["errors"]!.ToJsonString());
        }
        return body["data"]!;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonObject?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonNode.Parse(text.ToArray()) as JsonObject;
    }
}
