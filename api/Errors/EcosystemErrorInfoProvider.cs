using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors.Custom;

namespace Ecosystem.Api.Errors;

/// <summary>
/// Writes every error as a message and <c>extensions.code</c> (plus <c>extensions.correlationId</c> for internal
/// errors), never exception text or stack traces.
/// </summary>
public sealed class EcosystemErrorInfoProvider : IErrorInfoProvider
{
    /// <summary>The key under which an internal error keeps the correlation id it was logged with.</summary>
    public const string CorrelationIdKey = "correlationId";

    /// <summary>The key under which an input error keeps the input field it is about ("input.taxCode").</summary>
    public const string FieldKey = "field";

    public ErrorInfo GetInfo(ExecutionError executionError)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = CodeOf(executionError) };
        if (executionError.Data[CorrelationIdKey] is string correlationId)
        {
            extensions[CorrelationIdKey] = correlationId;
        }
        if (executionError.Data[FieldKey] is string field)
        {
            extensions[FieldKey] = field;
        }
        if (executionError.InnerException is Localization.ConfidentialException confidential)
        {
            extensions["reason"] = confidential.Reason;
        }
        if (executionError.InnerException is Changes.ChangesNotKeptException notKept)
        {
            extensions["resumeAfter"] = notKept.ResumeAfter;
        }
        return new ErrorInfo { Message = executionError.Message, Extensions = extensions };
    }

    public static string CodeOf(ExecutionError error) => error switch
    {
        ComplexityError or LimitValidationError or TimeoutError => ErrorCodes.LimitExceeded,
        SyntaxError => ErrorCodes.ParseFailed,
        InvalidVariableError or Limits.InvalidNumberError => ErrorCodes.BadUserInput,
        NoIntrospectionError => ErrorCodes.Forbidden,
        ValidationError => ErrorCodes.ValidationFailed,
        { InnerException: ApiException api } => api.Code,
        { InnerException: InvalidCursorException } => ErrorCodes.BadUserInput,
        { InnerException: StoreUnavailableException } => ErrorCodes.StoreUnavailable,
        // Request-level errors the HTTP handler makes itself carry their code and no exception.
        { InnerException: null, Code: { } code } => code,
        _ => ErrorCodes.Internal,
    };
}

/// <summary>A validation error raised by one of the request limits.</summary>
public sealed class LimitValidationError(string message) : ValidationError(message)
{
}
