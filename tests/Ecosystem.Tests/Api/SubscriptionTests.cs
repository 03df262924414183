using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Subscriptions over graphql-transport-ws at /graphql: the events of mutations made over HTTP arrive in order; a node's
/// subscription gets only what touches it; an anonymous subscriber never gets a restricted request; the protocol's
/// messages and close codes (init, ack, ping, subscribe before init, a refused key, a second init, an id twice, no
/// subprotocol).
/// </summary>
public sealed class SubscriptionTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id } version } }";

    private Task<WsConnection> ConnectAsync(string? protocol = WsConnection.Protocol) => WsConnection.ConnectAsync(api.Server, protocol);

    private Task<WsConnection> InitAsync(Role role) => WsConnection.InitAsync(api.Server, role);

    internal static JsonObject Subscribe(string id, string query, object? variables = null) => new()
    {
        ["id"] = id,
        ["type"] = "subscribe",
        ["payload"] = new JsonObject { ["query"] = query, ["variables"] = variables is null ? null : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(variables)) },
    };

    private async Task<string> SourceAsync(string id)
    {
        var data = await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id, title = $"Live {id} (test)", publisher = "Test", url = "https://example.org/live", date = "2026-10-01" } });
        return data["addSource"]!["source"]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task The_events_of_mutations_made_over_HTTP_arrive_in_order_and_a_node_gets_only_its_own()
    {
        var source = await SourceAsync("live-1");
        await using var all = await InitAsync(Role.Analyst);
        await using var one = await InitAsync(Role.Anonymous);
        await all.SendAsync(Subscribe("all", "subscription { graphChanged { version operation items { id kind action fields } } }"));
        await one.SendAsync(Subscribe("one", "subscription($id: ID!) { nodeChanged(id: $id) { version items { id action fields } } }", new { id = "firm:live-b" }));
        // The subscriptions are in place once the hub has them; a mutation right after is then seen.
        await Task.Delay(300);
        var start = await api.Store.GetVersionAsync();
        var firm = new { id = "live-a", name = "Công ty Trực Tiếp A (test)", country = "VN", province = "Hà Nội", sources = new[] { source } };
        await api.DataAsAsync(Role.Editor, Upsert, new { input = firm });
        await api.DataAsAsync(Role.Editor, Upsert, new { input = firm with { id = "live-b", name = "Công ty Trực Tiếp B (test)" } });
        await api.DataAsAsync(Role.Editor, Upsert, new { input = firm with { id = "live-b", name = "Công ty Trực Tiếp B Mới (test)" } });

        var versions = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var next = await all.EventAfterAsync("graphChanged", start);
            Assert.Equal(("next", "all"), (next["type"]!.GetValue<string>(), next["id"]!.GetValue<string>()));
            var change = next["payload"]!["data"]!["graphChanged"]!;
            versions.Add(change["version"]!.GetValue<long>());
            Assert.Equal("upsertFirm", change["operation"]!.GetValue<string>());
        }
        Assert.Equal([start + 1, start + 2, start + 3], versions);

        var first = (await one.EventAfterAsync("nodeChanged", start))["payload"]!["data"]!["nodeChanged"]!;
        Assert.Equal((start + 2, "firm:live-b", "CREATED"), (first["version"]!.GetValue<long>(), first["items"]![0]!["id"]!.GetValue<string>(), first["items"]![0]!["action"]!.GetValue<string>()));
        var second = (await one.EventAfterAsync("nodeChanged", start))["payload"]!["data"]!["nodeChanged"]!;
        Assert.Equal((start + 3, "UPDATED"), (second["version"]!.GetValue<long>(), second["items"]![0]!["action"]!.GetValue<string>()));
        Assert.Equal(["name"], second["items"]![0]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));

        // complete ends a subscription: the next change is not sent to it.
        await one.SendAsync(new JsonObject { ["id"] = "one", ["type"] = "complete" });
        await all.SendAsync(new JsonObject { ["id"] = "all", ["type"] = "complete" });
        await Task.Delay(200);
        await api.DataAsAsync(Role.Editor, Upsert, new { input = firm with { id = "live-b", name = "Công ty Trực Tiếp B Lần Ba (test)" } });
        await one.SendAsync(new JsonObject { ["type"] = "ping" });
        Assert.Equal("pong", (await one.ReceiveAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_anonymous_subscriber_never_receives_a_restricted_request()
    {
        var source = await SourceAsync("live-2");
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "live-buyer", name = "Live Buyer (test)", country = "VN", sectors = new[] { "29" }, roles = new[] { "LEAD_FIRM" }, sources = new[] { source } } });
        await using var anonymous = await InitAsync(Role.Anonymous);
        await using var analyst = await InitAsync(Role.Analyst);
        const string Query = "subscription { graphChanged { version items { id kind } } }";
        await anonymous.SendAsync(Subscribe("a", Query));
        await analyst.SendAsync(Subscribe("b", Query));
        await Task.Delay(300);
        var start = await api.Store.GetVersionAsync();
        const string Post = "mutation($input: SourcingRequestInput!) { postSourcingRequest(input: $input) { request { id } } }";
        var item = new { key = "bracket", hsCode = "8708.29" };
        await api.DataAsAsync(Role.Editor, Post, new { input = new { id = "live-secret", buyer = "live-buyer", title = "Secret (test)", restricted = true, items = new[] { item }, sources = new[] { source } } });
        await api.DataAsAsync(Role.Editor, Post, new { input = new { id = "live-open", buyer = "live-buyer", title = "Open (test)", items = new[] { item }, sources = new[] { source } } });

        static string Items(JsonObject message) => string.Join(",", message["payload"]!["data"]!["graphChanged"]!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal("request:live-secret", Items(await analyst.EventAfterAsync("graphChanged", start)));
        Assert.Equal("request:live-open", Items(await analyst.EventAfterAsync("graphChanged", start)));
        // The anonymous subscriber's first event after them is the open request: the restricted one never came.
        Assert.Equal("request:live-open", Items(await anonymous.EventAfterAsync("graphChanged", start)));
    }

    [Fact]
    public async Task A_chain_hears_of_the_changes_that_touch_it_and_a_supplier_of_the_requests_for_its_product()
    {
        var source = await SourceAsync("live-3");
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var before = (await api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 2) { firmCount } }", new { id = lead }))["supplyChain"]!["firmCount"]!.GetValue<int>();
        await using var chain = await InitAsync(Role.Anonymous);
        await chain.SendAsync(Subscribe("c", "subscription($id: ID!) { supplyChainChanged(firmId: $id, maxDepth: 2) { version firmId firmCount linkCount tierCounts change { operation } } }", new { id = lead }));
        await using var supplier = await InitAsync(Role.Anonymous);
        await supplier.SendAsync(Subscribe("s", "subscription { sourcingRequestPosted(where: { product: \"8708\" }) { version request { id items { product { code } } } } }"));
        await Task.Delay(300);
        var start = await api.Store.GetVersionAsync();

        // A firm outside the chain: no event. A new supplier of the lead: the chain grows by one.
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "live-outside", name = "Live Outside (test)", country = "VN", sources = new[] { source } } });
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "live-new-supplier", name = "Live New Supplier (test)", country = "VN", sectors = new[] { "29" }, sources = new[] { source } } });
        var linked = (await api.DataAsAsync(Role.Editor, "mutation($input: AddSupplyLinkInput!) { addSupplyLink(input: $input) { version } }",
            new { input = new { supplier = "live-new-supplier", buyer = lead, sector = "29", sources = new[] { source } } }))["addSupplyLink"]!["version"]!.GetValue<long>();
        var grown = (await chain.EventAfterAsync("supplyChainChanged", start))["payload"]!["data"]!["supplyChainChanged"]!;
        Assert.Equal((linked, lead, before + 1, "addSupplyLink"), (grown["version"]!.GetValue<long>(), grown["firmId"]!.GetValue<string>(), grown["firmCount"]!.GetValue<int>(), grown["change"]!["operation"]!.GetValue<string>()));
        Assert.Equal(before + 1, grown["tierCounts"]!.AsArray().Sum(t => t!.GetValue<int>()));

        // A request for another product: no event. One for a part of heading 8708: the supplier hears of it.
        const string Post = "mutation($input: SourcingRequestInput!) { postSourcingRequest(input: $input) { request { id } } }";
        await api.DataAsAsync(Role.Editor, Post, new { input = new { id = "live-valves", buyer = lead, title = "Valves (test)", items = new[] { new { key = "valve", hsCode = "8481" } }, sources = new[] { source } } });
        await api.DataAsAsync(Role.Editor, Post, new { input = new { id = "live-frames", buyer = lead, title = "Seat frames (test)", items = new[] { new { key = "frame", hsCode = "8708.29" } }, sources = new[] { source } } });
        var posted = (await supplier.EventAfterAsync("sourcingRequestPosted", start))["payload"]!["data"]!["sourcingRequestPosted"]!;
        Assert.Equal(("request:live-frames", "8708.29"), (posted["request"]!["id"]!.GetValue<string>(), posted["request"]!["items"]![0]!["product"]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_protocol_closes_with_its_codes()
    {
        async Task<WebSocketCloseStatus?> ClosedWith(WsConnection c)
        {
            Assert.Null(await c.ReceiveAsync());
            return c.Socket.CloseStatus;
        }

        // Subscribe before the ack: 4401.
        await using (var early = await ConnectAsync())
        {
            await early.SendAsync(Subscribe("x", "subscription { graphChanged { version } }"));
            Assert.Equal((WebSocketCloseStatus)4401, await ClosedWith(early));
        }
        // A key the server does not know: 4403.
        await using (var refused = await ConnectAsync())
        {
            await refused.SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = new JsonObject { ["apiKey"] = "not-a-key" } });
            Assert.Equal((WebSocketCloseStatus)4403, await ClosedWith(refused));
        }
        // A second init: 4429.
        await using (var twice = await InitAsync(Role.Anonymous))
        {
            await twice.SendAsync(new JsonObject { ["type"] = "connection_init" });
            Assert.Equal((WebSocketCloseStatus)4429, await ClosedWith(twice));
        }
        // One id twice: 4409.
        await using (var same = await InitAsync(Role.Anonymous))
        {
            await same.SendAsync(Subscribe("dup", "subscription { graphChanged { version } }"));
            await same.SendAsync(Subscribe("dup", "subscription { graphChanged { version } }"));
            Assert.Equal((WebSocketCloseStatus)4409, await ClosedWith(same));
        }
        // Something that is not a message: 4400.
        await using (var garbage = await InitAsync(Role.Anonymous))
        {
            await garbage.Socket.SendAsync("nonsense"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal((WebSocketCloseStatus)4400, await ClosedWith(garbage));
        }
        // Over HTTP a subscription is refused, named.
        var overHttp = await api.QueryAsync("subscription { graphChanged { version } }", expectStatus: 400);
        Assert.Equal("BAD_REQUEST", overHttp["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("WebSocket", overHttp["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Without the subprotocol: 4406.
        await using (var other = await ConnectAsync(protocol: null))
        {
            Assert.Equal((WebSocketCloseStatus)4406, await ClosedWith(other));
        }
        // A query over the socket: one next, then complete; a bad document: an error message for that id.
        await using var query = await InitAsync(Role.Anonymous);
        await query.SendAsync(Subscribe("q", "{ firms(first: 1) { totalCount } }"));
        var next = (await query.ReceiveAsync())!;
        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.True(next["payload"]!["data"]!["firms"]!["totalCount"]!.GetValue<int>() > 0);
        Assert.Equal("complete", (await query.ReceiveAsync())!["type"]!.GetValue<string>());
        await query.SendAsync(Subscribe("bad", "subscription { noSuchField }"));
        var error = (await query.ReceiveAsync())!;
        Assert.Equal(("error", "bad"), (error["type"]!.GetValue<string>(), error["id"]!.GetValue<string>()));
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}

/// <summary>Two API replicas on one store folder: a change committed through one reaches a subscriber of the other.</summary>
public sealed class ReplicaSubscriptionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_change_committed_by_one_replica_reaches_the_subscribers_of_the_other()
    {
        await using var a = new CacheApiFactory(sharedDataDir: _dir.Path);
        var lead = await a.LeadAsync();
        await using var b = new CacheApiFactory(sharedDataDir: _dir.Path);
        Assert.Equal(lead, await b.LeadAsync());
        await using var subscriber = await WsConnection.InitAsync(b.Server, Role.Anonymous);
        await subscriber.SendAsync(SubscriptionTests.Subscribe("x", "subscription($id: ID!) { nodeChanged(id: $id) { version items { id action } } }", new { id = "firm:replica-new" }));
        await Task.Delay(300);
        var source = (await a.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "replica-src", title = "Replica (test)", publisher = "Test", url = "https://example.org/r", date = "2026-10-01" } }))["addSource"]!["source"]!["id"]!.GetValue<string>();
        var written = (await a.DataAsAsync(Role.Editor, "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { version } }",
            new { input = new { id = "replica-new", name = "Công ty Bản Sao (test)", country = "VN", sources = new[] { source } } }))["upsertFirm"]!["version"]!.GetValue<long>();
        var change = (await subscriber.EventAfterAsync("nodeChanged", written - 1))["payload"]!["data"]!["nodeChanged"]!;
        Assert.Equal((written, "firm:replica-new", "CREATED"), (change["version"]!.GetValue<long>(), change["items"]![0]!["id"]!.GetValue<string>(), change["items"]![0]!["action"]!.GetValue<string>()));
    }
}

