using Ecosystem.Api.Loading;
using Ecosystem.Api.Limits;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;

namespace Ecosystem.Api.Products;

public static class ProductQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<ProductType>("product")
            .Description("A product by HS 2022 code (\"87\", \"8708\", \"870829\" or \"8708.29\"); null when the nomenclature has no such code.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "The HS code.")
            .Resolve(c => c.Loaders().Node<Product>(ProductCodes.IdOf(c.GetArgument<string>("code"))));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductType>>>>("products")
            .Description("Products by words or code (search: English descriptions, HS codes, the Vietnamese items of the reconstructed priority list; folded like every search), or the children of one product, or the chapters; at most first.")
            .Argument<StringGraphType>("search", "Words or an HS code to look for; every word must match, the last as a prefix.")
            .Argument<StringGraphType>("parentCode", "Only the direct children of this product, by code.")
            .Argument<IntGraphType>("first", "How many at most (default 50, at most the page-size limit).", a => a.DefaultValue = 50)
            .ResolveAsync(async c =>
            {
                var first = c.ListSize(c.GetArgument("first", 50));
                var store = c.Loaders().Store;
                if (c.GetArgument<string?>("search") is { } text)
                {
                    var words = text.Replace(".", "", StringComparison.Ordinal);
                    if (!words.Any(char.IsLetterOrDigit))
                    {
                        throw new Search.EmptySearchException();
                    }
                    var hits = await store.SearchAsync(words, [NodeKind.Product], first, c.CancellationToken).ConfigureAwait(false);
                    var nodes = await store.GetNodesAsync([.. hits.Select(h => h.Id)], c.CancellationToken).ConfigureAwait(false);
                    return nodes.OfType<Product>().ToList();
                }
                if (c.GetArgument<string?>("parentCode") is not { } code)
                {
                    // The chapters: two-digit codes, read by id.
                    var chapters = await store.GetNodesAsync([.. Enumerable.Range(1, 99).Select(n => ProductCodes.IdOf(n.ToString("00", System.Globalization.CultureInfo.InvariantCulture)))], c.CancellationToken).ConfigureAwait(false);
                    return chapters.OfType<Product>().Take(first).ToList();
                }
                var page = await store.ListNodesAsync(new NodeQuery
                {
                    Kind = NodeKind.Product,
                    Filter = new NodeFilter { ParentId = ProductCodes.IdOf(code) },
                    OrderBy = [new SortOrder(SortField.Code)],
                    First = first,
                }, c.CancellationToken).ConfigureAwait(false);
                return page.Items.Select(i => (Product)i.Node).ToList();
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcessType>>>>("processes")
            .Description("The catalogue of manufacturing processes, by code.")
            .ResolveAsync(async c => await Catalogue<Process>(c, NodeKind.Process).ConfigureAwait(false));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CertificationStandardType>>>>("certificationStandards")
            .Description("The catalogue of certification standards and compliance schemes, by code.")
            .ResolveAsync(async c => await Catalogue<CertificationStandard>(c, NodeKind.CertificationStandard).ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<T>> Catalogue<T>(IResolveFieldContext c, NodeKind kind)
        where T : Node
    {
        var page = await c.Loaders().Store.ListNodesAsync(new NodeQuery { Kind = kind, OrderBy = [new SortOrder(SortField.Code)], First = 1000 }, c.CancellationToken).ConfigureAwait(false);
        return [.. page.Items.Select(i => (T)i.Node)];
    }
}
