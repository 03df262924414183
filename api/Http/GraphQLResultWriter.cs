using Ecosystem.Api.Errors;
using GraphQL;
using GraphQL.Execution;

namespace Ecosystem.Api.Http;

/// <summary>Writes a GraphQL result with the status its media type calls for.</summary>
public sealed class GraphQLResultWriter(IGraphQLTextSerializer serializer)
{
    public const string RetryAfterSeconds = "5";

    /// <summary>
    /// application/graphql-response+json: a response without data is a 4xx (the request) or 5xx (out of time). Whatever the
    /// media type, an answer the store could not give (STORE_UNAVAILABLE) is a 503.
    /// </summary>
    public static int StatusOf(ExecutionResult result, string mediaType) =>
        result.Errors?.Any(e => EcosystemErrorInfoProvider.CodeOf(e) == ErrorCodes.StoreUnavailable) == true
            ? StatusCodes.Status503ServiceUnavailable
            : mediaType != MediaTypes.GraphQLResponse || result.Executed
                ? StatusCodes.Status200OK
                : result.Errors?.Any(e => e is TimeoutError) == true ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;

    public async Task WriteAsync(HttpContext http, ExecutionResult result, string mediaType)
    {
        http.Response.StatusCode = StatusOf(result, mediaType);
        if (http.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>A result already serialized (a cached answer).</summary>
    public static async Task WriteAsync(HttpContext http, int status, ReadOnlyMemory<byte> body, string mediaType)
    {
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        http.Response.ContentType = mediaType + "; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    public async Task<byte[]> SerializeAsync(ExecutionResult result, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await serializer.WriteAsync(body, result, cancellationToken);
        return body.ToArray();
    }
}
