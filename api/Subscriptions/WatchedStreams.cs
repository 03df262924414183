using System.Threading.Channels;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Subscriptions;

/// <summary>
/// A stream made from the hub's change sets by work that reads the store (a walk, a lookup): each change set is taken
/// in turn, on a task of the subscription's own, so events keep their order and a slow one never holds the hub up.
/// </summary>
public sealed class Watched<T>(IObservable<GraphChange> changes, Func<GraphChange, CancellationToken, Task<T?>> map) : IObservable<T>
    where T : class
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        var queue = Channel.CreateUnbounded<GraphChange>(new UnboundedChannelOptions { SingleReader = true });
        var stop = new CancellationTokenSource();
        var token = stop.Token;
        var subscription = changes.Subscribe(new Enqueue(queue.Writer));
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
                {
                    if (await map(change, token).ConfigureAwait(false) is { } value)
                    {
                        observer.OnNext(value);
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Unsubscribed.
            }
#pragma warning disable CA1031 // A failure of the store ends this subscription with an error, not the process.
            catch (Exception e) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
            {
                observer.OnError(e);
            }
            finally
            {
                // Disposed only here, once the task no longer needs its token.
                stop.Dispose();
            }
        });
        return new Stop(() =>
        {
            subscription.Dispose();
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The task had ended already (a failure of the store).
            }
            queue.Writer.TryComplete();
        });
    }

    private sealed class Enqueue(ChannelWriter<GraphChange> writer) : IObserver<GraphChange>
    {
        public void OnCompleted() => writer.TryComplete();

        public void OnError(Exception error) => writer.TryComplete(error);

        public void OnNext(GraphChange value) => writer.TryWrite(value);
    }

    private sealed class Stop(Action stop) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                stop();
            }
        }
    }
}

/// <summary>A supply chain after a change set that touched it: its counts now, and the change.</summary>
public sealed record SupplyChainChange(long Version, string FirmId, int FirmCount, int LinkCount, IReadOnlyList<int> TierCounts, bool Truncated, GraphChange Change);

/// <summary>A sourcing request posted (created) that passes a subscriber's filter.</summary>
public sealed record SourcingRequestPosted(long Version, SourcingRequest Request);

/// <summary>The work behind supplyChainChanged and sourcingRequestPosted.</summary>
public static class Watches
{
    /// <summary>
    /// A chain's counts after each change set that touches a firm of it (the root included) or a link of one: the chain
    /// is walked again then, and its firms become the set watched.
    /// </summary>
    public static async Task<IObservable<SupplyChainChange>> SupplyChainAsync(IGraphStore store, IObservable<GraphChange> changes, TraversalRequest walk, CancellationToken cancellationToken)
    {
        var members = Members(await store.TraverseAsync(walk, cancellationToken).ConfigureAwait(false), walk.RootIds);
        var gate = new Lock();
        return new Watched<SupplyChainChange>(changes, async (change, ct) =>
        {
            HashSet<string> now;
            lock (gate)
            {
                now = members;
            }
            if (!change.NodeIds.Any(now.Contains))
            {
                return null;
            }
            var result = await store.TraverseAsync(walk, ct).ConfigureAwait(false);
            lock (gate)
            {
                members = Members(result, walk.RootIds);
            }
            return new SupplyChainChange(change.Version, walk.RootIds[0], result.FirmCount, result.LinkCount, [.. result.Tiers.Select(t => t.FirmIds.Count)], result.Truncated, change);
        });
    }

    private static HashSet<string> Members(TraversalResult result, IEnumerable<string> roots) =>
        new(result.Tiers.SelectMany(t => t.FirmIds).Concat(roots), StringComparer.Ordinal);

    /// <summary>
    /// Sourcing requests created after the subscription that pass the filter: an item of the product (an HS code, any
    /// level: "8708" takes "8708.29") or of the sector (a VSIC code, any level), and an item asking for suppliers in the
    /// province, or a buyer recorded or placed there (old and new names alike).
    /// </summary>
    public static IObservable<SourcingRequestPosted> SourcingRequests(IGraphStore store, IObservable<GraphChange> changes, string? product, string? sector, IReadOnlySet<string>? provinces) =>
        new Watched<SourcingRequestPosted>(changes, async (change, ct) =>
        {
            var posted = change.Items.Where(i => i.Kind == nameof(NodeKind.SourcingRequest) && i.Action == ChangeAction.Created).Select(i => i.Id).ToList();
            if (posted.Count == 0)
            {
                return null;
            }
            foreach (var node in await store.GetNodesAsync(posted, ct).ConfigureAwait(false))
            {
                if (node is not SourcingRequest request)
                {
                    continue;
                }
                var items = request.Items.Where(i =>
                    (product is null || (i.ProductId is { } p && NodeIds.Local(p).StartsWith(product, StringComparison.Ordinal)))
                    && (sector is null || (i.SectorId is { } s && NodeIds.Local(s).StartsWith(sector, StringComparison.Ordinal)))).ToList();
                if (items.Count == 0)
                {
                    continue;
                }
                if (provinces is not null && !items.Any(i => i.ProvinceIds.Any(provinces.Contains)))
                {
                    var buyer = (await store.GetNodesAsync([request.BuyerId], ct).ConfigureAwait(false))[0] as Firm;
                    if (buyer is null || !(provinces.Contains(buyer.ProvinceId ?? "") || provinces.Contains(buyer.Placement?.FormerProvinceId ?? "")))
                    {
                        continue;
                    }
                }
                // One event per change set: the first request of it that passes (a change set posts one request).
                return new SourcingRequestPosted(change.Version, request);
            }
            return null;
        });
}
