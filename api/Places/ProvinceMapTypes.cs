using Ecosystem.Api.Auth;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Localization;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Places;

/// <summary>provinceMap: every province of a date's map with the indicators the explorer's map shades by.</summary>
public static class ProvinceMapQueries
{
    /// <summary>Where the boundaries of each map are served (GeoJSON, from the files shipped with the data).</summary>
    public static string BoundariesPath(bool formerMap) => formerMap ? "/geo/provinces-63.geojson" : "/geo/provinces-34.geojson";

    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ProvinceMapType>>("provinceMap")
            .Description(
                "The provinces in force on a date (34, or 63 before 2025-07-01), each with the firms, lead firms, supporting-industry firms and parks it counts, " +
                "its parks' industrial land not yet leased, and its lead firms' input value with the domestic part. The same counts as Province.firms and Province.parks, " +
                "and the same values as the province's localizationReport; below the analyst role a province's values show when they pass the disclosure rules there " +
                "and, the provinces taken as a table that adds up to each region and the country, no hidden province could be worked out from the others.")
            .Argument<DateType>("asOf", "The date (default: today in Vietnam): the map and the links valid then.")
            .Argument<StringGraphType>("sectorCode", "Only firms of this sector or its descendants (VSIC 2025 code at any level), parks that prioritise it, and lead firms of it.")
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var store = request.Loaders.Store;
                var asOf = c.GetArgument<DateOnly?>("asOf") ?? request.Today;
                var sector = c.GetArgument<string?>("sectorCode") is { Length: > 0 } code
                    ? (await SectorCodes.ResolveAsync(store, [code], c.CancellationToken).ConfigureAwait(false))[0]
                    : null;
                var provinces = await request.View.ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                var services = c.RequestServices ?? throw new InvalidOperationException("no request services");
                return await services.GetRequiredService<ProvinceMapCache>()
                    .GetAsync(request.View.Version, provinces, asOf, sector, c.CancellationToken).ConfigureAwait(false);
            });
}

public sealed class ProvinceMapType : ObjectGraphType<ProvinceMap>
{
    public ProvinceMapType()
    {
        Name = "ProvinceMap";
        Description = "The provinces of one date's map with their indicators, the parks to draw on it, and what could not be placed on the map of 63.";
        Field<NonNullGraphType<DateType>>("asOf").Description("The date of the map.").Resolve(c => c.Source.AsOf);
        Field<NonNullGraphType<BooleanGraphType>>("formerMap").Description("True for the map of 63 provinces before 2025-07-01.").Resolve(c => c.Source.FormerMap);
        Field<NonNullGraphType<StringGraphType>>("boundaries")
            .Description("Where the map's province boundaries are served: GeoJSON (WGS84), one feature per province with its two-digit code in gso_code (see seed/data/geo/PROVENANCE.md).")
            .Resolve(c => ProvinceMapQueries.BoundariesPath(c.Source.FormerMap));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProvinceMapEntryType>>>>("provinces").Description("Every province of the map, by code.").Resolve(c => c.Source.Provinces);
        Field<NonNullGraphType<ProvinceMapUnplacedType>>("unplaced")
            .Description("On the map of 63: the firms and parks recorded under a province in force that no rule could place in a former one (counted on no province; see Firm.placement); zeros on the map of 34.")
            .Resolve(c => c.Source.Unplaced);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ParkType>>>>("parks")
            .Description("The parks with coordinates to draw on the map (those that prioritise the sector, when one was given), by id.")
            .ResolveAsync(async c =>
            {
                var store = c.Request().Loaders.Store;
                var filter = new NodeFilter { PrioritySectorIds = c.Source.SectorId is { } s ? [s] : null };
                var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park, Filter = filter, First = 100_000 }, c.CancellationToken).ConfigureAwait(false);
                return page.Items.Select(i => (Park)i.Node).Where(p => p.Lat is not null && p.Lng is not null).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
            });
    }
}

public sealed class ProvinceMapEntryType : ObjectGraphType<ProvinceMapEntry>
{
    public ProvinceMapEntryType()
    {
        Name = "ProvinceMapEntry";
        Description = "One province of a map and its indicators.";
        Field<NonNullGraphType<ProvinceType>>("province").Description("The province.").Resolve(c => c.Source.Province);
        Field<NonNullGraphType<IntGraphType>>("firms").Description("Firms it counts (as Province.firms).").Resolve(c => c.Source.Firms);
        Field<NonNullGraphType<IntGraphType>>("leadFirms").Description("Of those, lead firms.").Resolve(c => c.Source.LeadFirms);
        Field<NonNullGraphType<IntGraphType>>("supportingIndustryFirms").Description("Of those, supporting-industry firms.").Resolve(c => c.Source.SupportingFirms);
        Field<NonNullGraphType<IntGraphType>>("parks").Description("Parks it counts (as Province.parks).").Resolve(c => c.Source.Parks);
        Field<FloatGraphType>("availableAreaHa").Description("Industrial land not yet leased in its parks, in ha, summed over the parks where it is known; null when known for none.").Resolve(c => c.Source.AvailableAreaHa);
        Field<FloatGraphType>("inputValueUsd")
            .Description("Known value of the supply links into its lead firms valid on the date (as its localizationReport's inputValueUsd)." + LocalizationReportType.PublishNote)
            .Resolve(c => Shown(c, c.Source.ValueUsd));
        Field<FloatGraphType>("domesticValueUsd")
            .Description("Of that, from suppliers whose country is VN." + LocalizationReportType.PublishNote)
            .Resolve(c => Shown(c, c.Source.DomesticValueUsd));
        Field<FloatGraphType>("domesticShare")
            .Description("domesticValueUsd over inputValueUsd; null when no link has a known value." + LocalizationReportType.PublishNote)
            .Resolve(c => Shown(c, c.Source.DomesticShare));
    }

    /// <summary>The value for analysts; for others when the map does not withhold the province's values.</summary>
    private static object? Shown(IResolveFieldContext<ProvinceMapEntry> c, object? value) =>
        c.User.Has(Role.Analyst) || c.Source.Withheld is not { } reason
            ? value
            : throw new ConfidentialException($"ProvinceMapEntry.{c.FieldDefinition.Name}", reason);
}

public sealed class ProvinceMapUnplacedType : ObjectGraphType<ProvinceMapUnplaced>
{
    public ProvinceMapUnplacedType()
    {
        Name = "ProvinceMapUnplaced";
        Description = "What no rule could place on the map of 63.";
        Field<NonNullGraphType<IntGraphType>>("firms").Description("Firms.").Resolve(c => c.Source.Firms);
        Field<NonNullGraphType<IntGraphType>>("leadFirms").Description("Of those, lead firms.").Resolve(c => c.Source.LeadFirms);
        Field<NonNullGraphType<IntGraphType>>("supportingIndustryFirms").Description("Of those, supporting-industry firms.").Resolve(c => c.Source.SupportingFirms);
        Field<NonNullGraphType<IntGraphType>>("parks").Description("Parks.").Resolve(c => c.Source.Parks);
    }
}
