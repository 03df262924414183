using Ecosystem.Api.Loading;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;

namespace Ecosystem.Api.Paging;

/// <summary>A root listing of one kind of node: the field's paging arguments applied to a store query.</summary>
public static class NodeListing
{
    public static async Task<Connection<TNode>> ListAsync<TNode>(
        this IResolveFieldContext context, NodeKind kind, NodeFilter? filter, IReadOnlyList<SortOrder>? orderBy = null)
        where TNode : Node
    {
        var page = context.PageRequest();
        NodeQuery? unplaced = null;
        if (kind is NodeKind.Firm or NodeKind.Park && filter?.ProvinceIds is not null)
        {
            var directory = await context.View().ProvincesAsync(context.CancellationToken).ConfigureAwait(false);
            unplaced = Unplacement.Filter(filter, directory) is { } missed ? new NodeQuery { Kind = kind, Filter = missed, OrderBy = orderBy ?? [] } : null;
        }
        var result = await context.Loaders().Store.ListNodesAsync(new NodeQuery
        {
            Kind = kind,
            Filter = filter,
            OrderBy = orderBy ?? [],
            First = page.First,
            After = page.After,
            Last = page.Last,
            Before = page.Before,
        }, context.CancellationToken).ConfigureAwait(false);
        return Connections.From(result, (Node n) => (TNode)n) with { Unplaced = unplaced };
    }
}
