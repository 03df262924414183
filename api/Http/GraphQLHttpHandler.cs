using System.Text;
using System.Text.Json;
using Ecosystem.Api.Errors;
using Ecosystem.Api.GraphiQL;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Http;

/// <summary>
/// GraphQL over HTTP on one path: POST application/json, GET for queries (a mutation over GET is 405), Accept
/// negotiation between application/graphql-response+json (400 when nothing executed) and application/json (always
/// 200), GraphiQL for browsers. Limits are validation rules, so a document over them never runs.
/// </summary>
public sealed class GraphQLHttpHandler
{
    private static readonly GraphQLDocumentBuilder Parser = new();
    private readonly IDocumentExecuter<EcosystemSchema> _executer;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly IGraphStore _store;
    private readonly DocumentCache _documents;
    private readonly LimitOptions _limits;
    private readonly TimeProvider _time;
    private readonly ILogger<GraphQLHttpHandler> _logger;
    private readonly IValidationRule[] _rules;
    private readonly IValidationRule[] _cachedDocumentRules;

    public GraphQLHttpHandler(
        IDocumentExecuter<EcosystemSchema> executer,
        IGraphQLTextSerializer serializer,
        IGraphStore store,
        DocumentCache documents,
        IOptions<LimitOptions> limits,
        TimeProvider time,
        ILogger<GraphQLHttpHandler> logger)
    {
        _executer = executer;
        _serializer = serializer;
        _store = store;
        _documents = documents;
        _limits = limits.Value;
        _time = time;
        _logger = logger;
        var complexity = new ComplexityValidationRule(new ComplexityOptions { MaxDepth = _limits.MaxDepth, MaxComplexity = _limits.MaxComplexity });
        var pageSize = new PageSizeLimitRule(_limits);
        _rules = [.. DocumentValidator.CoreRules, new AliasLimitRule(_limits), pageSize, complexity];
        // A cached document passed every rule once; only the rules that read variables run again.
        _cachedDocumentRules = [pageSize, complexity];
    }

