using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Api;

/// <summary>
/// A store that counts the calls made to the store it wraps, by method (the listing of several queries at once as
/// "ListNodesAsync[]"), and can make a method fail or a walk take longer. One proxy over the interface, like the API's
/// instrumented store, so a method added to the contract is counted without a line here. The version, stats, audit log
/// and disposal are not counted.
/// </summary>
public class CountingGraphStore : DispatchProxy
{
    private static readonly HashSet<string> Uncounted =
        [nameof(IGraphStore.GetVersionAsync), nameof(IGraphStore.GetStatsAsync), nameof(IGraphStore.ReadAuditAsync), nameof(IAsyncDisposable.DisposeAsync)];

    private readonly ConcurrentDictionary<string, int> _calls = new();
    private IGraphStore? _inner;
    private int _cancelled;

    public static IGraphStore Wrap(IGraphStore inner)
    {
        var proxy = Create<IGraphStore, CountingGraphStore>();
        ((CountingGraphStore)(object)proxy)._inner = inner;
        return proxy;
    }

    public IReadOnlyDictionary<string, int> Calls => _calls;

    public int TotalCalls => _calls.Values.Sum();

    public void Reset() => _calls.Clear();

    /// <summary>Makes a store method throw, to see how the API treats unexpected failures.</summary>
    public Func<string, Exception?>? Fault { get; set; }

    /// <summary>Makes every walk take at least this long, so that concurrent requests overlap.</summary>
    public TimeSpan TraverseDelay { get; set; }

    /// <summary>
    /// Makes every counted call hold its thread this long before it runs, without regard to cancellation: work that
    /// cannot be interrupted, like a resolver busy computing.
    /// </summary>
    public TimeSpan BusyBeforeEachCall { get; set; }

    /// <summary>Walks that were stopped by their cancellation token while delayed (a cancelled request freeing its work).</summary>
    public int TraversalsCancelled => _cancelled;

    private IGraphStore Inner => _inner ?? throw new InvalidOperationException("the proxy was made without Wrap");

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var name = targetMethod.Name;
        if (!Uncounted.Contains(name))
        {
            var key = name == nameof(IGraphStore.ListNodesAsync) && args?[0] is IReadOnlyList<NodeQuery> ? name + "[]" : name;
            _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (Fault?.Invoke(key) is { } exception)
            {
                throw exception;
            }
            if (BusyBeforeEachCall > TimeSpan.Zero)
            {
                Thread.Sleep(BusyBeforeEachCall);
            }
        }
        if (name == nameof(IGraphStore.TraverseAsync) && TraverseDelay > TimeSpan.Zero)
        {
            return DelayedTraverseAsync((TraversalRequest)args![0]!, (CancellationToken)args[1]!);
        }
        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private async Task<TraversalResult> DelayedTraverseAsync(TraversalRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TraverseDelay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }
        return await Inner.TraverseAsync(request, cancellationToken);
    }
}
