namespace Ecosystem.Graph.Store;

/// <summary>Who makes a change set, and why: given with the change set, the store records it in the audit log.</summary>
/// <param name="Actor">The caller as authenticated: an API key's name, a token's subject, or a local user of the CLI.</param>
/// <param name="Operation">What was done: a mutation's name (upsertFirm, mergeFirms, ...) or "import".</param>
/// <param name="At">When the change was asked for.</param>
/// <param name="Note">Anything the caller adds (the files of an import, the ids of a merge).</param>
public sealed record AuditInfo(string Actor, string Operation, DateTimeOffset At, string? Note = null);

/// <summary>One item a change set changed: its state before and after, as JSON (null before a creation, after a deletion).</summary>
/// <param name="ItemId">The node's id or the supply link's.</param>
/// <param name="Kind">Firm, Park, ..., or SupplyLink.</param>
/// <param name="Before">The state before, as JSON; null for a creation.</param>
/// <param name="After">The state after, as JSON; null for a deletion.</param>
public sealed record AuditChange(string ItemId, string Kind, string? Before, string? After);

/// <summary>
/// One entry of the audit log: a change set that changed something, with the graph version it made (entries are
/// numbered by it), who made it, when, what, the sources its new states cite, and each item's before and after.
/// </summary>
public sealed record AuditEntry
{
    public required long Version { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public required string Operation { get; init; }

    public string? Note { get; init; }

    /// <summary>Ids of the sources the changed items cite (after the change; for a deletion, before it).</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>How many items the change set changed (may be more than <see cref="Changes"/> holds).</summary>
    public required int ChangeCount { get; init; }

    /// <summary>The changes, in the order recorded, up to the query's limit (with a node id: only those that touch it).</summary>
    public IReadOnlyList<AuditChange> Changes { get; init; } = [];
}

/// <summary>
/// Which audit entries to read: newest first, before a version (the cursor); or, with <see cref="AfterVersion"/>,
/// oldest first after it (the change feed); touching a node (itself or one of its links).
/// </summary>
public sealed record AuditQuery
{
    public int First { get; init; } = 20;

    public long? BeforeVersion { get; init; }

    /// <summary>Entries after this version, oldest first (<see cref="BeforeVersion"/> is then an upper bound, exclusive).</summary>
    public long? AfterVersion { get; init; }

    public string? NodeId { get; init; }

    /// <summary>At most this many changes per entry are returned.</summary>
    public int MaxChanges { get; init; } = 100;
}

/// <summary>A page of the audit log, newest first (oldest first when read after a version).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, bool HasMore);

/// <summary>The durable audit log every store keeps: an entry per change set given with an <see cref="AuditInfo"/>, written in the same transaction.</summary>
public interface IAuditLog
{
    Task<AuditPage> ReadAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The before and after states of a change set's items, worked out by a store, and what the entry cites.</summary>
public static class AuditRecords
{
    /// <summary>The node ids a change touches: a node itself, or a link's supplier and buyer.</summary>
    public static IEnumerable<string> Touched(AuditChange change) => Touched(change.ItemId, change.Kind);

    /// <summary>The node ids an item of a kind touches: a node itself, or a link's supplier and buyer.</summary>
    public static IEnumerable<string> Touched(string itemId, string kind)
    {
        if (kind != "SupplyLink")
        {
            yield return itemId;
            yield break;
        }
        if (Model.SupplyLink.TryParseId(itemId, out var supplier, out var buyer, out _, out _))
        {
            yield return supplier;
            yield return buyer;
        }
    }

    /// <summary>A node's state as the audit log keeps it (the stores' own JSON form).</summary>
    public static string Json(Model.Node node) => NodeJson.Serialize(node);

    /// <summary>A supply link's state as the audit log keeps it.</summary>
    public static string Json(Model.SupplyLink link) => System.Text.Json.JsonSerializer.Serialize(link, NodeJson.Options);

    /// <summary>The entry of a change set: its changes in order, citing the sources of their states.</summary>
    public static AuditEntry Entry(long version, AuditInfo audit, IReadOnlyList<AuditChange> changes, IEnumerable<(IReadOnlyList<string>? Before, IReadOnlyList<string>? After)> cited) => new()
    {
        Version = version,
        At = audit.At,
        Actor = audit.Actor,
        Operation = audit.Operation,
        Note = audit.Note,
        Sources = Sources(cited),
        ChangeCount = changes.Count,
        Changes = changes,
    };

    /// <summary>The sources of the states: the after state's, or the before's for a deletion.</summary>
    public static IReadOnlyList<string> Sources(IEnumerable<(IReadOnlyList<string>? Before, IReadOnlyList<string>? After)> states) =>
        [.. states.SelectMany(s => s.After ?? s.Before ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
