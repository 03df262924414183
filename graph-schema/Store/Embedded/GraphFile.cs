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
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly Lock _probeLock = new();
    private SqliteConnection? _probe;
    private long _probedDataVersion = long.MinValue;
    private long _probedVersion;

    public string Path { get; }

    private GraphFile(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
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
                _probe = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                _probe.Open();
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
        return new GraphFile(path, connection);
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
              value REAL, since INTEGER, until INTEGER, confidence REAL NOT NULL, sources INTEGER NOT NULL,
              PRIMARY KEY(buyer, supplier, sector, product)) WITHOUT ROWID;
            INSERT INTO products(pid, text) VALUES (0, '');
            INSERT INTO source_sets(sid, ids) VALUES (0, '[]');
            """, tx);
        Execute(c, $"INSERT INTO meta(key, value) VALUES ('format', '{Format}'), ('schema', '{SchemaVersion}'), ('version', '0');", tx);
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
        if (schema != SchemaVersion)
        {
            throw new StoreFileException(path, $"has store schema {schema}; this version reads schema {SchemaVersion}");
        }
        cmd.CommandText = "PRAGMA quick_check";
        var check = cmd.ExecuteScalar() as string;
        if (check != "ok")
        {
            throw new StoreFileException(path, $"failed its integrity check: {check}");
        }
    }

    /// <summary>Reads the whole graph into a snapshot.</summary>
    public GraphSnapshot Load()
    {
        try
        {
            return LoadCore();
        }
        catch (Exception ex) when (ex is SqliteException or JsonException or FormatException or InvalidCastException)
        {
            throw new StoreFileException(Path, $"cannot be read as a graph store: {ex.Message}", ex);
        }
    }

    private GraphSnapshot LoadCore()
    {
        long version;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT value FROM meta WHERE key='version'";
            version = long.Parse((string)cmd.ExecuteScalar()!, CultureInfo.InvariantCulture);
        }
        var maxNid = ScalarLong("SELECT coalesce(max(nid), -1) FROM nodes");
        // The link rows are read on a second connection while this one decodes the nodes: two cores, two halves.
        var linksTask = Task.Run(ReadLinks);
        var nodes = new Node?[maxNid + 2];
        var interner = new NodeInterner();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT nid, data FROM nodes";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                nodes[reader.GetInt64(0)] = interner.Intern(NodeJson.Deserialize(reader.GetString(1)));
            }
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
        return new GraphSnapshot(version, nodes, () => linksTask.GetAwaiter().GetResult(), products, sourceSets, previous: null);
    }

    private (LinkRow[] Rows, int Count) ReadLinks()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        int capacity;
        using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM links";
            capacity = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var db = connection.Handle ?? throw new InvalidOperationException("connection is not open");
        var rows = new LinkRow[capacity];
        var n = 0;
        Check(raw.sqlite3_prepare_v2(db, "SELECT buyer, supplier, sector, product, value, since, until, confidence, sources FROM links ORDER BY buyer, supplier, sector, product", out var stmt), db);
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
