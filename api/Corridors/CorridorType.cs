using Ecosystem.Api.Nodes;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Corridors;

public sealed class CorridorType : ObjectGraphType<Corridor>
{
    public CorridorType()
    {
        Name = "Corridor";
        Description = "A development corridor joining provinces, such as VCCI's Eastern expressway axis.";
        NodeFields.AddIdAndName(this, "Vietnamese name.");
        Field<StringGraphType>("nameEn").Description("English name.").Resolve(c => c.Source.NameEn);
        Field<StringGraphType>("description").Description("What the corridor is, from its sources.").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProvinceType>>>>("provinces").Description("The provinces it joins, as its sources name them.").ResolveNodes<Corridor, Province>(x => x.ProvinceIds);
        this.AddSourcesField(x => x.Sources);
    }
}

public static class CorridorQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ConnectionType<CorridorType, Corridor>>>("corridors")
            .Description("Development corridors, by name.")
            .Paging()
            .ResolveAsync(async c => await c.ListAsync<Corridor>(NodeKind.Corridor, null).ConfigureAwait(false));
}
