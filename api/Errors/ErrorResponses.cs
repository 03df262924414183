using System.Text.Json;

namespace Ecosystem.Api.Errors;

/// <summary>An answer refused before any GraphQL ran: its HTTP status, code (<see cref="ErrorCodes"/>) and message.</summary>
public sealed record Refusal(int Status, string Code, string Message)
{
    public static Refusal BadRequest(string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message);

    public static Refusal BadUserInput(string message) => new(StatusCodes.Status400BadRequest, ErrorCodes.BadUserInput, message);

    public static Refusal NotFound(string message) => new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, message);

    public static Refusal UnsupportedMediaType(string message) => new(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, message);

    public static Refusal TooLarge(string message) => new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.LimitExceeded, message);
}

/// <summary>
/// The one writer of error bodies outside GraphQL execution (HTTP-level refusals, downloads, imports, authentication,
/// rate limits, metrics, the last-resort handler): the GraphQL response shape, <c>{"errors":[{"message", "extensions":
/// {"code", "correlationId"?}}]}</c>, so clients read every error alike.
/// </summary>
public static class ErrorResponses
{
    public static Task WriteAsync(HttpContext http, Refusal error, string mediaType = "application/json", string? correlationId = null) =>
        WriteAsync(http, error.Status, error.Code, error.Message, mediaType, correlationId);

    public static async Task WriteAsync(HttpContext http, int status, string code, string message, string mediaType = "application/json", string? correlationId = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        await http.Response.Body.WriteAsync(Body(code, message, correlationId), http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body alone, for answers made elsewhere (a minimal API's IResult).</summary>
    public static IResult Result(Refusal error) => new ErrorResult(error);

    private sealed class ErrorResult(Refusal error) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, error);
    }

    private static byte[] Body(string code, string message, string? correlationId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("errors");
            json.WriteStartObject();
            json.WriteString("message", message);
            json.WriteStartObject("extensions");
            json.WriteString("code", code);
            if (correlationId is not null)
            {
                json.WriteString("correlationId", correlationId);
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
