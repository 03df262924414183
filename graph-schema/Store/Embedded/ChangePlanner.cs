using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Analysis;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// Turns a change set into a plan against one snapshot: checks every item and every reference as the graph would be
/// after the change, interns ids, drops items that change nothing, and builds the snapshot that follows the commit.
/// </summary>
internal sealed partial class ChangePlanner(GraphSnapshot snap)
{
    private readonly List<ChangeError> _errors = [];
    private readonly Dictionary<string, Node> _upserts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _newNids = new(StringComparer.Ordinal);
    private readonly List<string> _newProductTexts = [];
    private readonly Dictionary<string, int> _productBySlug = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _productByText = new(StringComparer.Ordinal);
    private readonly List<string[]> _newSourceSets = [];
    private readonly Dictionary<string, int> _sourceSetByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<IReadOnlyList<string>, int> _sourceSetByRef = new(ReferenceEqualityComparer.Instance);

    public ChangePlan? Plan(ChangeSet changes, out GraphSnapshot? next)
    {
        next = null;
        CollectNodes(changes);
        CheckNodeReferences();
        var rows = ResolveLinks(changes.UpsertLinks);
        var linkDeletes = ResolveLinkDeletes(changes.DeleteLinks);
        var plan = new ChangePlan { Version = snap.Version + 1 };
        foreach (var id in _deletes)
        {
            var nid = snap.NidOf(id);
            if (nid >= 0)
            {
                plan.NodeDeletes.Add(nid);
            }
        }
        CheckDeletedNodesAreFree(plan.NodeDeletes, linkDeletes);
        if (_errors.Count > 0)
        {
            throw new ChangeSetRejectedException(_errors);
        }

        foreach (var node in _upserts.Values)
        {
            var nid = NidAfter(node.Id);
            var json = NodeJson.Serialize(node);
            var existing = nid < snap.Nodes.Length ? snap.Nodes[nid] : null;
            if (existing is null || NodeJson.Serialize(existing) != json)
            {
                plan.NodeWrites.Add((nid, node, json));
            }
        }
        var kept = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var existing = snap.FindLink(rows[i].Supplier, rows[i].Buyer, rows[i].Sector, rows[i].Product);
            if (existing < 0 || !snap.Row(existing).SameValues(rows[i]))
            {
                rows[kept++] = rows[i];
            }
        }
        if (kept < rows.Length)
        {
            Array.Resize(ref rows, kept);
        }
        plan.LinkWrites = rows;
        plan.LinkDeletes.AddRange(linkDeletes);
        for (var i = 0; i < _newProductTexts.Count; i++)
        {
            plan.NewProducts.Add((snap.Products.Length + i, _newProductTexts[i]));
        }
        for (var i = 0; i < _newSourceSets.Count; i++)
        {
            plan.NewSourceSets.Add((snap.SourceSets.Length + i, _newSourceSets[i]));
        }
        if (plan.NodeWrites.Count == 0 && plan.NodeDeletes.Count == 0 && plan.LinkWrites.Length == 0 && plan.LinkDeletes.Count == 0)
        {
            return null;
        }
        next = BuildNext(plan);
        if (changes.Audit is { } audit)
        {
            plan.Audit = AuditOf(plan, next, audit);
        }
        return plan;
    }

    private void CollectNodes(ChangeSet changes)
    {
        foreach (var node in changes.UpsertNodes)
        {
            _errors.AddRange(NodeRules.Check(node));
            if (!_upserts.TryAdd(node.Id, node))
            {
                _errors.Add(new ChangeError(node.Id, "id", "the change set upserts this id twice"));
            }
        }
        foreach (var id in changes.DeleteNodes)
        {
            if (_upserts.ContainsKey(id))
            {
                _errors.Add(new ChangeError(id, "id", "the change set both upserts and deletes this id"));
            }
            _deletes.Add(id);
        }
        var nextNid = snap.Nodes.Length;
        foreach (var node in changes.UpsertNodes)
        {
            if (snap.NidOf(node.Id) < 0 && snap.NodeOrSuccessorOf(node.Id) is { } successor)
            {
                // A merged firm's id keeps resolving to the firm it was merged into: it cannot name a new node.
                _errors.Add(new ChangeError(node.Id, "id", $"this id was merged into {successor.Id} and still resolves to it"));
            }
            if (snap.NidOf(node.Id) < 0 && !_newNids.ContainsKey(node.Id))
            {
                _newNids[node.Id] = nextNid++;
            }
        }
    }

    private NodeKind? KindAfter(string id)
    {
        if (_upserts.TryGetValue(id, out var node))
        {
            return node.Kind;
        }
        if (_deletes.Contains(id))
        {
            return null;
        }
        return snap.NodeOf(id)?.Kind;
    }

    private int NidAfter(string id) =>
        _newNids.TryGetValue(id, out var nid) ? nid : _deletes.Count > 0 && _deletes.Contains(id) ? -1 : snap.NidOf(id);

    private void CheckNodeReferences()
    {
        foreach (var node in _upserts.Values)
        {
            foreach (var (type, target) in node.Edges())
            {
                var expected = NodeRules.TargetKind(type);
                if (KindAfter(target) != expected)
                {
                    _errors.Add(NodeRules.UnknownTarget(node, type, target));
                }
            }
            if (node is Sector sector)
            {
                foreach (var feed in sector.Feeds)
                {
                    CheckSources(node.Id, feed.Sources);
                }
            }
            if (node is Park park)
            {
                foreach (var priority in park.PrioritySectors)
                {
                    CheckSources(node.Id, priority.Sources);
                }
                foreach (var citation in park.Citations)
                {
                    CheckSources(node.Id, [citation.SourceId]);
                }
            }
            CheckSources(node.Id, node.Sources);
        }
    }

    private void CheckSources(string item, IReadOnlyList<string> sources)
    {
        foreach (var (_, message) in Citations.Unknowns(sources, id => KindAfter(id) == NodeKind.Source))
        {
            _errors.Add(new ChangeError(item, "sources", message));
        }
    }

    /// <summary>A change set up to this many items updates the snapshot by its size; a larger one (an import) builds it whole.</summary>
    public const int IncrementalLimit = 20_000;

    private GraphSnapshot BuildNext(ChangePlan plan)
    {
        var items = plan.NodeWrites.Count + plan.NodeDeletes.Count + plan.LinkWrites.Length + plan.LinkDeletes.Count;
        if (items <= IncrementalLimit && plan.LinkWrites.Length <= snap.FreeLinkRows)
        {
            return new GraphSnapshot(snap, plan.Delta());
        }
        var capacity = snap.Nodes.Length + _newNids.Count;
        var nodes = new Node?[capacity];
        snap.Nodes.ToArray().CopyTo(nodes, 0);
        foreach (var nid in plan.NodeDeletes)
        {
            nodes[nid] = null;
        }
        foreach (var (nid, node, _) in plan.NodeWrites)
        {
            nodes[nid] = node;
        }
        var merged = MergeLinks(snap.LiveRows(), plan.LinkWrites, plan.LinkDeletes, out var count);
        var products = snap.Products.Concat(plan.NewProducts.Select(p => p.Text)).ToArray();
        var sourceSets = snap.SourceSets.Concat(plan.NewSourceSets.Select(s => s.Ids)).ToArray();
        var changed = plan.NodeDeletes.Concat(plan.NodeWrites.Select(w => w.Nid)).ToHashSet();
        return new GraphSnapshot(plan.Version, nodes, () => (merged, count), products, sourceSets, snap, changed);
    }

    /// <summary>Merges sorted writes into the sorted existing links, dropping deleted and replaced ones, in linear time.</summary>
    private static LinkRow[] MergeLinks(LinkRow[] existing, LinkRow[] writes, List<LinkRow> deletes, out int count)
    {
        var result = new LinkRow[existing.Length + writes.Length];
        int i = 0, j = 0, d = 0, n = 0;
        var old = existing.Length;
        while (i < old || j < writes.Length)
        {
            if (j < writes.Length && (i == old || writes[j].CompareTo(existing[i]) <= 0))
            {
                if (i < old && writes[j].SameKey(existing[i]))
                {
                    i++;
                }
                result[n++] = writes[j++];
                continue;
            }
            var row = existing[i++];
            while (d < deletes.Count && deletes[d].CompareTo(row) < 0)
            {
                d++;
            }
            if (d < deletes.Count && deletes[d].SameKey(row))
            {
                d++;
                continue;
            }
            result[n++] = row;
        }
        count = n;
        return result;
    }

    /// <summary>The audit entry of a plan: every node and link it writes or deletes, as it was in this snapshot and as it is in the next.</summary>
    private AuditEntry AuditOf(ChangePlan plan, GraphSnapshot next, AuditInfo audit)
    {
        var changes = new List<AuditChange>(plan.NodeWrites.Count + plan.NodeDeletes.Count + plan.LinkWrites.Length + plan.LinkDeletes.Count);
        var cited = new List<(IReadOnlyList<string>?, IReadOnlyList<string>?)>();
        foreach (var (nid, node, json) in plan.NodeWrites)
        {
            var before = nid < snap.Nodes.Length ? snap.Nodes[nid] : null;
            changes.Add(new AuditChange(node.Id, node.Kind.ToString(), before is null ? null : NodeJson.Serialize(before), json));
            cited.Add((before?.Sources, node.Sources));
        }
        foreach (var nid in plan.NodeDeletes)
        {
            var before = snap.Nodes[nid]!;
            changes.Add(new AuditChange(before.Id, before.Kind.ToString(), NodeJson.Serialize(before), null));
            cited.Add((before.Sources, null));
        }
        foreach (var row in plan.LinkDeletes)
        {
            var before = snap.Materialize(snap.FindLink(row.Supplier, row.Buyer, row.Sector, row.Product));
            changes.Add(new AuditChange(before.Id, "SupplyLink", AuditRecords.Json(before), null));
            cited.Add((before.Sources, null));
        }
        foreach (var row in plan.LinkWrites)
        {
            var old = snap.FindLink(row.Supplier, row.Buyer, row.Sector, row.Product);
            var before = old < 0 ? null : snap.Materialize(old);
            var after = next.Materialize(next.FindLink(row.Supplier, row.Buyer, row.Sector, row.Product));
            changes.Add(new AuditChange(after.Id, "SupplyLink", before is null ? null : AuditRecords.Json(before), AuditRecords.Json(after)));
            cited.Add((before?.Sources, after.Sources));
        }
        return AuditRecords.Entry(plan.Version, audit, changes, cited);
    }
}