    public async Task HandleAsync(HttpContext http)
    {
        try
        {
            await HandleRequestAsync(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            // A body cut short or malformed at the HTTP level is the client's doing, not ours.
            _logger.LogDebug(ex, "Bad HTTP request {TraceId}", http.TraceIdentifier);
            await WriteRequestErrorAsync(http, ex.StatusCode, "BAD_REQUEST", "The request body could not be read.", MediaTypes.Json);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            var correlationId = Guid.NewGuid().ToString("N")[..16];
            _logger.LogError(ex, "Internal error {CorrelationId} in request {TraceId}", correlationId, http.TraceIdentifier);
            var error = new ExecutionError($"Internal error; correlation id {correlationId}.") { Code = ErrorCodes.Internal };
            error.Data[EcosystemErrorInfoProvider.CorrelationIdKey] = correlationId;
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            http.Response.ContentType = MediaTypes.Json + "; charset=utf-8";
            await _serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [error] }, http.RequestAborted);
        }
    }

    private async Task HandleRequestAsync(HttpContext http)
    {
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteRequestErrorAsync(http, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "GraphQL is served over GET (queries) and POST.", MediaTypes.Json);
            return;
        }
        var mediaType = MediaTypes.Negotiate(http.Request.Headers.Accept, offerHtml: isGet);
        if (mediaType is null)
        {
            await WriteRequestErrorAsync(http, StatusCodes.Status406NotAcceptable, "NOT_ACCEPTABLE",
                $"Accept {MediaTypes.GraphQLResponse} or {MediaTypes.Json}.", MediaTypes.Json);
            return;
        }
        if (mediaType == MediaTypes.Html)
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(GraphiQLPage.Html, http.RequestAborted);
            return;
        }

        var (request, status, code, message) = isGet ? ReadGet(http) : await ReadPostAsync(http);
        if (request is null)
        {
            await WriteRequestErrorAsync(http, status, code!, message!, mediaType);
            return;
        }
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            await WriteRequestErrorAsync(http, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The request has no query.", mediaType);
            return;
        }

        var document = _documents.Get(request.Query);
        var cached = document is not null;
        if (document is null)
        {
            try
            {
                document = Parser.Build(request.Query);
            }
            catch (SyntaxError error)
            {
                await WriteResultAsync(http, new ExecutionResult { Errors = [error] }, mediaType);
                return;
            }
        }
        if (isGet && Operation(document, request.OperationName) is { Operation: not OperationType.Query })
        {
            http.Response.Headers.Allow = "POST";
            await WriteRequestErrorAsync(http, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Mutations are sent with POST.", mediaType);
            return;
        }

        var result = await _executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            UserContext = new RequestContext
            {
                Loaders = new RequestLoaders(_store),
                Limits = _limits,
                Today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime.AddHours(7)),
            },
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = http.RequestAborted,
            Timeout = TimeSpan.FromMilliseconds(_limits.TimeoutMs),
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
            ValidationRules = cached ? _cachedDocumentRules : _rules,
            UnhandledExceptionDelegate = ctx =>
            {
                if (ctx.OriginalException is ApiException api)
                {
                    ctx.ErrorMessage = api.Message;
                }
                else if (ctx.OriginalException is InvalidCursorException)
                {
                    ctx.ErrorMessage = "The cursor is not one this list gave out.";
                }
                return Task.CompletedTask;
            },
        });
        if (!cached && result.Executed)
        {
            _documents.Add(request.Query, document);
        }
        LogInternalErrors(http, result);
        await WriteResultAsync(http, result, mediaType);
    }

    private static GraphQLOperationDefinition? Operation(GraphQLDocument document, string? operationName)
    {
        GraphQLOperationDefinition? only = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLOperationDefinition op)
            {
                if (operationName is not null && op.Name?.StringValue == operationName)
                {
                    return op;
                }
                only = only is null ? op : null;
            }
        }
        return operationName is null ? only : null;
    }

    /// <summary>Unexpected errors get a correlation id, logged with the exception and returned to the client without it.</summary>
    private void LogInternalErrors(HttpContext http, ExecutionResult result)
    {
        if (result.Errors is null)
        {
            return;
        }
        foreach (var error in result.Errors)
        {
            if (EcosystemErrorInfoProvider.CodeOf(error) != ErrorCodes.Internal)
            {
                continue;
            }
            var correlationId = Guid.NewGuid().ToString("N")[..16];
            error.Data[EcosystemErrorInfoProvider.CorrelationIdKey] = correlationId;
            _logger.LogError(error.InnerException ?? error, "Internal error {CorrelationId} in request {TraceId} at {Path}", correlationId, http.TraceIdentifier, string.Join('.', error.Path ?? []));
        }
    }

    private (GraphQLRequest? Request, int Status, string? Code, string? Message) ReadGet(HttpContext http)
    {
        var q = http.Request.Query;
        try
        {
            return (new GraphQLRequest
            {
                Query = q["query"].ToString(),
                OperationName = string.IsNullOrEmpty(q["operationName"]) ? null : q["operationName"].ToString(),
                Variables = string.IsNullOrEmpty(q["variables"]) ? null : _serializer.Deserialize<Inputs>(q["variables"].ToString()),
                Extensions = string.IsNullOrEmpty(q["extensions"]) ? null : _serializer.Deserialize<Inputs>(q["extensions"].ToString()),
            }, 0, null, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            return (null, StatusCodes.Status400BadRequest, "BAD_REQUEST", "variables and extensions must be JSON objects.");
        }
    }

    private async Task<(GraphQLRequest? Request, int Status, string? Code, string? Message)> ReadPostAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType;
        if (contentType is null
            || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !string.Equals(parsed.MediaType.Value, MediaTypes.Json, StringComparison.OrdinalIgnoreCase)
            || (parsed.Charset.HasValue && !string.Equals(parsed.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Send the request as application/json (UTF-8).");
        }
        if (http.Request.ContentLength > _limits.MaxBodyBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, ErrorCodes.LimitExceeded, $"The request body is larger than {_limits.MaxBodyBytes} bytes.");
        }
        var body = await ReadBodyAsync(http.Request.Body, _limits.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, ErrorCodes.LimitExceeded, $"The request body is larger than {_limits.MaxBodyBytes} bytes.");
        }
        try
        {
            // One parse only: the serializer reads the request; a body that is not one object (an array, a batch) is refused first.
            if (FirstSignificantByte(body.Value.Span) != (byte)'{')
            {
                return (null, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The body must be one JSON object with query, operationName, variables and extensions.");
            }
            var request = _serializer.Deserialize<GraphQLRequest>(Encoding.UTF8.GetString(body.Value.Span));
            return request is null
                ? (null, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The body is empty.")
                : (request, 0, null, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            return (null, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The body is not a GraphQL request in JSON: query must be a string, variables and extensions objects.");
        }
    }

    private static byte FirstSignificantByte(ReadOnlySpan<byte> body)
    {
        var start = body.StartsWith("\uFEFF"u8) ? 3 : 0;
        foreach (var b in body[start..])
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }
        return 0;
    }

    /// <summary>The body, or null when it is longer than the limit (chunked bodies have no Content-Length to check first).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private async Task WriteResultAsync(HttpContext http, ExecutionResult result, string mediaType)
    {
        // application/graphql-response+json: a response without data is a 4xx (the request) or 5xx (out of time).
        http.Response.StatusCode = mediaType != MediaTypes.GraphQLResponse || result.Executed
            ? StatusCodes.Status200OK
            : result.Errors?.Any(e => e is TimeoutError) == true ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await _serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private async Task WriteRequestErrorAsync(HttpContext http, int status, string code, string message, string mediaType)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = (mediaType == MediaTypes.Html ? MediaTypes.Json : mediaType) + "; charset=utf-8";
        var error = new ExecutionError(message) { Code = code };
        await _serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [error] }, http.RequestAborted);
    }
}
