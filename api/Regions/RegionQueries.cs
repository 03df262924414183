using Ecosystem.Api.Loading;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Regions;

public static class RegionQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RegionType>>>>("regions")
            .Description("The eight geographic regions, by code.")
            .ResolveAsync(async c =>
            {
                var page = await c.Loaders().Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Region, OrderBy = [new SortOrder(SortField.Code)] }, c.CancellationToken).ConfigureAwait(false);
                return page.Items.Select(i => i.Node);
            });
}
