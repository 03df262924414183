using System.Globalization;
using System.Text.Json;
using Ecosystem.Graph.Model;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Ecosystem.Graph.Analysis;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>Writing a change plan and the audit log, and reading the audit log back.</summary>
internal partial class GraphFile
{
    /// <summary>Writes one change plan in one transaction; on any failure nothing of it stays.</summary>
    /// <summary>
    /// Writes a planned change set in one transaction. The transaction takes the file's write lock first and checks that
    /// the file is still at the version the plan was made on: another process sharing the file may have committed since
    /// (then <see cref="StoreConflictException"/>, and nothing is written).
    /// </summary>
    public void Write(ChangePlan plan, Action<string>? fault)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        try
        {
            using (var check = Command(tx, "SELECT value FROM meta WHERE key='version'"))
            {
                var current = long.Parse((string)check.ExecuteScalar()!, CultureInfo.InvariantCulture);
                if (current != plan.Version - 1)
                {
                    throw new StoreConflictException(current);
                }
            }
            WriteCore(plan, tx, fault);
            fault?.Invoke("before-commit");
            tx.Commit();
        }
        catch
        {
            tx.Rollback();
            throw;
        }
    }

    private void WriteCore(ChangePlan plan, SqliteTransaction tx, Action<string>? fault)
    {
        using (var insert = Command(tx, "INSERT INTO products(pid, text) VALUES ($p, $t)", "$p", "$t"))
        {
            foreach (var (pid, text) in plan.NewProducts)
            {
                insert.Parameters[0].Value = pid;
                insert.Parameters[1].Value = text;
                insert.ExecuteNonQuery();
            }
        }
        using (var insert = Command(tx, "INSERT INTO source_sets(sid, ids) VALUES ($s, $i)", "$s", "$i"))
        {
            foreach (var (sid, ids) in plan.NewSourceSets)
            {
                insert.Parameters[0].Value = sid;
                insert.Parameters[1].Value = JsonSerializer.Serialize(ids);
                insert.ExecuteNonQuery();
            }
        }
        using (var delete = Command(tx, "DELETE FROM links WHERE buyer=$b AND supplier=$s AND sector=$c AND product=$p", "$b", "$s", "$c", "$p"))
        {
            foreach (var row in plan.LinkDeletes)
            {
                delete.Parameters[0].Value = row.Buyer;
                delete.Parameters[1].Value = row.Supplier;
                delete.Parameters[2].Value = row.Sector;
                delete.Parameters[3].Value = row.Product;
                delete.ExecuteNonQuery();
            }
        }
        using (var delete = Command(tx, "DELETE FROM nodes WHERE nid=$n", "$n"))
        {
            foreach (var nid in plan.NodeDeletes)
            {
                delete.Parameters[0].Value = nid;
                delete.ExecuteNonQuery();
            }
        }
        using (var upsert = Command(tx,
            "INSERT INTO nodes(nid, id, kind, data) VALUES ($n, $i, $k, $d) ON CONFLICT(nid) DO UPDATE SET data=excluded.data",
            "$n", "$i", "$k", "$d"))
        {
            foreach (var (nid, node, json) in plan.NodeWrites)
            {
                upsert.Parameters[0].Value = nid;
                upsert.Parameters[1].Value = node.Id;
                upsert.Parameters[2].Value = (int)node.Kind;
                upsert.Parameters[3].Value = json;
                upsert.ExecuteNonQuery();
            }
        }
        fault?.Invoke("nodes-written");
        WriteLinks(plan.LinkWrites, fault);
        if (plan.Audit is { } audit)
        {
            WriteAudit(tx, audit);
            fault?.Invoke("audit-written");
        }
        WriteJournal(tx, plan);
        using var version = Command(tx, "UPDATE meta SET value=$v WHERE key='version'", "$v");
        version.Parameters[0].Value = plan.Version.ToString(CultureInfo.InvariantCulture);
        version.ExecuteNonQuery();
    }

    private void WriteAudit(SqliteTransaction tx, AuditEntry audit)
    {
        using (var entry = Command(tx, "INSERT INTO audit(version, at, actor, operation, note, sources, change_count) VALUES ($v, $a, $u, $o, $n, $s, $c)", "$v", "$a", "$u", "$o", "$n", "$s", "$c"))
        {
            entry.Parameters[0].Value = audit.Version;
            entry.Parameters[1].Value = audit.At.ToString("O", CultureInfo.InvariantCulture);
            entry.Parameters[2].Value = audit.Actor;
            entry.Parameters[3].Value = audit.Operation;
            entry.Parameters[4].Value = (object?)audit.Note ?? DBNull.Value;
            entry.Parameters[5].Value = JsonSerializer.Serialize(audit.Sources);
            entry.Parameters[6].Value = audit.ChangeCount;
            entry.ExecuteNonQuery();
        }
        using var change = Command(tx, "INSERT INTO audit_changes(version, seq, item, kind, before, after) VALUES ($v, $q, $i, $k, $b, $a)", "$v", "$q", "$i", "$k", "$b", "$a");
        using var touch = Command(tx, "INSERT OR IGNORE INTO audit_nodes(node, version, seq) VALUES ($n, $v, $q)", "$n", "$v", "$q");
        change.Parameters[0].Value = audit.Version;
        touch.Parameters[1].Value = audit.Version;
        for (var seq = 0; seq < audit.Changes.Count; seq++)
        {
            var c = audit.Changes[seq];
            change.Parameters[1].Value = seq;
            change.Parameters[2].Value = c.ItemId;
            change.Parameters[3].Value = c.Kind;
            change.Parameters[4].Value = (object?)c.Before ?? DBNull.Value;
            change.Parameters[5].Value = (object?)c.After ?? DBNull.Value;
            change.ExecuteNonQuery();
            foreach (var node in AuditRecords.Touched(c))
            {
                touch.Parameters[0].Value = node;
                touch.Parameters[2].Value = seq;
                touch.ExecuteNonQuery();
            }
        }
    }

    /// <summary>A page of the audit log, newest first, read on a connection of its own (readers never wait for a writer in WAL mode).</summary>
    public AuditPage ReadAudit(AuditQuery query)
    {
        using var c = OpenReadOnly();
        using var versions = c.CreateCommand();
        var order = query.AfterVersion is null ? "DESC" : "ASC";
        versions.CommandText = query.NodeId is null
            ? $"SELECT version FROM audit WHERE version < $before AND version > $after ORDER BY version {order} LIMIT $n"
            : $"SELECT DISTINCT version FROM audit_nodes WHERE node = $node AND version < $before AND version > $after ORDER BY version {order} LIMIT $n";
        versions.Parameters.AddWithValue("$before", query.BeforeVersion ?? long.MaxValue);
        versions.Parameters.AddWithValue("$after", query.AfterVersion ?? 0);
        versions.Parameters.AddWithValue("$n", query.First + 1);
        versions.Parameters.AddWithValue("$node", (object?)query.NodeId ?? DBNull.Value);
        var found = new List<long>();
        using (var reader = versions.ExecuteReader())
        {
            while (reader.Read())
            {
                found.Add(reader.GetInt64(0));
            }
        }
        var hasMore = found.Count > query.First;
        var entries = new List<AuditEntry>();
        using var entry = c.CreateCommand();
        entry.CommandText = "SELECT at, actor, operation, note, sources, change_count FROM audit WHERE version = $v";
        var v = entry.Parameters.Add("$v", SqliteType.Integer);
        using var changes = c.CreateCommand();
        changes.CommandText = query.NodeId is null
            ? "SELECT item, kind, before, after FROM audit_changes WHERE version = $v ORDER BY seq LIMIT $n"
            : "SELECT c.item, c.kind, c.before, c.after FROM audit_nodes t JOIN audit_changes c ON c.version = t.version AND c.seq = t.seq WHERE t.node = $node AND t.version = $v ORDER BY t.seq LIMIT $n";
        var cv = changes.Parameters.Add("$v", SqliteType.Integer);
        changes.Parameters.AddWithValue("$n", query.MaxChanges);
        changes.Parameters.AddWithValue("$node", (object?)query.NodeId ?? DBNull.Value);
        foreach (var version in found.Take(query.First))
        {
            v.Value = version;
            cv.Value = version;
            var list = new List<AuditChange>();
            using (var reader = changes.ExecuteReader())
            {
                while (reader.Read())
                {
                    list.Add(new AuditChange(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
                }
            }
            using var reader2 = entry.ExecuteReader();
            reader2.Read();
            entries.Add(new AuditEntry
            {
                Version = version,
                At = DateTimeOffset.Parse(reader2.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Actor = reader2.GetString(1),
                Operation = reader2.GetString(2),
                Note = reader2.IsDBNull(3) ? null : reader2.GetString(3),
                Sources = JsonSerializer.Deserialize<string[]>(reader2.GetString(4)) ?? [],
                ChangeCount = reader2.GetInt32(5),
                Changes = list,
            });
        }
        return new AuditPage(entries, hasMore);
    }

    /// <summary>Versions of the journal kept (a process further behind than this reads the file whole).</summary>
    private const int JournalVersions = 10_000;

    /// <summary>
    /// Notes which nodes (nids) and links (identities) a version changed, so that another process sharing the file can
    /// apply the change by its size instead of reading the whole file (see <see cref="ReadChanges"/>). A change too large
    /// to apply that way is noted without its items.
    /// </summary>
    private void WriteJournal(SqliteTransaction tx, ChangePlan plan)
    {
        var items = plan.NodeWrites.Count + plan.NodeDeletes.Count + plan.LinkWrites.Length + plan.LinkDeletes.Count;
        using var insert = Command(tx, "INSERT OR REPLACE INTO journal(version, nodes, links) VALUES ($v, $n, $l)", "$v", "$n", "$l");
        insert.Parameters[0].Value = plan.Version;
        if (items <= ChangePlanner.IncrementalLimit)
        {
            insert.Parameters[1].Value = JsonSerializer.Serialize(plan.NodeWrites.Select(w => w.Nid).Concat(plan.NodeDeletes));
            insert.Parameters[2].Value = JsonSerializer.Serialize(plan.LinkWrites.Concat(plan.LinkDeletes).Select(r => new[] { r.Buyer, r.Supplier, r.Sector, r.Product }));
        }
        else
        {
            insert.Parameters[1].Value = DBNull.Value;
            insert.Parameters[2].Value = DBNull.Value;
        }
        insert.ExecuteNonQuery();
        using var prune = Command(tx, "DELETE FROM journal WHERE version <= $v", "$v");
        prune.Parameters[0].Value = plan.Version - JournalVersions;
        prune.ExecuteNonQuery();
    }

    /// <summary>
    /// What the versions after <paramref name="after"/> changed, read in one transaction as the file holds it now: the
    /// nodes and links the journal names, as they are (absent: deleted), and the products and source lists added. Null
    /// when the journal cannot tell (a version missing from it, or one too large), so the caller reads the file whole.
    /// </summary>
    public GraphDelta? ReadChanges(long after, SupplyGraph snap)
    {
        using var connection = OpenReadOnly();
        using var tx = connection.BeginTransaction(deferred: true);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT value FROM meta WHERE key='version'";
        var version = long.Parse((string)cmd.ExecuteScalar()!, CultureInfo.InvariantCulture);
        if (JournalSince(cmd, after, version) is not var (nids, keys) || nids.Count + keys.Count > ChangePlanner.IncrementalLimit)
        {
            return null;
        }
        var nodes = ReadNodesByNid(cmd, nids).Where(n => n.Node is not null || (n.Nid < snap.Nodes.Length && snap.Nodes[n.Nid] is not null)).ToList();
        var writes = ReadLinkRows(cmd, keys);
        var found = writes.Select(r => (r.Buyer, r.Supplier, r.Sector, r.Product)).ToHashSet();
        var deletes = keys.Where(k => !found.Contains(k)).Select(k => new LinkRow { Buyer = k.Item1, Supplier = k.Item2, Sector = k.Item3, Product = k.Item4 }).ToList();
        var products = ReadAfter(cmd, "SELECT text FROM products WHERE pid >= $from ORDER BY pid", snap.Products.Length, r => r.GetString(0));
        var sourceSets = ReadAfter(cmd, "SELECT ids FROM source_sets WHERE sid >= $from ORDER BY sid", snap.SourceSets.Length, r => JsonSerializer.Deserialize<string[]>(r.GetString(0)) ?? []);
        tx.Commit();
        return new GraphDelta { Version = version, Nodes = nodes, LinkWrites = [.. writes], LinkDeletes = deletes, NewProducts = products, NewSourceSets = sourceSets };
    }

    /// <summary>
    /// The nids and link identities the journal names for the versions in (after, upTo], or null when it cannot tell: a
    /// version missing from it, or one noted without its items.
    /// </summary>
    private static (SortedSet<int> Nids, SortedSet<(int, int, int, int)> Keys)? JournalSince(SqliteCommand cmd, long after, long upTo)
    {
        cmd.Parameters.Clear();
        cmd.CommandText = "SELECT nodes, links FROM journal WHERE version > $a AND version <= $b ORDER BY version";
        cmd.Parameters.AddWithValue("$a", after);
        cmd.Parameters.AddWithValue("$b", upTo);
        var nids = new SortedSet<int>();
        var keys = new SortedSet<(int, int, int, int)>();
        var count = 0L;
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                count++;
                if (reader.IsDBNull(0) || reader.IsDBNull(1))
                {
                    return null;
                }
                nids.UnionWith(JsonSerializer.Deserialize<int[]>(reader.GetString(0)) ?? []);
                foreach (var k in JsonSerializer.Deserialize<int[][]>(reader.GetString(1)) ?? [])
                {
                    keys.Add((k[0], k[1], k[2], k[3]));
                }
            }
        }
        return count == upTo - after ? (nids, keys) : null;
    }

    /// <summary>The stamp of the journal's entry at a version (0 when it has none; see <see cref="StoreCheckpoint.StampOf"/>).</summary>
    private static ulong JournalStamp(SqliteCommand cmd, long version)
    {
        cmd.Parameters.Clear();
        cmd.CommandText = "SELECT nodes, links FROM journal WHERE version = $v";
        cmd.Parameters.AddWithValue("$v", version);
        using var reader = cmd.ExecuteReader();
        return reader.Read()
            ? StoreCheckpoint.StampOf(version, reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), exists: true)
            : 0;
    }

    /// <summary>The nodes at these nids as the file holds them now (null where a nid has none).</summary>
    private static IEnumerable<(int Nid, Node? Node)> ReadNodesByNid(SqliteCommand cmd, IEnumerable<int> nids)
    {
        cmd.Parameters.Clear();
        cmd.CommandText = "SELECT data FROM nodes WHERE nid = $n";
        var nidParameter = cmd.Parameters.Add("$n", SqliteType.Integer);
        foreach (var nid in nids)
        {
            nidParameter.Value = nid;
            yield return (nid, cmd.ExecuteScalar() is string json ? NodeJson.Deserialize(json) : null);
        }
    }

    private static List<T> ReadAfter<T>(SqliteCommand cmd, string sql, int from, Func<SqliteDataReader, T> read)
    {
        cmd.Parameters.Clear();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$from", from);
        var list = new List<T>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            list.Add(read(reader));
        }
        return list;
    }

    private const string UpsertLinkSql =
        "INSERT INTO links(buyer, supplier, sector, product, value, since, until, confidence, sources, hs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) " +
        "ON CONFLICT(buyer, supplier, sector, product) DO UPDATE SET value=excluded.value, since=excluded.since, until=excluded.until, confidence=excluded.confidence, sources=excluded.sources, hs=excluded.hs";

    /// <summary>
    /// Link rows go through SQLite's C API directly (one prepared statement, bind, step, reset): at ten million rows the
    /// per-row cost of the ADO.NET parameter layer dominates the load. Runs inside the caller's transaction.
    /// </summary>
    private void WriteLinks(LinkRow[] rows, Action<string>? fault)
    {
        if (rows.Length == 0)
        {
            return;
        }
        var db = _connection.Handle ?? throw new InvalidOperationException("connection is not open");
        Check(raw.sqlite3_prepare_v2(db, UpsertLinkSql, out var stmt), db);
        try
        {
            for (var i = 0; i < rows.Length; i++)
            {
                ref readonly var row = ref rows[i];
                raw.sqlite3_bind_int(stmt, 1, row.Buyer);
                raw.sqlite3_bind_int(stmt, 2, row.Supplier);
                raw.sqlite3_bind_int(stmt, 3, row.Sector);
                raw.sqlite3_bind_int(stmt, 4, row.Product);
                if (double.IsNaN(row.Value))
                {
                    raw.sqlite3_bind_null(stmt, 5);
                }
                else
                {
                    raw.sqlite3_bind_double(stmt, 5, row.Value);
                }
                if (row.Since == LinkRow.NoDate)
                {
                    raw.sqlite3_bind_null(stmt, 6);
                }
                else
                {
                    raw.sqlite3_bind_int(stmt, 6, row.Since);
                }
                if (row.Until == LinkRow.OpenUntil)
                {
                    raw.sqlite3_bind_null(stmt, 7);
                }
                else
                {
                    raw.sqlite3_bind_int(stmt, 7, row.Until);
                }
                raw.sqlite3_bind_double(stmt, 8, row.Confidence);
                raw.sqlite3_bind_int(stmt, 9, row.Sources);
                if (row.Hs == 0)
                {
                    raw.sqlite3_bind_null(stmt, 10);
                }
                else
                {
                    raw.sqlite3_bind_int(stmt, 10, row.Hs - 1);
                }
                var rc = raw.sqlite3_step(stmt);
                if (rc != raw.SQLITE_DONE)
                {
                    Check(rc, db);
                }
                raw.sqlite3_reset(stmt);
                if (i == 0)
                {
                    fault?.Invoke("links-started");
                }
            }
        }
        finally
        {
            stmt.Dispose();
        }
    }
}