/// <summary>graphql-sse (distinct connections): results as next events, then complete; a subscription's events in order; errors before execution as a next event.</summary>
public sealed class ServerSentEventTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private static HttpRequestMessage Stream(string query, object? variables = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    /// <summary>The next event (name and data) of a stream, or null at its end.</summary>
    private static async Task<(string Event, string Data)?> NextEventAsync(StreamReader reader)
    {
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    return (name, data.ToString());
                }
                continue;
            }
            if (line.StartsWith(':'))
            {
                continue;
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line["data:".Length..].TrimStart());
            }
        }
        return null;
    }

    [Fact]
    public async Task A_query_a_subscription_and_a_bad_document_come_as_events()
    {
        using var client = api.ClientAs(Role.Anonymous);
        using (var query = await client.SendAsync(Stream("{ firms(first: 1) { totalCount } }"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal("text/event-stream", query.Content.Headers.ContentType!.MediaType);
            using var reader = new StreamReader(await query.Content.ReadAsStreamAsync());
            var next = (await NextEventAsync(reader))!.Value;
            Assert.Equal("next", next.Event);
            Assert.True(JsonNode.Parse(next.Data)!["data"]!["firms"]!["totalCount"]!.GetValue<int>() > 0);
            Assert.Equal("complete", (await NextEventAsync(reader))!.Value.Event);
        }
        using (var bad = await client.SendAsync(Stream("subscription { noSuchField }"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, bad.StatusCode);
            using var reader = new StreamReader(await bad.Content.ReadAsStreamAsync());
            var next = (await NextEventAsync(reader))!.Value;
            Assert.Equal("GRAPHQL_VALIDATION_FAILED", JsonNode.Parse(next.Data)!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
            Assert.Equal("complete", (await NextEventAsync(reader))!.Value.Event);
        }

        using var events = await client.SendAsync(Stream("subscription { graphChanged { version operation } }"), HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await events.Content.ReadAsStreamAsync());
        await Task.Delay(300);
        var start = await api.Store.GetVersionAsync();
        var source = (await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "sse-src", title = "SSE (test)", publisher = "Test", url = "https://example.org/sse", date = "2026-10-01" } }))["addSource"]!["source"]!["id"]!.GetValue<string>();
        await api.DataAsAsync(Role.Editor, "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { version } }",
            new { input = new { id = "sse-firm", name = "Công ty Luồng (test)", country = "VN", sources = new[] { source } } });
        var seen = new List<(long, string)>();
        while (seen.Count < 2)
        {
            var next = (await NextEventAsync(stream))!.Value;
            Assert.Equal("next", next.Event);
            var change = JsonNode.Parse(next.Data)!["data"]!["graphChanged"]!;
            if (change["version"]!.GetValue<long>() > start)
            {
                seen.Add((change["version"]!.GetValue<long>(), change["operation"]!.GetValue<string>()));
            }
        }
        Assert.Equal([(start + 1, "addSource"), (start + 2, "upsertFirm")], seen);
    }
}

