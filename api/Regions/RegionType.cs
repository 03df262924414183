using Ecosystem.Api.Loading;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Regions;

public sealed class RegionType : ObjectGraphType<Region>
{
    public RegionType()
    {
        Name = "Region";
        Description = "One of the eight geographic regions of Vietnam.";
        NodeFields.AddIdAndName(this, "Vietnamese name.");
        Field<NonNullGraphType<StringGraphType>>("code").Description("Short code of the region.").Resolve(c => c.Source.Code);
        Field<StringGraphType>("nameEn").Description("English name.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProvinceType>>>>("provinces")
            .Description("The provinces in the region, current and former, by code.")
            .Resolve(c => c.Related<Province>(c.Source.Id, RelType.InRegion, Direction.In).Then(r => r.Then(IReadOnlyList<Province> (l) => [.. l.OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.ValidFrom)])));
        this.AddSourcesField(r => r.Sources);
    }
}
