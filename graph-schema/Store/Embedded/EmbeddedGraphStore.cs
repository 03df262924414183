using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Analysis;
using Microsoft.Data.Sqlite;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// The default store: SQLite (WAL) is the durable truth; every read runs on an immutable in-memory snapshot that is
/// replaced atomically after each committed change set, so readers never block and never see half a change.
/// </summary>
public sealed partial class EmbeddedGraphStore : IGraphStore
{
    /// <summary>From this many supply links, opening the store ends with a compacting collection that returns load buffers to the system.</summary>
    private const int LargeSnapshotLinks = 1_000_000;

    private readonly GraphFile _file;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile GraphSnapshot _snapshot;
    private readonly KeptReports _digests;

    /// <summary>Called at named points of a write ("nodes-written", "links-started", "before-commit"); tests throw from it.</summary>
    internal Action<string>? WriteFault { get; set; }

    private readonly object _foldSync = new();
    private Task? _fold;
    private List<GraphDelta>? _sinceFold;
    private bool _foldObsolete;
    private bool _disposed;

    /// <summary>When a version made by changes is folded into a new full build (see <see cref="FoldPolicy"/>).</summary>
    public FoldPolicy Folding { get; set; } = FoldPolicy.Default;

    /// <summary>The last fold's cost, or null before the first.</summary>
    public FoldReport? LastFold { get; private set; }

    /// <summary>Why the last fold that failed did (the store goes on with the versions made by changes).</summary>
    public Exception? FoldFailure { get; private set; }

    /// <summary>Folds completed since the store was opened.</summary>
    public int FoldCount { get; private set; }

    /// <summary>Times this store caught up with another process's commits by applying them by their size.</summary>
    public int ChangesApplied { get; private set; }

    /// <summary>Full reads of the file since the store was opened (the first one included).</summary>
    public int FullLoads { get; private set; } = 1;

    /// <summary>Raised after each fold, with its cost (on the thread that made it).</summary>
    public event Action<FoldReport>? Folded;

    /// <summary>The fold running now, if any (tests wait for it).</summary>
    internal Task? FoldInProgress => _fold;

    private Task? _checkpoint;
    private long _checkpointVersion = -1;
    private long _checkpointStarted = long.MinValue;

    /// <summary>
    /// A fold writes the store's copy only when the last one was started at least this long ago (an open that read the
    /// rows and a version built whole always write one): with small fold settings, folds come every few edits.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Copies of the graph written beside the file since the store was opened (see <see cref="StoreCheckpoint"/>).</summary>
    public int CheckpointsWritten { get; private set; }

    /// <summary>Why the last copy of the graph could not be written, if one could not (the next open then reads the rows).</summary>
    public Exception? CheckpointFailure { get; private set; }

    /// <summary>How the last full read of the file went: whether it read a copy, and how long it took.</summary>
    internal LoadReport? LastLoad => _file.LastLoad;

    /// <summary>The copy of the graph being written now, if any (tests wait for it).</summary>
    internal Task? CheckpointInProgress => _checkpoint;

    private EmbeddedGraphStore(GraphFile file, GraphSnapshot snapshot)
    {
        _file = file;
        _snapshot = snapshot;
        snapshot.WarmUp();
        _digests = new KeptReports(() => _snapshot);
        _digests.WarmUp();
        if (file.LastLoad?.FromCopy is { } copy && copy.CopyVersion == snapshot.Version)
        {
            _checkpointVersion = snapshot.Version;
        }
        else
        {
            CheckpointLater(snapshot);
        }
    }

