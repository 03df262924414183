using System.Collections.Concurrent;
using Ecosystem.Graph.Store;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Subscriptions;

/// <summary>Settings of live changes (section Subscriptions).</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Subscriptions";

    /// <summary>How often the store's version is looked at, in milliseconds (a change committed by another replica sharing the store reaches this one's subscribers within about this much more than the store takes to show it).</summary>
    public int PollMs { get; set; } = 50;

    /// <summary>Subscriptions one connection may hold at once.</summary>
    public int MaxPerConnection { get; set; } = 100;

    /// <summary>Connections one caller (an API key, a token's subject, or an address for anonymous callers) may hold at once.</summary>
    public int MaxConnectionsPerCaller { get; set; } = 20;

    /// <summary>Seconds between the server's pings on a WebSocket (0: none).</summary>
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Seconds a WebSocket may wait before its connection_init.</summary>
    public int InitTimeoutSeconds { get; set; } = 10;
}

/// <summary>
/// Every committed change set, once, to every subscriber of this process: while anyone subscribes, the store's version
/// is looked at when this process commits a change set and every <see cref="SubscriptionOptions.PollMs"/> (for the
/// commits of other replicas), and when it moved the change feed is read from the last version published (with no
/// subscriber the store is not asked).
/// Replicas that share a store each follow it this way (a replica's store shows another's commit by its own catch-up),
/// so a change committed by one reaches the subscribers of all. A break in the feed (an unrecorded bulk load) is
/// published as a change set with no items at the version after it.
/// </summary>
public sealed class ChangeHub(IGraphStore store, ChangeFeed feed, Observability.CommitSignal commits, IOptions<SubscriptionOptions> options, ILogger<ChangeHub> logger)
    : BackgroundService, IObservable<GraphChange>
{
    private readonly ConcurrentDictionary<long, IObserver<GraphChange>> _observers = new();
    private long _nextObserver;
    private long _published = -1;

    /// <summary>The version published last (-1 before the first look).</summary>
    public long Published => Interlocked.Read(ref _published);

    public int Subscribers => _observers.Count;

    public IDisposable Subscribe(IObserver<GraphChange> observer)
    {
        var id = Interlocked.Increment(ref _nextObserver);
        _observers[id] = observer;
        return new Unsubscriber(() => _observers.TryRemove(id, out _));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Max(10, options.Value.PollMs));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A commit of this process wakes the hub at once; another replica's shows at the next look.
                await commits.WaitAsync(delay, stoppingToken).ConfigureAwait(false);
                if (_observers.IsEmpty)
                {
                    // Nobody listens: the store is not asked; the first subscriber starts from the version then.
                    Interlocked.Exchange(ref _published, -1);
                    continue;
                }
                if (Published < 0)
                {
                    Interlocked.Exchange(ref _published, await store.GetVersionAsync(stoppingToken).ConfigureAwait(false));
                    continue;
                }
                await PublishNewAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The hub outlives any one failure of the store: it logs it and looks again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Observability.Log.ChangeHubFailed(logger, e);
            }
        }
    }

    /// <summary>Reads and publishes what was committed since the last version published.</summary>
    public async Task PublishNewAsync(CancellationToken cancellationToken)
    {
        var current = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        while (Published < current)
        {
            ChangePage page;
            try
            {
                page = await feed.ReadAsync(new ChangeQuery { After = Published, First = 500, MaxItems = 1000, ReadsRestricted = true }, cancellationToken).ConfigureAwait(false);
            }
            catch (ChangesNotKeptException e)
            {
                Publish(new GraphChange { Version = e.ResumeAfter, At = DateTimeOffset.UtcNow, Operation = "load", Actor = "", ItemCount = 0, Items = [], NodeIds = [] });
                Interlocked.Exchange(ref _published, e.ResumeAfter);
                continue;
            }
            foreach (var change in page.Changes)
            {
                Publish(change);
            }
            Interlocked.Exchange(ref _published, page.EndVersion);
            if (!page.HasMore)
            {
                break;
            }
        }
    }

    private void Publish(GraphChange change)
    {
        foreach (var observer in _observers.Values)
        {
            observer.OnNext(change);
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
