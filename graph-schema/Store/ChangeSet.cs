using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>Upserts and deletes applied together, atomically. Upserts replace the whole node or link.</summary>
public sealed record ChangeSet
{
    public IReadOnlyList<Node> UpsertNodes { get; init; } = [];

    public IReadOnlyList<string> DeleteNodes { get; init; } = [];

    public IReadOnlyList<SupplyLink> UpsertLinks { get; init; } = [];

    /// <summary>Ids of supply links to delete (see <see cref="SupplyLink.Id"/>).</summary>
    public IReadOnlyList<string> DeleteLinks { get; init; } = [];

    /// <summary>Who makes the change and why; when given, the store appends an audit entry in the same transaction.</summary>
    public AuditInfo? Audit { get; init; }

    /// <summary>
    /// When given, the change set is applied only while the graph is still at this version, that is when nobody (in this
    /// process or another sharing the store) has written since the caller read what it checked; otherwise
    /// <see cref="GraphChangedException"/> and nothing is written. Checked in the writing transaction itself.
    /// </summary>
    public long? ExpectedVersion { get; init; }

    public bool IsEmpty => UpsertNodes.Count == 0 && DeleteNodes.Count == 0 && UpsertLinks.Count == 0 && DeleteLinks.Count == 0;
}

/// <summary>What a change set did: the version after it, and how many items it actually changed.</summary>
public sealed record ChangeResult(long Version, int NodesWritten, int NodesDeleted, int LinksWritten, int LinksDeleted)
{
    public bool Changed => NodesWritten + NodesDeleted + LinksWritten + LinksDeleted > 0;
}

/// <summary>One invalid item of a change set: which item, which field, why.</summary>
public sealed record ChangeError(string Item, string Field, string Message)
{
    public override string ToString() => $"{Item} {Field}: {Message}";
}

/// <summary>A change set was refused before anything was written.</summary>
public sealed class ChangeSetRejectedException(IReadOnlyList<ChangeError> errors)
    : Exception($"change set rejected: {errors.Count} error(s); first: {(errors.Count > 0 ? errors[0] : null)}")
{
    public IReadOnlyList<ChangeError> Errors { get; } = errors;
}

/// <summary>A change set made against one version of the graph found another (someone wrote meanwhile); nothing was written.</summary>
public sealed class GraphChangedException(long expected, long actual)
    : Exception($"the graph is at version {actual}, not {expected} as the change set expected")
{
    public long Expected { get; } = expected;

    public long Actual { get; } = actual;
}

/// <summary>The store's files cannot be used (corrupt, foreign, or from a newer format); names the file.</summary>
public sealed class StoreFileException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner)
{
    public string FilePath { get; } = path;
}
