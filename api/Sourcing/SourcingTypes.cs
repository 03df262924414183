using Ecosystem.Api.Firms;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Products;
using Ecosystem.Api.Provinces;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Sourcing;

/// <summary>An item with the request it belongs to (its buyer and id).</summary>
public sealed record RequestItem(SourcingRequest Request, SourcingItem Item);

public sealed class SourcingStatusType() : DescribedEnumType<SourcingStatus>("SourcingStatus", "Whether a sourcing request still looks for suppliers.", new Dictionary<SourcingStatus, string>
{
    [SourcingStatus.Open] = "It still looks for suppliers.",
    [SourcingStatus.Closed] = "Closed by the buyer or an editor; kept for the record.",
});

public sealed class ProductFitType() : DescribedEnumType<ProductFit>("ProductFit", "How closely what a firm makes matches a requested product.", new Dictionary<ProductFit, string>
{
    [ProductFit.Subheading] = "It makes the same subheading (or the very heading or chapter the item names): 40 points.",
    [ProductFit.Heading] = "It makes a product of the same heading (4 digits): 28 points.",
    [ProductFit.Chapter] = "It makes a product of the same chapter (2 digits): 16 points.",
    [ProductFit.Sector] = "It lists no product of the chapter but works in a sector of the product (the VSIC 2025 divisions of its ISIC Rev.4 classes, or the item's sector): 8 points.",
});

