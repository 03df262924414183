using Ecosystem.Api.Auth;
using Ecosystem.Api.Firms;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Localization;
using Ecosystem.Api.Products;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Scopes;
using Ecosystem.Api.SupplyChains;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Sourcing;

/// <summary>productGaps: the HS products a scope's lead firms buy abroad, each with the domestic firms that could make it.</summary>
public static class ProductGapQueries
{
    public static void AddTo(ObjectGraphType query) =>
        query.Field<ProductGapReportType>("productGaps")
            .Description(
                "The HS 2022 products (headings, or subheadings) that a scope's lead firms (LEAD_FIRM role, located in the scope, in sectorCode when given) buy abroad: " +
                "their supply links valid on asOf that name an HS code, grouped at productLevel (a link coded more coarsely stays at its own code). A product is a gap when " +
                "at least one of its links comes from a supplier abroad, its domestic share (supplier country VN) is below threshold and its foreign value is at least minValueUsd. " +
                "The share is by value when any of its links has a value, else by links (shareBasis). Most foreign value first, then most foreign links, then code. " +
                "Computed from confidential supply links: analysts and up.")
            .Argument<NonNullGraphType<ScopeInputType>>("scope", "Where the lead firms are: a park, a province (old or new), a region, a corridor, or the whole country.")
            .Argument<StringGraphType>("sectorCode", "Only lead firms of this sector or its descendants (VSIC 2025 code at any level).")
            .Argument<DateType>("asOf", "Links valid on this date, provinces as they were then (default: today in Vietnam).")
            .Argument<ProductLevelType>("productLevel", "HEADING (4 digits, default) or SUBHEADING (6 digits).", a => a.DefaultValue = ProductLevel.Heading)
            .Argument<FloatGraphType>("threshold", "A gap's domestic share is below this, 0 to 1 (default 0.3).", a => a.DefaultValue = 0.3)
            .Argument<FloatGraphType>("minValueUsd", "A gap's foreign value is at least this (default 0).", a => a.DefaultValue = 0.0)
            .Argument<BooleanGraphType>("priorityListOnly", "Only products on the reconstructed list of priority supporting-industry products (the product, a product under it, or the heading above it listed).", a => a.DefaultValue = false)
            .Restricted()
            .ResolveAsync(async c =>
            {
                var request = c.Request();
                var store = request.Loaders.Store;
                var query = new ProductGapQuery
                {
                    Scope = c.GetArgument<ScopeInput>("scope").ToFirmScope(),
                    SectorCode = c.GetArgument<string?>("sectorCode"),
                    Level = c.GetArgument("productLevel", ProductLevel.Heading),
                    AsOf = c.GetArgument<DateOnly?>("asOf") ?? request.Today,
                    Threshold = c.GetArgument("threshold", 0.3),
                    MinValueUsd = c.GetArgument("minValueUsd", 0.0),
                };
                ProductGapReport report;
                try
                {
                    report = await query.RunAsync(store, await request.View.ProvincesAsync(c.CancellationToken).ConfigureAwait(false), c.CancellationToken).ConfigureAwait(false);
                }
                catch (ScopeException e)
                {
                    throw ScopeResolver.Map(e);
                }
                catch (LocalizationArgumentException e)
                {
                    throw new LocalizationArgumentError(e.Message);
                }
                IReadOnlyList<ProductGap> gaps = report.Gaps;
                if (c.GetArgument("priorityListOnly", false))
                {
                    gaps = await ListedAsync(store, gaps, c.CancellationToken).ConfigureAwait(false);
                }
                return new ProductGapResult(report, gaps, query.AsOf);
            });

    /// <summary>The gaps whose product, a product under it or its heading is on a listing.</summary>
    private static async Task<IReadOnlyList<ProductGap>> ListedAsync(IGraphStore store, IReadOnlyList<ProductGap> gaps, CancellationToken cancellationToken)
    {
        var products = await store.GetNodesAsync([.. gaps.Select(g => g.Purchase.ProductId)], cancellationToken).ConfigureAwait(false);
        var parents = await store.GetNodesAsync([.. products.Select(p => (p as Product)?.ParentId ?? "")], cancellationToken).ConfigureAwait(false);
        var kept = new List<ProductGap>();
        for (var i = 0; i < gaps.Count; i++)
        {
            if (products[i] is not Product product)
            {
                continue;
            }
            var listed = product.Listings.Count > 0 || parents[i] is Product { Listings.Count: > 0, Level: ProductLevel.Heading };
            if (!listed && product.Level != ProductLevel.Subheading)
            {
                var children = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Product, Filter = new NodeFilter { ParentId = product.Id }, First = 1000 }, cancellationToken).ConfigureAwait(false);
                listed = children.Items.Any(x => ((Product)x.Node).Listings.Count > 0);
            }
            if (listed)
            {
                kept.Add(gaps[i]);
            }
        }
        return kept;
    }
}

public sealed record ProductGapResult(ProductGapReport Report, IReadOnlyList<ProductGap> Gaps, DateOnly AsOf);

