namespace Ecosystem.Api.Observability;

/// <summary>
/// Every message the API logs, as source-generated methods (no boxing, no parsing of the template per call, nothing
/// evaluated when the level is off). Text a client sent is quoted through <see cref="Errors.LogText"/> first.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Internal error {CorrelationId} at {Path}: {Exception}")]
    public static partial void InternalErrorAt(ILogger logger, string correlationId, string? path, string exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Internal error {CorrelationId} in request {TraceId}: {Exception}")]
    public static partial void InternalError(ILogger logger, string correlationId, string traceId, string exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Internal error {CorrelationId} in request {TraceId} at {Path}: {Exception}")]
    public static partial void InternalErrorInField(ILogger logger, string correlationId, string traceId, string path, string exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Store unavailable in request {TraceId}: {Cause}")]
    public static partial void StoreUnavailable(ILogger logger, string traceId, string? cause);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Store unavailable at {Path}: {Cause}")]
    public static partial void StoreUnavailableAt(ILogger logger, string? path, string? cause);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Bad HTTP request {TraceId}")]
    public static partial void BadHttpRequest(ILogger logger, Exception exception, string traceId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Method} {Path} {Status} in {ElapsedMs:0.0} ms")]
    public static partial void Request(ILogger logger, string method, string? path, int status, double elapsedMs);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Anonymous access only: no API keys and no JWT issuer are configured. To add a key, choose a secret, take its SHA-256 " +
        "(printf %s \"$KEY\" | sha256sum) and set Auth__ApiKeys__0__Name=<who>, Auth__ApiKeys__0__Role=analyst|editor|admin and " +
        "Auth__ApiKeys__0__Sha256=<the hex digest>; callers send it as the header X-Api-Key. `seed key --name <who> --role <role>` makes one.")]
    public static partial void AnonymousOnly(ILogger logger);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Authentication: {Keys} API key(s); JWT bearer {Jwt}.")]
    public static partial void Authentication(ILogger logger, int keys, string jwt);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Graph store: Neo4j at {Neo4j}")]
    public static partial void Neo4jStore(ILogger logger, string neo4j);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Loaded the reference data into {Path}: {Nodes} nodes, version {Version}")]
    public static partial void ReferenceLoaded(ILogger logger, string path, int nodes, long version);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Loaded the synthetic demo network (seed {Seed}, {Firms} firms, labelled synthetic): {Links} supply links, version {Version}")]
    public static partial void DemoLoaded(ILogger logger, int seed, int firms, int links, long version);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Opened {Path}: version {Version}, {Links} supply links")]
    public static partial void StoreOpened(ILogger logger, string path, long version, long links);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Folded the store's changes (versions {From} to {To}: {Nodes} nodes, {Entries} link-list entries) into a full build in {BuildMs} ms beside readers and writers; writers paused {PauseMs} ms, {Replayed} changes replayed")]
    public static partial void StoreFolded(ILogger logger, long from, long to, int nodes, long entries, long buildMs, double pauseMs, int replayed);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "GraphQL at {Url}/graphql (GraphiQL in a browser)")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "The change hub could not read the change feed; it looks again")]
    public static partial void ChangeHubFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "The webhook dispatcher failed; it tries again")]
    public static partial void WebhooksFailed(ILogger logger, Exception exception);
}
