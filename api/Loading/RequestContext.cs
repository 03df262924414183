using Ecosystem.Api.Limits;
using GraphQL;

namespace Ecosystem.Api.Loading;

/// <summary>What resolvers of one request share: its batching loaders, its limits and the date "today" means.</summary>
public sealed class RequestContext : Dictionary<string, object?>
{
    public required RequestLoaders Loaders { get; init; }

    public required LimitOptions Limits { get; init; }

    /// <summary>The request's view of the graph: its version, today in Vietnam, the province directory.</summary>
    public required RequestView View { get; init; }

    /// <summary>Today in Vietnam (UTC+7), the default "as of" date of province lookups.</summary>
    public DateOnly Today => View.Today;
}

public static class RequestContextExtensions
{
    public static RequestContext Request(this IResolveFieldContext context) =>
        context.UserContext as RequestContext ?? throw new InvalidOperationException("The request context is missing.");

    public static RequestLoaders Loaders(this IResolveFieldContext context) => context.Request().Loaders;

    public static RequestView View(this IResolveFieldContext context) => context.Request().View;
}
