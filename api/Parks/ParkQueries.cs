using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Parks;

public static class ParkQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<ParkType>("park")
            .Description("A park, cluster or zone by id; null when none has it.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The park's global id.")
            .Resolve(c => c.Loaders().Node<Park>(c.GetArgument<string>("id")));

        query.Field<NonNullGraphType<ConnectionType<ParkType, Park>>>("parks")
            .Description("Parks, clusters and zones that pass the filter, sorted (by name unless told otherwise).")
            .Argument<ParkFilterInput>("where", "Which parks to return.")
            .Argument<ListGraphType<NonNullGraphType<ParkOrderInput>>>("orderBy", "Sort keys in order; ties are broken by id.")
            .Paging()
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var where = c.GetArgument<ParkFilter?>("where");
                var filter = where is null ? null : await where.ToNodeFilterAsync(request.Loaders.Store, request.View, c.CancellationToken).ConfigureAwait(false);
                var order = c.GetArgument<List<SortKey<ParkOrderField>>?>("orderBy") ?? [];
                return await c.ListAsync<Park>(NodeKind.Park, filter, [.. order.Select(o => o.ToSortOrder())]).ConfigureAwait(false);
            });
    }
}
