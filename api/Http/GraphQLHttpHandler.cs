using System.Text;
using System.Text.Json;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Caching;
using Ecosystem.Api.Errors;
using Ecosystem.Api.GraphiQL;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Observability;
using Ecosystem.Api.PersistedQueries;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Http;

/// <summary>
/// GraphQL over HTTP on one path: POST application/json, GET for queries (a mutation over GET is 405), Accept
/// negotiation between application/graphql-response+json (400 when nothing executed) and application/json (always
/// 200), GraphiQL for browsers. Limits are validation rules, so a document over them never runs.
/// </summary>
public sealed class GraphQLHttpHandler
{
    /// <summary>The parser, at its usual depth: 128 levels of the syntax tree, about 60 nested selections.</summary>
    private static readonly GraphQLDocumentBuilder Parser = new() { MaxDepth = 128 };
    private readonly IDocumentExecuter<EcosystemSchema> _executer;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly IGraphStore _store;
    private readonly DocumentCache _documents;
    private readonly LimitOptions _limits;
    private readonly TimeProvider _time;
    private readonly ILogger<GraphQLHttpHandler> _logger;
    private readonly IValidationRule[] _rules;
    private readonly IValidationRule[] _cachedDocumentRules;
    private readonly ResponseCache _responseCache;
    private readonly AutomaticPersistedQueries _persistedQueries;
    private readonly TrustedDocuments? _trusted;
    private readonly PersistedDocumentOptions _documentOptions;
    private readonly bool _anonymousIntrospection;
    private readonly EcosystemTelemetry _telemetry;
    private readonly IValidationRule[] _anonymousRules;
    private readonly IValidationRule[] _anonymousCachedDocumentRules;

    public GraphQLHttpHandler(
        IDocumentExecuter<EcosystemSchema> executer,
        IGraphQLTextSerializer serializer,
        IGraphStore store,
        DocumentCache documents,
        IOptions<LimitOptions> limits,
        TimeProvider time,
        ResponseCache responseCache,
        AutomaticPersistedQueries persistedQueries,
        IOptions<PersistedDocumentOptions> documentOptions,
        IOptions<AuthOptions> authOptions,
        ILogger<GraphQLHttpHandler> logger,
        EcosystemTelemetry telemetry,
        IHostEnvironment environment,
        TrustedDocuments? trusted = null)
    {
        _telemetry = telemetry;
        _responseCache = responseCache;
        _persistedQueries = persistedQueries;
        _documentOptions = documentOptions.Value;
        _trusted = trusted;
        _executer = executer;
        _serializer = serializer;
        _store = store;
        _documents = documents;
        _limits = limits.Value;
        _time = time;
        _logger = logger;
        var complexity = new ComplexityValidationRule(new ComplexityOptions { MaxDepth = _limits.MaxDepth, MaxComplexity = _limits.MaxComplexity });
        var pageSize = new PageSizeLimitRule(_limits);
        // The specification's rules, with field merging checked in linear time (FieldsCanMergeRule) instead of by pairs.
        _rules = [.. DocumentValidator.CoreRules.Where(r => r is not OverlappingFieldsCanBeMerged), new FieldsCanMergeRule(_limits), FiniteNumberLiteralRule.Instance, new AliasLimitRule(_limits), pageSize, complexity];
        // A cached document passed every rule once; only the rules that read variables run again.
        _cachedDocumentRules = [pageSize, complexity];
        // Introspection for anonymous callers can be turned off (Auth:AnonymousIntrospection); callers with a role keep it.
        _anonymousIntrospection = authOptions.Value.AnonymousIntrospection ?? environment.IsDevelopment();
        _anonymousRules = [.. _rules, NoIntrospectionValidationRule.Instance];
        _anonymousCachedDocumentRules = [.. _cachedDocumentRules, NoIntrospectionValidationRule.Instance];
    }

