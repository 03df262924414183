using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>
/// Applies a change set to Neo4j: every item and every reference is checked first (the same rules and messages as the
/// embedded store: <see cref="NodeRules"/>, references to nodes that exist after the change, no node deleted while still
/// referenced), then everything is written in one explicit transaction, in UNWIND batches, and the graph version is
/// bumped in it. Items equal to what is stored are left alone; a change set that changes nothing is rolled back and
/// leaves the version as it is.
/// </summary>
internal sealed class Neo4jChangeWriter(Neo4jQueryClient client, int batchSize = 5000)
{
    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);

    private const string KindsCypher =
        "UNWIND $ids AS id OPTIONAL MATCH (n:Node {id: id}) RETURN id, n.kind AS kind";

    private const string ReferrersCypher =
        "UNWIND $ids AS id MATCH (n:Node {id: id})<-[r]-(m:Node) WHERE type(r) <> 'SUPPLIES' RETURN id, collect(DISTINCT m.id) AS referrers";

    private const string LinkedCypher =
        "UNWIND $ids AS id MATCH (:Node {id: id})-[r:SUPPLIES]-() RETURN id, collect(r.id) AS links";

    private const string SectorUseCypher =
        "UNWIND $ids AS id MATCH ()-[r:SUPPLIES]->() WHERE r.sector = id OR r.hsProduct = id OR id IN r.sources RETURN id, collect(r.id)[0..10] AS links";

    public async Task<ChangeResult> ApplyAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        var (upserts, deletedStored) = await CheckAsync(changes, cancellationToken).ConfigureAwait(false);
        return await client.ExecuteWriteAsync((tx, ct) => WriteAsync(tx, changes, upserts, deletedStored, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads a large change set of upserts: checked whole first like <see cref="ApplyAsync"/>, then written batch by batch,
    /// each batch in a transaction of its own (Neo4j holds a transaction's changes in memory), the version bumped at the end.
    /// Re-running a load changes nothing; a load cut short leaves the batches written so far, and re-running completes it.
    /// </summary>
    public async Task<ChangeResult> LoadAsync(ChangeSet changes, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (changes.DeleteNodes.Count > 0 || changes.DeleteLinks.Count > 0)
        {
            throw new ArgumentException("a load only upserts; apply deletes as a change set");
        }
        var (upserts, _) = await CheckAsync(changes, cancellationToken).ConfigureAwait(false);
        var nodesWritten = 0;
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in upserts.GroupBy(n => n.Kind))
        {
            foreach (var batch in group.Chunk(batchSize))
            {
                var ids = await client.ExecuteWriteAsync((tx, ct) => UpsertNodesAsync(tx, group.Key, batch, ct), cancellationToken).ConfigureAwait(false);
                nodesWritten += ids.Count;
                written.UnionWith(ids);
                progress?.Report($"nodes ({group.Key}): {nodesWritten:N0} written");
            }
        }
        var referencesWritten = 0;
        foreach (var group in References(upserts, written))
        {
            foreach (var batch in group.Chunk(batchSize))
            {
                await client.ExecuteWriteAsync(async (tx, ct) =>
                {
                    await WriteReferencesAsync(tx, group.Key, batch, ct).ConfigureAwait(false);
                    return batch.Length;
                }, cancellationToken).ConfigureAwait(false);
                referencesWritten += batch.Length;
            }
            progress?.Report($"references ({Neo4jGraph.TypeName(group.Key)}): {referencesWritten:N0}");
        }
        var linksWritten = 0;
        var linksDone = 0;
        foreach (var batch in changes.UpsertLinks.Chunk(batchSize))
        {
            linksWritten += await client.ExecuteWriteAsync((tx, ct) => UpsertLinksAsync(tx, batch, ct), cancellationToken).ConfigureAwait(false);
            linksDone += batch.Length;
            progress?.Report($"links: {linksDone:N0}/{changes.UpsertLinks.Count:N0}, {linksWritten:N0} written");
        }
        var version = await client.ExecuteWriteAsync(async (tx, ct) =>
            (long)(await tx.RunAsync(nodesWritten + linksWritten == 0 ? CurrentVersionCypher : BumpVersionCypher, null, ct).ConfigureAwait(false)).Get(0, "version")!, cancellationToken).ConfigureAwait(false);
        return new ChangeResult(version, nodesWritten, 0, linksWritten, 0);
    }

    /// <summary>Every rule of the change set, with what it refers to read from the graph; throws listing every problem.</summary>
    private async Task<(List<Node> Upserts, List<string> DeletedStored)> CheckAsync(ChangeSet changes, CancellationToken cancellationToken)
    {
        var errors = new List<ChangeError>();
        var (upserts, deletes) = CheckItems(changes, errors);
        var stored = await StoredKindsAsync(Referred(changes, upserts, deletes), cancellationToken).ConfigureAwait(false);
        NodeKind? KindAfter(string id) =>
            upserts.TryGetValue(id, out var n) ? n.Kind : deletes.Contains(id) ? null : stored.TryGetValue(id, out var k) ? k : null;
        CheckReferences(upserts.Values, changes.UpsertLinks, KindAfter, errors);
        var deletedStored = deletes.Where(stored.ContainsKey).ToList();
        if (deletedStored.Count > 0)
        {
            await CheckDeletesAreFreeAsync(deletedStored, upserts, deletes, changes.DeleteLinks.ToHashSet(StringComparer.Ordinal), errors, cancellationToken).ConfigureAwait(false);
        }
        if (errors.Count > 0)
        {
            throw new ChangeSetRejectedException(errors);
        }
        return ([.. upserts.Values], deletedStored);
    }

    /// <summary>The rules of each node and link on its own, and ids given twice.</summary>
    private static (Dictionary<string, Node> Upserts, HashSet<string> Deletes) CheckItems(ChangeSet changes, List<ChangeError> errors)
    {
        var upserts = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var node in changes.UpsertNodes)
        {
            errors.AddRange(NodeRules.Check(node));
            if (!upserts.TryAdd(node.Id, node))
            {
                errors.Add(new ChangeError(node.Id, "id", "the change set upserts this id twice"));
            }
        }
        var deletes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in changes.DeleteNodes)
        {
            if (upserts.ContainsKey(id))
            {
                errors.Add(new ChangeError(id, "id", "the change set both upserts and deletes this id"));
            }
            deletes.Add(id);
        }
        var linkIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in changes.UpsertLinks)
        {
            if (!NodeRules.IsPlainValid(link))
            {
                errors.AddRange(NodeRules.Check(link));
            }
            if (!linkIds.Add(link.Id))
            {
                errors.Add(new ChangeError(LinkItem(link), "id", "the change set holds this link (supplier, buyer, sector, product) twice"));
            }
        }
        return (upserts, deletes);
    }

    /// <summary>Every id referred to (or deleted) and not upserted here.</summary>
    private static HashSet<string> Referred(ChangeSet changes, Dictionary<string, Node> upserts, HashSet<string> deletes)
    {
        var referred = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in upserts.Values)
        {
            referred.UnionWith(Neo4jGraph.References(node).Select(r => r.Target));
            referred.UnionWith(NestedSources(node));
        }
        foreach (var link in changes.UpsertLinks)
        {
            referred.Add(link.SupplierId);
            referred.Add(link.BuyerId);
            referred.Add(link.SectorId);
            if (link.HsProductId is { } hs)
            {
                referred.Add(hs);
            }
            referred.UnionWith(link.Sources);
        }
        referred.UnionWith(deletes);
        referred.ExceptWith(upserts.Keys);
        return referred;
    }

    /// <summary>The kinds of the given ids as stored now, in batches.</summary>
    private async Task<Dictionary<string, NodeKind>> StoredKindsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, NodeKind>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(batchSize))
        {
            var result = await client.RunAsync(KindsCypher, Args(("ids", batch)), cancellationToken).ConfigureAwait(false);
            foreach (var row in result.Rows)
            {
                if (row[1] is string kind && Enum.TryParse<NodeKind>(kind, out var k))
                {
                    stored[(string)row[0]!] = k;
                }
            }
        }
        return stored;
    }

    /// <summary>Every reference of the nodes and links to a node of the kind it must be, as the graph will be after the change.</summary>
    private static void CheckReferences(IEnumerable<Node> upserts, IReadOnlyList<SupplyLink> links, Func<string, NodeKind?> kindAfter, List<ChangeError> errors)
    {
        foreach (var node in upserts)
        {
            foreach (var (type, target) in node.Edges())
            {
                if (kindAfter(target) != NodeRules.TargetKind(type))
                {
                    errors.Add(NodeRules.UnknownTarget(node, type, target));
                }
            }
            foreach (var (_, message) in Citations.Unknowns(node.Sources.Concat(NestedSources(node)), id => kindAfter(id) == NodeKind.Source))
            {
                errors.Add(new ChangeError(node.Id, "sources", message));
            }
        }
        foreach (var link in links)
        {
            foreach (var (id, field) in new[] { (link.SupplierId, "supplier"), (link.BuyerId, "buyer") })
            {
                if (kindAfter(id) != NodeKind.Firm)
                {
                    errors.Add(new ChangeError(LinkItem(link), field, $"unknown firm '{id}'"));
                }
            }
            if (kindAfter(link.SectorId) != NodeKind.Sector)
            {
                errors.Add(new ChangeError(LinkItem(link), "sector", $"unknown sector '{link.SectorId}'"));
            }
            if (link.HsProductId is { } hs && kindAfter(hs) != NodeKind.Product)
            {
                errors.Add(new ChangeError(LinkItem(link), "hsProduct", $"unknown HS 2022 product '{hs}'"));
            }
            foreach (var (_, message) in Citations.Unknowns(link.Sources, id => kindAfter(id) == NodeKind.Source))
            {
                errors.Add(new ChangeError(LinkItem(link), "sources", message));
            }
        }
    }

    private static IEnumerable<string> NestedSources(Node node) => node switch
    {
        Sector s => s.Feeds.SelectMany(f => f.Sources),
        Park p => p.PrioritySectors.SelectMany(x => x.Sources).Concat(p.Citations.Select(c => c.SourceId)),
        _ => [],
    };

    private async Task CheckDeletesAreFreeAsync(
        List<string> deleted, Dictionary<string, Node> upserts, HashSet<string> deletes, HashSet<string> deletedLinks, List<ChangeError> errors, CancellationToken cancellationToken)
    {
        var referrers = await client.RunAsync(ReferrersCypher, Args(("ids", deleted)), cancellationToken).ConfigureAwait(false);
        foreach (var row in referrers.Rows)
        {
            var id = (string)row[0]!;
            foreach (var referrer in ((List<object?>)row[1]!).Cast<string>())
            {
                if (deletes.Contains(referrer))
                {
                    continue;
                }
                // A referrer replaced in this change set counts as it will be.
                if (!upserts.TryGetValue(referrer, out var after) || Neo4jGraph.References(after).Any(r => r.Target == id))
                {
                    errors.Add(new ChangeError(id, "id", $"cannot delete: still referenced by {referrer}"));
                    break;
                }
            }
        }
        var linked = await client.RunAsync(LinkedCypher, Args(("ids", deleted)), cancellationToken).ConfigureAwait(false);
        foreach (var row in linked.Rows)
        {
            var id = (string)row[0]!;
            if (((List<object?>)row[1]!).Cast<string>().Any(l => !deletedLinks.Contains(l)))
            {
                errors.Add(new ChangeError(id, "id", "cannot delete: supply links still refer to it"));
            }
        }
        var used = await client.RunAsync(SectorUseCypher, Args(("ids", deleted.Where(d => NodeIds.KindOf(d) is NodeKind.Sector or NodeKind.Source or NodeKind.Product).ToList())), cancellationToken).ConfigureAwait(false);
        foreach (var row in used.Rows)
        {
            if (((List<object?>)row[1]!).Cast<string>().Any(l => !deletedLinks.Contains(l)))
            {
                errors.Add(new ChangeError((string)row[0]!, "id", "cannot delete: supply links still refer to it"));
            }
        }
    }

    private static string UpsertNodesCypher(NodeKind kind) =>
        "UNWIND $rows AS row MERGE (n:Node {id: row.id}) WITH n, row WHERE n.json IS NULL OR n.json <> row.json " +
        $"SET n = row, n:{Neo4jGraph.Label(kind)} " +
        "WITH n OPTIONAL MATCH (n)-[old]->() WHERE type(old) <> 'SUPPLIES' DELETE old RETURN collect(DISTINCT n.id) AS written";

    private static string ReferencesCypher(RelType type) =>
        $"UNWIND $rows AS row MATCH (a:Node {{id: row.from}}) MATCH (b:Node {{id: row.to}}) MERGE (a)-[:{Neo4jGraph.TypeName(type)}]->(b)";

    private const string DeleteLinksCypher =
        "UNWIND $ids AS id MATCH (:Firm)-[r:SUPPLIES {id: id}]->(:Firm) DELETE r RETURN count(*) AS deleted";

    private const string DeleteNodesCypher =
        "UNWIND $ids AS id MATCH (n:Node {id: id}) DETACH DELETE n RETURN count(*) AS deleted";

    private const string UpsertLinksCypher =
        "UNWIND $rows AS row MATCH (s:Firm {id: row.supplierId}) MATCH (b:Firm {id: row.buyerId}) " +
        "MERGE (s)-[r:SUPPLIES {id: row.id}]->(b) WITH r, row WHERE r.json IS NULL OR r.json <> row.json " +
        "SET r = row RETURN count(r) AS written";

    private const string BumpVersionCypher =
        "MERGE (m:GraphMeta {key: 'graph'}) ON CREATE SET m.version = 0 SET m.version = m.version + 1 RETURN m.version AS version";

    private const string LockVersionCypher =
        "MERGE (m:GraphMeta {key: 'graph'}) ON CREATE SET m.version = 0 SET m.lockedAt = timestamp() RETURN m.version AS version";

    private const string CurrentVersionCypher = "OPTIONAL MATCH (m:GraphMeta {key: 'graph'}) RETURN coalesce(m.version, 0) AS version";

    private static async Task<List<string>> UpsertNodesAsync(Neo4jTransaction tx, NodeKind kind, IEnumerable<Node> nodes, CancellationToken cancellationToken)
    {
        var result = await tx.RunAsync(UpsertNodesCypher(kind), Args(("rows", nodes.Select(Neo4jGraph.Properties).ToList())), cancellationToken).ConfigureAwait(false);
        return [.. ((List<object?>)result.Get(0, "written")!).Cast<string>()];
    }

    /// <summary>The references of the nodes written (their old ones went with them), by type.</summary>
    private static IEnumerable<IGrouping<RelType, (RelType Type, string From, string To)>> References(IEnumerable<Node> nodes, HashSet<string> written) =>
        nodes.Where(n => written.Contains(n.Id))
            .SelectMany(n => Neo4jGraph.References(n).Select(r => (r.Type, From: n.Id, To: r.Target)))
            .GroupBy(r => r.Type);

    private static async Task WriteReferencesAsync(Neo4jTransaction tx, RelType type, IEnumerable<(RelType Type, string From, string To)> references, CancellationToken cancellationToken) =>
        await tx.RunAsync(ReferencesCypher(type), Args(("rows", references.Select(r => new Dictionary<string, object?> { ["from"] = r.From, ["to"] = r.To }).ToList())), cancellationToken).ConfigureAwait(false);

    private static async Task<int> UpsertLinksAsync(Neo4jTransaction tx, IEnumerable<SupplyLink> links, CancellationToken cancellationToken)
    {
        var result = await tx.RunAsync(UpsertLinksCypher, Args(("rows", links.Select(Neo4jGraph.Properties).ToList())), cancellationToken).ConfigureAwait(false);
        return (int)(long)result.Get(0, "written")!;
    }

    private async Task<ChangeResult> WriteAsync(Neo4jTransaction tx, ChangeSet changes, IEnumerable<Node> upserts, List<string> deletedNodes, CancellationToken cancellationToken)
    {
        if (changes.ExpectedVersion is { } expected)
        {
            // A write lock on the version node first: another writer's transaction waits here until this one ends, so the
            // version read now is the one this transaction will bump.
            var current = (long)(await tx.RunAsync(LockVersionCypher, null, cancellationToken).ConfigureAwait(false)).Get(0, "version")!;
            if (current != expected)
            {
                throw new GraphChangedException(expected, current);
            }
        }
        // The states before, read in the same transaction, for the audit entry.
        (Dictionary<string, string> Nodes, Dictionary<string, string> Links)? before = changes.Audit is null
            ? null
            : await Neo4jAuditLog.BeforeAsync(tx, changes, upserts, batchSize, cancellationToken).ConfigureAwait(false);
        var nodesWritten = 0;
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in upserts.GroupBy(n => n.Kind))
        {
            foreach (var batch in group.Chunk(batchSize))
            {
                var ids = await UpsertNodesAsync(tx, group.Key, batch, cancellationToken).ConfigureAwait(false);
                nodesWritten += ids.Count;
                written.UnionWith(ids);
            }
        }
        // Once every node exists: the references of the nodes written.
        foreach (var group in References(upserts, written))
        {
            foreach (var batch in group.Chunk(batchSize))
            {
                await WriteReferencesAsync(tx, group.Key, batch, cancellationToken).ConfigureAwait(false);
            }
        }
        var linksDeleted = 0;
        foreach (var batch in changes.DeleteLinks.Chunk(batchSize))
        {
            var result = await tx.RunAsync(DeleteLinksCypher, Args(("ids", batch)), cancellationToken).ConfigureAwait(false);
            linksDeleted += (int)(long)result.Get(0, "deleted")!;
        }
        var nodesDeleted = 0;
        foreach (var batch in deletedNodes.Chunk(batchSize))
        {
            var result = await tx.RunAsync(DeleteNodesCypher, Args(("ids", batch)), cancellationToken).ConfigureAwait(false);
            nodesDeleted += (int)(long)result.Get(0, "deleted")!;
        }
        var linksWritten = 0;
        foreach (var batch in changes.UpsertLinks.Chunk(batchSize))
        {
            linksWritten += await UpsertLinksAsync(tx, batch, cancellationToken).ConfigureAwait(false);
        }
        if (nodesWritten + nodesDeleted + linksWritten + linksDeleted == 0)
        {
            // Nothing changed: the version stays (committing a transaction that wrote nothing changes nothing).
            var version = await tx.RunAsync(CurrentVersionCypher, null, cancellationToken).ConfigureAwait(false);
            return new ChangeResult((long)version.Get(0, "version")!, 0, 0, 0, 0);
        }
        var bumped = await tx.RunAsync(BumpVersionCypher, null, cancellationToken).ConfigureAwait(false);
        var newVersion = (long)bumped.Get(0, "version")!;
        if (changes.Audit is { } audit && before is { } states)
        {
            await Neo4jAuditLog.WriteAsync(tx, Neo4jAuditLog.Entry(newVersion, audit, changes, upserts, states.Nodes, states.Links), batchSize, cancellationToken).ConfigureAwait(false);
        }
        return new ChangeResult(newVersion, nodesWritten, nodesDeleted, linksWritten, linksDeleted);
    }

    private static string LinkItem(SupplyLink link) => $"link {link.SupplierId} -> {link.BuyerId}";

}
