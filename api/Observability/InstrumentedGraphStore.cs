using System.Diagnostics;
using System.Reflection;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Observability;

/// <summary>
/// Every call of the graph store as a span ("store GetNodesAsync", ...) and a duration on the Ecosystem.Store meter,
/// whatever the store: one proxy over the interface rather than a hand-written wrapper of each method.
/// </summary>
public class InstrumentedGraphStore : DispatchProxy
{
    // DispatchProxy makes the instance with no arguments; Wrap sets these before anyone can call it.
    private IGraphStore? _inner;
    private EcosystemTelemetry? _telemetry;
    private CommitSignal? _commits;

    private IGraphStore Inner => _inner ?? throw new InvalidOperationException("the proxy was made without Wrap");

    /// <param name="commits">Pulsed when a change set of this process commits (live changes hear of it at once).</param>
    public static IGraphStore Wrap(IGraphStore inner, EcosystemTelemetry telemetry, CommitSignal? commits = null)
    {
        var proxy = Create<IGraphStore, InstrumentedGraphStore>();
        var instrumented = (InstrumentedGraphStore)(object)proxy;
        instrumented._inner = inner;
        instrumented._telemetry = telemetry;
        instrumented._commits = commits;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAsyncDisposable.DisposeAsync))
        {
            return targetMethod.Invoke(Inner, args);
        }
        var name = targetMethod.Name;
        var parent = Activity.Current;
        var activity = EcosystemTelemetry.StoreSource.StartActivity("store " + name, ActivityKind.Internal);
        activity?.SetTag("store.operation", name);
        var started = Stopwatch.GetTimestamp();
        object? result;
        try
        {
            result = targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            Finish(activity, name, started, e.InnerException);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
        finally
        {
            // The call runs under its span; the caller goes on under its own (the span ends when the call does).
            Activity.Current = parent;
        }
        switch (result)
        {
            case Task task:
                if (_commits is { } commits && name == nameof(IGraphStore.ApplyAsync))
                {
                    task.ContinueWith(t => commits.Pulse(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                }
                if (task.IsCompleted)
                {
                    Finish(activity, name, started, task.Exception?.InnerException);
                }
                else
                {
                    task.ContinueWith(t => Finish(activity, name, started, t.Exception?.InnerException), TaskScheduler.Default);
                }
                return task;
            case ValueTask<long> version:
                if (version.IsCompleted)
                {
                    Finish(activity, name, started, null);
                    return version;
                }
                var pending = version.AsTask();
                pending.ContinueWith(t => Finish(activity, name, started, t.Exception?.InnerException), TaskScheduler.Default);
                return new ValueTask<long>(pending);
            default:
                Finish(activity, name, started, null);
                return result;
        }
    }

    private void Finish(Activity? activity, string name, long started, Exception? error)
    {
        var failed = error is not null and not OperationCanceledException;
        if (activity is not null)
        {
            if (failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, error!.GetType().Name);
            }
            activity.Dispose();
        }
        _telemetry?.RecordStoreCall(name, failed, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

/// <summary>A pulse each time this process commits a change set, for whoever waits on the next one.</summary>
public sealed class CommitSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Until the next commit, or the time passes (whichever comes first).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Volatile.Read(ref _next).Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No commit here meanwhile: another replica's, if any, shows in the store's version.
        }
    }
}
