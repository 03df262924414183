using Ecosystem.Api.Paging;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Alliances;

public static class AllianceQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<AllianceType, Alliance>>>("alliances")
            .Description("Alliances and associations, by name.")
            .Paging()
            .ResolveAsync(async c => await c.ListAsync<Alliance>(NodeKind.Alliance, null).ConfigureAwait(false));
}
