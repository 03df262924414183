using System.Diagnostics;
using Ecosystem.Api.Caching;
using Ecosystem.Api.Errors;
using Ecosystem.Api.GraphiQL;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Observability;
using Ecosystem.Api.Provinces;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;

namespace Ecosystem.Api.Http;

/// <summary>
/// GraphQL over HTTP on one path, in steps that each do one thing: reading and negotiating the request
/// (<see cref="GraphQLRequestReader"/>), resolving the document (<see cref="DocumentResolver"/>), HTTP caching
/// (<see cref="GraphQLHttpCaching"/>) and executing (<see cref="GraphQLExecutor"/>). This class runs them in order, with
/// the request's view of the graph, its telemetry, and the answers for failures no step expects.
/// </summary>
public sealed class GraphQLHttpHandler(
    GraphQLRequestReader reader,
    DocumentResolver resolver,
    GraphQLExecutor executor,
    GraphQLHttpCaching caching,
    GraphQLResultWriter writer,
    ResponseCache responseCache,
    ProvinceCatalog provinces,
    IGraphStore store,
    TimeProvider time,
    EcosystemTelemetry telemetry,
    ILogger<GraphQLHttpHandler> logger)
{
    private const string OperationTypeKey = "ecosystem.graphql.type";
    private const string OperationNameKey = "ecosystem.graphql.name";
    private const string StartedKey = "ecosystem.graphql.started";

    public async Task HandleAsync(HttpContext http)
    {
        using var activity = EcosystemTelemetry.GraphQLSource.StartActivity("graphql", ActivityKind.Internal);
        var started = Stopwatch.GetTimestamp();
        http.Items[StartedKey] = started;
        try
        {
            await HandleRequestAsync(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            await AnswerFailureAsync(http, ex);
        }
        finally
        {
            Record(http, activity, started);
        }
    }

    private async Task HandleRequestAsync(HttpContext http)
    {
        var incoming = await reader.ReadAsync(http);
        if (incoming.ServeGraphiQL)
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(GraphiQLPage.Html, http.RequestAborted);
            return;
        }
        var mediaType = incoming.MediaType;
        if (incoming.Request is not { } request)
        {
            await ErrorResponses.WriteAsync(http, incoming.Refusal!, mediaType);
            return;
        }
        // Numbers that are not finite (1e400 reads as infinity) mean nothing to any argument: refused before any cache.
        if (FiniteNumbers.FirstNonFinite(request.Variables) is { } nonFinite)
        {
            await writer.WriteAsync(http, new ExecutionResult { Errors = [FiniteNumbers.VariableError(nonFinite)] }, mediaType);
            return;
        }
        var resolved = await resolver.ResolveAsync(request, http.RequestAborted);
        if (resolved.Refusal is { } refusal)
        {
            await ErrorResponses.WriteAsync(http, refusal, mediaType);
            return;
        }
        if (resolved.Error is { } error)
        {
            await writer.WriteAsync(http, new ExecutionResult { Errors = [error] }, mediaType);
            return;
        }
        // Every request reads the committed version first: a replica behind the store catches up before it answers.
        var view = new RequestView(await store.GetVersionAsync(http.RequestAborted), VietnamTime.Today(time), provinces);
        if (resolved.Document is not { } document)
        {
            // GraphQL.NET's persisted document handler answers (an unknown or malformed document id).
            await writer.WriteAsync(http, await executor.ExecuteAsync(http, request, resolved, view, http.RequestAborted), mediaType);
            return;
        }
        await RunAsync(http, request, resolved, document, view, mediaType);
    }

    /// <summary>Runs a parsed document: a mutation is refused over GET; a cacheable query goes through the response cache.</summary>
    private async Task RunAsync(HttpContext http, GraphQLRequest request, ResolvedDocument resolved, GraphQLDocument document, RequestView view, string mediaType)
    {
        var isGet = HttpMethods.IsGet(http.Request.Method);
        var operation = resolved.Operation;
        http.Items[OperationTypeKey] = operation?.Operation.ToString().ToLowerInvariant();
        http.Items[OperationNameKey] = operation?.Name?.StringValue;
        if (operation is { Operation: OperationType.Subscription })
        {
            // A subscription lives on a connection: a WebSocket at this address (graphql-transport-ws).
            await ErrorResponses.WriteAsync(http, Refusal.BadRequest("Subscriptions are served over a WebSocket at /graphql with the graphql-transport-ws protocol."), mediaType);
            return;
        }
        if (isGet && operation is { Operation: not OperationType.Query })
        {
            http.Response.Headers.Allow = "POST";
            await ErrorResponses.WriteAsync(http, new Refusal(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "Mutations are sent with POST."), mediaType);
            return;
        }
        var keyRequest = new GraphQLRequest { Query = resolved.QueryText, OperationName = request.OperationName, Variables = request.Variables };
        var cacheKey = operation is null ? null : responseCache.KeyFor(document, operation, keyRequest, view.Version, view.Today, http.User);
        if (cacheKey is null)
        {
            var result = await executor.ExecuteAsync(http, request, resolved, view, http.RequestAborted);
            if (isGet)
            {
                http.Response.Headers.CacheControl = "no-store";
            }
            await writer.WriteAsync(http, result, mediaType);
            return;
        }
        await caching.ServeAsync(http, cacheKey, mediaType, isGet, token => executor.ExecuteAsync(http, request, resolved, view, token), writer);
    }

    /// <summary>Time spent in this handler until the answer is ready, for clients and load generators to read.</summary>
    public static void SetServerTiming(HttpContext http)
    {
        if (http.Items[StartedKey] is long started)
        {
            http.Response.Headers["Server-Timing"] = FormattableString.Invariant($"app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.###}");
        }
    }

    /// <summary>A failure no step expected: the HTTP request unreadable (400), the store unavailable (503), or INTERNAL (500) with a correlation id.</summary>
    private async Task AnswerFailureAsync(HttpContext http, Exception ex)
    {
        switch (ex)
        {
            case BadHttpRequestException bad:
                // A body cut short or malformed at the HTTP level is the client's doing, not ours.
                Log.BadHttpRequest(logger, bad, http.TraceIdentifier);
                await ErrorResponses.WriteAsync(http, bad.StatusCode, ErrorCodes.BadRequest, "The request body could not be read.");
                break;
            case StoreUnavailableException unavailable:
                Log.StoreUnavailable(logger, http.TraceIdentifier, unavailable.InnerException?.Message ?? unavailable.Message);
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(unavailable.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorResponses.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable, unavailable.Message);
                break;
            default:
                var correlationId = http.CorrelationId();
                Log.InternalError(logger, correlationId, http.TraceIdentifier, LogText.Describe(ex));
                await ErrorResponses.WriteAsync(http, StatusCodes.Status500InternalServerError, ErrorCodes.Internal, $"Internal error; correlation id {correlationId}.", correlationId: correlationId);
                break;
        }
    }

    private void Record(HttpContext http, Activity? activity, long started)
    {
        var type = http.Items[OperationTypeKey] as string ?? "none";
        if (activity is not null)
        {
            activity.DisplayName = http.Items[OperationNameKey] is string name ? $"graphql {type} {name}" : $"graphql {type}";
            activity.SetTag("graphql.operation.type", type);
            activity.SetTag("graphql.operation.name", http.Items[OperationNameKey] as string);
            activity.SetTag("http.response.status_code", http.Response.StatusCode);
            activity.SetTag("ecosystem.cache", http.Response.Headers["X-Cache"].ToString() is { Length: > 0 } cache ? cache : null);
        }
        telemetry.RecordRequest(type, http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
