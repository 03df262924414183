using Ecosystem.Api.Observability;

namespace Ecosystem.Api.Errors;

/// <summary>
/// The last resort for an exception no endpoint handled: logged with the request's correlation id (messages cut to a
/// prefix), answered <c>500</c> with <c>extensions.code</c> <c>INTERNAL</c> and that id, never the exception's text or
/// stack, in every environment (Development's exception page never sees it).
/// </summary>
public static class InternalErrors
{
    public static WebApplication UseInternalErrors(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ecosystem.Api.Errors");
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client went away; there is no one to answer.
            }
            catch (Exception ex) when (!http.Response.HasStarted)
            {
                var correlationId = http.CorrelationId();
                Log.InternalErrorAt(logger, correlationId, http.Request.Path.Value, LogText.Describe(ex));
                http.Response.Clear();
                await ErrorResponses.WriteAsync(http, StatusCodes.Status500InternalServerError, ErrorCodes.Internal, $"Internal error; correlation id {correlationId}.", correlationId: correlationId);
            }
        });
        return app;
    }
}
