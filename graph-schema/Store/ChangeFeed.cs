using System.Text.Json.Nodes;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>What a change set did to one item.</summary>
public enum ChangeAction
{
    Created = 1,
    Updated,
    Deleted,
}

/// <summary>One node or supply link a change set touched: its id, its kind ("Firm", ..., "SupplyLink"), what it did, and the fields that changed (names only).</summary>
public sealed record ChangedItem(string Id, string Kind, ChangeAction Action, IReadOnlyList<string> Fields)
{
    /// <summary>A restricted item (a restricted sourcing request), read only by a reader who may see it.</summary>
    public bool Restricted { get; init; }
}

/// <summary>
/// One committed change set as the feed gives it: its version, time and operation, the items it touched (up to the
/// read's limit; <see cref="ItemCount"/> has them all) and the nodes they touch (a link's supplier and buyer). Who made it
/// and the note are kept for admins.
/// </summary>
public sealed record GraphChange
{
    public required long Version { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Operation { get; init; }

    public required string Actor { get; init; }

    public string? Note { get; init; }

    /// <summary>
    /// The items counted: those read, and for a reader who may see restricted items the rest of a large change set too
    /// (the items not read cannot be told restricted or not, so other readers are not given their number).
    /// </summary>
    public required int ItemCount { get; init; }

    /// <summary>Items of a large change set not read (beyond the read's limit; unknown whether restricted).</summary>
    public int Unread { get; init; }

    /// <summary>Restricted items among those read (counted in <see cref="ItemCount"/> for readers who may see them).</summary>
    public int RestrictedRead { get; init; }

    /// <summary>Whether the change set touched more items than <see cref="Items"/> holds.</summary>
    public bool MoreItems => Unread > 0 || ItemCount > Items.Count;

    public required IReadOnlyList<ChangedItem> Items { get; init; }

    public required IReadOnlyList<string> NodeIds { get; init; }

    /// <summary>
    /// The change as a reader who may not see restricted items sees it (null when nothing of it is left): a change read
    /// once for every reader, then given to each as they may see it.
    /// </summary>
    public GraphChange? ForReader(bool readsRestricted)
    {
        if (readsRestricted || (RestrictedRead == 0 && Unread == 0))
        {
            return this;
        }
        var items = Items.Where(i => !i.Restricted).ToList();
        var count = ItemCount - Unread - RestrictedRead;
        if (count == 0 && Unread == 0)
        {
            return null;
        }
        return this with
        {
            Items = items,
            ItemCount = count,
            RestrictedRead = 0,
            NodeIds = [.. items.SelectMany(i => AuditRecords.Touched(i.Id, i.Kind)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }
}

/// <summary>A page of the feed: the change sets, the version read up to (the next page's <c>after</c>), whether more are kept, and the graph's version.</summary>
public sealed record ChangePage(IReadOnlyList<GraphChange> Changes, long EndVersion, bool HasMore, long CurrentVersion);

/// <summary>What to read of the feed.</summary>
public sealed record ChangeQuery
{
    public long After { get; init; }

    public int First { get; init; } = 100;

    /// <summary>Only items of these kinds ("Firm", "SupplyLink", ...), and only change sets that touched one; null for all.</summary>
    public IReadOnlySet<string>? Kinds { get; init; }

    /// <summary>Only change sets that touched this node (itself or one of its links), and only those items.</summary>
    public string? NodeId { get; init; }

    /// <summary>At most this many items per change set (<see cref="GraphChange.ItemCount"/> counts them all).</summary>
    public int MaxItems { get; init; } = 100;

    /// <summary>Whether the reader may see restricted items (a restricted sourcing request): analysts and up.</summary>
    public bool ReadsRestricted { get; init; }
}

/// <summary>The feed asked after a version whose changes are not kept: every version up to <see cref="ResumeAfter"/> must be read afresh.</summary>
public sealed class ChangesNotKeptException(long after, long resumeAfter)
    : Exception($"The changes after version {after} are not all kept (version {resumeAfter} was written without a change record, such as a bulk load). Re-read what you follow, then follow the changes after version {resumeAfter}.")
{
    public long ResumeAfter { get; } = resumeAfter;
}

/// <summary>
/// The change feed over the audit log: every committed change set in version order, resumable from any version whose
/// later changes are all kept. A change set written without an audit record (the seed's reference and synthetic loads)
/// is a break: the feed cannot say what it did, so reading from before it is refused with the version to resume after
/// (<see cref="ChangesNotKeptException"/>). Field names, never values, say what changed, so a restricted value cannot
/// leak through the feed; a restricted item (a restricted sourcing request) is left out for readers who may not read it.
/// </summary>
public sealed class ChangeFeed(IGraphStore store)
{
    private readonly Lock _lock = new();
    // The versions checked for breaks, and the last break found (0: none).
    private long _checkedUpTo;
    private long _lastBreak;

    /// <summary>The highest version written without a change record, up to the current version (0 when none).</summary>
    public async Task<long> LastBreakAsync(CancellationToken cancellationToken)
    {
        var current = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        long from;
        lock (_lock)
        {
            if (_checkedUpTo >= current)
            {
                return _lastBreak;
            }
            from = _checkedUpTo;
        }
        // The versions after the last check, oldest first: a version missing between two kept ones is a break.
        var expected = from + 1;
        var lastBreak = 0L;
        while (expected <= current)
        {
            var page = await store.ReadAuditAsync(new AuditQuery { AfterVersion = expected - 1, BeforeVersion = current + 1, First = 1000, MaxChanges = 0 }, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Entries)
            {
                if (entry.Version > expected)
                {
                    lastBreak = entry.Version - 1;
                }
                expected = entry.Version + 1;
            }
            if (!page.HasMore)
            {
                if (expected <= current)
                {
                    lastBreak = current;
                }
                break;
            }
        }
        lock (_lock)
        {
            if (current > _checkedUpTo)
            {
                _lastBreak = Math.Max(_lastBreak, lastBreak);
                _checkedUpTo = current;
            }
            return _lastBreak;
        }
    }

    /// <summary>The change sets after a version, oldest first, as the reader may see them.</summary>
    public async Task<ChangePage> ReadAsync(ChangeQuery query, CancellationToken cancellationToken)
    {
        var current = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        if (query.After < 0 || query.After > current)
        {
            throw new ArgumentOutOfRangeException(nameof(query), $"after must be from 0 to the graph's version ({current}), not {query.After}");
        }
        var lastBreak = await LastBreakAsync(cancellationToken).ConfigureAwait(false);
        if (query.After < lastBreak)
        {
            throw new ChangesNotKeptException(query.After, lastBreak);
        }
        var changes = new List<GraphChange>();
        var cursor = query.After;
        var hasMore = false;
        // Change sets that touch nothing the reader asked for (or may see) still move the cursor on.
        while (changes.Count < query.First)
        {
            var page = await store.ReadAuditAsync(new AuditQuery
            {
                AfterVersion = cursor,
                BeforeVersion = current + 1,
                First = Math.Min(1000, Math.Max(query.First - changes.Count, 50)),
                NodeId = query.NodeId,
                // With a kind filter the items of that kind may come late in a large change set: read more of them.
                MaxChanges = query.Kinds is null ? Math.Max(query.MaxItems, 1) : 10_000,
            }, cancellationToken).ConfigureAwait(false);
            hasMore = page.HasMore;
            foreach (var entry in page.Entries)
            {
                if (changes.Count == query.First)
                {
                    hasMore = true;
                    break;
                }
                cursor = entry.Version;
                if (Shown(entry, query) is { } change)
                {
                    changes.Add(change);
                }
            }
            if (!page.HasMore || page.Entries.Count == 0)
            {
                break;
            }
        }
        // All read: the next page starts after the version this one read at (no break can follow it: checked above).
        return new ChangePage(changes, hasMore ? cursor : current, hasMore, current);
    }

    /// <summary>An entry as the reader sees it, or null when none of its items is for them.</summary>
    private static GraphChange? Shown(AuditEntry entry, ChangeQuery query)
    {
        var items = new List<ChangedItem>();
        var (count, restrictedRead) = (0, 0);
        var nodes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var change in entry.Changes)
        {
            if (query.Kinds is { } kinds && !kinds.Contains(change.Kind))
            {
                continue;
            }
            var before = Parse(change.Before);
            var after = Parse(change.After);
            var restricted = IsRestricted(before) || IsRestricted(after);
            if (restricted && !query.ReadsRestricted)
            {
                continue;
            }
            count++;
            restrictedRead += restricted ? 1 : 0;
            foreach (var node in AuditRecords.Touched(change))
            {
                nodes.Add(node);
            }
            if (items.Count < query.MaxItems)
            {
                var action = before is null ? ChangeAction.Created : after is null ? ChangeAction.Deleted : ChangeAction.Updated;
                items.Add(new ChangedItem(change.ItemId, change.Kind, action, Fields(before, after)) { Restricted = restricted });
            }
        }
        // An entry with more changes than were read (a large import): the rest are counted, as its record says, only for
        // a reader who may see restricted items (the others are not told how many there are, only that there are more).
        var unread = query.Kinds is null && query.NodeId is null ? Math.Max(0, entry.ChangeCount - entry.Changes.Count) : 0;
        if (query.ReadsRestricted)
        {
            count += unread;
        }
        if (count == 0 && unread == 0)
        {
            return null;
        }
        return new GraphChange
        {
            Version = entry.Version,
            At = entry.At,
            Operation = entry.Operation,
            Actor = entry.Actor,
            Note = entry.Note,
            ItemCount = count,
            Unread = unread,
            RestrictedRead = restrictedRead,
            Items = items,
            NodeIds = [.. nodes],
        };
    }

    private static JsonObject? Parse(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;

    /// <summary>A restricted item: a restricted sourcing request.</summary>
    private static bool IsRestricted(JsonObject? item) => item?["restricted"] is JsonValue v && v.TryGetValue(out bool restricted) && restricted;

    /// <summary>The top-level fields whose values differ between the two states (all of them for a creation or deletion), in name order.</summary>
    public static IReadOnlyList<string> Fields(JsonObject? before, JsonObject? after)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in after ?? [])
        {
            if (before is null || !before.TryGetPropertyValue(name, out var old) || !JsonNode.DeepEquals(old, value))
            {
                names.Add(name);
            }
        }
        foreach (var (name, _) in before ?? [])
        {
            if (after is null || !after.ContainsKey(name))
            {
                names.Add(name);
            }
        }
        names.Remove("$kind");
        return [.. names];
    }
}
