using System.Text;
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
/// GraphQL over Server-Sent Events at /graphql, the graphql-sse protocol's distinct connections mode, for clients that
/// cannot open a WebSocket: a request (POST with a JSON body, or GET with query, variables and operationName) that
/// accepts <c>text/event-stream</c> gets its results as <c>next</c> events and a <c>complete</c> event at the end (a
/// subscription's only when the client closes). Errors found before execution come as a <c>next</c> event with the
/// errors, then <c>complete</c>, on a stream answered 200, as the protocol asks. Credentials are the request's headers.
/// A comment line keeps the connection alive every <see cref="SubscriptionOptions.KeepAliveSeconds"/>.
/// </summary>
public sealed class GraphQLServerSentEvents(
    GraphQLExecutor executor,
    GraphQLWebSockets sockets,
    IGraphStore store,
    ProvinceCatalog provinces,
    TimeProvider time,
    IGraphQLTextSerializer serializer,
    IOptions<SubscriptionOptions> options)
{
    public const string MediaType = "text/event-stream";

    /// <summary>Whether a request asks for an event stream.</summary>
    public static bool Wants(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a?.Contains(MediaType, StringComparison.OrdinalIgnoreCase) == true);

    public async Task HandleAsync(HttpContext http)
    {
        var caller = GraphQLWebSockets.CallerOf(http);
        if (!sockets.Enter(caller))
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, $"Too many streaming connections for this caller (at most {options.Value.MaxConnectionsPerCaller}).").ConfigureAwait(false);
            return;
        }
        try
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = MediaType + "; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await http.Response.StartAsync(http.RequestAborted).ConfigureAwait(false);
            using var stream = new EventStream(http);
            // A comment at once: the headers go out and the client knows the stream is open before the first event.
            await stream.CommentAsync().ConfigureAwait(false);
            var request = await ReadAsync(http).ConfigureAwait(false);
            if (request.Request is not { } operation)
            {
                var problem = request.Problem ?? "The request cannot be read.";
                var errors = new System.Text.Json.Nodes.JsonObject
                {
                    ["errors"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                    {
                        ["message"] = problem,
                        ["extensions"] = new System.Text.Json.Nodes.JsonObject { ["code"] = ErrorCodes.BadRequest },
                    }),
                };
                await stream.NextAsync(errors.ToJsonString()).ConfigureAwait(false);
                await stream.CompleteAsync().ConfigureAwait(false);
                return;
            }
            var view = new RequestView(await store.GetVersionAsync(http.RequestAborted).ConfigureAwait(false), VietnamTime.Today(time), provinces);
            var result = await executor.ExecuteStreamingAsync(http, operation, view, http.RequestAborted).ConfigureAwait(false);
            if (result.Streams is not { Count: > 0 } streams)
            {
                await stream.NextAsync(serializer.Serialize(result)).ConfigureAwait(false);
                await stream.CompleteAsync().ConfigureAwait(false);
                return;
            }
            using var keepAlive = options.Value.KeepAliveSeconds > 0
                ? new Timer(_ => _ = stream.CommentAsync(), null, TimeSpan.FromSeconds(options.Value.KeepAliveSeconds), TimeSpan.FromSeconds(options.Value.KeepAliveSeconds))
                : null;
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            async Task EndAsync()
            {
                await stream.CompleteAsync().ConfigureAwait(false);
                ended.TrySetResult();
            }
            using var subscription = streams.Values.First().Subscribe(new InOrder(result => stream.NextAsync(serializer.Serialize(result)), EndAsync, EndAsync));
            using var aborted = http.RequestAborted.Register(() => ended.TrySetResult());
            await ended.Task.ConfigureAwait(false);
        }
        finally
        {
            sockets.Leave(caller);
        }
    }

    private sealed record Read(GraphQLRequest? Request, string? Problem);

    private async Task<Read> ReadAsync(HttpContext http)
    {
        try
        {
            if (HttpMethods.IsPost(http.Request.Method))
            {
                var request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted).ConfigureAwait(false);
                return request?.Query is { Length: > 0 } ? new Read(request, null) : new Read(null, "The body needs a query.");
            }
            if (HttpMethods.IsGet(http.Request.Method) && http.Request.Query["query"] is { Count: > 0 } query)
            {
                return new Read(new GraphQLRequest
                {
                    Query = query,
                    OperationName = http.Request.Query["operationName"],
                    Variables = http.Request.Query["variables"] is { Count: > 0 } variables ? serializer.Deserialize<Inputs>(variables) : null,
                }, null);
            }
            return new Read(null, "Send the operation with POST (a JSON body) or GET (query, variables, operationName).");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return new Read(null, $"The request cannot be read: {e.Message}");
        }
    }

    /// <summary>Events written one at a time.</summary>
    private sealed class EventStream(HttpContext http) : IDisposable
    {
        private readonly SemaphoreSlim _write = new(1, 1);

        public void Dispose() => _write.Dispose();

        public Task NextAsync(string json) => WriteAsync($"event: next\ndata: {json}\n\n");

        // An empty data line, so that a browser's EventSource sees the event.
        public Task CompleteAsync() => WriteAsync("event: complete\ndata:\n\n");

        public Task CommentAsync() => WriteAsync(":\n\n");

        private async Task WriteAsync(string text)
        {
            try
            {
                await _write.WaitAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            try
            {
                await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), http.RequestAborted).ConfigureAwait(false);
                await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client went away.
            }
            finally
            {
                _write.Release();
            }
        }
    }
}
