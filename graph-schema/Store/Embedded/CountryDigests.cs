using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// The store's kept country-wide localization reports (<see cref="LocalizationDigest"/>), at most <see cref="MaxKept"/>
/// dates and levels, most recently asked first. Today's report at the division level is built in the background when a
/// version is read whole (open, a large import, another process's rebuild), any other date or level the first time it
/// is asked (that ask is answered the usual way meanwhile); each committed change then updates every kept report by
/// the lead firms it touches, under the store's write lock. A report is answered from a kept one only when that one is
/// of the reader's version, so a reader never sees sums of another version.
/// </summary>
internal sealed class CountryDigests(Func<GraphSnapshot> current) : IDisposable
{
    /// <summary>Dates and levels kept at once.</summary>
    public const int MaxKept = 2;

    /// <summary>
    /// A change touching more firms than this (a supplier of thousands of lead firms moving abroad) is not applied on the
    /// writer's path, which would cost it ~25 µs a lead firm twice over: the kept reports are built again in the background.
    /// </summary>
    public const int MaxTouched = 1024;

    private readonly Lock _sync = new();
    private readonly List<LocalizationDigest> _kept = [];
    private readonly CancellationTokenSource _stop = new();
    private Building? _building;
    private readonly List<(DateOnly AsOf, SectorLevel Level)> _waiting = [];
    private long _published = -1;

    /// <summary>Reports answered from a kept digest, builds finished, and changes applied to kept ones (tests count them).</summary>
    public int Answered { get; private set; }

    public int Built { get; private set; }

    public int ChangesApplied { get; private set; }

    /// <summary>How long the last build took, from its start to its report kept.</summary>
    public TimeSpan LastBuild { get; private set; }

    /// <summary>The build under way, if any (tests wait for it).</summary>
    public Task? InProgress => _building?.Task;

    /// <summary>The totals of a country-wide request from a kept digest of this version; null when none is (a build for its date and level is then started).</summary>
    public LocalizationTotals? TryTotals(GraphSnapshot snap, LocalizationRequest request, CancellationToken cancellationToken)
    {
        if (!LocalizationDigest.Answers(request))
        {
            return null;
        }
        LocalizationDigest? digest;
        lock (_sync)
        {
            digest = _kept.Find(d => d.AsOf == request.AsOf && d.Level == request.Level);
            if (digest is null)
            {
                StartLocked(request.AsOf, request.Level);
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

    /// <summary>Starts building today's report (Vietnam's date) at the division level, unless kept or being built.</summary>
    public void WarmUp()
    {
        lock (_sync)
        {
            _published = Math.Max(_published, current().Version);
            var today = VietnamTime.Today(TimeProvider.System);
            if (!_kept.Exists(d => d.AsOf == today && d.Level == SectorLevel.Division))
            {
                StartLocked(today, SectorLevel.Division);
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
                var keys = _kept.Select(d => (d.AsOf, d.Level)).ToList();
                if (_building is { } building)
                {
                    building.Obsolete = true;
                    keys.Add((building.AsOf, building.Level));
                }
                _kept.Clear();
                _building = null;
                foreach (var (asOf, level) in keys)
                {
                    StartLocked(asOf, level);
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
                building.Obsolete = true;
                _building = null;
            }
        }
        WarmUp();
    }

    /// <summary>Starts building a date and level's report, or queues it behind the one being built (one build at a time).</summary>
    private void StartLocked(DateOnly asOf, SectorLevel level)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        if (_building is not null)
        {
            if ((_building.AsOf, _building.Level) != (asOf, level) && !_waiting.Contains((asOf, level)))
            {
                _waiting.Add((asOf, level));
                if (_waiting.Count > MaxKept)
                {
                    _waiting.RemoveAt(0);
                }
            }
            return;
        }
        _waiting.Remove((asOf, level));
        var building = _building = new Building(asOf, level);
        building.Task = new Task(() => Build(building), TaskCreationOptions.LongRunning);
        building.Task.Start(TaskScheduler.Default);
    }

    /// <summary>After a build ends: starts the next one waiting, unless its report is kept by now.</summary>
    private void NextLocked()
    {
        while (_building is null && _waiting.Count > 0)
        {
            var (asOf, level) = _waiting[0];
            _waiting.RemoveAt(0);
            if (!_kept.Exists(d => d.AsOf == asOf && d.Level == level))
            {
                StartLocked(asOf, level);
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
            var digest = LocalizationDigest.Build(snap, building.AsOf, building.Level, _stop.Token);
            while (!Install(building, snap, digest))
            {
                _stop.Token.ThrowIfCancellationRequested();
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
            if (_kept.Count > MaxKept)
            {
                _kept.RemoveAt(_kept.Count - 1);
            }
            Built++;
            return true;
        }
    }

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

    private sealed class Building(DateOnly asOf, SectorLevel level)
    {
        public DateOnly AsOf { get; } = asOf;
        public SectorLevel Level { get; } = level;
        public HashSet<int> Touched { get; } = [];
        public bool Obsolete { get; set; }
        public Task? Task { get; set; }
    }
}
