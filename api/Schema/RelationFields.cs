using Ecosystem.Api.Loading;
using Ecosystem.Api.Paging;
using Ecosystem.Api.Sources;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Builders;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Ecosystem.Api.Schema;

/// <summary>Relationship fields every feature uses, all going through the request's batching loaders.</summary>
public static class RelationFields
{
    /// <summary>A field resolving one node of <typeparamref name="TNode"/> by an id the parent holds.</summary>
    public static FieldBuilder<TSource, object> ResolveNode<TSource, TNode>(this FieldBuilder<TSource, object> field, Func<TSource, string?> id)
        where TNode : Node =>
        field.Resolve(c => id(c.Source) is { } value ? c.Loaders().Node<TNode>(value) : null);

    /// <summary>A field resolving nodes of <typeparamref name="TNode"/> by ids the parent holds, in order.</summary>
    public static FieldBuilder<TSource, object> ResolveNodes<TSource, TNode>(this FieldBuilder<TSource, object> field, Func<TSource, IReadOnlyList<string>> ids)
        where TNode : Node =>
        field.Resolve(c => c.Loaders().NodesOf<TNode>(ids(c.Source)));

    /// <summary>The nodes one relationship away, by type and direction (a sector's children, a province's predecessors).</summary>
    public static IDataLoaderResult<IDataLoaderResult<IReadOnlyList<TNode>>> Related<TNode>(this IResolveFieldContext context, string id, RelType type, Direction direction)
        where TNode : Node
    {
        var loaders = context.Loaders();
        return loaders.Neighbours(type, direction).Load(id).ThenLoad(ids => loaders.NodesOf<TNode>(ids));
    }

    /// <summary>The sources field: the Source nodes that state this fact.</summary>
    public static void AddSourcesField<TSource>(this ComplexGraphType<TSource> type, Func<TSource, IReadOnlyList<string>> sources) =>
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceType>>>>("sources")
            .Description("The sources that state this: documents, datasets, or the synthetic generator (which says so).")
            .ResolveNodes<TSource, Source>(sources);

    /// <summary>
    /// A connection of nodes listed by the store with a filter built from the parent (a province's firms): one store
    /// call per level for all parents.
    /// </summary>
    public static FieldBuilder<TSource, object> ResolveNodePage<TSource, TNode>(
        this FieldBuilder<TSource, object> field, NodeKind kind, Func<IResolveFieldContext<TSource>, NodeFilter> filter)
        where TNode : Node =>
        field.Paging().Resolve(c =>
        {
            var page = c.PageRequest();
            var query = new NodeQuery { Kind = kind, Filter = filter(c), First = page.First, After = page.After, Last = page.Last, Before = page.Before };
            return c.Loaders().Pages.Load(query).Then(p => Connections.From(p, (Node n) => (TNode)n));
        });
}