    public async Task HandleAsync(HttpContext http)
    {
        using var activity = EcosystemTelemetry.GraphQLSource.StartActivity("graphql", System.Diagnostics.ActivityKind.Internal);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
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
        catch (StoreUnavailableException ex) when (!http.Response.HasStarted)
        {
            _logger.LogWarning("Store unavailable in request {TraceId}: {Cause}", http.TraceIdentifier, ex.InnerException?.Message ?? ex.Message);
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await WriteRequestErrorAsync(http, StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable, ex.Message, MediaTypes.Json);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            var correlationId = http.CorrelationId();
            _logger.LogError("Internal error {CorrelationId} in request {TraceId}: {Exception}", correlationId, http.TraceIdentifier, LogText.Describe(ex));
            var error = new ExecutionError($"Internal error; correlation id {correlationId}.") { Code = ErrorCodes.Internal };
            error.Data[EcosystemErrorInfoProvider.CorrelationIdKey] = correlationId;
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            http.Response.ContentType = MediaTypes.Json + "; charset=utf-8";
            await _serializer.WriteAsync(http.Response.Body, new ExecutionResult { Errors = [error] }, http.RequestAborted);
        }
        finally
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
            _telemetry.RecordRequest(type, http.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private const string OperationTypeKey = "ecosystem.graphql.type";
    private const string OperationNameKey = "ecosystem.graphql.name";

    private async Task HandleRequestAsync(HttpContext http)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
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

        // Numbers that are not finite (1e400 reads as infinity) mean nothing to any argument: refused before any cache.
        if (FiniteNumbers.FirstNonFinite(request.Variables) is { } nonFinite)
        {
            await WriteResultAsync(http, new ExecutionResult { Errors = [FiniteNumbers.VariableError(nonFinite)] }, mediaType);
            return;
        }

        // Persisted queries (Apollo) and trusted documents decide which text runs.
        var documentId = request.DocumentId;
        if (AutomaticPersistedQueries.Parse(request, out _) is { } persisted)
        {
            if (persisted.IsError)
            {
                await WriteRequestErrorAsync(http, persisted.Status, persisted.Code!, persisted.Message!, mediaType);
                return;
            }
            if (_documentOptions.TrustedOnly)
            {
                // Only known documents run: the hash names one of them, and a text sent with it is never registered.
                documentId = "sha256:" + persisted.Hash;
                request.Query = null;
            }
            else
            {
                var resolved = await _persistedQueries.ResolveAsync(persisted, http.RequestAborted);
                if (resolved.IsError)
                {
                    // The protocol's answer to an unknown hash: 200, so that the client sends the text with it.
                    await WriteRequestErrorAsync(http, StatusCodes.Status200OK, resolved.Code!, resolved.Message!, mediaType);
                    return;
                }
                request.Query = resolved.Query;
            }
        }
        string? queryText;
        if (documentId is not null)
        {
            if (_trusted is null)
            {
                await WriteRequestErrorAsync(http, StatusCodes.Status400BadRequest, "BAD_REQUEST", "This server keeps no persisted documents: send the query itself.", mediaType);
                return;
            }
            queryText = request.Query is null ? _trusted.Find(documentId) : null;
            if (queryText is null)
            {
                // GraphQL.NET's persisted document handler gives the precise error (unknown id, malformed id, both query and id).
                await WriteResultAsync(http, await ExecuteAsync(http, request, null, documentId, null, DateOnly.MinValue, http.RequestAborted), mediaType);
                return;
            }
        }
        else if (_documentOptions.TrustedOnly)
        {
            // Refused by the persisted document handler: only documents named by id run.
            await WriteResultAsync(http, await ExecuteAsync(http, request, null, null, null, DateOnly.MinValue, http.RequestAborted), mediaType);
            return;
        }
        else
        {
            queryText = request.Query;
        }
        if (string.IsNullOrWhiteSpace(queryText))
        {
            await WriteRequestErrorAsync(http, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The request has no query.", mediaType);
            return;
        }

        var document = _documents.Get(queryText);
        var cached = document is not null;
        if (document is null)
        {
            try
            {
                document = Parser.Build(queryText);
            }
            catch (SyntaxError error)
            {
                await WriteResultAsync(http, new ExecutionResult { Errors = [error] }, mediaType);
                return;
            }
            catch (GraphQLParserException)
            {
                // Nested past the parser's depth (selections, values or types): refused like any other limit.
                var depthError = new ExecutionError("The document is nested too deeply to parse (about 60 levels of selections, or values as deep).") { Code = ErrorCodes.LimitExceeded };
                await WriteResultAsync(http, new ExecutionResult { Errors = [depthError] }, mediaType);
                return;
            }
            if (DocumentSizeLimit.Check(document, _limits) is { } tooLarge)
            {
                await WriteResultAsync(http, new ExecutionResult { Errors = [new ExecutionError(tooLarge) { Code = ErrorCodes.LimitExceeded }] }, mediaType);
                return;
            }
        }
        var operation = Operation(document, request.OperationName);
        http.Items[OperationTypeKey] = operation?.Operation.ToString().ToLowerInvariant();
        http.Items[OperationNameKey] = operation?.Name?.StringValue;
        if (isGet && operation is { Operation: not OperationType.Query })
        {
            http.Response.Headers.Allow = "POST";
            await WriteRequestErrorAsync(http, StatusCodes.Status405MethodNotAllowed, "METHOD_NOT_ALLOWED", "Mutations are sent with POST.", mediaType);
            return;
        }

        // Every request reads the committed version first: a replica behind the store catches up before it answers.
        var version = await _store.GetVersionAsync(http.RequestAborted);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime.AddHours(7));
        var keyRequest = new GraphQLRequest { Query = queryText, OperationName = request.OperationName, Variables = request.Variables };
        var cacheKey = operation is null ? null : _responseCache.KeyFor(document, operation, keyRequest, version, today, http.User);
        if (cacheKey is null)
        {
            var result = await ExecuteAsync(http, request, document, documentId, cached ? null : queryText, today, http.RequestAborted);
            if (isGet)
            {
                http.Response.Headers.CacheControl = "no-store";
            }
            await WriteResultAsync(http, result, mediaType);
            return;
        }

        var etag = $"\"{cacheKey[ResponseCache.KeyPrefix.Length..].Replace(':', '-')}\"";
        if (isGet)
        {
            SetCacheHeaders(http);
            if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag)))
            {
                http.Response.Headers.ETag = etag;
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        var parent = System.Diagnostics.Activity.Current?.Context ?? default;
        var (response, outcome) = await _responseCache.GetOrComputeAsync(cacheKey, async token =>
        {
            // The cache computes apart from the request's flow: the work is traced under the request that started it.
            using var compute = EcosystemTelemetry.GraphQLSource.StartActivity("graphql execute", System.Diagnostics.ActivityKind.Internal, parent);
            var result = await ExecuteAsync(http, request, document, documentId, cached ? null : queryText, today, token);
            using var body = new MemoryStream();
            await _serializer.WriteAsync(body, result, token);
            // Only whole answers are kept: no errors (a time-out, a limit, a bad argument is answered, not remembered).
            var keep = result.Executed && result.Errors is not { Count: > 0 };
            return (new CachedResponse(body.ToArray(), StatusOf(result, mediaType), whole: keep), keep);
        }, http.RequestAborted);
        http.Response.Headers["X-Cache"] = outcome switch
        {
            CacheOutcome.Local => "HIT-L1",
            CacheOutcome.Distributed => "HIT-L2",
            _ => "MISS",
        };
        if (isGet)
        {
            if (response.Whole)
            {
                http.Response.Headers.ETag = etag;
            }
            else
            {
                // An answer with errors is not kept: no ETag it would never match, and nothing for a cache to keep.
                http.Response.Headers.CacheControl = "no-store";
            }
        }
        http.Response.StatusCode = response.Status;
        if (response.Status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        http.Response.ContentType = mediaType + "; charset=utf-8";
        http.Response.ContentLength = response.Body.Length;
        // Time spent in this handler until the answer is ready, for clients and load generators to read.
        http.Response.Headers["Server-Timing"] = FormattableString.Invariant($"app;dur={System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.###}");
        await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
    }

    /// <summary>
    /// Cache headers of a cacheable GET answer. An answer to a caller with a key or token is for that caller only
    /// (<c>private</c>); every answer varies on the credential headers, since the role decides what it holds.
    /// </summary>
    private void SetCacheHeaders(HttpContext http)
    {
        var options = _responseCache.Options;
        var credentials = http.User.Identity?.IsAuthenticated == true
            || http.Request.Headers.ContainsKey(Authentication.ApiKeyHeader)
            || http.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Authorization);
        var age = options.ClientMaxAgeSeconds > 0
            ? $"max-age={Math.Min(options.ClientMaxAgeSeconds, options.ExpirationSeconds)}"
            : "max-age=0, must-revalidate";
        http.Response.Headers.CacheControl = $"{(credentials ? "private" : "public")}, {age}";
        http.Response.Headers.Vary = $"Accept, {Microsoft.Net.Http.Headers.HeaderNames.Authorization}, {Authentication.ApiKeyHeader}";
    }

