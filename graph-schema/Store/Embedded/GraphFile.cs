using System.Globalization;
using System.Text.Json;
using Ecosystem.Graph.Model;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Ecosystem.Graph.Analysis;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// The durable truth of the embedded store: one SQLite database in WAL mode. Nodes are JSON rows keyed by nid; supply
/// links are integer rows in a WITHOUT ROWID table clustered by (buyer, supplier, sector, product).
/// </summary>
internal sealed partial class GraphFile : IDisposable
{
    public const string FileName = "graph.db";
    private const string Format = "ecosystem-graph";
    private const int SchemaVersion = 2;

    private readonly SqliteConnection _connection;
    private readonly Lock _probeLock = new();
    private SqliteConnection? _probe;
    private long _probedDataVersion = long.MinValue;
    private long _probedVersion;

    public string Path { get; }

    /// <summary>This store's identity (meta key store_id), which a copy of its graph must name (see <see cref="StoreCheckpoint"/>).</summary>
    public Guid StoreId { get; }

    /// <summary>Where the copy of the graph is kept: beside the file.</summary>
    public string CheckpointPath => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, StoreCheckpoint.FileName);

    /// <summary>How the last full read went.</summary>
    public LoadReport? LastLoad { get; private set; }

    // SQLite's check of the whole file runs beside the first read (seconds for a national graph) and is waited for
    // before that read returns.
    private readonly Task<string?> _integrity;

    private GraphFile(string path, SqliteConnection connection, bool isNew)
    {
        Path = path;
        _connection = connection;
        StoreId = EnsureStoreId(connection);
        _integrity = isNew ? Task.FromResult<string?>(null) : Task.Run(() => QuickCheck(path));
    }

    /// <summary>
    /// The store's id; a file made before ids were kept is given one (the only write an open makes, once). Empty when
    /// the file cannot be written to: no copy is then read or written.
    /// </summary>
    private static Guid EnsureStoreId(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key='store_id'";
        if (cmd.ExecuteScalar() is string existing && Guid.TryParse(existing, out var id))
        {
            return id;
        }
        try
        {
            cmd.CommandText = "INSERT OR IGNORE INTO meta(key, value) VALUES ('store_id', $id)";
            cmd.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
            cmd.ExecuteNonQuery();
            cmd.Parameters.Clear();
            cmd.CommandText = "SELECT value FROM meta WHERE key='store_id'";
            return Guid.TryParse(cmd.ExecuteScalar() as string, out id) ? id : Guid.Empty;
        }
        catch (SqliteException)
        {
            return Guid.Empty;
        }
    }

    /// <summary>
    /// The version last committed to the file by any connection, this process's or another's. Cheap when nothing was
    /// committed since the last call: SQLite's data_version of a connection of its own tells whether to read it again.
    /// </summary>
    public long CommittedVersion()
    {
        lock (_probeLock)
        {
            if (_probe is null)
            {
                _probe = OpenReadOnly();
            }
            using var cmd = _probe.CreateCommand();
            cmd.CommandText = "PRAGMA data_version";
            var dataVersion = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (dataVersion != _probedDataVersion)
            {
                cmd.CommandText = "SELECT value FROM meta WHERE key='version'";
                _probedVersion = long.Parse((string)cmd.ExecuteScalar()!, CultureInfo.InvariantCulture);
                _probedDataVersion = dataVersion;
            }
            return _probedVersion;
        }
    }

    public static GraphFile Open(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        StoreCheckpoint.RemoveStale(dataDir);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDir, FileName));
        var isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-65536;");
            if (isNew)
            {
                CreateSchema(connection);
            }
            else
            {
                CheckFormat(connection, path);
            }
            // The audit log's tables came after the first stores were made: created where missing.
            Execute(connection, AuditSchema);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StoreFileException(path, ex.SqliteErrorCode == 26
                ? "not a SQLite database (the file is corrupt or is not an Ecosystem graph store)"
                : $"cannot be opened as the graph store (SQLite error {ex.SqliteErrorCode}: {ex.Message})", ex);
        }
        catch (StoreFileException)
        {
            connection.Dispose();
            throw;
        }
        return new GraphFile(path, connection, isNew);
    }

    private const string AuditSchema = """
        CREATE TABLE IF NOT EXISTS audit(
          version INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, operation TEXT NOT NULL, note TEXT,
          sources TEXT NOT NULL, change_count INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS audit_changes(
          version INTEGER NOT NULL, seq INTEGER NOT NULL, item TEXT NOT NULL, kind TEXT NOT NULL, before TEXT, after TEXT,
          PRIMARY KEY(version, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS audit_nodes(node TEXT NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(node, version, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS journal(version INTEGER PRIMARY KEY, nodes TEXT, links TEXT);
        """;

    private static void CreateSchema(SqliteConnection c)
    {
        using var tx = c.BeginTransaction();
        Execute(c, """
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE nodes(nid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind INTEGER NOT NULL, data TEXT NOT NULL);
            CREATE TABLE products(pid INTEGER PRIMARY KEY, text TEXT NOT NULL);
            CREATE TABLE source_sets(sid INTEGER PRIMARY KEY, ids TEXT NOT NULL);
            CREATE TABLE links(
              buyer INTEGER NOT NULL, supplier INTEGER NOT NULL, sector INTEGER NOT NULL, product INTEGER NOT NULL,
              value REAL, since INTEGER, until INTEGER, confidence REAL NOT NULL, sources INTEGER NOT NULL, hs INTEGER,
              PRIMARY KEY(buyer, supplier, sector, product)) WITHOUT ROWID;
            INSERT INTO products(pid, text) VALUES (0, '');
            INSERT INTO source_sets(sid, ids) VALUES (0, '[]');
            """, tx);
        Execute(c, $"INSERT INTO meta(key, value) VALUES ('format', '{Format}'), ('schema', '{SchemaVersion}'), ('version', '0'), ('store_id', '{Guid.NewGuid()}');", tx);
        tx.Commit();
    }

    private static void CheckFormat(SqliteConnection c, string path)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'";
        if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            throw new StoreFileException(path, "is a SQLite database but not an Ecosystem graph store (no meta table)");
        }
        cmd.CommandText = "SELECT value FROM meta WHERE key='format'";
        if (cmd.ExecuteScalar() as string != Format)
        {
            throw new StoreFileException(path, "is a SQLite database but not an Ecosystem graph store (wrong format marker)");
        }
        cmd.CommandText = "SELECT value FROM meta WHERE key='schema'";
        var schema = int.Parse(cmd.ExecuteScalar() as string ?? "0", CultureInfo.InvariantCulture);
        if (schema == 1)
        {
            // Schema 2 added a link's HS product (a nullable column: SQLite adds it without rewriting the table). Read again
            // under the write lock: another process opening the same file may have upgraded it meanwhile.
            using var tx = c.BeginTransaction(deferred: false);
            using var again = c.CreateCommand();
            again.Transaction = tx;
            again.CommandText = "SELECT value FROM meta WHERE key='schema'";
            if (again.ExecuteScalar() as string == "1")
            {
                Execute(c, "ALTER TABLE links ADD COLUMN hs INTEGER; UPDATE meta SET value='2' WHERE key='schema';", tx);
            }
            tx.Commit();
            schema = 2;
        }
        if (schema != SchemaVersion)
        {
            throw new StoreFileException(path, $"has store schema {schema}; this version reads schema {SchemaVersion}");
        }
    }

    /// <summary>SQLite's quick_check of the whole file, on a connection of its own: null when it passes, else what it found.</summary>
    private static string? QuickCheck(string path)
    {
        using var connection = OpenReadOnly(path);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA quick_check";
        var check = cmd.ExecuteScalar() as string;
        return check == "ok" ? null : check ?? "no answer";
    }

    /// <summary>Throws when the file failed the integrity check started at open (waiting for it the first time).</summary>
    private void CheckIntegrity()
    {
        string? problem;
        try
        {
            problem = _integrity.GetAwaiter().GetResult();
        }
        catch (SqliteException ex)
        {
            problem = ex.Message;
        }
        if (problem is not null)
        {
            throw new StoreFileException(Path, $"failed its integrity check: {problem}");
        }
    }

    /// <summary>Reads the whole graph into a snapshot: from the copy beside the file when it can be used, else from the file's rows.</summary>
    public GraphSnapshot Load(bool useCheckpoint = true)
    {
        GraphSnapshot snapshot;
        try
        {
            snapshot = LoadCore(useCheckpoint);
        }
        catch (Exception ex) when (ex is SqliteException or JsonException or FormatException or InvalidCastException)
        {
            // A file that fails its check is named as such rather than by the first row that would not read.
            CheckIntegrity();
            throw new StoreFileException(Path, $"cannot be read as a graph store: {ex.Message}", ex);
        }
        CheckIntegrity();
        return snapshot;
    }

    private GraphSnapshot LoadCore(bool useCheckpoint)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long version;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT value FROM meta WHERE key='version'";
            version = long.Parse((string)cmd.ExecuteScalar()!, CultureInfo.InvariantCulture);
        }
        var maxNid = ScalarLong("SELECT coalesce(max(nid), -1) FROM nodes");
        Node?[] nodes;
        Func<(LinkRow[] Rows, int Count)> links;
        var copy = useCheckpoint ? ReadCheckpoint(version, maxNid) : null;
        if (copy is not null)
        {
            nodes = copy.Nodes;
            links = () => (copy.Rows, copy.LinkCount);
        }
        else
        {
            // The link rows are read on a thread of their own while the nodes are decoded, in two halves, on the others.
            var linksTask = Task.Run(ReadLinks);
            nodes = new Node?[maxNid + 2];
            var half = (maxNid + 1) / 2;
            var secondHalf = Task.Run(() => ReadNodes(nodes, half, long.MaxValue, connection: null));
            ReadNodes(nodes, long.MinValue, half, _connection);
            secondHalf.GetAwaiter().GetResult();
            links = () => linksTask.GetAwaiter().GetResult();
        }
        var products = new string[ScalarLong("SELECT coalesce(max(pid), 0) + 1 FROM products")];
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT pid, text FROM products";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                products[reader.GetInt32(0)] = reader.GetString(1);
            }
        }
        var sourceSets = new string[ScalarLong("SELECT coalesce(max(sid), 0) + 1 FROM source_sets")][];
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT sid, ids FROM source_sets";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                sourceSets[reader.GetInt32(0)] = JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? [];
            }
        }
        var snapshot = new GraphSnapshot(version, nodes, links, products, sourceSets, previous: null);
        LastLoad = new LoadReport(version, copy?.Source, clock.Elapsed);
        return snapshot;
    }

    /// <summary>
    /// Decodes the node rows with nid in [from, to) into their slots (on a connection of its own when none is given),
    /// straight from SQLite's UTF-8 text, with no string made of the JSON.
    /// </summary>
    private void ReadNodes(Node?[] nodes, long from, long to, SqliteConnection? connection)
    {
        using var own = connection is null ? OpenReadOnly() : null;
        var db = (connection ?? own!).Handle ?? throw new InvalidOperationException("connection is not open");
        var interner = new NodeInterner();
        Check(raw.sqlite3_prepare_v2(db, "SELECT nid, data FROM nodes WHERE nid >= ?1 AND nid < ?2", out var stmt), db);
        try
        {
            raw.sqlite3_bind_int64(stmt, 1, from);
            raw.sqlite3_bind_int64(stmt, 2, to);
            int rc;
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
                nodes[raw.sqlite3_column_int64(stmt, 0)] = interner.Intern(NodeJson.Deserialize(raw.sqlite3_column_blob(stmt, 1)));
            }
            Check(rc, db);
        }
        finally
        {
            stmt.Dispose();
        }
    }

    /// <summary>A read-only connection of its own to the file (for reads beside this one's, on other threads).</summary>
    private SqliteConnection OpenReadOnly() => OpenReadOnly(Path);

    private static SqliteConnection OpenReadOnly(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private sealed record CopyRead(Node?[] Nodes, LinkRow[] Rows, int LinkCount, CopySource Source);

    /// <summary>
    /// The graph from the copy beside the file: used when it names this store and a version at most the file's whose
    /// journal entry it matches, and every version since is in the journal with its items; the nodes and links those
    /// versions touched are then read from the file in place of the copy's. Null (read the rows) otherwise.
    /// </summary>
    private CopyRead? ReadCheckpoint(long version, long maxNid)
    {
        if (StoreId == Guid.Empty || StoreCheckpoint.Read(CheckpointPath, StoreId, version) is not { } copy)
        {
            return null;
        }
        var header = copy.Header;
        using var connection = OpenReadOnly();
        using var tx = connection.BeginTransaction(deferred: true);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        if (JournalStamp(cmd, header.Version) != header.Stamp)
        {
            return null;
        }
        var nodes = copy.Nodes;
        if (nodes.Length < maxNid + 2)
        {
            Array.Resize(ref nodes, (int)maxNid + 2);
        }
        if (header.Version == version)
        {
            return new CopyRead(nodes, copy.Rows, header.LinkCount, new CopySource(header.Version, 0, 0));
        }
        if (JournalSince(cmd, header.Version, version) is not var (nids, keys))
        {
            return null;
        }
        var interner = new NodeInterner();
        foreach (var (nid, node) in ReadNodesByNid(cmd, nids))
        {
            if (nid + 2 > nodes.Length)
            {
                Array.Resize(ref nodes, nid + 2);
            }
            nodes[nid] = node is null ? null : interner.Intern(node);
        }
        var current = ReadLinkRows(cmd, keys);
        var (rows, linkCount) = MergeRows(copy.Rows, header.LinkCount, keys, current);
        return new CopyRead(nodes, rows, linkCount, new CopySource(header.Version, nids.Count, keys.Count));
    }

    /// <summary>The rows of these identities as the file holds them (absent ones left out), in identity order.</summary>
    private static List<LinkRow> ReadLinkRows(SqliteCommand cmd, SortedSet<(int, int, int, int)> keys)
    {
        var found = new List<LinkRow>(keys.Count);
        cmd.Parameters.Clear();
        cmd.CommandText = "SELECT value, since, until, confidence, sources, hs FROM links WHERE buyer=$b AND supplier=$s AND sector=$c AND product=$p";
        var (b, s, c, p) = (cmd.Parameters.Add("$b", SqliteType.Integer), cmd.Parameters.Add("$s", SqliteType.Integer), cmd.Parameters.Add("$c", SqliteType.Integer), cmd.Parameters.Add("$p", SqliteType.Integer));
        foreach (var (buyer, supplier, sector, product) in keys)
        {
            (b.Value, s.Value, c.Value, p.Value) = (buyer, supplier, sector, product);
            using var reader = cmd.ExecuteReader();
            if (reader.Read())
            {
                found.Add(new LinkRow
                {
                    Buyer = buyer,
                    Supplier = supplier,
                    Sector = sector,
                    Product = product,
                    Value = reader.IsDBNull(0) ? double.NaN : reader.GetDouble(0),
                    Since = reader.IsDBNull(1) ? LinkRow.NoDate : reader.GetInt32(1),
                    Until = reader.IsDBNull(2) ? LinkRow.OpenUntil : reader.GetInt32(2),
                    Confidence = (float)reader.GetDouble(3),
                    Sources = reader.GetInt32(4),
                    Hs = reader.IsDBNull(5) ? 0 : reader.GetInt32(5) + 1,
                });
            }
        }
        return found;
    }

    /// <summary>The copy's rows with every touched identity replaced by its row in the file (or dropped when it has none), still in identity order.</summary>
    private static (LinkRow[] Rows, int Count) MergeRows(LinkRow[] rows, int count, SortedSet<(int, int, int, int)> touched, List<LinkRow> current)
    {
        var merged = new LinkRow[count + current.Count];
        var n = 0;
        var j = 0;
        for (var i = 0; i < count; i++)
        {
            ref readonly var row = ref rows[i];
            while (j < current.Count && current[j].CompareTo(row) < 0)
            {
                merged[n++] = current[j++];
            }
            if (j < current.Count && current[j].SameKey(row))
            {
                merged[n++] = current[j++];
            }
            else if (!touched.Contains((row.Buyer, row.Supplier, row.Sector, row.Product)))
            {
                merged[n++] = row;
            }
        }
        while (j < current.Count)
        {
            merged[n++] = current[j++];
        }
        return (merged, n);
    }

    /// <summary>
    /// Writes the copy of a committed version beside the file (see <see cref="StoreCheckpoint"/>), stamped with that
    /// version's journal entry; false when it was not written (another process is writing one, or one as new is there).
    /// </summary>
    public bool WriteCheckpoint(SupplyGraph snap, CancellationToken cancellationToken)
    {
        if (StoreId == Guid.Empty)
        {
            return false;
        }
        ulong stamp;
        using (var connection = OpenReadOnly())
        using (var cmd = connection.CreateCommand())
        {
            stamp = JournalStamp(cmd, snap.Version);
        }
        var header = new StoreCheckpoint.Header(snap.Version, StoreId, stamp, snap.LinkCount, snap.Nodes.Length);
        return StoreCheckpoint.Write(CheckpointPath, header, nid => snap.Nodes[nid], snap.AllLinks().Select(snap.Row), cancellationToken);
    }

    private (LinkRow[] Rows, int Count) ReadLinks()
    {
        using var connection = OpenReadOnly();
        int capacity;
        using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM links";
            capacity = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var db = connection.Handle ?? throw new InvalidOperationException("connection is not open");
        var rows = new LinkRow[capacity];
        var n = 0;
        Check(raw.sqlite3_prepare_v2(db, "SELECT buyer, supplier, sector, product, value, since, until, confidence, sources, hs FROM links ORDER BY buyer, supplier, sector, product", out var stmt), db);
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
                if (n == rows.Length)
                {
                    Array.Resize(ref rows, Math.Max(16, rows.Length * 2));
                }
                rows[n++] = new LinkRow
                {
                    Buyer = raw.sqlite3_column_int(stmt, 0),
                    Supplier = raw.sqlite3_column_int(stmt, 1),
                    Sector = raw.sqlite3_column_int(stmt, 2),
                    Product = raw.sqlite3_column_int(stmt, 3),
                    Value = raw.sqlite3_column_type(stmt, 4) == raw.SQLITE_NULL ? double.NaN : raw.sqlite3_column_double(stmt, 4),
                    Since = raw.sqlite3_column_type(stmt, 5) == raw.SQLITE_NULL ? LinkRow.NoDate : raw.sqlite3_column_int(stmt, 5),
                    Until = raw.sqlite3_column_type(stmt, 6) == raw.SQLITE_NULL ? LinkRow.OpenUntil : raw.sqlite3_column_int(stmt, 6),
                    Confidence = (float)raw.sqlite3_column_double(stmt, 7),
                    Sources = raw.sqlite3_column_int(stmt, 8),
                    Hs = raw.sqlite3_column_type(stmt, 9) == raw.SQLITE_NULL ? 0 : raw.sqlite3_column_int(stmt, 9) + 1,
                };
            }
            Check(rc, db);
        }
        finally
        {
            stmt.Dispose();
        }
        return (rows, n);
    }

    private long ScalarLong(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    private SqliteCommand Command(SqliteTransaction tx, string sql, params string[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var name in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        return cmd;
    }

    private static void Execute(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        lock (_probeLock)
        {
            _probe?.Dispose();
        }
    }
}

/// <summary>How a full read of the file went: its version, the copy it was read from (null: the file's rows) and how long it took.</summary>
internal sealed record LoadReport(long Version, CopySource? FromCopy, TimeSpan Elapsed);

/// <summary>A graph read from the copy made at a version, with the nodes and links touched since read from the file.</summary>
internal sealed record CopySource(long CopyVersion, int NodesReplayed, int LinksReplayed);

/// <summary>The file moved on (another process committed) after a change was planned on an older snapshot.</summary>
internal sealed class StoreConflictException(long fileVersion) : Exception($"the store file is at version {fileVersion}")
{
    public long FileVersion { get; } = fileVersion;
}

/// <summary>A validated change set in interned form, ready to be written and swapped in.</summary>
internal sealed class ChangePlan
{
    public required long Version { get; init; }
    public List<(int Nid, Node Node, string Json)> NodeWrites { get; } = [];
    public List<int> NodeDeletes { get; } = [];
    public List<(int Pid, string Text)> NewProducts { get; } = [];
    public List<(int Sid, string[] Ids)> NewSourceSets { get; } = [];
    public LinkRow[] LinkWrites { get; set; } = [];
    public List<LinkRow> LinkDeletes { get; } = [];
    public AuditEntry? Audit { get; set; }

    private GraphDelta? _delta;

    /// <summary>What the plan changes in memory, once committed (made once).</summary>
    public GraphDelta Delta() => _delta ??= new()
    {
        Version = Version,
        Nodes = [.. NodeDeletes.Select(nid => (nid, (Node?)null)), .. NodeWrites.Select(w => (w.Nid, (Node?)w.Node))],
        LinkWrites = LinkWrites,
        LinkDeletes = LinkDeletes,
        NewProducts = [.. NewProducts.OrderBy(p => p.Pid).Select(p => p.Text)],
        NewSourceSets = [.. NewSourceSets.OrderBy(s => s.Sid).Select(s => s.Ids)],
    };
}
