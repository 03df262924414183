using Ecosystem.Api.Loading;
using GraphQL;

namespace Ecosystem.Api.Limits;

public static class LimitContextExtensions
{
    public static LimitOptions Limits(this IResolveFieldContext context) => context.Request().Limits;
}