    private async Task<ExecutionResult> ExecuteAsync(
        HttpContext http, GraphQLRequest request, GraphQLDocument? document, string? documentId, string? newQueryText, DateOnly today, CancellationToken cancellationToken)
    {
        var result = await _executer.ExecuteAsync(new ExecutionOptions
        {
            // A document named by id goes through GraphQL.NET's persisted document handler, which reads its text again.
            Query = documentId is null ? request.Query ?? (document is null ? null : newQueryText) : null,
            DocumentId = documentId,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            UserContext = new RequestContext
            {
                Loaders = new RequestLoaders(_store),
                Limits = _limits,
                Today = today == DateOnly.MinValue ? DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime.AddHours(7)) : today,
            },
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = cancellationToken,
            Timeout = TimeSpan.FromMilliseconds(_limits.TimeoutMs),
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
            ValidationRules = (document is not null && newQueryText is null, _anonymousIntrospection || http.User.Has(Role.Analyst)) switch
            {
                (true, true) => _cachedDocumentRules,
                (false, true) => _rules,
                (true, false) => _anonymousCachedDocumentRules,
                (false, false) => _anonymousRules,
            },
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
                else if (ctx.OriginalException is StoreUnavailableException unavailable)
                {
                    ctx.ErrorMessage = unavailable.Message;
                }
                return Task.CompletedTask;
            },
        });
        if (newQueryText is not null && document is not null && result.Executed)
        {
            _documents.Add(newQueryText, document);
        }
        LogInternalErrors(http, result);
        return result;
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
            var code = EcosystemErrorInfoProvider.CodeOf(error);
            if (code == ErrorCodes.StoreUnavailable)
            {
                _logger.LogWarning("Store unavailable in request {TraceId}: {Cause}", http.TraceIdentifier, error.InnerException?.InnerException?.Message);
            }
            if (code != ErrorCodes.Internal)
            {
                continue;
            }
            var correlationId = http.CorrelationId();
            error.Data[EcosystemErrorInfoProvider.CorrelationIdKey] = correlationId;
            _logger.LogError("Internal error {CorrelationId} in request {TraceId} at {Path}: {Exception}", correlationId, http.TraceIdentifier, string.Join('.', error.Path ?? []), LogText.Describe(error.InnerException ?? error));
        }
    }

    private (GraphQLRequest? Request, int Status, string? Code, string? Message) ReadGet(HttpContext http)
    {
        var q = http.Request.Query;
        try
        {
            return (new GraphQLRequest
            {
                Query = string.IsNullOrEmpty(q["query"]) ? null : q["query"].ToString(),
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
        // A UTF-8 byte order mark may start the body (JSON allows a parser to ignore it); anything not UTF-8 is refused.
        var bytes = body.Value.Span;
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return (null, StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "The body is not UTF-8: send application/json encoded in UTF-8.");
        }
        try
        {
            // One parse only: the serializer reads the request; a body that is not one object (an array, a batch) is refused first.
            if (FirstSignificantByte(bytes) != (byte)'{')
            {
                return (null, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The body must be one JSON object with query, operationName, variables and extensions.");
            }
            var request = _serializer.Deserialize<GraphQLRequest>(text);
            return request is null
                ? (null, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The body is empty.")
                : (request, 0, null, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            return (null, StatusCodes.Status400BadRequest, "BAD_REQUEST", "The body is not a GraphQL request in JSON: query must be a string, variables and extensions objects.");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static byte FirstSignificantByte(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
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

    /// <summary>
    /// application/graphql-response+json: a response without data is a 4xx (the request) or 5xx (out of time). Whatever the
    /// media type, an answer the store could not give (STORE_UNAVAILABLE) is a 503.
    /// </summary>
    private static int StatusOf(ExecutionResult result, string mediaType) =>
        result.Errors?.Any(e => EcosystemErrorInfoProvider.CodeOf(e) == ErrorCodes.StoreUnavailable) == true
            ? StatusCodes.Status503ServiceUnavailable
            : mediaType != MediaTypes.GraphQLResponse || result.Executed
                ? StatusCodes.Status200OK
                : result.Errors?.Any(e => e is TimeoutError) == true ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;

    private const string RetryAfterSeconds = "5";

    private async Task WriteResultAsync(HttpContext http, ExecutionResult result, string mediaType)
    {
        http.Response.StatusCode = StatusOf(result, mediaType);
        if (http.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
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
