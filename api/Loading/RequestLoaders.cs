using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL.DataLoader;

namespace Ecosystem.Api.Loading;

/// <summary>
/// The batching loaders of one request: every relationship field asks these, so a level of the query costs one store
/// call per kind of relationship, whatever the number of parents.
/// </summary>
public sealed class RequestLoaders(IGraphStore store, bool readsRestricted = true, ValueNoise? noise = null)
{
    private readonly Dictionary<(RelType, Direction), BatchLoader<string, IReadOnlyList<string>>> _neighbours = [];
    private readonly Dictionary<(Direction, LinkFilterKey), BatchLoader<string, IReadOnlyList<SupplyLink>>> _links = [];
    private readonly Lock _lock = new();
    private BatchLoader<string, Node?>? _nodes;
    private BatchLoader<NodeQuery, Page<Node>>? _pages;
    private BatchLoader<string, IReadOnlyList<string>>? _coLocated;
    private BatchLoader<string, IReadOnlyList<LinkedPark>>? _linkedParks;
    private readonly Dictionary<(int, DateOnly), BatchLoader<string, InputOrigin>> _origins = [];

    public IGraphStore Store => store;

    /// <summary>The noise of the sums published to this caller (null for analysts, who read true values).</summary>
    public ValueNoise? Noise => noise;

    /// <summary>Whether the caller may read restricted records (analysts and up).</summary>
    public bool ReadsRestricted => readsRestricted;

    private static Node? Visible(Node? node) => node is SourcingRequest { Restricted: true } ? null : node;

    /// <summary>Nodes by id (null where none exists).</summary>
    public BatchLoader<string, Node?> Nodes
    {
        get
        {
            lock (_lock)
            {
                // A restricted sourcing request is not there for a caller below analyst.
                return _nodes ??= new BatchLoader<string, Node?>(
                    readsRestricted ? (ids, ct) => store.GetNodesAsync(ids, ct) : async (ids, ct) => [.. (await store.GetNodesAsync(ids, ct).ConfigureAwait(false)).Select(Visible)],
                    StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Pages of node listings (a province's firms, a sector's firms); each query is its own key.</summary>
    public BatchLoader<NodeQuery, Page<Node>> Pages
    {
        get
        {
            lock (_lock)
            {
                return _pages ??= new BatchLoader<NodeQuery, Page<Node>>((queries, ct) => store.ListNodesAsync(queries, ct), ReferenceEqualityComparer.Instance);
            }
        }
    }

    /// <summary>Firms in the same park sharing a sector or a supply link, by firm.</summary>
    public BatchLoader<string, IReadOnlyList<string>> CoLocated
    {
        get
        {
            lock (_lock)
            {
                return _coLocated ??= new BatchLoader<string, IReadOnlyList<string>>((ids, ct) => store.CoLocatedAsync(ids, ct), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Parks trading with a park (links valid on the given day), by park; one loader per request, for its date.</summary>
    public BatchLoader<string, IReadOnlyList<LinkedPark>> LinkedParks(DateOnly asOf)
    {
        lock (_lock)
        {
            return _linkedParks ??= new BatchLoader<string, IReadOnlyList<LinkedPark>>((ids, ct) => store.LinkedParksAsync(ids, new LinkFilter { AsOf = asOf }, noise, ct), StringComparer.Ordinal);
        }
    }

    /// <summary>Where firms' input value comes from through some tiers (links valid on a day), by firm.</summary>
    public BatchLoader<string, InputOrigin> InputOrigins(int maxDepth, DateOnly asOf)
    {
        lock (_lock)
        {
            if (!_origins.TryGetValue((maxDepth, asOf), out var loader))
            {
                loader = new BatchLoader<string, InputOrigin>((ids, ct) => store.InputOriginsAsync(ids, maxDepth, new LinkFilter { AsOf = asOf }, ct), StringComparer.Ordinal);
                _origins[(maxDepth, asOf)] = loader;
            }
            return loader;
        }
    }

    /// <summary>Ids one relationship away.</summary>
    public BatchLoader<string, IReadOnlyList<string>> Neighbours(RelType type, Direction direction)
    {
        lock (_lock)
        {
            if (!_neighbours.TryGetValue((type, direction), out var loader))
            {
                loader = new BatchLoader<string, IReadOnlyList<string>>((ids, ct) => store.GetNeighboursAsync(ids, type, direction, ct), StringComparer.Ordinal);
                _neighbours[(type, direction)] = loader;
            }
            return loader;
        }
    }

    /// <summary>A firm's supply links (In: from its suppliers; Out: to its customers) that pass a filter.</summary>
    public BatchLoader<string, IReadOnlyList<SupplyLink>> SupplyLinks(Direction direction, LinkFilter? filter)
    {
        var key = LinkFilterKey.Of(filter);
        lock (_lock)
        {
            if (!_links.TryGetValue((direction, key), out var loader))
            {
                loader = new BatchLoader<string, IReadOnlyList<SupplyLink>>((ids, ct) => store.GetSupplyLinksAsync(ids, direction, filter, ct), StringComparer.Ordinal);
                _links[(direction, key)] = loader;
            }
            return loader;
        }
    }

    /// <summary>One node of an expected type, or null (also when the id names a node of another kind).</summary>
    public IDataLoaderResult<T?> Node<T>(string id)
        where T : Node => Nodes.Load(id).Then(n => n as T);

    /// <summary>Nodes of an expected type for ids, in order, leaving out ids that match none.</summary>
    public IDataLoaderResult<IReadOnlyList<T>> NodesOf<T>(IReadOnlyList<string> ids)
        where T : Node => Nodes.LoadMany(ids).Then(IReadOnlyList<T> (list) => [.. list.OfType<T>()]);

    /// <summary>Value equality over a link filter's members, so equal filters share a loader.</summary>
    private readonly record struct LinkFilterKey(string Text)
    {
        public static LinkFilterKey Of(LinkFilter? f) => new(f is null ? "" : string.Join('|',
            string.Join(',', f.SectorIds ?? []), string.Join(',', f.Countries ?? []), f.DomesticOnly, f.MinValueUsd, f.AsOf, f.MinConfidence));
    }
}
