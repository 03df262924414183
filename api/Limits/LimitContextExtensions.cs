using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using GraphQL;

namespace Ecosystem.Api.Limits;

/// <summary>A list-size argument out of range (BAD_USER_INPUT).</summary>
public sealed class ListSizeException(string message) : ApiException(ErrorCodes.BadUserInput, message);

public static class LimitContextExtensions
{
    public static LimitOptions Limits(this IResolveFieldContext context) => context.Request().Limits;

    /// <summary>A plain-list <c>first</c> argument checked against the page-size limit: 0 to the limit, else BAD_USER_INPUT.</summary>
    public static int ListSize(this IResolveFieldContext context, int first) =>
        first >= 0 && first <= context.Request().Limits.MaxPageSize
            ? first
            : throw new ListSizeException($"first must be between 0 and {context.Request().Limits.MaxPageSize}.");
}
