using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Places;

public sealed class WardType : ObjectGraphType<Ward>
{
    public WardType()
    {
        Name = "Ward";
        Description = "A commune-level unit (phường, xã, đặc khu). The 3,321 units in force from 2025-07-01 and the 10,035 before them are both here: codes repeat across the two maps (00004 was Phường Trúc Bạch and is now Phường Ba Đình), so a former unit's id ends in \"-pre2025\".";
        NodeFields.AddIdAndName(this, "Short name with diacritics (\"Ba Đình\").");
        Field<NonNullGraphType<StringGraphType>>("code").Description("Official five-digit code; read it with a date, like a province code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("fullName").Description("Full official name (\"Phường Ba Đình\", \"Xã Tân Phú Trung\").").Resolve(c => c.Source.FullName);
        Field<StringGraphType>("nameEn").Description("English name (a transliteration, not an official translation).").Resolve(c => c.Source.NameEn);
        Field<StringGraphType>("unitType").Description("ward, commune or special_zone (from 2025); ward, commune or commune_level_town (before).").Resolve(c => c.Source.UnitType);
        Field<NonNullGraphType<ProvinceType>>("province").Description("The province of its map: one of the 34 for a unit in force, one of the 63 for a former unit.").ResolveNode<Ward, Province>(w => w.ProvinceId);
        Field<StringGraphType>("district").Description("For a former unit, its district (districts were abolished on 2025-07-01).").Resolve(c => c.Source.District);
        Field<NonNullGraphType<BooleanGraphType>>("isCurrent").Description("Whether the unit is in force today.").Resolve(c => c.Source.IsValidOn(c.Request().Today));
        Field<DateType>("validFrom").Description("First day in force; null when it predates the data.").Resolve(c => c.Source.ValidFrom);
        Field<DateType>("validTo").Description("First day no longer in force; null while in force.").Resolve(c => c.Source.ValidTo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WardLinkType>>>>("formedFrom")
            .Description("For a unit in force, the former units it was formed from (all or part of each), by the 2025 commune mapping; empty for a former unit.")
            .Resolve(c => c.Source.ValidTo is null ? c.Source.Links : []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WardLinkType>>>>("wentInto")
            .Description("For a former unit, the units in force it went into; empty for a unit in force.")
            .Resolve(c => c.Source.ValidTo is null ? [] : c.Source.Links);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProvinceType>>>>("formerProvinces")
            .Description("For a unit in force, the former provinces its former units lay in: one for almost every unit, two for the few formed across a former provincial border (a firm there is placed in the old map by its coordinates or recorded province, not its ward).")
            .ResolveNodes<Ward, Province>(w => w.FormerProvinceIds);
        Field<GeoPointType>("location").Description("A label point inside the unit (not an administrative centre), for units in force.").Resolve(c => GeoPoint.Of(c.Source.Lat, c.Source.Lng));
        Field<FloatGraphType>("areaKm2").Description("Area in km², for units in force.").Resolve(c => c.Source.AreaKm2);
        Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("firms")
            .Description("Firms recorded in the unit.")
            .Paging()
            .ResolveAsync(async c => await c.ListAsync<Firm>(NodeKind.Firm, new NodeFilter { WardIds = [c.Source.Id] }).ConfigureAwait(false));
        Field<NonNullGraphType<ConnectionType<ParkType, Park>>>("parks")
            .Description("Parks recorded in the unit.")
            .Paging()
            .ResolveAsync(async c => await c.ListAsync<Park>(NodeKind.Park, new NodeFilter { WardIds = [c.Source.Id] }).ConfigureAwait(false));
        this.AddSourcesField(w => w.Sources);
    }
}

public sealed class WardLinkType : ObjectGraphType<WardLink>
{
    public WardLinkType()
    {
        Name = "WardLink";
        Description = "One pair of the 2025 commune mapping.";
        Field<NonNullGraphType<WardType>>("ward").Description("The unit on the other side of the mapping.").ResolveNode<WardLink, Ward>(l => l.WardId);
        Field<NonNullGraphType<BooleanGraphType>>("whole").Description("Whether all of the former unit went into the unit in force (false: it was split among several).").Resolve(c => c.Source.Whole);
    }
}

public sealed class PlacementMethodType() : DescribedEnumType<PlacementMethod>("PlacementMethod", "The rule that placed a firm or park in the pre-2025 map, tried in this order.", new Dictionary<PlacementMethod, string>
{
    [PlacementMethod.Ward] = "Its ward: a former unit, or a unit in force formed within one former province.",
    [PlacementMethod.Coordinates] = "Its coordinates lie inside the boundary of a former province that became its province.",
    [PlacementMethod.Stated] = "The province recorded for it is a pre-2025 unit (or one the merger left unchanged).",
    [PlacementMethod.Unplaced] = "None of the rules decides: it lies in a merged province, its former province unknown. It counts in its province today and in no former province; listings and reports over a former province list it under unplaced.",
});

public sealed class PlacementType : ObjectGraphType<(Placement Placement, string? WardId)>
{
    public PlacementType()
    {
        Name = "Placement";
        Description = "Where a firm or park lies in both maps, derived from its ward, coordinates and recorded province each time they are written.";
        Field<ProvinceType>("province").Description("The province in force since 2025-07-01.").ResolveNode<(Placement Placement, string? WardId), Province>(p => p.Placement.ProvinceId);
        Field<ProvinceType>("formerProvince").Description("The province of the 63-province map before 2025-07-01; null when unplaced.").ResolveNode<(Placement Placement, string? WardId), Province>(p => p.Placement.FormerProvinceId);
        Field<WardType>("ward").Description("The ward recorded for it, when there is one.").ResolveNode<(Placement Placement, string? WardId), Ward>(p => p.WardId);
        Field<NonNullGraphType<PlacementMethodType>>("method").Description("The rule that decided the former province.").Resolve(c => c.Source.Placement.Method);
    }
}

/// <summary>The fields firms and parks share for their place: address, ward, placement.</summary>
public static class PlaceFields
{
    public static void AddTo<TNode>(ObjectGraphType<TNode> type, Func<TNode, string?> address, Func<TNode, string?> wardId, Func<TNode, Placement?> placement)
        where TNode : Node
    {
        type.Field<StringGraphType>("address").Description("Street address as the source gives it.").Resolve(c => address(c.Source));
        type.Field<WardType>("ward").Description("The commune-level unit it lies in (in force or former), when known.").ResolveNode<TNode, Ward>(wardId);
        type.Field<PlacementType>("placement")
            .Description("Where it lies in both maps (the 34 provinces and the 63 before 2025-07-01) and the rule that placed it; null when it has no place (abroad, or nothing recorded).")
            .Resolve(c => placement(c.Source) is { } p ? (p, wardId(c.Source)) : null);
    }
}
