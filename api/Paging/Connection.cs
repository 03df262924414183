using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Paging;

/// <summary>One page of a Relay connection: edges with opaque cursors, the total count and where the page sits.</summary>
public sealed record Connection<T>(IReadOnlyList<Edge<T>> Edges, int TotalCount, PageInfo PageInfo)
{
    /// <summary>
    /// For a listing of firms or parks over former provinces, the query of their successors' firms or parks the placement
    /// rules could not place (see <see cref="Unplacement"/>); null otherwise.
    /// </summary>
    public NodeQuery? Unplaced { get; init; }
}

public static class Connections
{
    /// <summary>A store's page as a connection, each node mapped.</summary>
    public static Connection<T> From<TNode, T>(Page<TNode> page, Func<TNode, T> map) => new(
        [.. page.Items.Select(i => new Edge<T>(map(i.Node), i.Cursor))],
        page.TotalCount,
        new PageInfo(page.HasNextPage, page.HasPreviousPage, page.StartCursor, page.EndCursor));
}

public sealed record Edge<T>(T Node, string Cursor);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

/// <summary>The paging arguments of a connection field as the client sent them.</summary>
public sealed record PageRequest(int? First, string? After, int? Last, string? Before);
