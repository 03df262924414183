using Ecosystem.Api.Auth;
using Ecosystem.Api.Limits;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using GraphQL;
using Ecosystem.Api.Nodes;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Schema;
using Ecosystem.Api.Sectors;
using Ecosystem.Api.Sources;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using GraphQL.Types;

namespace Ecosystem.Api.Products;

public sealed class ProductLevelType() : DescribedEnumType<ProductLevel>("ProductLevel", "Levels of the Harmonized System kept as products.", new Dictionary<ProductLevel, string>
{
    [ProductLevel.Chapter] = "Chapter: two digits (87).",
    [ProductLevel.Heading] = "Heading: four digits (8708).",
    [ProductLevel.Subheading] = "Subheading: six digits (8708.29).",
});

public sealed class ProductType : ObjectGraphType<Product>
{
    public ProductType()
    {
        Name = "Product";
        Description = "A product of the Harmonized System 2022 (chapter, heading or subheading), with the ISIC Rev.4 classes it corresponds to and the priority lists that name it.";
        NodeFields.AddIdAndName(this, "The nomenclature's description (English: no cited Vietnamese nomenclature is held).");
        Field<NonNullGraphType<StringGraphType>>("code").Description("The HS code as customs write it: \"87\", \"8708\", \"8708.29\".").Resolve(c => Product.Display(c.Source.Code));
        Field<NonNullGraphType<ProductLevelType>>("level").Description("Chapter, heading or subheading.").Resolve(c => c.Source.Level);
        Field<StringGraphType>("nameEn").Description("The English description.").Resolve(c => c.Source.NameEn);
        Field<StringGraphType>("section").Description("The HS section, a Roman numeral (XVII: vehicles, aircraft, vessels).").Resolve(c => c.Source.Section);
        Field<ProductType>("parent").Description("The heading of a subheading, the chapter of a heading; null for a chapter.").ResolveNode<Product, Product>(p => p.ParentId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductType>>>>("children")
            .Description("The headings of a chapter or the subheadings of a heading, by code.")
            .Resolve(c => c.Related<Product>(c.Source.Id, RelType.PartOf, Direction.In).Then(r => r.Then(IReadOnlyList<Product> (l) => [.. l.OrderBy(p => p.Code, StringComparer.Ordinal)])));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductSectorType>>>>("sectors")
            .Description("The ISIC Rev.4 classes a subheading corresponds to, primary first, with approximate weights (shares of US tariff lines, not of trade value); empty for chapters and headings and for the 83 subheadings with no mapping.")
            .Resolve(c => c.Loaders().NodesOf<Sector>([.. c.Source.Sectors.Select(s => s.SectorId)])
                .Then(sectors => Matched(c.Source.Sectors, sectors)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductListingType>>>>("listings")
            .Description("The priority lists that name this product. The only list held is a reconstruction of Decree 111/2015's priority supporting-industry products with inferred HS codes, not the official list.")
            .Resolve(c => c.Source.Listings);
        Field<NonNullGraphType<Paging.ConnectionType<Sourcing.ProductMakerType, Graph.Store.ProductMaker>>>("makers")
            .Description("Firms whose profile lists this product or one under it (a heading's makers include its subheadings'), by firm id.")
            .ForwardPaging()
            .Argument<Firms.FirmFilterInput>("where", "Only makers that pass this filter.")
            .ResolveAsync(async c =>
            {
                var page = Paging.PagingArguments.PageRequest(c);
                var store = c.Loaders().Store;
                var where = c.GetArgument<Firms.FirmFilter?>("where");
                var filter = where is null ? null : await where.ToNodeFilterAsync(store, c.View(), c.CancellationToken).ConfigureAwait(false);
                var makers = await store.ProductMakersAsync(c.Source.Id, filter, c.CancellationToken).ConfigureAwait(false);
                return Paging.ListPager.Page(makers, m => m.FirmId, page);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Sourcing.SourcingRequestType>>>>("sourcingRequests")
            .Description("Open sourcing requests with an item asking for this very product (restricted ones only for analysts and up), by id.")
            .ResolveAsync(async c =>
            {
                var ids = await c.Loaders().Neighbours(RelType.Requests, Graph.Model.Direction.In).Load(c.Source.Id).GetResultAsync(c.CancellationToken).ConfigureAwait(false);
                var nodes = await c.Loaders().Nodes.LoadMany([.. ids.Order(StringComparer.Ordinal)]).GetResultAsync(c.CancellationToken).ConfigureAwait(false);
                return nodes.OfType<SourcingRequest>().Where(r => r.Status == SourcingStatus.Open).ToList();
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductBuyerType>>>>("buyersAbroad")
            .Description("Lead firms in Vietnam that buy this product (or one under it) from suppliers abroad: their supply links valid on asOf whose HS code is this product or under it. For analysts most foreign value first, then most links, then id; for others (values are restricted) most links first, then id.")
            .Argument<IntGraphType>("first", "How many at most (default 20, at most the page-size limit).", a => a.DefaultValue = 20)
            .Argument<DateType>("asOf", "Links valid on this date (default: today in Vietnam).")
            .ResolveAsync(async c =>
            {
                var request = new Graph.Store.ProductPurchaseRequest
                {
                    Scope = new Graph.Store.NodeFilter { Countries = ["VN"] },
                    Level = c.Source.Level,
                    AsOf = c.GetArgument<DateOnly?>("asOf") ?? c.Request().Today,
                    Under = c.Source.Id,
                };
                var purchases = await c.Loaders().Store.ProductPurchasesAsync(request, c.CancellationToken).ConfigureAwait(false);
                var bought = purchases.Products.FirstOrDefault(p => p.ProductId == c.Source.Id)?.ForeignBuyers ?? [];
                // Below analyst the order (and so which firms a page holds) must not follow the restricted values.
                IEnumerable<Graph.Store.ProductBuyer> ordered = c.Loaders().ReadsRestricted ? bought
                    : bought.OrderByDescending(b => b.LinkCount).ThenBy(b => b.FirmId, StringComparer.Ordinal);
                return (IReadOnlyList<Graph.Store.ProductBuyer>)[.. ordered.Take(c.ListSize(c.GetArgument("first", 20)))];
            });
        this.AddSourcesField(p => p.Sources);
    }

    private static IReadOnlyList<ProductSectorMatch> Matched(IReadOnlyList<ProductSector> links, IReadOnlyList<Sector> sectors)
    {
        var byId = sectors.ToDictionary(s => s.Id, StringComparer.Ordinal);
        return [.. links.Where(l => byId.ContainsKey(l.SectorId))
            .OrderByDescending(l => l.Primary).ThenByDescending(l => l.Weight).ThenBy(l => l.SectorId, StringComparer.Ordinal)
            .Select(l => new ProductSectorMatch(byId[l.SectorId], l))];
    }
}

/// <summary>A product's ISIC class with the correspondence's weight.</summary>
public sealed record ProductSectorMatch(Sector Sector, ProductSector Link);

public sealed class ProductSectorType : ObjectGraphType<ProductSectorMatch>
{
    public ProductSectorType()
    {
        Name = "ProductSector";
        Description = "An ISIC Rev.4 class a product corresponds to (HS 2022 to ISIC Rev.4, approximate).";
        Field<NonNullGraphType<SectorType>>("sector").Description("The ISIC Rev.4 class.").Resolve(c => c.Source.Sector);
        Field<NonNullGraphType<FloatGraphType>>("weight").Description("The share of the product allocated to the class (0-1; by tariff lines, not trade value).").Resolve(c => c.Source.Link.Weight);
        Field<NonNullGraphType<BooleanGraphType>>("primary").Description("Whether this is the product's primary class (its largest weight).").Resolve(c => c.Source.Link.Primary);
        this.AddSourcesField(m => m.Link.Sources);
    }
}

public sealed class ProductListingType : ObjectGraphType<ProductListing>
{
    public ProductListingType()
    {
        Name = "ProductListing";
        Description = "A product's entry on a list of priority products, as the list states it.";
        Field<NonNullGraphType<StringGraphType>>("list").Description("The list: \"decree111-reconstructed\" is a reconstruction of Decree 111/2015/NĐ-CP's priority supporting-industry products, not the official appendix.").Resolve(c => c.Source.ListId);
        Field<NonNullGraphType<BooleanGraphType>>("reconstruction").Description("True when the list is a reconstruction (its codes inferred), never the official text.").Resolve(c => c.Source.ListId == ReferenceData.PriorityProductsList);
        Field<NonNullGraphType<StringGraphType>>("group").Description("The list's group: for Decree 111, DM textiles and garments, DG leather and footwear, DT electronics, OT automobiles, CK mechanical engineering, CNC high technology.").Resolve(c => c.Source.Group);
        Field<NonNullGraphType<StringGraphType>>("item").Description("The item as the list names it, in Vietnamese.").Resolve(c => c.Source.Item);
        Field<StringGraphType>("itemEn").Description("The item in English.").Resolve(c => c.Source.ItemEn);
        Field<StringGraphType>("codeBasis").Description("How the HS code was assigned to the item (\"obvious\" when the item is exactly this code, else inferred).").Resolve(c => c.Source.CodeBasis);
        this.AddSourcesField(l => l.Sources);
    }
}

public sealed class ProcessType : ObjectGraphType<Process>
{
    public ProcessType()
    {
        Name = "Process";
        Description = "A manufacturing process of supporting industries, from the catalogue (not an official classification).";
        NodeFields.AddIdAndName(this, "The process in Vietnamese.");
        Field<NonNullGraphType<StringGraphType>>("code").Description("The catalogue's code (\"stamping\").").Resolve(c => c.Source.Code);
        Field<StringGraphType>("nameEn").Description("The process in English.").Resolve(c => c.Source.NameEn);
        Field<StringGraphType>("group").Description("The catalogue's group: metal, plastics_rubber, electronics, textile_leather or other.").Resolve(c => c.Source.Group);
        this.AddSourcesField(p => p.Sources);
    }
}

public sealed class CertificationStandardType : ObjectGraphType<CertificationStandard>
{
    public CertificationStandardType()
    {
        Name = "CertificationStandard";
        Description = "A certification standard or compliance scheme a buyer may require, from the catalogue.";
        NodeFields.AddIdAndName(this, "The standard's title as the catalogue gives it (English).");
        Field<NonNullGraphType<StringGraphType>>("code").Description("The code as written in the catalogue and in imports (\"IATF 16949\").").Resolve(c => c.Source.Code);
        Field<StringGraphType>("nameEn").Description("The title in English.").Resolve(c => c.Source.NameEn);
        Field<StringGraphType>("owner").Description("Who owns the scheme and who certifies.").Resolve(c => c.Source.Owner);
        Field<StringGraphType>("standardType").Description("management_system, product_certification, lab_accreditation, supplier_program, regulatory_compliance, ...").Resolve(c => c.Source.StandardType);
        Field<NonNullGraphType<BooleanGraphType>>("thirdPartyCertificate").Description("Whether a certificate exists at all (RoHS, REACH and CE are compliance regimes; VDA 6.3 is a customer audit).").Resolve(c => c.Source.ThirdPartyCertificate);
        Field<StringGraphType>("isicDivisions").Description("ISIC Rev.4 divisions it applies to, as the catalogue writes them (\"10-33\", \"29;30\").").Resolve(c => c.Source.IsicDivisions);
        Field<StringGraphType>("relevance").Description("Why it matters for Vietnamese suppliers.").Resolve(c => c.Source.Relevance);
        Field<StringGraphType>("url").Description("The scheme owner's page (not re-checked live).").Resolve(c => c.Source.Url);
        Field<StringGraphType>("note").Description("Notes of the catalogue.").Resolve(c => c.Source.Note);
        this.AddSourcesField(s => s.Sources);
    }
}

/// <summary>HS codes as clients write them: "87", "8708", "870829" or "8708.29".</summary>
public static class ProductCodes
{
    public static string IdOf(string code)
    {
        var digits = code.Trim().Replace(".", "", StringComparison.Ordinal);
        if (digits.Length is not (2 or 4 or 6) || !digits.All(char.IsAsciiDigit))
        {
            throw new InvalidProductCodeException(code);
        }
        return ReferenceData.ProductId(digits);
    }
}

public sealed class InvalidProductCodeException(string code)
    : ApiException(ErrorCodes.BadUserInput, $"'{code}' is not an HS code: write 2, 4 or 6 digits (\"87\", \"8708\", \"8708.29\").");

public sealed class ProductBuyerType : ObjectGraphType<Graph.Store.ProductBuyer>
{
    public ProductBuyerType()
    {
        Name = "ProductBuyer";
        Description = "A lead firm that buys a product from suppliers abroad.";
        Field<NonNullGraphType<Firms.FirmType>>("firm").Description("The lead firm.").ResolveNode<Graph.Store.ProductBuyer, Firm>(b => b.FirmId);
        Field<NonNullGraphType<IntGraphType>>("linkCount").Description("Its links from suppliers abroad for the product.").Resolve(c => c.Source.LinkCount);
        Field<FloatGraphType>("valueUsd").Description("Their known yearly value in USD.").Restricted().Resolve(c => c.Source.ValueUsd);
    }
}
