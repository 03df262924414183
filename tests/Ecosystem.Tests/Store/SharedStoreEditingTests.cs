using System.Reflection;
using System.Runtime.ExceptionServices;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Data.Editing;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store;

/// <summary>
/// Two editors on one store folder, as two API replicas have: a write the other made between an edit's checks and its
/// write makes the edit checked again on the new graph, so no check is ever passed on a graph that has changed.
/// </summary>
public sealed class SharedStoreEditingTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private EmbeddedGraphStore? _first;
    private EmbeddedGraphStore? _second;

    private EmbeddedGraphStore First => _first ?? throw new InvalidOperationException("opened in InitializeAsync");

    private EmbeddedGraphStore Second => _second ?? throw new InvalidOperationException("opened in InitializeAsync");

    public async Task InitializeAsync()
    {
        _first = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await _first.ApplyAsync(Build());
        _second = await EmbeddedGraphStore.OpenAsync(_dir.Path);
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        _dir.Dispose();
    }

    private static LinkInput NewLink => new() { Supplier = F, Buyer = A, Sector = "22", Product = "khay nhựa", ValueUsd = 40, Sources = [Src] };

    [Fact]
    public async Task An_edit_the_other_replica_overtakes_is_checked_again_and_refused_as_a_duplicate()
    {
        var time = TimeProvider.System;
        var other = new GraphEditor(First, time);
        // The second replica's edit has passed its checks (the link is not there) when the first replica adds the same link.
        var overtaken = AfterChecks.Wrap(Second, () => other.AddSupplyLinkAsync(NewLink, "replica-1"));
        var editor = new GraphEditor(overtaken, time);
        var start = await Second.GetVersionAsync();

        var refused = await Assert.ThrowsAsync<EditRejectedException>(() => editor.AddSupplyLinkAsync(NewLink, "replica-2"));
        Assert.Contains(refused.Errors, e => e.Field == "product" && e.Message.Contains("exists", StringComparison.Ordinal));
        // Only the first replica's link was written, once, with its audit entry.
        Assert.Equal(start + 1, await Second.GetVersionAsync());
        var audit = await Second.ReadAuditAsync(new AuditQuery());
        Assert.Equal("replica-1", audit.Entries[0].Actor);
        Assert.DoesNotContain(audit.Entries, e => e.Actor == "replica-2");
    }

    [Fact]
    public async Task An_edit_overtaken_by_an_unrelated_write_is_made_on_the_new_graph()
    {
        var time = TimeProvider.System;
        var other = new GraphEditor(First, time);
        var overtaken = AfterChecks.Wrap(Second, () => other.UpsertFirmAsync(new FirmInput { Id = "firm:g", Name = "Công ty Mới", Country = "VN", Province = "01", Sectors = ["22"], Sources = [Src] }, "replica-1"));
        var editor = new GraphEditor(overtaken, time);
        var start = await Second.GetVersionAsync();

        var made = await editor.AddSupplyLinkAsync(NewLink, "replica-2");
        Assert.Equal(start + 2, made.Version);
        Assert.Equal(start + 2, await First.GetVersionAsync()); // and the first replica reads the second's write
        Assert.NotNull((await First.GetNodesAsync(["firm:g"]))[0]);
        Assert.NotNull((await First.GetLinksAsync([made.Item.Id]))[0]);
    }

    [Fact]
    public async Task An_edit_overtaken_every_time_is_refused_with_nothing_written()
    {
        var time = TimeProvider.System;
        var other = new GraphEditor(First, time);
        var writes = 0;
        var overtaken = AfterChecks.Wrap(Second, () => other.UpsertFirmAsync(new FirmInput { Id = $"firm:g{++writes}", Name = $"Công ty Mới {writes}", Country = "VN", Province = "01", Sectors = ["22"], Sources = [Src] }, "replica-1"), every: true);
        var editor = new GraphEditor(overtaken, time);
        var start = await Second.GetVersionAsync();

        await Assert.ThrowsAsync<GraphChangedException>(() => editor.AddSupplyLinkAsync(NewLink, "replica-2"));
        Assert.Equal(GraphEditor.Attempts, writes);
        Assert.Equal(start + GraphEditor.Attempts, await Second.GetVersionAsync());
        Assert.Null((await Second.GetLinksAsync([Link(F, A, "sector:22", 40, "khay nhựa").Id]))[0]);
    }
}

/// <summary>A store that lets another writer in just before a change set is applied: between an edit's checks and its write.</summary>
public class AfterChecks : DispatchProxy
{
    private IGraphStore? _target;
    private Func<Task>? _between;
    private bool _every;

    public static IGraphStore Wrap(IGraphStore target, Func<Task> between, bool every = false)
    {
        var proxy = Create<IGraphStore, AfterChecks>();
        var self = (AfterChecks)(object)proxy;
        (self._target, self._between, self._every) = (target, between, every);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var target = _target ?? throw new InvalidOperationException("made by Wrap");
        if (targetMethod?.Name == nameof(IGraphStore.ApplyAsync) && (_every ? _between : Interlocked.Exchange(ref _between, null)) is { } between)
        {
            return ApplyAfterAsync(target, between, (ChangeSet)args![0]!, (CancellationToken)args[1]!);
        }
        try
        {
            return targetMethod!.Invoke(target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static async Task<ChangeResult> ApplyAfterAsync(IGraphStore target, Func<Task> between, ChangeSet changes, CancellationToken cancellationToken)
    {
        await between();
        return await target.ApplyAsync(changes, cancellationToken);
    }
}
