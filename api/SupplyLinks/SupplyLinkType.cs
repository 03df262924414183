using Ecosystem.Api.Auth;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.SupplyLinks;

public sealed class SupplyLinkType : ObjectGraphType<SupplyLink>
{
    public SupplyLinkType()
    {
        Name = "SupplyLink";
        Description = "(supplier)-[:SUPPLIES]->(buyer): one firm supplies another with a product of a sector, with the sources that state it.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("Stable id derived from supplier, buyer, sector and product (\"supply:a>b/2610/linh-kien\").").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<FirmType>>("supplier").Description("The firm that supplies.").ResolveNode<SupplyLink, Firm>(l => l.SupplierId);
        Field<NonNullGraphType<FirmType>>("buyer").Description("The firm that buys.").ResolveNode<SupplyLink, Firm>(l => l.BuyerId);
        Field<StringGraphType>("product").Description("What is supplied, as the source names it.").Resolve(c => c.Source.Product);
        Field<StringGraphType>("hsCode").Description("The HS 2022 code of what is supplied (\"8708.29\", or a heading \"8708\"), when the source gives one.")
            .Resolve(c => c.Source.HsProductId is { } id ? Product.Display(Ecosystem.Graph.Rules.NodeIds.Local(id)) : null);
        Field<Products.ProductType>("hsProduct").Description("The HS 2022 product of what is supplied, when the link names one.").ResolveNode<SupplyLink, Product>(l => l.HsProductId);
        Field<NonNullGraphType<SectorType>>("sector").Description("The sector of what is supplied.").ResolveNode<SupplyLink, Sector>(l => l.SectorId);
        Field<FloatGraphType>("valueUsd").Description("Yearly value in USD, when stated.").Restricted().Resolve(c => c.Source.ValueUsd);
        Field<DateType>("since").Description("First day the link holds, when known.").Resolve(c => c.Source.Since);
        Field<DateType>("until").Description("Last day the link holds (inclusive); null while it holds.").Resolve(c => c.Source.Until);
        Field<NonNullGraphType<FloatGraphType>>("confidence").Description("Confidence in [0, 1] that the link exists as stated.").Resolve(c => c.Source.Confidence);
        this.AddSourcesField(l => l.Sources);
    }
}
