using Ecosystem.Api.Auth;
using Ecosystem.Api.Changes;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Loading;
using Ecosystem.Api.Sourcing;
using Ecosystem.Api.SupplyChains;
using Ecosystem.Api.SupplyLinks;
using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Model;
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
        Field<NonNullGraphType<SupplyChainChangeType>>("supplyChainChanged")
            .Description("A firm's supply chain (its links valid today), each time a change set touches a firm of it or a link of one: the chain's counts now, and the change.")
            .Argument<NonNullGraphType<IdGraphType>>("firmId", "The firm the chain starts from.")
            .Argument<SupplyDirectionType>("direction", "UPSTREAM (default) or DOWNSTREAM.", a => a.DefaultValue = SupplyDirection.Upstream)
            .Argument<IntGraphType>("maxDepth", $"Tiers, 1 to {TraversalDepth.Max} (default 3).", a => a.DefaultValue = 3)
            .ResolveStreamAsync(async c =>
            {
                var request = c.Request();
                var firmId = c.GetArgument<string>("firmId");
                var depth = c.GetArgument("maxDepth", 3);
                if (!TraversalDepth.IsValid(depth))
                {
                    throw new SupplyChainArgumentException($"maxDepth must be between 1 and {TraversalDepth.Max}.");
                }
                if ((await request.Loaders.Store.GetNodesAsync([firmId], c.CancellationToken).ConfigureAwait(false))[0] is not Firm root)
                {
                    throw new ReferenceNotFoundException("firm", firmId);
                }
                var walk = new TraversalRequest
                {
                    RootIds = [root.Id],
                    Direction = c.GetArgument("direction", SupplyDirection.Upstream) == SupplyDirection.Upstream ? Direction.In : Direction.Out,
                    MaxDepth = depth,
                    Filter = await SupplyChainQueries.ResolveFilterAsync(request.Loaders.Store, new SupplyLinkFilter(), request.Today, c.CancellationToken).ConfigureAwait(false),
                    MaxFirms = request.Limits.MaxChainFirms,
                };
                return await Watches.SupplyChainAsync(request.Loaders.Store, Changes(c), walk, c.CancellationToken).ConfigureAwait(false);
            })
            .Resolve(c => c.Source);
        Field<NonNullGraphType<SourcingRequestPostedType>>("sourcingRequestPosted")
            .Description("Sourcing requests as lead firms post them (restricted ones to analysts only), those that pass the filter: for a supplier that makes the part, works in the sector or lies in the province.")
            .Argument<SourcingRequestWatchInput>("where", "Which requests: all when left out.")
            .ResolveStreamAsync(async c =>
            {
                var request = c.Request();
                var where = c.GetArgument<Dictionary<string, object?>?>("where");
                string? Text(string name) => where?.GetValueOrDefault(name) is string s && s.Trim().Length > 0 ? s.Trim() : null;
                var product = Text("product")?.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
                var sector = Text("sector");
                HashSet<string>? provinces = null;
                if (Text("province") is { } named)
                {
                    var directory = await request.View.ProvincesAsync(c.CancellationToken).ConfigureAwait(false);
                    var province = directory.Resolve(named, request.Today) ?? throw new ReferenceNotFoundException("province", named);
                    provinces = MatchRecords.ProvinceIds(directory, province, request.Today);
                }
                return Watches.SourcingRequests(request.Loaders.Store, Changes(c), product, sector, provinces);
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
        var items = change.Items.Where(i => AuditRecords.Touched(i.Id, i.Kind).Contains(id, StringComparer.Ordinal)).ToList();
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

public sealed class SupplyChainChangeType : ObjectGraphType<SupplyChainChange>
{
    public SupplyChainChangeType()
    {
        Name = "SupplyChainChange";
        Description = "A supply chain after a change set that touched it.";
        Field<NonNullGraphType<IntGraphType>>("version").Description("The graph version of the change.").Resolve(c => checked((int)c.Source.Version));
        Field<NonNullGraphType<IdGraphType>>("firmId").Description("The firm the chain starts from.").Resolve(c => c.Source.FirmId);
        Field<NonNullGraphType<IntGraphType>>("firmCount").Description("Firms in the chain now (the root left out).").Resolve(c => c.Source.FirmCount);
        Field<NonNullGraphType<IntGraphType>>("linkCount").Description("Links of the chain now.").Resolve(c => c.Source.LinkCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("tierCounts").Description("Firms first reached at each depth, from 1.").Resolve(c => c.Source.TierCounts);
        Field<NonNullGraphType<BooleanGraphType>>("truncated").Description("Whether the walk stopped at the firm cap.").Resolve(c => c.Source.Truncated);
        Field<NonNullGraphType<GraphChangeType>>("change").Description("The change set that touched it.").Resolve(c => c.Source.Change);
    }
}

public sealed class SourcingRequestPostedType : ObjectGraphType<SourcingRequestPosted>
{
    public SourcingRequestPostedType()
    {
        Name = "SourcingRequestPosted";
        Description = "A sourcing request just posted.";
        Field<NonNullGraphType<IntGraphType>>("version").Description("The graph version that posted it.").Resolve(c => checked((int)c.Source.Version));
        Field<NonNullGraphType<SourcingRequestType>>("request").Description("The request as posted.").Resolve(c => c.Source.Request);
    }
}

public sealed class SourcingRequestWatchInput : InputObjectGraphType
{
    public SourcingRequestWatchInput()
    {
        Name = "SourcingRequestWatch";
        Description = "Which sourcing requests to hear of; every field given must hold.";
        Field<StringGraphType>("product").Description("An HS 2022 code at any level (\"8708\" takes \"8708.29\"): an item of that product.");
        Field<StringGraphType>("sector").Description("A VSIC code at any level: an item of that sector.");
        Field<StringGraphType>("province").Description("A province, old or new name or code: an item asking for suppliers there, or a buyer there.");
    }
}
