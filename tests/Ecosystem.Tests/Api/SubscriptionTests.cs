using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;

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

    private sealed class Connection(WebSocket socket) : IAsyncDisposable
    {
        public WebSocket Socket => socket;

        public Task SendAsync(JsonObject message) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>The next message (pings answered and skipped), or null when the server closed.</summary>
        public async Task<JsonObject?> ReceiveAsync(TimeSpan? within = null)
        {
            using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
            var buffer = new byte[1 << 16];
            while (true)
            {
                using var text = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, timeout.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return null;
                    }
                    text.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                var message = JsonNode.Parse(text.ToArray())!.AsObject();
                if (message["type"]!.GetValue<string>() == "ping")
                {
                    await SendAsync(new JsonObject { ["type"] = "pong" });
                    continue;
                }
                return message;
            }
        }

        /// <summary>The next event of a subscription field made after a version (earlier ones, published late, skipped).</summary>
        public async Task<JsonObject> EventAfterAsync(string field, long version)
        {
            while (true)
            {
                var message = await ReceiveAsync() ?? throw new InvalidOperationException("closed");
                if (message["type"]!.GetValue<string>() != "next" || message["payload"]!["data"]![field]!["version"]!.GetValue<long>() > version)
                {
                    return message;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            socket.Dispose();
        }
    }

    private async Task<Connection> ConnectAsync(string? protocol = "graphql-transport-ws")
    {
        var client = api.Server.CreateWebSocketClient();
        if (protocol is not null)
        {
            client.SubProtocols.Add(protocol);
        }
        return new Connection(await client.ConnectAsync(new Uri(api.Server.BaseAddress, "graphql"), CancellationToken.None));
    }

    private async Task<Connection> InitAsync(Role role)
    {
        var connection = await ConnectAsync();
        var payload = new JsonObject();
        if (TestKeys.For(role) is { } key)
        {
            payload["apiKey"] = key;
        }
        await connection.SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = payload });
        Assert.Equal("connection_ack", (await connection.ReceiveAsync())!["type"]!.GetValue<string>());
        return connection;
    }

    private static JsonObject Subscribe(string id, string query, object? variables = null) => new()
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
    public async Task The_protocol_closes_with_its_codes()
    {
        async Task<WebSocketCloseStatus?> ClosedWith(Connection c)
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
