using System.Globalization;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>
/// The audit log in Neo4j: (:AuditEntry {version, at, actor, operation, note, sources, changeCount}) and its
/// (:AuditChange {version, seq, item, kind, before, after, nodes}), written in the change set's own transaction.
/// </summary>
internal static class Neo4jAuditLog
{
    private const string NodesBeforeCypher =
        "UNWIND $ids AS id OPTIONAL MATCH (n:Node {id: id}) RETURN id, n.json AS json";

    private const string LinksBeforeCypher =
        "UNWIND $ids AS id OPTIONAL MATCH (:Firm)-[r:SUPPLIES {id: id}]->(:Firm) RETURN id, r.json AS json";

    private const string EntryCypher =
        "CREATE (:AuditEntry {version: $version, at: $at, actor: $actor, operation: $operation, note: $note, sources: $sources, changeCount: $changeCount})";

    private const string ChangesCypher =
        "UNWIND $changes AS c CREATE (:AuditChange {version: $version, seq: c.seq, item: c.item, kind: c.kind, before: c.before, after: c.after, nodes: c.nodes})";

    private const string VersionsCypher =
        "MATCH (e:AuditEntry) WHERE e.version < $before RETURN e.version AS version ORDER BY version DESC LIMIT $n";

    private const string NodeVersionsCypher =
        "MATCH (c:AuditChange) WHERE $node IN c.nodes AND c.version < $before WITH DISTINCT c.version AS version RETURN version ORDER BY version DESC LIMIT $n";

    // The change feed: oldest first after a version.
    private const string VersionsAfterCypher =
        "MATCH (e:AuditEntry) WHERE e.version > $after AND e.version < $before RETURN e.version AS version ORDER BY version LIMIT $n";

    private const string NodeVersionsAfterCypher =
        "MATCH (c:AuditChange) WHERE $node IN c.nodes AND c.version > $after AND c.version < $before WITH DISTINCT c.version AS version RETURN version ORDER BY version LIMIT $n";

    private const string EntriesCypher =
        "UNWIND $versions AS v MATCH (e:AuditEntry {version: v}) " +
        "RETURN e.version AS version, e.at AS at, e.actor AS actor, e.operation AS operation, e.note AS note, e.sources AS sources, e.changeCount AS changeCount";

    private const string EntryChangesCypher =
        "UNWIND $versions AS v CALL { WITH v MATCH (c:AuditChange {version: v}) WHERE $node IS NULL OR $node IN c.nodes RETURN c ORDER BY c.seq LIMIT $max } " +
        "RETURN v AS version, c.item AS item, c.kind AS kind, c.before AS before, c.after AS after ORDER BY version DESC, c.seq";

