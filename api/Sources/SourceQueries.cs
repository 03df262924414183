using Ecosystem.Api.Paging;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Sources;

public static class SourceQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<SourceType, Source>>>("sources")
            .Description("The sources the graph cites, by title.")
            .Argument<BooleanGraphType>("synthetic", "Only synthetic (true) or only real (false) sources.")
            .Paging()
            .ResolveAsync(async c =>
            {
                var synthetic = c.GetArgument<bool?>("synthetic");
                return await c.ListAsync<Source>(NodeKind.Source, synthetic is null ? null : new NodeFilter { Synthetic = synthetic }).ConfigureAwait(false);
            });
}