    /// <summary>
    /// Writes the copy of a version beside the file in the background (see <see cref="StoreCheckpoint"/>), so that the
    /// next open reads it instead of the rows; one at a time, and only for a version newer than the last copy.
    /// </summary>
    private void CheckpointLater(GraphSnapshot snap, bool always = true)
    {
        lock (_foldSync)
        {
            if (_disposed || _checkpoint is { IsCompleted: false } || snap.Version <= _checkpointVersion
                || (!always && Environment.TickCount64 - _checkpointStarted < CheckpointInterval.TotalMilliseconds))
            {
                return;
            }
            _checkpointStarted = Environment.TickCount64;
            _checkpoint = Task.Run(() =>
            {
                try
                {
                    var written = _file.WriteCheckpoint(snap, CancellationToken.None);
                    lock (_foldSync)
                    {
                        _checkpointVersion = Math.Max(_checkpointVersion, snap.Version);
                        CheckpointsWritten += written ? 1 : 0;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or InvalidOperationException)
                {
                    CheckpointFailure = e;
                }
            });
        }
    }

    public string FilePath => _file.Path;

    internal GraphSnapshot Snapshot => _snapshot;

    /// <summary>Opens (or creates) the store in a folder and reads its snapshot. Throws <see cref="StoreFileException"/> naming a bad file.</summary>
    public static Task<EmbeddedGraphStore> OpenAsync(string dataDir, CancellationToken cancellationToken = default) =>
        OpenAsync(dataDir, readCopy: true, cancellationToken);

    /// <summary>Opens the store; readCopy false reads the file's rows even when a usable copy is beside it (tests compare the two).</summary>
    internal static Task<EmbeddedGraphStore> OpenAsync(string dataDir, bool readCopy, CancellationToken cancellationToken = default)
    {
        return Task.Run(() =>
        {
            var file = GraphFile.Open(dataDir);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                var store = new EmbeddedGraphStore(file, file.Load(readCopy));
                if (store._snapshot.LinkCount >= LargeSnapshotLinks)
                {
                    // Reading a large store leaves hundreds of MiB of row buffers behind; hand them back to the system
                    // now rather than keep them resident for the life of the process.
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                }
                return store;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }, cancellationToken);
    }

    /// <summary>
    /// The version committed to the file. Several processes may share one store folder: when another one has committed
    /// since this snapshot was made, the snapshot is read again before the version is returned, so a caller that keys
    /// anything by it never pairs a new version with old data.
    /// </summary>
    public ValueTask<long> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        return _file.CommittedVersion() <= snap.Version ? ValueTask.FromResult(snap.Version) : new ValueTask<long>(CatchUpAsync(cancellationToken));
    }

    /// <summary>Reads the snapshot again when the file is ahead of it (under the write lock, so never in the middle of this process's own write).</summary>
    private async Task<long> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CatchUpLocked();
            return _snapshot.Version;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void CatchUpLocked()
    {
        if (_file.CommittedVersion() > _snapshot.Version)
        {
            // Another process committed: apply its changes by their size when the journal names them all.
            var snap = _snapshot;
            if (_file.ReadChanges(snap.Version, snap) is { } delta && (delta.LinkWrites.Length <= snap.FreeLinkRows))
            {
                var next = new GraphSnapshot(snap, delta);
                _snapshot = next;
                ChangesApplied++;
                Published(snap, next, delta);
                return;
            }
            _snapshot = _file.Load();
            _snapshot.WarmUp();
            _digests.Reset();
            FullLoads++;
            lock (_foldSync)
            {
                _foldObsolete = true;
            }
            CheckpointLater(_snapshot);
        }
    }

