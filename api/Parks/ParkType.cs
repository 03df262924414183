using Ecosystem.Api.Clusters;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Parks;

public sealed class ParkType : ObjectGraphType<Park>
{
    public ParkType()
    {
        Name = "Park";
        Description = "An industrial park, cluster or zone. Every value has a cited source (see citations); values no source states are null, never estimated.";
        NodeFields.AddIdAndName(this, "Vietnamese name as the source gives it.");
        Field<StringGraphType>("nameEn").Description("English name, when a source gives one.").Resolve(c => c.Source.NameEn);
        Field<NonNullGraphType<ParkKindType>>("kind").Description("KCN, CCN, KKT, KCNC or KCX.").Resolve(c => c.Source.ParkKind);
        Field<NonNullGraphType<ParkStatusType>>("status").Description("Operating, under construction, planned, or unknown.").Resolve(c => c.Source.Status);
        Field<FloatGraphType>("totalAreaHa").Description("Total area in hectares.").Resolve(c => c.Source.TotalAreaHa);
        Field<FloatGraphType>("industrialAreaHa").Description("Industrial (leasable) land in hectares.").Resolve(c => c.Source.IndustrialAreaHa);
        Field<FloatGraphType>("leasedAreaHa").Description("Leased land in hectares, only when a source states it.").Resolve(c => c.Source.LeasedAreaHa);
        Field<FloatGraphType>("occupancyPercent").Description("Occupancy of leasable land in percent, as the source states it.").Resolve(c => c.Source.OccupancyPercent);
        Field<FloatGraphType>("availableAreaHa").Description("Industrial land not yet leased, in ha: industrial minus leased area, or industrial area times (1 - occupancy); null unless both values are stated.").Resolve(c => c.Source.AvailableAreaHa);
        Field<IntGraphType>("establishedYear").Description("Year established, when stated.").Resolve(c => c.Source.EstablishedYear);
        Field<BooleanGraphType>("ecoIndustrial").Description("Whether a source names it an eco-industrial park.").Resolve(c => c.Source.EcoIndustrial);
        Field<StringGraphType>("dataDate").Description("Date of the data as the source states it (yyyy, yyyy-MM or yyyy-MM-dd).").Resolve(c => c.Source.DataDate);
        Field<GeoPointType>("location").Description("Coordinates, when a source states them.").Resolve(c => GeoPoint.Of(c.Source.Lat, c.Source.Lng));
        Field<NonNullGraphType<ProvinceType>>("province").Description("The province the source places it in (before or after the 2025 merger; see Province.current).").ResolveNode<Park, Province>(p => p.ProvinceId);
        Places.PlaceFields.AddTo(this, p => p.Address, p => p.WardId, p => p.Placement);
        Field<StringGraphType>("developer").Description("The infrastructure developer as the source names it.").Resolve(c => c.Source.DeveloperName);
        Field<FirmType>("developerFirm").Description("The developer as a firm of the graph, when known.").ResolveNode<Park, Firm>(p => p.DeveloperFirmId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PrioritySectorType>>>>("prioritySectors").Description("Sectors the park prioritises, each with its source.").Resolve(c => c.Source.PrioritySectors);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CitationType>>>>("citations").Description("Which source states which value.").Resolve(c => c.Source.Citations);
        Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("firms")
            .Description("Firms located in the park, by name.")
            .ResolveNodePage<Park, Firm>(NodeKind.Firm, c => new NodeFilter { ParkIds = [c.Source.Id] });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LinkedParkType>>>>("linkedParks")
            .Description("Other parks whose firms trade with this park's firms (links valid today), most links first.")
            .Resolve(c => c.Loaders().LinkedParks(c.Request().Today).Load(c.Source.Id));
        this.AddSourcesField(p => p.Sources);
    }
}
