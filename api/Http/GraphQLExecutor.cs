using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Observability;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules;
using GraphQL.Validation.Rules.Custom;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Http;

/// <summary>
/// Runs a resolved document: the validation rules (the specification's, with field merging checked in linear time, and
/// our limits; a cached document only re-runs the rules that read variables; no introspection for anonymous callers
/// unless allowed), the request's view of the graph, the time limit, and the logging of unexpected errors with a
/// correlation id.
/// </summary>
public sealed class GraphQLExecutor
{
    private readonly IDocumentExecuter<EcosystemSchema> _executer;
    private readonly IGraphStore _store;
    private readonly Localization.PublicationNoise _noise;
    private readonly DocumentCache _documents;
    private readonly LimitOptions _limits;
    private readonly ILogger<GraphQLExecutor> _logger;
    private readonly bool _anonymousIntrospection;
    private readonly IValidationRule[] _rules;
    private readonly IValidationRule[] _cachedDocumentRules;
    private readonly IValidationRule[] _anonymousRules;
    private readonly IValidationRule[] _anonymousCachedDocumentRules;

    public GraphQLExecutor(
        IDocumentExecuter<EcosystemSchema> executer,
        IGraphStore store,
        DocumentCache documents,
        IOptions<LimitOptions> limits,
        IOptions<AuthOptions> authOptions,
        IHostEnvironment environment,
        Localization.PublicationNoise noise,
        ILogger<GraphQLExecutor> logger)
    {
        _noise = noise;
        _executer = executer;
        _store = store;
        _documents = documents;
        _limits = limits.Value;
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

    /// <summary>An analyst reads true values; anyone else's published sums carry the noise.</summary>
    private RequestLoaders Loaders(bool analyst) => new(_store, analyst, analyst ? null : _noise.Value);

    /// <summary>
    /// An operation sent over a WebSocket (a subscription, or a query or mutation): the same rules and the caller's role,
    /// with no time limit for a subscription (it ends with the connection or the client's complete).
    /// </summary>
    public async Task<ExecutionResult> ExecuteStreamingAsync(HttpContext http, GraphQLRequest request, RequestView view, CancellationToken cancellationToken)
    {
        var analyst = http.User.Has(Role.Analyst);
        return await _executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            UserContext = new RequestContext { Loaders = Loaders(analyst), Limits = _limits, View = view },
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = cancellationToken,
            ValidationRules = RulesFor(false, _anonymousIntrospection || analyst),
            UnhandledExceptionDelegate = ClientMessage,
        }).ConfigureAwait(false);
    }

    public async Task<ExecutionResult> ExecuteAsync(HttpContext http, GraphQLRequest request, ResolvedDocument resolved, RequestView view, CancellationToken cancellationToken)
    {
        var document = resolved.Document;
        var newText = resolved.Cached ? null : resolved.QueryText;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var timeout = TimeSpan.FromMilliseconds(_limits.TimeoutMs);
        var result = await _executer.ExecuteAsync(new ExecutionOptions
        {
            // A document named by id goes through GraphQL.NET's persisted document handler, which reads its text again.
            Query = resolved.DocumentId is null ? request.Query ?? (document is null ? null : newText) : null,
            DocumentId = resolved.DocumentId,
            Document = document,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            UserContext = new RequestContext { Loaders = Loaders(http.User.Has(Role.Analyst)), Limits = _limits, View = view },
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = cancellationToken,
            Timeout = timeout,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
            ValidationRules = RulesFor(document is not null && resolved.Cached, _anonymousIntrospection || http.User.Has(Role.Analyst)),
            UnhandledExceptionDelegate = ClientMessage,
        });
        if (newText is not null && document is not null && result.Executed)
        {
            _documents.Add(newText, document);
        }
        // The time limit is a timer that cancels the execution; on a machine whose thread pool is saturated the timer can
        // fire after the answer is complete. A query's answer that took longer than the limit is the timeout all the same
        // (a mutation's is kept: its change is committed and the client must learn so).
        if (result.Executed && result.Operation?.Operation == GraphQLParser.AST.OperationType.Query && System.Diagnostics.Stopwatch.GetElapsedTime(started) > timeout)
        {
            result = new ExecutionResult { Executed = false, Errors = [new TimeoutError()] };
        }
        LogInternalErrors(http, result);
        return result;
    }

    private IValidationRule[] RulesFor(bool cachedDocument, bool introspection) => (cachedDocument, introspection) switch
    {
        (true, true) => _cachedDocumentRules,
        (false, true) => _rules,
        (true, false) => _anonymousCachedDocumentRules,
        (false, false) => _anonymousRules,
    };

    /// <summary>The message a client may read for an expected failure; anything else stays INTERNAL with no text.</summary>
    private static Task ClientMessage(UnhandledExceptionContext ctx)
    {
        ctx.ErrorMessage = ctx.OriginalException switch
        {
            ApiException api => api.Message,
            InvalidCursorException => "The cursor is not one this list gave out.",
            StoreUnavailableException unavailable => unavailable.Message,
            _ => ctx.ErrorMessage,
        };
        return Task.CompletedTask;
    }

    /// <summary>Unexpected errors get a correlation id, logged with the exception and returned to the client without it.</summary>
    private void LogInternalErrors(HttpContext http, ExecutionResult result)
    {
        foreach (var error in result.Errors ?? [])
        {
            var code = EcosystemErrorInfoProvider.CodeOf(error);
            if (code == ErrorCodes.StoreUnavailable)
            {
                Log.StoreUnavailable(_logger, http.TraceIdentifier, error.InnerException?.InnerException?.Message);
            }
            if (code != ErrorCodes.Internal)
            {
                continue;
            }
            var correlationId = http.CorrelationId();
            error.Data[EcosystemErrorInfoProvider.CorrelationIdKey] = correlationId;
            Log.InternalErrorInField(_logger, correlationId, http.TraceIdentifier, string.Join('.', error.Path ?? []), LogText.Describe(error.InnerException ?? error));
        }
    }
}