public sealed class SourcingRequestType : ObjectGraphType<SourcingRequest>
{
    public SourcingRequestType()
    {
        Name = "SourcingRequest";
        Description = "A buyer's call for suppliers: the parts it still buys (often abroad) and what a supplier must meet. Restricted requests are read by analysts and up only.";
        Nodes.NodeFields.AddIdAndName(this, "The request's title.");
        Field<NonNullGraphType<StringGraphType>>("title").Description("The request's title (its name).").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<FirmType>>("buyer").Description("The firm that posted it.").ResolveNode<SourcingRequest, Firm>(r => r.BuyerId);
        Field<NonNullGraphType<SourcingStatusType>>("status").Description("Open or closed.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DateType>>("postedOn").Description("The day it was posted.").Resolve(c => c.Source.PostedOn);
        Field<DateType>("neededBy").Description("The day the buyer needs suppliers by, when stated.").Resolve(c => c.Source.NeededBy);
        Field<NonNullGraphType<BooleanGraphType>>("restricted").Description("Whether only analysts and up may read it.").Resolve(c => c.Source.Restricted);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourcingItemType>>>>("items").Description("Its items, in the order given.").Resolve(c => c.Source.Items.Select(i => new RequestItem(c.Source, i)).ToList());
        this.AddSourcesField(r => r.Sources);
    }
}

public sealed class SourcingItemType : ObjectGraphType<RequestItem>
{
    public SourcingItemType()
    {
        Name = "SourcingItem";
        Description = "One part a buyer looks for, with what a supplier must meet.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The request's id, '#', the item's key (\"request:vf-2026-01#bracket\").").Resolve(c => SourcingItem.IdOf(c.Source.Request.Id, c.Source.Item.Key));
        Field<NonNullGraphType<StringGraphType>>("key").Description("The item's key within its request.").Resolve(c => c.Source.Item.Key);
        Field<ProductType>("product").Description("The HS 2022 product asked for, when given.").ResolveNode<RequestItem, Product>(i => i.Item.ProductId);
        Field<SectorType>("sector").Description("The sector asked for, when given.").ResolveNode<RequestItem, Sector>(i => i.Item.SectorId);
        Field<StringGraphType>("description").Description("The part in the buyer's words.").Resolve(c => c.Source.Item.Description);
        Field<FloatGraphType>("annualQuantity").Description("How much the buyer needs a year, in unit.").Resolve(c => c.Source.Item.AnnualQuantity);
        Field<StringGraphType>("unit").Description("The unit of annualQuantity.").Resolve(c => c.Source.Item.Unit);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CertificationStandardType>>>>("requiredCertifications").Description("Certificates a supplier must hold, valid on the day of matching.").ResolveNodes<RequestItem, CertificationStandard>(i => i.Item.RequiredStandardIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcessType>>>>("requiredProcesses").Description("Processes a supplier should run.").ResolveNodes<RequestItem, Process>(i => i.Item.RequiredProcessIds);
        Field<FloatGraphType>("maxDistanceKm").Description("How far from the buyer a supplier may be (km, great-circle; firm, else park, else province centre).").Resolve(c => c.Source.Item.MaxDistanceKm);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProvinceType>>>>("provinces").Description("When not empty, suppliers must be in one of these provinces (old or new names, by the merger rules).").ResolveNodes<RequestItem, Province>(i => i.Item.ProvinceIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourcingMatchType>>>>("matches")
            .Description(
                "Domestic firms (country VN, the buyer excluded; firms already supplying the buyer stay in and say so) that could make the part, best first. "
                + "Score out of 100: product fit 40 x (1 same subheading, 0.7 heading, 0.4 chapter, 0.2 only the sector; a firm with none of these is not a match); "
                + "processes 15 x the share of required processes it runs (in full when none is required); certificates 10 x the share held valid on the day (a firm lacking one is left out unless includePartial, then 10 points off per certificate lacked); "
                + "proven supply 10 when it already supplies other buyers with the item (a link whose HS code shares the item's heading; a link without a code counts when it is in the item's sectors, a link coded for another heading does not); distance 15 x 100 / (100 + km) (0 when unknown; beyond maxDistanceKm, or unknown when a maximum is set, left out); "
                + "capacity 5 x min(1, capacity / quantity) when both are known in the same unit, half when not; verified 5 when the product it makes is verified. "
                + "Ties: product fit, then distance, then firm id.")
            .Argument<IntGraphType>("first", "How many at most (default 10, at most the page-size limit).", a => a.DefaultValue = 10)
            .Argument<BooleanGraphType>("includePartial", "Keep firms that lack a required certificate (they list what they lack).", a => a.DefaultValue = false)
            .Argument<DateType>("asOf", "The day certificates and supply links must hold on (default: today in Vietnam).")
            .ResolveAsync(async c =>
            {
                var request = new SourcingMatchRequest(
                    c.Source.Request.BuyerId, c.Source.Item, c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today, c.ListSize(c.GetArgument("first", 10)), c.GetArgument("includePartial", false));
                return (await c.Loaders().Store.MatchSourcingAsync([request], c.CancellationToken).ConfigureAwait(false))[0];
            });
    }
}

public sealed class SourcingMatchType : ObjectGraphType<SourcingMatch>
{
    public SourcingMatchType()
    {
        Name = "SourcingMatch";
        Description = "A firm that could supply an item, with each part of its score (see SourcingItem.matches) and the reasons in plain words.";
        Field<NonNullGraphType<FirmType>>("firm").Description("The firm.").ResolveNode<SourcingMatch, Firm>(m => m.FirmId);
        Field<NonNullGraphType<FloatGraphType>>("score").Description("0-100: the sum of the parts, less 10 per certificate lacked.").Resolve(c => c.Source.Score);
        Field<NonNullGraphType<ProductFitType>>("productFit").Description("How closely what it makes matches the product.").Resolve(c => c.Source.ProductFit);
        Field<ProductType>("matchedProduct").Description("The product of its profile that fits best; null for a fit by sector only.").ResolveNode<SourcingMatch, Product>(m => m.MatchedProductId);
        Field<FloatGraphType>("processFit").Description("The share of required processes it runs; null when the item requires none.").Resolve(c => c.Source.ProcessFit);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CertificationStandardType>>>>("certificationsMet").Description("Required certificates it holds, valid on the day.").ResolveNodes<SourcingMatch, CertificationStandard>(m => m.CertificationsMet);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CertificationStandardType>>>>("missingCertifications").Description("Required certificates it lacks (only with includePartial).").ResolveNodes<SourcingMatch, CertificationStandard>(m => m.MissingCertifications);
        Field<NonNullGraphType<BooleanGraphType>>("provenSupply").Description("Whether it already supplies other buyers in the product's sector (valid links on the day).").Resolve(c => c.Source.ProvenSupply);
        Field<NonNullGraphType<BooleanGraphType>>("alreadySuppliesBuyer").Description("Whether it already supplies the buyer (anything).").Resolve(c => c.Source.AlreadySuppliesBuyer);
        Field<FloatGraphType>("distanceKm").Description("Great-circle km to the buyer (firm, else park, else province centre), one decimal; null when unknown.").Resolve(c => c.Source.DistanceKm);
        Field<FloatGraphType>("capacityFit").Description("min(1, its capacity / the quantity) when both are known in the same unit; null otherwise.").Resolve(c => c.Source.CapacityFit);
        Field<NonNullGraphType<SourcingScorePartsType>>("scoreParts").Description("The points of each part.").Resolve(c => c.Source.Parts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("reasons").Description("The match in plain words (\"makes 8708.29; holds IATF 16949 until 2027-03-31; 34 km\").").Resolve(c => c.Source.Reasons);
    }
}

public sealed class SourcingScorePartsType : ObjectGraphType<SourcingScoreParts>
{
    public SourcingScorePartsType()
    {
        Name = "SourcingScoreParts";
        Description = "The points of a match's score, part by part (they add up to the score before any penalty for certificates lacked).";
        Field<NonNullGraphType<FloatGraphType>>("product").Description("Up to 40: product fit.").Resolve(c => c.Source.Product);
        Field<NonNullGraphType<FloatGraphType>>("processes").Description("Up to 15: required processes run.").Resolve(c => c.Source.Processes);
        Field<NonNullGraphType<FloatGraphType>>("certifications").Description("Up to 10: required certificates held.").Resolve(c => c.Source.Certifications);
        Field<NonNullGraphType<FloatGraphType>>("provenSupply").Description("0 or 10: supplies other buyers in the sector.").Resolve(c => c.Source.ProvenSupply);
        Field<NonNullGraphType<FloatGraphType>>("distance").Description("Up to 15: nearness to the buyer.").Resolve(c => c.Source.Distance);
        Field<NonNullGraphType<FloatGraphType>>("capacity").Description("Up to 5: capacity against quantity.").Resolve(c => c.Source.Capacity);
        Field<NonNullGraphType<FloatGraphType>>("verified").Description("0 or 5: the product it makes is verified.").Resolve(c => c.Source.Verified);
    }
}

/// <summary>A firm that makes a product, as Product.makers lists it.</summary>
public sealed class ProductMakerType : ObjectGraphType<ProductMaker>
{
    public ProductMakerType()
    {
        Name = "ProductMaker";
        Description = "A firm whose profile lists a product (or one under it).";
        Field<NonNullGraphType<FirmType>>("firm").Description("The firm.").ResolveNode<ProductMaker, Firm>(m => m.FirmId);
        Field<NonNullGraphType<ProductType>>("product").Description("The product its profile lists (the one asked for or one under it).").ResolveNode<ProductMaker, Product>(m => m.ProductId);
        Field<NonNullGraphType<BooleanGraphType>>("verified").Description("Whether that product is verified.").Resolve(c => c.Source.Verified);
    }
}
