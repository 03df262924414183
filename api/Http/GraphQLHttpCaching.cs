using Ecosystem.Api.Auth;
using Ecosystem.Api.Caching;
using Ecosystem.Api.Observability;
using GraphQL;

namespace Ecosystem.Api.Http;

/// <summary>
/// HTTP caching of GraphQL answers: the response cache (one computation per key, whole answers kept), <c>X-Cache</c>,
/// and for GET the client cache headers, ETags and 304s. An answer to a caller with a key or token is for that caller
/// only (<c>private</c>); every answer varies on the credential headers, since the role decides what it holds.
/// </summary>
public sealed class GraphQLHttpCaching(ResponseCache cache)
{
    /// <summary>
    /// Answers from the cache or computes (and keeps when whole) under the key; a GET whose If-None-Match already names
    /// the answer gets 304 and nothing else.
    /// </summary>
    public async Task ServeAsync(HttpContext http, string cacheKey, string mediaType, bool isGet, Func<CancellationToken, Task<ExecutionResult>> execute, GraphQLResultWriter writer)
    {
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
        var (response, outcome) = await cache.GetOrComputeAsync(cacheKey, async token =>
        {
            // The cache computes apart from the request's flow: the work is traced under the request that started it.
            using var compute = EcosystemTelemetry.GraphQLSource.StartActivity("graphql execute", System.Diagnostics.ActivityKind.Internal, parent);
            var result = await execute(token);
            // Only whole answers are kept: no errors (a time-out, a limit, a bad argument is answered, not remembered).
            var keep = result.Executed && result.Errors is not { Count: > 0 };
            return (new CachedResponse(await writer.SerializeAsync(result, token), GraphQLResultWriter.StatusOf(result, mediaType), whole: keep), keep);
        }, http.RequestAborted);
        http.Response.Headers["X-Cache"] = outcome switch
        {
            CacheOutcome.Local => "HIT-L1",
            CacheOutcome.Distributed => "HIT-L2",
            _ => "MISS",
        };
        if (isGet)
        {
            // An answer with errors is not kept: no ETag it would never match, and nothing for a cache to keep.
            SetValidator(http, response.Whole ? etag : null);
        }
        GraphQLHttpHandler.SetServerTiming(http);
        await GraphQLResultWriter.WriteAsync(http, response.Status, response.Body, mediaType);
    }

    private static void SetValidator(HttpContext http, string? etag)
    {
        if (etag is not null)
        {
            http.Response.Headers.ETag = etag;
        }
        else
        {
            http.Response.Headers.CacheControl = "no-store";
        }
    }

    private void SetCacheHeaders(HttpContext http)
    {
        var options = cache.Options;
        var credentials = http.User.Identity?.IsAuthenticated == true
            || http.Request.Headers.ContainsKey(Authentication.ApiKeyHeader)
            || http.Request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Authorization);
        var age = options.ClientMaxAgeSeconds > 0
            ? $"max-age={Math.Min(options.ClientMaxAgeSeconds, options.ExpirationSeconds)}"
            : "max-age=0, must-revalidate";
        http.Response.Headers.CacheControl = $"{(credentials ? "private" : "public")}, {age}";
        http.Response.Headers.Vary = $"Accept, {Microsoft.Net.Http.Headers.HeaderNames.Authorization}, {Authentication.ApiKeyHeader}";
    }
}
