using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Http;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Provinces;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Subscriptions;

/// <summary>
/// GraphQL over WebSocket at /graphql with the graphql-transport-ws protocol (the graphql-ws library's, used by Apollo
/// Client and urql): connection_init (its payload may carry <c>apiKey</c> or <c>authorization</c>, read as the request's
/// headers would be) within <see cref="SubscriptionOptions.InitTimeoutSeconds"/>, connection_ack, subscribe / next /
/// error / complete per operation id, ping / pong both ways (the server pings every
/// <see cref="SubscriptionOptions.KeepAliveSeconds"/>). Close codes as the protocol sets them: 4400 a message that is not
/// one, 4401 subscribe before the ack, 4403 a credential refused, 4408 no init in time, 4409 an id already running,
/// 4429 a second init; 4406 without the subprotocol; 1008 over the connections a caller may hold.
/// </summary>
public sealed class GraphQLWebSockets(
    GraphQLExecutor executor,
    IGraphStore store,
    ProvinceCatalog provinces,
    TimeProvider time,
    IGraphQLTextSerializer serializer,
    ApiKeyDirectory keys,
    IOptions<AuthOptions> auth,
    IOptions<SubscriptionOptions> options)
{
    public const string Protocol = "graphql-transport-ws";

    private readonly GraphQLExecutor _executor = executor;
    private readonly IGraphStore _store = store;
    private readonly ProvinceCatalog _provinces = provinces;
    private readonly TimeProvider _time = time;
    private readonly IGraphQLTextSerializer _serializer = serializer;
    private readonly ApiKeyDirectory _keys = keys;
    private readonly AuthOptions _auth = auth.Value;
    private readonly SubscriptionOptions _options = options.Value;

    private readonly ConcurrentDictionary<string, int> _connections = new(StringComparer.Ordinal);

    /// <summary>Open connections, for the benchmark and tests.</summary>
    public int Connections => _connections.Values.Sum();

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(Protocol))
        {
            using var refused = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await refused.CloseAsync((WebSocketCloseStatus)4406, "Subprotocol not acceptable: use graphql-transport-ws", CancellationToken.None).ConfigureAwait(false);
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync(Protocol).ConfigureAwait(false);
        using var session = new Session(this, http, socket);
        await session.RunAsync().ConfigureAwait(false);
    }

    /// <summary>Whether a caller may open one more streaming connection (WebSocket or event stream); counted when so.</summary>
    internal bool Enter(string caller)
    {
        var count = _connections.AddOrUpdate(caller, 1, (_, n) => n + 1);
        if (count <= _options.MaxConnectionsPerCaller)
        {
            return true;
        }
        Leave(caller);
        return false;
    }

    internal void Leave(string caller) => _connections.AddOrUpdate(caller, 0, (_, n) => Math.Max(0, n - 1));

    internal static string CallerOf(HttpContext http) =>
        http.User.FindFirst(Authentication.PartitionClaim)?.Value ?? "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>One connection: its messages in order, its operations by id, its writes one at a time.</summary>
    private sealed class Session(GraphQLWebSockets owner, HttpContext http, WebSocket socket) : IDisposable
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly ConcurrentDictionary<string, IDisposable> _operations = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        private bool _initialised;
        private bool _acknowledged;
        private string? _caller;

        public async Task RunAsync()
        {
            var settings = owner._options;
            using var initTimer = new Timer(_ => _ = InitTimeoutAsync(), null, TimeSpan.FromSeconds(settings.InitTimeoutSeconds), Timeout.InfiniteTimeSpan);
            using var keepAlive = settings.KeepAliveSeconds > 0
                ? new Timer(_ => _ = SendAsync("""{"type":"ping"}"""), null, TimeSpan.FromSeconds(settings.KeepAliveSeconds), TimeSpan.FromSeconds(settings.KeepAliveSeconds))
                : null;
            try
            {
                while (socket.State == WebSocketState.Open && !_closed.IsCancellationRequested)
                {
                    var message = await ReceiveAsync().ConfigureAwait(false);
                    if (message is null)
                    {
                        break;
                    }
                    await HandleAsync(message).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The client went away.
            }
            finally
            {
                await _closed.CancelAsync().ConfigureAwait(false);
                // The client's close answered with ours, so that its close completes cleanly.
                if (socket.State == WebSocketState.CloseReceived)
                {
                    try
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
                    {
                        // Gone meanwhile.
                    }
                }
                foreach (var operation in _operations.Values)
                {
                    operation.Dispose();
                }
                _operations.Clear();
                if (_caller is not null)
                {
                    owner.Leave(_caller);
                }
            }
        }

        public void Dispose()
        {
            _closed.Dispose();
            _send.Dispose();
        }

        private async Task InitTimeoutAsync()
        {
            if (!_initialised)
            {
                await CloseAsync(4408, "Connection initialisation timeout").ConfigureAwait(false);
            }
        }

        /// <summary>A whole text message (null when the client closed), at most 1 MB.</summary>
        private async Task<string?> ReceiveAsync()
        {
            var buffer = new ArrayBufferWriter<byte>();
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var result = await socket.ReceiveAsync(memory, _closed.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }
                buffer.Advance(result.Count);
                if (buffer.WrittenCount > 1 << 20)
                {
                    await CloseAsync(4400, "Message too large").ConfigureAwait(false);
                    return null;
                }
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(buffer.WrittenSpan);
                }
            }
        }

        private async Task HandleAsync(string text)
        {
            JsonObject? message;
            try
            {
                message = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
                message = null;
            }
            var type = message?["type"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
            switch (type)
            {
                case "connection_init":
                    await InitAsync(message?["payload"] as JsonObject).ConfigureAwait(false);
                    break;
                case "ping":
                    await SendAsync("""{"type":"pong"}""").ConfigureAwait(false);
                    break;
                case "pong":
                    break;
                case "subscribe" when message is not null:
                    await SubscribeAsync(message).ConfigureAwait(false);
                    break;
                case "complete":
                    if (message?["id"] is JsonValue id && id.TryGetValue(out string? done) && _operations.TryRemove(done, out var operation))
                    {
                        operation.Dispose();
                    }
                    break;
                default:
                    await CloseAsync(4400, type is null ? "Invalid message received" : $"Invalid message type '{type}'").ConfigureAwait(false);
                    break;
            }
        }

        private async Task InitAsync(JsonObject? payload)
        {
            if (_initialised)
            {
                await CloseAsync(4429, "Too many initialisation requests").ConfigureAwait(false);
                return;
            }
            _initialised = true;
            string? Text(params string[] names) => names.Select(n => payload?[n] is JsonValue v && v.TryGetValue(out string? s) ? s : null).FirstOrDefault(s => s is not null);
            var apiKey = Text("apiKey", "X-Api-Key", "x-api-key");
            var authorization = Text("authorization", "Authorization") ?? "";
            if (apiKey is not null || authorization.Length > 0)
            {
                if (await Authentication.AuthenticateAsync(http, apiKey, authorization, owner._keys, owner._auth).ConfigureAwait(false) is { } refused)
                {
                    await CloseAsync(4403, $"Forbidden: {refused}").ConfigureAwait(false);
                    return;
                }
            }
            var caller = CallerOf(http);
            if (!owner.Enter(caller))
            {
                await CloseAsync(1008, $"Too many connections for this caller (at most {owner._options.MaxConnectionsPerCaller})").ConfigureAwait(false);
                return;
            }
            _caller = caller;
            _acknowledged = true;
            await SendAsync("""{"type":"connection_ack"}""").ConfigureAwait(false);
        }

        private async Task SubscribeAsync(JsonObject message)
        {
            if (!_acknowledged)
            {
                await CloseAsync(4401, "Unauthorized").ConfigureAwait(false);
                return;
            }
            if (message["id"] is not JsonValue idValue || !idValue.TryGetValue(out string? id) || string.IsNullOrEmpty(id)
                || message["payload"] is not JsonObject payload || payload["query"] is not JsonValue q || !q.TryGetValue(out string? query))
            {
                await CloseAsync(4400, "A subscribe message needs an id and a payload with a query").ConfigureAwait(false);
                return;
            }
            if (_operations.ContainsKey(id))
            {
                await CloseAsync(4409, $"Subscriber for {id} already exists").ConfigureAwait(false);
                return;
            }
            if (_operations.Count >= owner._options.MaxPerConnection)
            {
                await ErrorAsync(id, ErrorCodes.LimitExceeded, $"A connection holds at most {owner._options.MaxPerConnection} subscriptions.").ConfigureAwait(false);
                return;
            }
            GraphQLRequest request;
            try
            {
                request = new GraphQLRequest
                {
                    Query = query,
                    OperationName = payload["operationName"]?.GetValue<string>(),
                    Variables = payload["variables"] is JsonObject variables ? owner._serializer.Deserialize<Inputs>(variables.ToJsonString()) : null,
                };
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
            {
                await ErrorAsync(id, ErrorCodes.BadUserInput, $"The variables cannot be read: {e.Message}").ConfigureAwait(false);
                return;
            }
            // Held before it runs, so that a complete sent meanwhile finds it.
            var operation = new Operation();
            _operations[id] = operation;
            var view = new RequestView(await owner._store.GetVersionAsync(_closed.Token).ConfigureAwait(false), VietnamTime.Today(owner._time), owner._provinces);
            var result = await owner._executor.ExecuteStreamingAsync(http, request, view, operation.Token(_closed.Token)).ConfigureAwait(false);
            if (result.Streams is { Count: > 0 } streams)
            {
                if (!_operations.ContainsKey(id))
                {
                    return;
                }
                operation.Attach(streams.Values.First().Subscribe(new InOrder(
                    result => NextAsync(id, result), () => ErrorAsync(id, ErrorCodes.Internal, "The subscription failed."), () => CompleteAsync(id))));
                return;
            }
            // A query or a mutation, or a subscription refused: one result (errors alone go as an error message).
            _operations.TryRemove(id, out _);
            if (result.Data is null && result.Errors is { Count: > 0 })
            {
                var serialized = owner._serializer.Serialize(result);
                var errors = JsonNode.Parse(serialized)?["errors"]?.ToJsonString() ?? "[]";
                await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"error","payload":{{errors}}}""").ConfigureAwait(false);
                return;
            }
            await NextAsync(id, result).ConfigureAwait(false);
            await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"complete"}""").ConfigureAwait(false);
        }

        private Task ErrorAsync(string id, string code, string message) =>
            SendAsync(new JsonObject
            {
                ["id"] = id,
                ["type"] = "error",
                ["payload"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } }),
            }.ToJsonString());

        public Task NextAsync(string id, ExecutionResult result) =>
            SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"next","payload":{{owner._serializer.Serialize(result)}}}""");

        public async Task CompleteAsync(string id)
        {
            if (_operations.TryRemove(id, out var operation))
            {
                operation.Dispose();
                await SendAsync($$"""{"id":{{JsonSerializer.Serialize(id)}},"type":"complete"}""").ConfigureAwait(false);
            }
        }

        private async Task SendAsync(string text)
        {
            try
            {
                await _send.WaitAsync(_closed.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _closed.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closed meanwhile.
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task CloseAsync(int code, string reason)
        {
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
            {
                // Already gone.
            }
            try
            {
                await _closed.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The session ended meanwhile.
            }
        }

        /// <summary>A running operation: its cancellation, and its subscription to the stream once it has one.</summary>
        private sealed class Operation : IDisposable
        {
            private readonly CancellationTokenSource _cancel = new();
            private IDisposable? _stream;
            private int _disposed;

            public CancellationToken Token(CancellationToken connection) => CancellationTokenSource.CreateLinkedTokenSource(connection, _cancel.Token).Token;

            public void Attach(IDisposable stream)
            {
                _stream = stream;
                if (Volatile.Read(ref _disposed) == 1)
                {
                    stream.Dispose();
                }
            }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    _cancel.Cancel();
                    _stream?.Dispose();
                    _cancel.Dispose();
                }
            }
        }
    }
}