public sealed class ProductGapReportType : ObjectGraphType<ProductGapResult>
{
    public ProductGapReportType()
    {
        Name = "ProductGapReport";
        Description = "The HS products a scope's lead firms buy abroad beyond a threshold (see Query.productGaps).";
        Field<NonNullGraphType<DateType>>("asOf").Description("Links valid on this date; provinces as they were then.").Resolve(c => c.Source.AsOf);
        Field<NonNullGraphType<ProductLevelType>>("productLevel").Description("The level products are grouped at.").Resolve(c => c.Source.Report.Query.Level);
        Field<NonNullGraphType<FloatGraphType>>("threshold").Description("A product is a gap when its domestic share is below this.").Resolve(c => c.Source.Report.Query.Threshold);
        Field<NonNullGraphType<FloatGraphType>>("minValueUsd").Description("... and its foreign value is at least this.").Resolve(c => c.Source.Report.Query.MinValueUsd);
        Field<NonNullGraphType<IntGraphType>>("leadFirmCount").Description("Lead firms in scope (and in the sector, when one is given).").Resolve(c => c.Source.Report.Purchases.LeadFirmCount);
        Field<NonNullGraphType<IntGraphType>>("codedLinkCount").Description("Their links valid on asOf that name an HS code (the ones products are read from).").Resolve(c => c.Source.Report.Purchases.Products.Sum(p => p.LinkCount));
        Field<NonNullGraphType<IntGraphType>>("uncodedLinkCount").Description("Their links valid on asOf that name no HS code: not placed in any product (a low coverage makes the list partial).").Resolve(c => c.Source.Report.Purchases.UncodedLinkCount);
        Field<NonNullGraphType<FloatGraphType>>("uncodedValueUsd").Description("The known value of the links without an HS code.").Resolve(c => c.Source.Report.Purchases.UncodedValueUsd);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductGapType>>>>("gaps")
            .Description("The gaps, most foreign value first, then most foreign links, then code.")
            .Argument<IntGraphType>("first", "How many at most (default 20, at most the page-size limit).", a => a.DefaultValue = 20)
            .Resolve(c => c.Source.Gaps.Take(c.ListSize(c.GetArgument("first", 20))).Select(g => new ProductGapItem(g, c.Source.AsOf)).ToList());
    }
}

public sealed record ProductGapItem(ProductGap Gap, DateOnly AsOf);

public sealed class ProductGapType : ObjectGraphType<ProductGapItem>
{
    public ProductGapType()
    {
        Name = "ProductGap";
        Description = "One HS product the lead firms buy abroad beyond the threshold, with the domestic firms that could make it.";
        Field<NonNullGraphType<ProductType>>("product").Description("The product (a heading or subheading; a link coded more coarsely than the level stays at its own code).").ResolveNode<ProductGapItem, Product>(g => g.Gap.Purchase.ProductId);
        Field<NonNullGraphType<FloatGraphType>>("valueUsd").Description("Known yearly value of its links, in USD.").Resolve(c => c.Source.Gap.Purchase.ValueUsd);
        Field<NonNullGraphType<FloatGraphType>>("domesticValueUsd").Description("The part from suppliers whose country is VN.").Resolve(c => c.Source.Gap.Purchase.DomesticValueUsd);
        Field<NonNullGraphType<FloatGraphType>>("foreignValueUsd").Description("The part from suppliers abroad.").Resolve(c => c.Source.Gap.Purchase.ForeignValueUsd);
        Field<NonNullGraphType<FloatGraphType>>("domesticShare").Description("The share held against the threshold, 0 to 1: by value when any of its links has a value, else by links (see shareBasis).").Resolve(c => c.Source.Gap.DomesticShare);
        Field<NonNullGraphType<ShareBasisType>>("shareBasis").Description("What domesticShare is a share of.").Resolve(c => c.Source.Gap.ShareBasis);
        Field<NonNullGraphType<IntGraphType>>("linkCount").Description("Its links valid on asOf.").Resolve(c => c.Source.Gap.Purchase.LinkCount);
        Field<NonNullGraphType<IntGraphType>>("foreignLinkCount").Description("Of them, from suppliers abroad.").Resolve(c => c.Source.Gap.Purchase.ForeignLinkCount);
        Field<NonNullGraphType<IntGraphType>>("buyerCount").Description("Lead firms that buy it abroad.").Resolve(c => c.Source.Gap.Purchase.ForeignBuyerCount);
        Field<NonNullGraphType<IntGraphType>>("supplierCount").Description("Distinct suppliers of it, in Vietnam and abroad.").Resolve(c => c.Source.Gap.Purchase.SupplierCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CountryValueType>>>>("byCountry")
            .Description("Its foreign value by the supplier's country, largest first; share of the foreign value.")
            .Resolve(c => ValueGroups.ByCountry(c.Source.Gap.Purchase.ForeignByCountry, c.Source.Gap.Purchase.ForeignValueUsd));
        Field<FirmType>("topBuyer").Description("The lead firm that buys most of it abroad (by value, then links, then id): the buyer its matches are measured from.").ResolveNode<ProductGapItem, Firm>(g => g.Gap.Purchase.TopForeignBuyerId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourcingMatchType>>>>("matches")
            .Description("Domestic firms that could make it, scored as for a sourcing item of this product posted by topBuyer with no required certificate or process (see SourcingItem.matches).")
            .Argument<IntGraphType>("first", "How many at most (default 5, at most the page-size limit).", a => a.DefaultValue = 5)
            .ResolveAsync(async c =>
            {
                if (c.Source.Gap.Purchase.TopForeignBuyerId is not { } buyer)
                {
                    return (IReadOnlyList<SourcingMatch>)[];
                }
                var item = new SourcingItem { Key = "gap", ProductId = c.Source.Gap.Purchase.ProductId };
                var request = new SourcingMatchRequest(buyer, item, c.Source.AsOf, c.ListSize(c.GetArgument("first", 5)), false);
                return (await c.Loaders().Store.MatchSourcingAsync([request], c.CancellationToken).ConfigureAwait(false))[0];
            });
    }
}

public sealed class ShareBasisType() : DescribedEnumType<ShareBasis>("ShareBasis", "What a product gap's domestic share is a share of.", new Dictionary<ShareBasis, string>
{
    [ShareBasis.Value] = "The known value of its links (some link has a value).",
    [ShareBasis.Links] = "Its links, counted (no link has a value).",
});
