using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// The store's kept localization reports of every lead firm of a scope (<see cref="LocalizationDigest"/>): at most
/// <see cref="MaxKept"/> scopes, dates and levels, the most recently asked kept. The whole country's report of today at
/// the division level is built in the background when a version is read whole (open, a large import, another process's
/// rebuild); any other (a region, a province, another date or level) the first time it is asked, that ask answered the
/// usual way meanwhile. Each committed change then updates every kept report by the lead firms it touches, under the
/// store's write lock. A report is answered from a kept one only when that one is of the reader's version, so a reader
/// never sees sums of another version.
/// </summary>
internal sealed class KeptReports(Func<GraphSnapshot> current) : IDisposable
{
    /// <summary>Reports kept at once besides the whole country's of the warm-up (that one takes ~22 MB at national scale, a region's in proportion to its lead firms).</summary>
    public const int MaxKept = 4;

    /// <summary>
    /// A change touching more lead firms than this (a supplier of thousands of lead firms moving abroad) is not applied
    /// on the writer's path, which would cost it 30 µs or so a lead firm twice over: the kept reports are built again in
    /// the background, and reports asked meanwhile are computed.
    /// </summary>
    public const int MaxTouched = 1024;

    private readonly Lock _sync = new();
    private readonly List<LocalizationDigest> _kept = [];
    private readonly CancellationTokenSource _stop = new();
    private Building? _building;
    private readonly List<Wanted> _waiting = [];
    private long _published = -1;
    private Wanted? _warm;

    /// <summary>Reports answered from a kept digest, builds finished, and changes applied to kept ones (tests count them).</summary>
    public int Answered { get; private set; }

    public int Built { get; private set; }

    public int ChangesApplied { get; private set; }

    /// <summary>How long the last build took, from its start to its report kept.</summary>
    public TimeSpan LastBuild { get; private set; }

    /// <summary>The build under way, if any (tests wait for it).</summary>
    public Task? InProgress => _building?.Task;

    /// <summary>The totals of a request from a kept report of this version; null when none is (for a scope that can be kept, its build is then started).</summary>
    public LocalizationTotals? TryTotals(GraphSnapshot snap, LocalizationRequest request, CancellationToken cancellationToken)
    {
        if (LocalizationDigest.KeyOf(request) is not { } key)
        {
            return null;
        }
        // The scope's key is made once here and compared as it is (each kept report holds its own).
        var wanted = new Wanted(key, request.Scope, request.AsOf, request.Level);
        LocalizationDigest? digest;
        lock (_sync)
        {
            digest = _kept.Find(wanted.Same);
            if (digest is null)
            {
                StartLocked(wanted);
                return null;
            }
            _kept.Remove(digest);
            _kept.Insert(0, digest);
        }
        var totals = digest.TryTotals(snap, request, cancellationToken);
        if (totals is not null)
        {
            lock (_sync)
            {
                Answered++;
            }
        }
        return totals;
    }

    /// <summary>Starts building the whole country's report of today (Vietnam's date) at the division level, unless kept or being built.</summary>
    public void WarmUp()
    {
        var country = new LocalizationRequest { Scope = LocalizationDigest.Country, AsOf = VietnamTime.Today(TimeProvider.System) };
        lock (_sync)
        {
            _published = Math.Max(_published, current().Version);
            _warm = new Wanted(LocalizationDigest.CountryKey, country.Scope, country.AsOf, country.Level);
            if (!_kept.Exists(d => d.Answers(country)))
            {
                StartLocked(_warm);
            }
        }
    }

    /// <summary>
    /// After a version is published (under the store's write lock): applies its change to every kept report, or, for a
    /// version built whole, a change to sectors or one touching over <see cref="MaxTouched"/> firms, drops them and
    /// builds them again.
    /// </summary>
    public void Published(GraphSnapshot previous, GraphSnapshot next, GraphDelta? delta)
    {
        var touched = delta is null ? null : LocalizationDigest.TouchedBy(previous, next, delta);
        if (touched?.Count > MaxTouched)
        {
            touched = null;
        }
        lock (_sync)
        {
            _published = next.Version;
            if (touched is null)
            {
                var wanted = _kept.Select(d => new Wanted(d.ScopeKey, d.Scope, d.AsOf, d.Level)).ToList();
                if (_building is { } building)
                {
                    building.Drop();
                    wanted.Add(building.What);
                }
                _kept.Clear();
                _building = null;
                foreach (var what in wanted)
                {
                    StartLocked(what);
                }
                return;
            }
            _building?.Touched.UnionWith(touched);
            foreach (var digest in _kept.ToList())
            {
                if (digest.Version == previous.Version)
                {
                    digest.Apply(previous, next, touched);
                    ChangesApplied++;
                }
                else
                {
                    _kept.Remove(digest);
                }
            }
        }
    }

