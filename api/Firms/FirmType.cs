using Ecosystem.Api.Auth;
using Ecosystem.Api.Alliances;
using Ecosystem.Api.Clusters;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Parks;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.SupplyLinks;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Firms;

public sealed class FirmType : ObjectGraphType<Firm>
{
    public FirmType()
    {
        Name = "Firm";
        Description = "A firm in Vietnam (with its tax code when known) or abroad (country other than VN). Synthetic firms say so in their name and sources.";
        NodeFields.AddIdAndName(this, "Registered or trading name; synthetic firms end in \"(synthetic)\".");
        Field<StringGraphType>("taxCode").Description("Tax code (MST): 10 digits, or 13 for a branch as \"0123456789-001\"; null when unknown or foreign.").Resolve(c => c.Source.TaxCode);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FirmIdentifierType>>>>("identifiers").Description("Identifiers the firm carries in other registers (Open Supply Hub, LEI, GLN, registration number, customs code), each checked by its register's rule; firm(identifier:) finds the firm by any of them.").Resolve(c => c.Source.Identifiers ?? []);
        Field<OwnershipType>("ownership").Description("Who owns the firm, when known.").Resolve(c => c.Source.Ownership);
        Field<NonNullGraphType<StringGraphType>>("country").Description("Country where the firm operates (ISO 3166-1 alpha-2); \"VN\" for domestic operations.").Resolve(c => c.Source.Country);
        Field<StringGraphType>("originCountry").Description("For FDI firms and joint ventures, the investor's country (ISO alpha-2).").Resolve(c => c.Source.OriginCountry);
        Field<FirmSizeType>("size").Description("Size class, when known.").Resolve(c => c.Source.Size);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FirmRoleType>>>>("roles").Description("The parts the firm plays (lead firm, supporting industry, ...).").Resolve(c => c.Source.Roles);
        Field<FloatGraphType>("revenueUsd").Description("Annual revenue in USD, when a source states it.").Restricted().Resolve(c => c.Source.RevenueUsd);
        Field<GeoPointType>("location").Description("Coordinates, when a source states them.").Resolve(c => GeoPoint.Of(c.Source.Lat, c.Source.Lng));
        Field<StringGraphType>("note").Description("Remarks from the firm's sources.").Resolve(c => c.Source.Note);
        Field<ProvinceType>("province").Description("The province the firm is recorded in (as its source states it, before or after the 2025 merger; see Province.current).").ResolveNode<Firm, Province>(f => f.ProvinceId);
        Field<ParkType>("park").Description("The industrial park, cluster or zone the firm is located in, when known.").ResolveNode<Firm, Park>(f => f.ParkId);
        Places.PlaceFields.AddTo(this, f => f.Address, f => f.WardId, f => f.Placement);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectorType>>>>("sectors").Description("The sectors the firm works in (VSIC 2025).").ResolveNodes<Firm, Sector>(f => f.SectorIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AllianceType>>>>("alliances").Description("The alliances and associations the firm belongs to.").ResolveNodes<Firm, Alliance>(f => f.AllianceIds);
        Field<NonNullGraphType<FirmCapabilitiesType>>("capabilities")
            .Description("What the firm makes (HS products with capacity), the processes it runs, its certificates and export markets, employees and founded year; empty lists when nothing is known.")
            .Resolve(c => c.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Sourcing.SourcingRequestType>>>>("sourcingRequests")
            .Description("The sourcing requests the firm posted (restricted ones only for analysts and up), by id.")
            .ResolveAsync(async c =>
            {
                var ids = await c.Loaders().Neighbours(Graph.Model.RelType.PostedBy, Direction.In).Load(c.Source.Id).GetResultAsync(c.CancellationToken).ConfigureAwait(false);
                var nodes = await c.Loaders().Nodes.LoadMany([.. ids.Order(StringComparer.Ordinal)]).GetResultAsync(c.CancellationToken).ConfigureAwait(false);
                return nodes.OfType<SourcingRequest>().ToList();
            });
        this.AddSourcesField(f => f.Sources);
        Field<NonNullGraphType<ConnectionType<FirmType, Firm>>>("coLocated")
            .Description("Firms in the same park that share a sector or a supply link with this one, by id.")
            .ForwardPaging()
            .Resolve(c =>
            {
                var page = c.PageRequest();
                var loaders = c.Loaders();
                return loaders.CoLocated.Load(c.Source.Id).ThenLoad(ids => FirmPages.Load(loaders, ListPager.Page(ids, id => id, page)));
            });
        this.AddSupplyLinkField("suppliers", Direction.In, "Links from the firm's direct suppliers, by supplier id, then sector and product.");
        this.AddSupplyLinkField("customers", Direction.Out, "Links to the firm's direct customers, by buyer id, then sector and product.");
        Localization.LocalizationQueries.AddFirmFields(this);
    }
}
