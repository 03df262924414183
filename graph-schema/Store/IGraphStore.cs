using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>
/// The one contract every store of the knowledge graph implements (embedded SQLite + snapshot, Neo4j).
/// Reads are batched by id; traversals, filters and paging are pushed down to the store; writes are atomic change sets
/// that return a new graph version, which callers use in cache keys.
/// </summary>
public interface IGraphStore : ISupplyAnalysis, IClusterAnalysis, ILocalizationAnalysis, ISourcingAnalysis, IAuditLog, IAsyncDisposable
{
    /// <summary>The version of the graph as committed now; it grows with every change set that changes something.</summary>
    ValueTask<long> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The nodes with the given ids, in the same order; null where no node has that id. The id of a firm merged into
    /// another gives the firm it was merged into (whose own id differs).
    /// </summary>
    Task<IReadOnlyList<Node?>> GetNodesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>The supply links with the given ids (see <see cref="SupplyLink.Id"/>), in order; null where none exists.</summary>
    Task<IReadOnlyList<SupplyLink?>> GetLinksAsync(IReadOnlyList<string> linkIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the nodes of one kind that pass the filter, in the requested order (ties broken by id), with the total
    /// count of matches. Cursors are opaque and stable: paging forwards or backwards never skips or repeats a node that
    /// existed throughout.
    /// </summary>
    Task<Page<Node>> ListNodesAsync(NodeQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Several listings in one call, answered from the same version of the graph, in order (the pages of every
    /// province's firms in one request, say). Each behaves as <see cref="ListNodesAsync(NodeQuery, CancellationToken)"/>.
    /// </summary>
    Task<IReadOnlyList<Page<Node>>> ListNodesAsync(IReadOnlyList<NodeQuery> queries, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each given id, the ids of the nodes one relationship away, by type and direction, in one call
    /// (a firm's province: <see cref="RelType.InProvince"/> Out; a province's firms and parks: In).
    /// For <see cref="RelType.Supplies"/>, In gives suppliers and Out gives buyers.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<string>>> GetNeighboursAsync(
        IReadOnlyList<string> ids, RelType type, Direction direction, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each given firm id, its supply links that pass the filter: In gives the links from its suppliers,
    /// Out the links to its buyers. Ordered by the other firm's id, then sector and product.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<SupplyLink>>> GetSupplyLinksAsync(
        IReadOnlyList<string> firmIds, Direction direction, LinkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Breadth-first walk of supply links from the roots, up to <see cref="TraversalRequest.MaxDepth"/> tiers.
    /// Every firm appears once, at its shortest depth; cycles are safe. When the firms found would exceed
    /// <see cref="TraversalRequest.MaxFirms"/>, the walk stops at the last whole tier and reports itself truncated.
    /// </summary>
    Task<TraversalResult> TraverseAsync(TraversalRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Full-text search over names, folded (diacritics removed, đ to d): "dinh vu" finds "Đình Vũ". All words must match,
    /// the last one as a prefix; best matches first.
    /// </summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(
        string text, IReadOnlyCollection<NodeKind>? kinds = null, int first = 20, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a change set atomically: either every upsert and delete is committed, or (on any error) nothing is.
    /// Readers see the old graph or the new one, never a mix. A change set that changes nothing leaves the version as it is.
    /// Throws <see cref="ChangeSetRejectedException"/> listing every invalid item before anything is written.
    /// </summary>
    Task<ChangeResult> ApplyAsync(ChangeSet changes, CancellationToken cancellationToken = default);

    /// <summary>Counts of nodes by kind and of supply links.</summary>
    Task<GraphStats> GetStatsAsync(CancellationToken cancellationToken = default);
}