    /// <summary>The stored JSON of the nodes and links a change set names, read in its transaction before it writes.</summary>
    public static async Task<(Dictionary<string, string> Nodes, Dictionary<string, string> Links)> BeforeAsync(
        Neo4jTransaction tx, ChangeSet changes, IEnumerable<Node> upserts, int batchSize, CancellationToken cancellationToken)
    {
        async Task<Dictionary<string, string>> ReadAsync(string cypher, IEnumerable<string> ids)
        {
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var batch in ids.Distinct(StringComparer.Ordinal).Chunk(batchSize))
            {
                var result = await tx.RunAsync(cypher, new Dictionary<string, object?> { ["ids"] = batch }, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < result.Rows.Count; i++)
                {
                    if (result.Get(i, "json") is string json)
                    {
                        found[(string)result.Get(i, "id")!] = json;
                    }
                }
            }
            return found;
        }
        var nodes = await ReadAsync(NodesBeforeCypher, upserts.Select(n => n.Id).Concat(changes.DeleteNodes)).ConfigureAwait(false);
        var links = await ReadAsync(LinksBeforeCypher, changes.UpsertLinks.Select(l => l.Id).Concat(changes.DeleteLinks)).ConfigureAwait(false);
        return (nodes, links);
    }

    /// <summary>The entry of a change set: every item whose state differs before and after, in the embedded store's order.</summary>
    public static AuditEntry Entry(long version, AuditInfo audit, ChangeSet changes, IEnumerable<Node> upserts, Dictionary<string, string> nodesBefore, Dictionary<string, string> linksBefore)
    {
        var list = new List<AuditChange>();
        var cited = new List<(IReadOnlyList<string>?, IReadOnlyList<string>?)>();
        foreach (var node in upserts)
        {
            var json = Neo4jGraph.NodeJsonOf(node);
            var before = nodesBefore.GetValueOrDefault(node.Id);
            if (before != json)
            {
                list.Add(new AuditChange(node.Id, node.Kind.ToString(), before, json));
                cited.Add((before is null ? null : Neo4jGraph.NodeFrom(before).Sources, node.Sources));
            }
        }
        foreach (var id in changes.DeleteNodes.Distinct(StringComparer.Ordinal))
        {
            if (nodesBefore.GetValueOrDefault(id) is { } before)
            {
                var node = Neo4jGraph.NodeFrom(before);
                list.Add(new AuditChange(id, node.Kind.ToString(), before, null));
                cited.Add((node.Sources, null));
            }
        }
        foreach (var id in changes.DeleteLinks.Distinct(StringComparer.Ordinal))
        {
            if (linksBefore.GetValueOrDefault(id) is { } before)
            {
                var link = Neo4jGraph.LinkFrom(before);
                list.Add(new AuditChange(id, "SupplyLink", AuditRecords.Json(link), null));
                cited.Add((link.Sources, null));
            }
        }
        foreach (var link in changes.UpsertLinks)
        {
            var before = linksBefore.GetValueOrDefault(link.Id);
            if (before != Neo4jGraph.LinkJsonOf(link))
            {
                var old = before is null ? null : Neo4jGraph.LinkFrom(before);
                list.Add(new AuditChange(link.Id, "SupplyLink", old is null ? null : AuditRecords.Json(old), AuditRecords.Json(link)));
                cited.Add((old?.Sources, link.Sources));
            }
        }
        return AuditRecords.Entry(version, audit, list, cited);
    }

    public static async Task WriteAsync(Neo4jTransaction tx, AuditEntry entry, int batchSize, CancellationToken cancellationToken)
    {
        await tx.RunAsync(EntryCypher, new Dictionary<string, object?>
        {
            ["version"] = entry.Version,
            ["at"] = entry.At.ToString("O", CultureInfo.InvariantCulture),
            ["actor"] = entry.Actor,
            ["operation"] = entry.Operation,
            ["note"] = entry.Note,
            ["sources"] = entry.Sources.ToList(),
            ["changeCount"] = (long)entry.ChangeCount,
        }, cancellationToken).ConfigureAwait(false);
        var seq = 0;
        foreach (var batch in entry.Changes.Chunk(batchSize))
        {
            var rows = batch.Select(c => (object?)new Dictionary<string, object?>
            {
                ["seq"] = (long)seq++,
                ["item"] = c.ItemId,
                ["kind"] = c.Kind,
                ["before"] = c.Before,
                ["after"] = c.After,
                ["nodes"] = AuditRecords.Touched(c).ToList(),
            }).ToList();
            await tx.RunAsync(ChangesCypher, new Dictionary<string, object?> { ["version"] = entry.Version, ["changes"] = rows }, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<AuditPage> ReadAsync(Neo4jQueryClient client, AuditQuery query, CancellationToken cancellationToken)
    {
        var args = new Dictionary<string, object?>
        {
            ["before"] = query.BeforeVersion ?? long.MaxValue,
            ["n"] = (long)query.First + 1,
            ["node"] = query.NodeId,
        };
        var cypher = query.AfterVersion is not null
            ? query.NodeId is null ? VersionsAfterCypher : NodeVersionsAfterCypher
            : query.NodeId is null ? VersionsCypher : NodeVersionsCypher;
        if (query.AfterVersion is not null)
        {
            args["after"] = query.AfterVersion;
        }
        var versions = await client.RunAsync(cypher, args, cancellationToken).ConfigureAwait(false);
        var found = Enumerable.Range(0, versions.Rows.Count).Select(i => (long)versions.Get(i, "version")!).ToList();
        var page = found.Take(query.First).ToList();
        if (page.Count == 0)
        {
            return new AuditPage([], false);
        }
        var entryArgs = new Dictionary<string, object?> { ["versions"] = page, ["node"] = query.NodeId, ["max"] = (long)query.MaxChanges };
        var entries = await client.RunAsync(EntriesCypher, new Dictionary<string, object?> { ["versions"] = page }, cancellationToken).ConfigureAwait(false);
        var changes = await client.RunAsync(EntryChangesCypher, entryArgs, cancellationToken).ConfigureAwait(false);
        var byVersion = new Dictionary<long, List<AuditChange>>();
        for (var i = 0; i < changes.Rows.Count; i++)
        {
            var version = (long)changes.Get(i, "version")!;
            if (!byVersion.TryGetValue(version, out var list))
            {
                byVersion[version] = list = [];
            }
            list.Add(new AuditChange((string)changes.Get(i, "item")!, (string)changes.Get(i, "kind")!, changes.Get(i, "before") as string, changes.Get(i, "after") as string));
        }
        var result = new List<AuditEntry>();
        for (var i = 0; i < entries.Rows.Count; i++)
        {
            var version = (long)entries.Get(i, "version")!;
            result.Add(new AuditEntry
            {
                Version = version,
                At = DateTimeOffset.Parse((string)entries.Get(i, "at")!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Actor = (string)entries.Get(i, "actor")!,
                Operation = (string)entries.Get(i, "operation")!,
                Note = entries.Get(i, "note") as string,
                Sources = ((IEnumerable<object?>?)entries.Get(i, "sources") ?? []).OfType<string>().ToList(),
                ChangeCount = (int)(long)entries.Get(i, "changeCount")!,
                Changes = byVersion.GetValueOrDefault(version) ?? [],
            });
        }
        var ordered = query.AfterVersion is null ? result.OrderByDescending(e => e.Version) : result.OrderBy(e => e.Version);
        return new AuditPage([.. ordered], found.Count > page.Count);
    }
}
