using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Regions;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sources;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Provinces;

public sealed class ProvinceType : ObjectGraphType<Province>
{
    public ProvinceType()
    {
        Name = "Province";
        Description = "A province-level unit. Vietnam went from 63 to 34 on 2025-07-01 (Resolution 202/2025/QH15): former units keep their node, with validTo and their successor; units the merger left unchanged are one node on both sides.";
        NodeFields.AddIdAndName(this, "Short name with diacritics (\"Hải Dương\").");
        Field<NonNullGraphType<StringGraphType>>("code").Description("Official two-digit code. Ambiguous without a date: 24 was Bắc Giang and is now Bắc Ninh (the old Bắc Ninh was 27).").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("fullName").Description("Full official name (\"Tỉnh Hải Dương\", \"Thành phố Hải Phòng\").").Resolve(c => c.Source.FullName);
        Field<StringGraphType>("nameEn").Description("English name.").Resolve(c => c.Source.NameEn);
        Field<StringGraphType>("unitType").Description("municipality or province.").Resolve(c => c.Source.UnitType);
        Field<RegionType>("region").Description("The geographic region.").ResolveNode<Province, Region>(p => p.RegionId);
        Field<NonNullGraphType<BooleanGraphType>>("isCurrent").Description("Whether the unit is in force today.").Resolve(c => c.Source.IsValidOn(c.Request().Today));
        Field<DateType>("validFrom").Description("First day in force; null when it predates the data.").Resolve(c => c.Source.ValidFrom);
        Field<DateType>("validTo").Description("First day no longer in force; null while in force.").Resolve(c => c.Source.ValidTo);
        Field<StringGraphType>("mergerRelation").Description("How the 2025 merger treated the unit: unchanged, code_retained or merged_into; null for units it created.").Resolve(c => c.Source.MergerRelation);
        Field<ProvinceType>("successor").Description("For a former unit, the unit it became part of on 2025-07-01.").ResolveNode<Province, Province>(p => p.SuccessorId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProvinceType>>>>("predecessors")
            .Description("The former units merged into this one, by code; empty for units the merger left unchanged.")
            .Resolve(c => c.Related<Province>(c.Source.Id, RelType.MergedInto, Direction.In).Then(r => r.Then(IReadOnlyList<Province> (l) => [.. l.OrderBy(p => p.Code, StringComparer.Ordinal)])));
        Field<NonNullGraphType<ProvinceType>>("current")
            .Description("The unit in force today that this one's facts roll up to: itself while in force, else its successor.")
            .ResolveAsync(async c =>
            {
                var directory = await c.View().ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                return directory.RollUp(c.Source, c.Request().Today);
            });
        Field<GeoPointType>("location").Description("A label point inside the unit.").Resolve(c => GeoPoint.Of(c.Source.Lat, c.Source.Lng));
        Field<FloatGraphType>("areaKm2").Description("Area in km².").Resolve(c => c.Source.AreaKm2);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FigureType>>>>("figures").Description("Figures sources state about the unit (park counts, areas, investment), each dated and cited.").Resolve(c => c.Source.Figures);
        Field<NonNullGraphType<ConnectionType<ParkType, Park>>>("parks")
            .Description("Parks in the unit; for a unit in force, also those recorded in the former units merged into it; for a former unit, also those of its successor placed in it (see Park.placement), and under unplaced those no rule could place.")
            .Paging()
            .Resolve(c => ScopedPage<Park>(c, NodeKind.Park));
        Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("firms")
            .Description("Firms in the unit; for a unit in force, also those recorded in the former units merged into it; for a former unit, also those of its successor placed in it by ward or coordinates (see Firm.placement), and under unplaced those no rule could place.")
            .Paging()
            .Resolve(c => ScopedPage<Firm>(c, NodeKind.Firm));
        this.AddSourcesField(p => p.Sources);
    }

    /// <summary>A page of what lies in the province's scope; predecessors come from the batched neighbour loader.</summary>
    private static object ScopedPage<TNode>(IResolveFieldContext<Province> c, NodeKind kind)
        where TNode : Node
    {
        var page = c.PageRequest();
        var loaders = c.Loaders();
        var province = c.Source;
        var inForce = province.IsValidOn(c.Request().Today);
        return loaders.Neighbours(RelType.MergedInto, Direction.In).Load(province.Id).ThenLoad(predecessors =>
        {
            IReadOnlyList<string> scope = inForce ? [province.Id, .. predecessors] : [province.Id];
            var filter = new NodeFilter { ProvinceIds = scope };
            var query = new NodeQuery { Kind = kind, Filter = filter, First = page.First, After = page.After, Last = page.Last, Before = page.Before };
            // A former unit's firms and parks: with those of its successor the placement rules could not place.
            var unplaced = province.ValidTo is not null && province.SuccessorId is { } successor
                ? new NodeQuery { Kind = kind, Filter = new NodeFilter { ProvinceIds = [successor], Unplaced = true } }
                : null;
            return loaders.Pages.Load(query).Then(p => Paging.Connections.From(p, (Node n) => (TNode)n) with { Unplaced = unplaced });
        });
    }
}

public sealed class FigureType : ObjectGraphType<Figure>
{
    public FigureType()
    {
        Name = "Figure";
        Description = "A number a source states, with its unit, date and source.";
        Field<NonNullGraphType<StringGraphType>>("metric").Description("What is counted or measured (\"industrial_clusters\", \"fdi_registered_capital\", ...).").Resolve(c => c.Source.Metric);
        Field<NonNullGraphType<FloatGraphType>>("value").Description("The value as stated.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("Unit of the value (\"count\", \"ha\", \"USD\", ...).").Resolve(c => c.Source.Unit);
        Field<DateType>("asOf").Description("The date the figure holds for, when stated.").Resolve(c => c.Source.AsOf);
        Field<NonNullGraphType<SourceType>>("source").Description("The source that states it.").ResolveNode<Figure, Source>(f => f.SourceId);
        Field<StringGraphType>("note").Description("Remarks.").Resolve(c => c.Source.Note);
    }
}
