using Ecosystem.Api.Errors;
using Ecosystem.Api.Limits;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace Ecosystem.Api.Paging;

/// <summary>The Relay arguments first/after/last/before on connection fields, read and checked in one place.</summary>
public static class PagingArguments
{
    public static FieldBuilder<TSource, TReturn> ForwardPaging<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field
        .Argument<IntGraphType>("first", "How many items to return from the start (or after the cursor `after`); at most the server's page-size limit (100 by default), 20 when neither first nor last is given.")
        .Argument<StringGraphType>("after", "Return items after this cursor.");

    public static FieldBuilder<TSource, TReturn> Paging<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field
        .ForwardPaging()
        .Argument<IntGraphType>("last", "How many items to return from the end (or before the cursor `before`); at most the page-size limit.")
        .Argument<StringGraphType>("before", "Return items before this cursor.");

    /// <summary>The paging arguments with defaults applied; negative sizes are a BAD_USER_INPUT error.</summary>
    public static PageRequest PageRequest(this IResolveFieldContext context)
    {
        var first = context.GetArgument<int?>("first");
        var last = context.GetArgument<int?>("last");
        if (first is < 0 || last is < 0)
        {
            throw new InvalidPageRequestException("first and last must not be negative.");
        }
        var limits = context.Limits();
        if (first > limits.MaxPageSize || last > limits.MaxPageSize)
        {
            throw new LimitExceededException($"first and last may be at most {limits.MaxPageSize}.");
        }
        if (first is null && last is null)
        {
            first = limits.DefaultPageSize;
        }
        return new PageRequest(first, context.GetArgument<string?>("after"), last, context.GetArgument<string?>("before"));
    }
}

public sealed class InvalidPageRequestException(string message) : ApiException(ErrorCodes.BadUserInput, message);
