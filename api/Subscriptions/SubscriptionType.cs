using Ecosystem.Api.Auth;
using Ecosystem.Api.Changes;
using Ecosystem.Graph.Store;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Api.Subscriptions;

/// <summary>
/// The subscription root: events of committed change sets, each as its subscriber may see it (restricted items for
/// analysts only). Over graphql-transport-ws at /graphql.
/// </summary>
public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Description = "Live changes: each event is a committed change set (ids, kinds and field names; read the items for their values). Resume after a reconnect with Query.changes(after: the last version seen).";
        Field<NonNullGraphType<GraphChangeType>>("graphChanged")
            .Description("Every change set committed to the graph, in version order.")
            .ResolveStream(c => Changes(c))
            .Resolve(c => c.Source);
        Field<NonNullGraphType<GraphChangeType>>("nodeChanged")
            .Description("Change sets that touch this node (itself, or one of its supply links), with only those items.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "The node's id.")
            .ResolveStream(c =>
            {
                var id = c.GetArgument<string>("id");
                return new Mapped<GraphChange, GraphChange>(Changes(c), change => Touching(change, id));
            })
            .Resolve(c => c.Source);
    }

    /// <summary>The hub's change sets as the caller may see them.</summary>
    private static Mapped<GraphChange, GraphChange> Changes(IResolveFieldContext context)
    {
        var services = context.RequestServices ?? throw new InvalidOperationException("no request services");
        var analyst = context.User?.Has(Role.Analyst) == true;
        return new Mapped<GraphChange, GraphChange>(services.GetRequiredService<ChangeHub>(), change => change.ForReader(analyst));
    }

    /// <summary>The items of a change set that touch a node, or null when none does.</summary>
    private static GraphChange? Touching(GraphChange change, string id)
    {
        if (!change.NodeIds.Contains(id, StringComparer.Ordinal))
        {
            return null;
        }
        var items = change.Items.Where(i => i.Id == id || (i.Kind == "SupplyLink" && Graph.Model.SupplyLink.TryParseId(i.Id, out var s, out var b, out _, out _) && (s == id || b == id))).ToList();
        return change with { Items = items, ItemCount = items.Count, NodeIds = [id] };
    }
}

/// <summary>A source's events mapped one by one, those mapped to null left out.</summary>
public sealed class Mapped<TIn, TOut>(IObservable<TIn> source, Func<TIn, TOut?> map) : IObservable<TOut>
    where TOut : class
{
    public IDisposable Subscribe(IObserver<TOut> observer) => source.Subscribe(new Forward(observer, map));

    private sealed class Forward(IObserver<TOut> observer, Func<TIn, TOut?> map) : IObserver<TIn>
    {
        public void OnCompleted() => observer.OnCompleted();

        public void OnError(Exception error) => observer.OnError(error);

        public void OnNext(TIn value)
        {
            if (map(value) is { } mapped)
            {
                observer.OnNext(mapped);
            }
        }
    }
}
