using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Microsoft.AspNetCore.TestHost;

namespace Ecosystem.Tests.Support;

/// <summary>A graphql-transport-ws client for the tests: messages as JSON, pings answered, events after a version.</summary>
public sealed class WsConnection(WebSocket socket) : IAsyncDisposable
{
    public const string Protocol = "graphql-transport-ws";

    public WebSocket Socket => socket;

    /// <summary>A WebSocket to /graphql of a test server, with the subprotocol (or none).</summary>
    public static async Task<WsConnection> ConnectAsync(TestServer server, string? protocol = Protocol)
    {
        var client = server.CreateWebSocketClient();
        if (protocol is not null)
        {
            client.SubProtocols.Add(protocol);
        }
        return new WsConnection(await client.ConnectAsync(new Uri(server.BaseAddress, "graphql"), CancellationToken.None));
    }

    /// <summary>Connected, initialised with a role's key in the payload (none: anonymous), and acknowledged.</summary>
    public static async Task<WsConnection> InitAsync(TestServer server, Role role)
    {
        var connection = await ConnectAsync(server);
        var payload = new JsonObject();
        if (Api.TestKeys.For(role) is { } key)
        {
            payload["apiKey"] = key;
        }
        await connection.SendAsync(new JsonObject { ["type"] = "connection_init", ["payload"] = payload });
        Assert.Equal("connection_ack", (await connection.ReceiveAsync())!["type"]!.GetValue<string>());
        return connection;
    }

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
