using System.Text;
using System.Text.Json;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Http;

/// <summary>What reading a request gave: the request and the media type to answer in, or the refusal to write, or GraphiQL.</summary>
public sealed record IncomingRequest(GraphQLRequest? Request, string MediaType, Refusal? Refusal = null, bool ServeGraphiQL = false);

/// <summary>
/// Reads a GraphQL-over-HTTP request and negotiates its answer: GET (query string) or POST (one JSON object,
/// application/json in UTF-8, a byte order mark allowed, at most <see cref="LimitOptions.MaxBodyBytes"/>), the media
/// type from Accept (<see cref="MediaTypes.Negotiate"/>), and GraphiQL for a browser's GET.
/// </summary>
public sealed class GraphQLRequestReader(IGraphQLTextSerializer serializer, IOptions<LimitOptions> limits)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<IncomingRequest> ReadAsync(HttpContext http)
    {
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (!isGet && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            return new(null, MediaTypes.Json, new Refusal(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "GraphQL is served over GET (queries) and POST."));
        }
        var mediaType = MediaTypes.Negotiate(http.Request.Headers.Accept, offerHtml: isGet);
        if (mediaType is null)
        {
            return new(null, MediaTypes.Json, new Refusal(StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable, $"Accept {MediaTypes.GraphQLResponse} or {MediaTypes.Json}."));
        }
        if (mediaType == MediaTypes.Html)
        {
            return new(null, mediaType, ServeGraphiQL: true);
        }
        var (request, refusal) = isGet ? ReadGet(http) : await ReadPostAsync(http);
        return new(request, mediaType, refusal);
    }

    private (GraphQLRequest?, Refusal?) ReadGet(HttpContext http)
    {
        var q = http.Request.Query;
        try
        {
            return (new GraphQLRequest
            {
                Query = string.IsNullOrEmpty(q["query"]) ? null : q["query"].ToString(),
                OperationName = string.IsNullOrEmpty(q["operationName"]) ? null : q["operationName"].ToString(),
                Variables = string.IsNullOrEmpty(q["variables"]) ? null : serializer.Deserialize<Inputs>(q["variables"].ToString()),
                Extensions = string.IsNullOrEmpty(q["extensions"]) ? null : serializer.Deserialize<Inputs>(q["extensions"].ToString()),
            }, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            return (null, Refusal.BadRequest("variables and extensions must be JSON objects."));
        }
    }

    private async Task<(GraphQLRequest?, Refusal?)> ReadPostAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType;
        if (contentType is null
            || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !string.Equals(parsed.MediaType.Value, MediaTypes.Json, StringComparison.OrdinalIgnoreCase)
            || (parsed.Charset.HasValue && !string.Equals(parsed.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Refusal.UnsupportedMediaType("Send the request as application/json (UTF-8)."));
        }
        var max = limits.Value.MaxBodyBytes;
        var body = http.Request.ContentLength > max ? null : await ReadBodyAsync(http.Request.Body, max, http.RequestAborted);
        if (body is null)
        {
            return (null, Refusal.TooLarge($"The request body is larger than {max} bytes."));
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
            return (null, Refusal.UnsupportedMediaType("The body is not UTF-8: send application/json encoded in UTF-8."));
        }
        return Deserialize(text, bytes);
    }

    private (GraphQLRequest?, Refusal?) Deserialize(string text, ReadOnlySpan<byte> bytes)
    {
        try
        {
            // One parse only: the serializer reads the request; a body that is not one object (an array, a batch) is refused first.
            if (FirstSignificantByte(bytes) != (byte)'{')
            {
                return (null, Refusal.BadRequest("The body must be one JSON object with query, operationName, variables and extensions."));
            }
            var request = serializer.Deserialize<GraphQLRequest>(text);
            return request is null ? (null, Refusal.BadRequest("The body is empty.")) : (request, null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            return (null, Refusal.BadRequest("The body is not a GraphQL request in JSON: query must be a string, variables and extensions objects."));
        }
    }

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
}
