using Ecosystem.Api.Loading;
using Ecosystem.Graph.Store;
using GraphQL.Types;

namespace Ecosystem.Api.Paging;

/// <summary>A Relay connection over a node type: <c>FirmConnection</c> for <c>FirmType</c>, and so on.</summary>
public sealed class ConnectionType<TNodeType, TNode> : ObjectGraphType<Connection<TNode>>
    where TNodeType : IGraphType
{
    public ConnectionType()
    {
        var nodeName = typeof(TNodeType).Name.Replace("Type", "", StringComparison.Ordinal);
        Name = $"{nodeName}Connection";
        Description = $"A page of {nodeName} items with the total count and cursors to page forwards (first/after) or backwards (last/before).";
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many items match in all, across every page.")
            .Resolve(c => c.Source.TotalCount);
        Field<NonNullGraphType<PageInfoType>>("pageInfo")
            .Description("Where this page sits: whether more items come before or after it, and the cursors of its ends.")
            .Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType, TNode>>>>>("edges")
            .Description("The items of this page with their cursors, in order.")
            .Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The items of this page, in order, without cursors.")
            .Resolve(c => c.Source.Edges.Select(e => e.Node));
        if (typeof(TNode) == typeof(Graph.Model.Firm) || typeof(TNode) == typeof(Graph.Model.Park))
        {
            var plural = typeof(TNode) == typeof(Graph.Model.Firm) ? "firms" : "parks";
            Field<ConnectionType<TNodeType, TNode>>("unplaced")
                .Description($"For a listing over a former province (the 63-province map): the {plural} of the province it became part of that the placement rules could not place in the old map (no ward, coordinates or recorded former province decides), and that the other conditions of the listing let through. They may lie in it: count them before comparing. Null when the listing is not over a former province.")
                .ForwardPaging()
                .ResolveAsync(async c =>
                {
                    if (c.Source.Unplaced is not { } query)
                    {
                        return null;
                    }
                    var page = c.PageRequest();
                    var result = await c.Loaders().Store
                        .ListNodesAsync(query with { First = page.First, After = page.After }, c.CancellationToken).ConfigureAwait(false);
                    return Connections.From(result, (Graph.Model.Node n) => (TNode)(object)n);
                });
        }
    }
}

public sealed class EdgeType<TNodeType, TNode> : ObjectGraphType<Edge<TNode>>
    where TNodeType : IGraphType
{
    public EdgeType()
    {
        var nodeName = typeof(TNodeType).Name.Replace("Type", "", StringComparison.Ordinal);
        Name = $"{nodeName}Edge";
        Description = $"A {nodeName} with its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor")
            .Description("Opaque, stable position of this item; pass it as after or before to page from here.")
            .Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node")
            .Description($"The {nodeName}.")
            .Resolve(c => c.Source.Node);
    }
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Relay page information.";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage")
            .Description("Whether items follow this page.")
            .Resolve(c => c.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage")
            .Description("Whether items precede this page.")
            .Resolve(c => c.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor")
            .Description("Cursor of the first item of the page; null on an empty page.")
            .Resolve(c => c.Source.StartCursor);
        Field<StringGraphType>("endCursor")
            .Description("Cursor of the last item of the page; null on an empty page.")
            .Resolve(c => c.Source.EndCursor);
    }
}
