namespace Ecosystem.Api.Errors;

/// <summary>
/// Every value of <c>extensions.code</c>, on GraphQL errors and on the error bodies of every other endpoint; clients
/// branch on them, so they never change, and no other file spells one.
/// </summary>
public static class ErrorCodes
{
    /// <summary>An argument or variable a client sent is malformed or invalid.</summary>
    public const string BadUserInput = "BAD_USER_INPUT";

    /// <summary>
    /// The change feed asked for versions whose changes are not kept (a bulk load, or history before the log): re-read
    /// what you follow, then follow the feed after <c>extensions.resumeAfter</c>.
    /// </summary>
    public const string ChangesNotKept = "CHANGES_NOT_KEPT";

    /// <summary>Something a filter or argument refers to does not exist.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The document exceeds a limit (depth, complexity, page size, aliases, time) and was not executed (or was stopped).</summary>
    public const string LimitExceeded = "LIMIT_EXCEEDED";

    /// <summary>The document could not be parsed.</summary>
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";

    /// <summary>The document does not validate against the schema.</summary>
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";

    /// <summary>The graph store cannot answer now (not reachable, overloaded, refusing this service); the answer is 503 with Retry-After.</summary>
    public const string StoreUnavailable = "STORE_UNAVAILABLE";

    /// <summary>A credential was sent but is not valid (HTTP 401).</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>The caller's role does not reach this field, argument or operation; the field is null, the rest answered.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>
    /// An aggregate of restricted values that the disclosure rules withhold from this caller (too few firms contribute,
    /// one dominates, or it would reveal another by difference); the field is null, with the reason in
    /// <c>extensions.reason</c>. Distinct from FORBIDDEN: no role is missing, the value is not publishable.
    /// </summary>
    public const string Confidential = "CONFIDENTIAL";

    /// <summary>An edit met a graph that other writers kept changing while it was checked (several times over); nothing was written, and it may be sent again.</summary>
    public const string Conflict = "CONFLICT";

    /// <summary>An unexpected error; the response carries a correlation id that the server log also has.</summary>
    public const string Internal = "INTERNAL";

    /// <summary>The caller sent more requests than its limit allows in the window (HTTP 429 with Retry-After).</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>The HTTP request itself is malformed: no query, a body that is not one JSON object, bad persisted query extensions (HTTP 400).</summary>
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>The body is not of a media type (or charset) the endpoint reads (HTTP 415).</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    /// <summary>The HTTP method is not served here (HTTP 405 with Allow).</summary>
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    /// <summary>Nothing the Accept header allows can be served (HTTP 406).</summary>
    public const string NotAcceptable = "NOT_ACCEPTABLE";

    /// <summary>An automatic persisted query's hash the server does not know yet: send the query with it.</summary>
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";

    /// <summary>A persisted query version other than 1.</summary>
    public const string PersistedQueryNotSupported = "PERSISTED_QUERY_NOT_SUPPORTED";

    /// <summary>A query whose SHA-256 is not the hash sent with it.</summary>
    public const string PersistedQueryHashMismatch = "PERSISTED_QUERY_HASH_MISMATCH";
}

/// <summary>An expected failure with a client-facing message and code; each feature declares its own sealed kinds.</summary>
public abstract class ApiException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>A reference in an argument (a province name, a sector code, a park id) that matches nothing.</summary>
public sealed class ReferenceNotFoundException(string what, string value)
    : ApiException(ErrorCodes.NotFound, $"No {what} matches \"{value}\".");

/// <summary>A request over a limit found while executing (a page size given by an unusual path, the time limit).</summary>
public sealed class LimitExceededException(string message) : ApiException(ErrorCodes.LimitExceeded, message);