    public Task<IReadOnlyList<Node?>> GetNodesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        var result = new Node?[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            result[i] = snap.NodeOrSuccessorOf(ids[i]);
        }
        return Task.FromResult<IReadOnlyList<Node?>>(result);
    }

    public Task<IReadOnlyList<SupplyLink?>> GetLinksAsync(IReadOnlyList<string> linkIds, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        var result = new SupplyLink?[linkIds.Count];
        for (var i = 0; i < linkIds.Count; i++)
        {
            if (SupplyLink.TryParseId(linkIds[i], out var s, out var b, out var sector, out var product))
            {
                var pid = product.Length == 0 ? 0 : snap.ProductIndexBySlug(product);
                var link = pid < 0 ? -1 : snap.FindLink(snap.NidOf(s), snap.NidOf(b), snap.NidOf(sector), pid);
                result[i] = link < 0 ? null : snap.Materialize(link);
            }
        }
        return Task.FromResult<IReadOnlyList<SupplyLink?>>(result);
    }

    public Task<Page<Node>> ListNodesAsync(NodeQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(NodeLister.List(_snapshot, query, cancellationToken));

    public Task<IReadOnlyList<Page<Node>>> ListNodesAsync(IReadOnlyList<NodeQuery> queries, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        var pages = new Page<Node>[queries.Count];
        for (var i = 0; i < pages.Length; i++)
        {
            pages[i] = NodeLister.List(snap, queries[i], cancellationToken);
        }
        return Task.FromResult<IReadOnlyList<Page<Node>>>(pages);
    }

    public Task<IReadOnlyList<IReadOnlyList<string>>> GetNeighboursAsync(
        IReadOnlyList<string> ids, RelType type, Direction direction, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        var result = new IReadOnlyList<string>[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            var nid = snap.NidOf(ids[i]);
            result[i] = nid < 0 ? [] : Neighbours(snap, nid, type, direction);
        }
        return Task.FromResult<IReadOnlyList<IReadOnlyList<string>>>(result);
    }

    private static string[] Neighbours(GraphSnapshot snap, int nid, RelType type, Direction direction)
    {
        var node = snap.Nodes[nid]!;
        if (type == RelType.Supplies)
        {
            var far = new SortedSet<int>();
            if (direction == Direction.In)
            {
                foreach (var i in snap.InLinks(nid))
                {
                    far.Add(snap.LinkSupplier[i]);
                }
            }
            else
            {
                foreach (var link in snap.OutLinks(nid))
                {
                    far.Add(snap.LinkBuyer[link]);
                }
            }
            return [.. far.Select(n => snap.Nodes[n]!.Id)];
        }
        if (direction == Direction.Out)
        {
            IEnumerable<string> targets = type == RelType.CitedBy
                ? node.Sources
                : node.Edges().Where(e => e.Type == type).Select(e => e.Target);
            return [.. targets.Where(t => snap.NidOf(t) >= 0).Distinct(StringComparer.Ordinal)];
        }
        var referrers = snap.InNeighbours(type, nid);
        var ids = new string[referrers.Length];
        for (var i = 0; i < referrers.Length; i++)
        {
            ids[i] = snap.Nodes[referrers[i]]!.Id;
        }
        return ids;
    }

    public Task<IReadOnlyList<IReadOnlyList<SupplyLink>>> GetSupplyLinksAsync(
        IReadOnlyList<string> firmIds, Direction direction, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        var compiled = CompiledLinkFilter.Compile(snap, filter);
        var result = new IReadOnlyList<SupplyLink>[firmIds.Count];
        for (var f = 0; f < firmIds.Count; f++)
        {
            var nid = snap.NidOf(firmIds[f]);
            if (nid < 0)
            {
                result[f] = [];
                continue;
            }
            var links = new List<int>();
            if (direction == Direction.In)
            {
                foreach (var i in snap.InLinks(nid))
                {
                    if (compiled.IsEmpty || compiled.Pass(snap, i, snap.LinkSupplier[i]))
                    {
                        links.Add(i);
                    }
                }
            }
            else
            {
                foreach (var i in snap.OutLinks(nid))
                {
                    if (compiled.IsEmpty || compiled.Pass(snap, i, snap.LinkBuyer[i]))
                    {
                        links.Add(i);
                    }
                }
            }
            var materialized = links.Select(snap.Materialize).ToList();
            materialized.Sort((a, b) =>
            {
                var c = direction == Direction.In
                    ? string.CompareOrdinal(a.SupplierId, b.SupplierId)
                    : string.CompareOrdinal(a.BuyerId, b.BuyerId);
                if (c == 0)
                {
                    c = string.CompareOrdinal(a.SectorId, b.SectorId);
                }
                return c != 0 ? c : string.CompareOrdinal(a.Product, b.Product);
            });
            result[f] = materialized;
        }
        return Task.FromResult<IReadOnlyList<IReadOnlyList<SupplyLink>>>(result);
    }

    public Task<TraversalResult> TraverseAsync(TraversalRequest request, CancellationToken cancellationToken = default)
    {
        TraversalDepth.Check(request.MaxDepth);
        var snap = _snapshot;
        var roots = new int[request.RootIds.Count];
        for (var i = 0; i < roots.Length; i++)
        {
            var nid = snap.NidOf(request.RootIds[i]);
            roots[i] = nid >= 0 && snap.Nodes[nid] is Firm ? nid : -1;
        }
        var walk = LinkWalker.Walk(
            snap, roots, request.Direction, request.MaxDepth, CompiledLinkFilter.Compile(snap, request.Filter), request.MaxFirms, sumValues: true);
        var tiers = new List<TraversalTier>(walk.TierFirms.Count);
        for (var t = 0; t < walk.TierFirms.Count; t++)
        {
            tiers.Add(new TraversalTier(t + 1, new SnapshotIdList(snap, walk.TierFirms[t]), new SnapshotLinkList(snap, walk.TierLinks[t]), walk.TierValues[t]));
        }
        var byCountry = walk.ValueByCountry;
        var byProvince = walk.ValueByProvince;
        var countries = new List<GroupValue>();
        for (var c = 1; c < byCountry.Length; c++)
        {
            if (byCountry[c] > 0)
            {
                countries.Add(new GroupValue(snap.Countries[c - 1], byCountry[c]));
            }
        }
        // Slots are (recorded, former) province pairs: values are reported by the recorded province.
        var byRecorded = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var p = 1; p < byProvince.Length; p++)
        {
            if (byProvince[p] > 0)
            {
                var id = snap.Nodes[snap.ProvinceBySlot[p - 1]]!.Id;
                byRecorded[id] = byRecorded.GetValueOrDefault(id) + byProvince[p];
            }
        }
        var provinces = byRecorded.Select(kv => new GroupValue(kv.Key, kv.Value)).ToList();
        return Task.FromResult(new TraversalResult(tiers, walk.Truncated, walk.LinksVisited)
        {
            ValueByCountry = [.. countries.OrderByDescending(g => g.ValueUsd).ThenBy(g => g.Key, StringComparer.Ordinal)],
            ValueByProvince = [.. provinces.OrderByDescending(g => g.ValueUsd).ThenBy(g => g.Key, StringComparer.Ordinal)],
        });
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(
        string text, IReadOnlyCollection<NodeKind>? kinds = null, int first = 20, CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        var words = VietnameseText.Tokens(text);
        var query = string.Join(' ', words);
        var candidates = snap.SearchMatch(words);
        var hits = new List<SearchHit>();
        foreach (var nid in candidates)
        {
            var node = snap.Nodes[nid];
            if (node is null || (kinds is { Count: > 0 } && !kinds.Contains(node.Kind)))
            {
                continue;
            }
            hits.Add(new SearchHit(node.Id, node.Kind, node.Name, SearchRanking.Score(snap.Folded[nid], query, words.Length)));
        }
        hits.Sort(SearchRanking.HitOrder);
        return Task.FromResult<IReadOnlyList<SearchHit>>(hits.Take(Math.Max(0, first)).ToList());
    }

    public async Task<ChangeResult> ApplyAsync(ChangeSet changes, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another process sharing the file may commit between the plan and the write: then read its work and plan again.
            for (var attempt = 1; ; attempt++)
            {
                CatchUpLocked();
                var snap = _snapshot;
                if (changes.ExpectedVersion is { } expected && snap.Version != expected)
                {
                    throw new GraphChangedException(expected, snap.Version);
                }
                var plan = new ChangePlanner(snap).Plan(changes, out var next);
                if (plan is null || next is null)
                {
                    return new ChangeResult(snap.Version, 0, 0, 0, 0);
                }
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    _file.Write(plan, WriteFault);
                }
                catch (StoreConflictException) when (attempt < 5)
                {
                    continue;
                }
                _snapshot = next;
                Published(snap, next, next.IsFullBuild ? null : plan.Delta());
                return new ChangeResult(plan.Version, plan.NodeWrites.Count, plan.NodeDeletes.Count, plan.LinkWrites.Length, plan.LinkDeletes.Count);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// After a version is published (under the write lock): note its change for a fold under way (a version built whole,
    /// <paramref name="delta"/> null, makes that fold useless), or start a fold when one is due.
    /// </summary>
    private void Published(GraphSnapshot previous, GraphSnapshot next, GraphDelta? delta)
    {
        _digests.Published(previous, next, delta);
        if (delta is null)
        {
            CheckpointLater(next);
        }
        lock (_foldSync)
        {
            if (_sinceFold is not null)
            {
                if (delta is null)
                {
                    _foldObsolete = true;
                }
                else
                {
                    _sinceFold.Add(delta);
                }
                return;
            }
            if (_disposed || !Folding.IsDue(next))
            {
                return;
            }
            _sinceFold = [];
            _foldObsolete = false;
            _fold = Task.Run(() => FoldAsync(next));
        }
    }

    /// <summary>
    /// Builds a full version from one made by changes, beside readers and writers; replays the changes committed
    /// meanwhile onto it (all but the last few before taking the write lock), then swaps it in.
    /// </summary>
    private async Task FoldAsync(GraphSnapshot from)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        GraphSnapshot folded;
        try
        {
            folded = from.Fold();
            _ = folded.FirmIndex;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The versions made by changes stay correct without a fold: note the failure and let the next change try again.
            lock (_foldSync)
            {
                FoldFailure = e;
                _sinceFold = null;
                _fold = null;
            }
            return;
        }
        var build = clock.Elapsed;
        var replayed = 0;
        while (true)
        {
            List<GraphDelta> batch;
            lock (_foldSync)
            {
                batch = _foldObsolete || _disposed ? [] : _sinceFold!.GetRange(replayed, _sinceFold.Count - replayed);
            }
            if (batch.Count <= 2)
            {
                break;
            }
            foreach (var delta in batch)
            {
                folded = new GraphSnapshot(folded, delta);
            }
            replayed += batch.Count;
        }
        try
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        var pause = System.Diagnostics.Stopwatch.StartNew();
        FoldReport? made = null;
        try
        {
            lock (_foldSync)
            {
                if (!_foldObsolete && !_disposed)
                {
                    for (; replayed < _sinceFold!.Count; replayed++)
                    {
                        folded = new GraphSnapshot(folded, _sinceFold[replayed]);
                    }
                    _snapshot = folded;
                    FoldCount++;
                    LastFold = made = new FoldReport(from.Version, folded.Version, from.Touched.Length, from.OverlayLinkEntries, build, pause.Elapsed, replayed);
                }
                _sinceFold = null;
                _fold = null;
            }
        }
        finally
        {
            _writeLock.Release();
        }
        if (made is not null)
        {
            CheckpointLater(folded, always: false);
            Folded?.Invoke(made);
        }
    }

    public Task<AuditPage> ReadAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(_file.ReadAudit(query));

    public Task<GraphStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        var snap = _snapshot;
        var counts = Enum.GetValues<NodeKind>().ToDictionary(k => k, snap.CountOf);
        return Task.FromResult(new GraphStats(snap.Version, counts, snap.LinkCount));
    }

    public async ValueTask DisposeAsync()
    {
        Task? fold;
        Task? checkpoint;
        lock (_foldSync)
        {
            _disposed = true;
            fold = _fold;
            checkpoint = _checkpoint;
        }
        if (fold is not null)
        {
            await fold.ConfigureAwait(false);
        }
        // A copy being written is finished (seconds at national scale), so that the next open can read it.
        if (checkpoint is not null)
        {
            await checkpoint.ConfigureAwait(false);
        }
        _digests.Dispose();
        _file.Dispose();
        _writeLock.Dispose();
    }
}