    /// <summary>The reports kept now, the most recently asked first.</summary>
    internal IReadOnlyList<LocalizationDigest> Kept
    {
        get
        {
            lock (_sync)
            {
                return [.. _kept];
            }
        }
    }

    /// <summary>Forgets every kept report without building any (the benchmark weighs them so).</summary>
    internal void Clear()
    {
        lock (_sync)
        {
            _kept.Clear();
            _waiting.Clear();
        }
    }

    /// <summary>Forgets every kept report (the store read its file whole) and builds today's again.</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _kept.Clear();
            _published = current().Version;
            if (_building is { } building)
            {
                building.Drop();
                _building = null;
            }
        }
        WarmUp();
    }

    /// <summary>Starts building a report, or queues it behind the one being built (one build at a time).</summary>
    private void StartLocked(Wanted what)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        if (_building is not null)
        {
            if (!_building.What.Same(what) && !_waiting.Exists(w => w.Same(what)))
            {
                _waiting.Add(what);
                if (_waiting.Count > MaxKept)
                {
                    _waiting.RemoveAt(0);
                }
            }
            return;
        }
        _waiting.RemoveAll(w => w.Same(what));
        var building = _building = new Building(what);
        building.Task = new Task(() => Build(building), TaskCreationOptions.LongRunning);
        building.Task.Start(TaskScheduler.Default);
    }

    /// <summary>After a build ends: starts the next one waiting, unless its report is kept by now.</summary>
    private void NextLocked()
    {
        while (_building is null && _waiting.Count > 0)
        {
            var what = _waiting[0];
            _waiting.RemoveAt(0);
            if (!_kept.Exists(d => what.Same(d)))
            {
                StartLocked(what);
            }
        }
    }

    /// <summary>
    /// Builds a report on the version current when it starts, then brings it to the version current when it ends by the
    /// firms the changes published meanwhile touched (recorded from before the version was read, so none is missed).
    /// A version whose change is not recorded yet (the store publishes it just after making it current) is waited for.
    /// </summary>
    private void Build(Building building)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var snap = current();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, building.Dropped);
            var digest = LocalizationDigest.Build(snap, building.What.Scope, building.What.AsOf, building.What.Level, stop.Token);
            while (!Install(building, snap, digest))
            {
                stop.Token.ThrowIfCancellationRequested();
                Thread.Sleep(1);
            }
            LastBuild = clock.Elapsed;
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_sync)
            {
                if (ReferenceEquals(_building, building))
                {
                    _building = null;
                }
                // Dropped only under this lock while it is the build under way, so never after this.
                building.Dispose();
                NextLocked();
            }
        }
    }

    /// <summary>Keeps a built report, brought to the current version; false when that version's change is not recorded yet.</summary>
    private bool Install(Building building, GraphSnapshot snap, LocalizationDigest digest)
    {
        lock (_sync)
        {
            if (building.Obsolete || !ReferenceEquals(_building, building))
            {
                return true;
            }
            var now = current();
            if (now.Version != snap.Version)
            {
                if (now.Version != _published)
                {
                    return false;
                }
                digest.Apply(snap, now, building.Touched);
            }
            _building = null;
            _kept.Insert(0, digest);
            // The least recently asked goes, never the whole country's report of the warm-up (every dashboard's first view).
            if (_kept.Count > MaxKept + 1 || (_kept.Count > MaxKept && !_kept.Exists(Pinned)))
            {
                _kept.RemoveAt(_kept.FindLastIndex(d => !Pinned(d)));
            }
            Built++;
            return true;
        }
    }

    private bool Pinned(LocalizationDigest digest) => _warm is { } warm && warm.Same(digest);

    public void Dispose()
    {
        Task? task;
        lock (_sync)
        {
            _stop.Cancel();
            task = _building?.Task;
        }
        try
        {
            task?.Wait();
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }

    /// <summary>A report to keep: its scope (and the scope's key), date and level.</summary>
    private sealed record Wanted(string Key, NodeFilter Scope, DateOnly AsOf, SectorLevel Level)
    {
        public bool Same(Wanted other) => (Key, AsOf, Level) == (other.Key, other.AsOf, other.Level);

        public bool Same(LocalizationDigest kept) => (Key, AsOf, Level) == (kept.ScopeKey, kept.AsOf, kept.Level);
    }

    /// <summary>A build under way: what it builds, the lead firms changes touched since it began, and whether it was dropped.</summary>
    private sealed class Building(Wanted what) : IDisposable
    {
        private readonly CancellationTokenSource _dropped = new();

        public Wanted What { get; } = what;
        public HashSet<int> Touched { get; } = [];
        public bool Obsolete => _dropped.IsCancellationRequested;

        /// <summary>Cancelled when the build is dropped (a version built whole, a change to sectors): it stops at its next lead firm.</summary>
        public CancellationToken Dropped => _dropped.Token;

        public Task? Task { get; set; }

        public void Drop() => _dropped.Cancel();

        public void Dispose() => _dropped.Dispose();
    }
}
