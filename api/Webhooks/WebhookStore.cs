using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Ecosystem.Api.Webhooks;

/// <summary>Settings of webhooks (section Webhooks).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Hosts webhooks may be sent to ("hooks.example.org", or "*.example.org" for its subdomains); none: no webhook may be made.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Whether plain http is allowed (https otherwise).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Whether hosts that resolve to loopback, private, link-local or unique-local addresses are allowed.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Attempts of one delivery before the webhook is disabled.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry, doubled for each later one, in milliseconds.</summary>
    public int RetryBaseMs { get; set; } = 2000;

    /// <summary>How long a receiver may take to answer, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>What a webhook is sent for.</summary>
public enum WebhookEvent
{
    /// <summary>Every change set (that passes the filter).</summary>
    GraphChanged = 1,

    /// <summary>Change sets that post a sourcing request.</summary>
    SourcingRequestPosted,
}

/// <summary>A webhook: where, for what, its filter, who made it, and how its deliveries stand.</summary>
public sealed record Webhook
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    public required IReadOnlyList<WebhookEvent> Events { get; init; }

    /// <summary>Only change sets that touched this node (itself or one of its links).</summary>
    public string? NodeId { get; init; }

    /// <summary>Only change sets with items of these kinds ("Firm", "SupplyLink", ...).</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    public required string Owner { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The version delivered up to: change sets after it are sent next.</summary>
    public required long Cursor { get; init; }

    public required bool Enabled { get; init; }

    public string? DisabledReason { get; init; }

    /// <summary>The key of the signature (never shown again after it is made).</summary>
    internal string Secret { get; init; } = "";
}

/// <summary>One attempt to deliver a change set to a webhook.</summary>
public sealed record WebhookDelivery(long Id, string WebhookId, long Version, int Attempt, DateTimeOffset At, int? Status, string? Error, double DurationMs);

/// <summary>
/// Webhooks and their delivery log in <c>webhooks.db</c> beside the store (every replica sharing the folder sees them).
/// A webhook's cursor moves on only by a compare-and-set, so that when replicas dispatch alike a change set is sent by
/// one of them.
/// </summary>
public sealed class WebhookStore
{
    private readonly string _connection;

    public WebhookStore(IOptions<Graph.Store.Embedded.EmbeddedStoreOptions> store)
    {
        Directory.CreateDirectory(store.Value.DataDir);
        _connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(store.Value.DataDir, "webhooks.db"), Pooling = false }.ToString();
        using var c = Open();
        using var create = c.CreateCommand();
        create.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS webhooks(
              id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL, node TEXT, kinds TEXT, owner TEXT NOT NULL,
              created_at TEXT NOT NULL, secret TEXT NOT NULL, cursor INTEGER NOT NULL, enabled INTEGER NOT NULL, disabled_reason TEXT);
            CREATE TABLE IF NOT EXISTS deliveries(
              id INTEGER PRIMARY KEY AUTOINCREMENT, webhook TEXT NOT NULL, version INTEGER NOT NULL, attempt INTEGER NOT NULL,
              at TEXT NOT NULL, status INTEGER, error TEXT, duration_ms REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON deliveries(webhook, id);
            """;
        create.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connection);
        c.Open();
        using var busy = c.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout=5000;";
        busy.ExecuteNonQuery();
        return c;
    }

    /// <summary>A new webhook from the version given, with a random secret (returned with it, this once).</summary>
    public Webhook Create(string url, IReadOnlyList<WebhookEvent> events, string? nodeId, IReadOnlyList<string>? kinds, string owner, long fromVersion, DateTimeOffset now)
    {
        var hook = new Webhook
        {
            Id = "webhook:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            Url = url,
            Events = events,
            NodeId = nodeId,
            Kinds = kinds,
            Owner = owner,
            CreatedAt = now,
            Cursor = fromVersion,
            Enabled = true,
            Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        using var c = Open();
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO webhooks(id, url, events, node, kinds, owner, created_at, secret, cursor, enabled) VALUES ($id, $url, $events, $node, $kinds, $owner, $at, $secret, $cursor, 1)";
        insert.Parameters.AddWithValue("$id", hook.Id);
        insert.Parameters.AddWithValue("$url", url);
        insert.Parameters.AddWithValue("$events", JsonSerializer.Serialize(events.Select(e => e.ToString())));
        insert.Parameters.AddWithValue("$node", (object?)nodeId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$kinds", kinds is null ? DBNull.Value : JsonSerializer.Serialize(kinds));
        insert.Parameters.AddWithValue("$owner", owner);
        insert.Parameters.AddWithValue("$at", now.ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$secret", hook.Secret);
        insert.Parameters.AddWithValue("$cursor", fromVersion);
        insert.ExecuteNonQuery();
        return hook;
    }

    public IReadOnlyList<Webhook> List(string? owner = null)
    {
        using var c = Open();
        using var select = c.CreateCommand();
        select.CommandText = "SELECT id, url, events, node, kinds, owner, created_at, secret, cursor, enabled, disabled_reason FROM webhooks WHERE $owner IS NULL OR owner = $owner ORDER BY created_at, id";
        select.Parameters.AddWithValue("$owner", (object?)owner ?? DBNull.Value);
        using var reader = select.ExecuteReader();
        var hooks = new List<Webhook>();
        while (reader.Read())
        {
            hooks.Add(new Webhook
            {
                Id = reader.GetString(0),
                Url = reader.GetString(1),
                Events = [.. (JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? []).Select(Enum.Parse<WebhookEvent>)],
                NodeId = reader.IsDBNull(3) ? null : reader.GetString(3),
                Kinds = reader.IsDBNull(4) ? null : JsonSerializer.Deserialize<string[]>(reader.GetString(4)),
                Owner = reader.GetString(5),
                CreatedAt = DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Secret = reader.GetString(7),
                Cursor = reader.GetInt64(8),
                Enabled = reader.GetInt64(9) != 0,
                DisabledReason = reader.IsDBNull(10) ? null : reader.GetString(10),
            });
        }
        return hooks;
    }

    public bool Delete(string id)
    {
        using var c = Open();
        using var delete = c.CreateCommand();
        delete.CommandText = "DELETE FROM webhooks WHERE id = $id; DELETE FROM deliveries WHERE webhook = $id;";
        delete.Parameters.AddWithValue("$id", id);
        return delete.ExecuteNonQuery() > 0;
    }

    /// <summary>Enables or disables a webhook (with why); a webhook enabled again resumes after its cursor.</summary>
    public void SetEnabled(string id, bool enabled, string? reason)
    {
        using var c = Open();
        using var update = c.CreateCommand();
        update.CommandText = "UPDATE webhooks SET enabled = $e, disabled_reason = $r WHERE id = $id";
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$e", enabled ? 1 : 0);
        update.Parameters.AddWithValue("$r", (object?)reason ?? DBNull.Value);
        update.ExecuteNonQuery();
    }

    /// <summary>Moves a webhook's cursor from where it was read to a later version; false when another process moved it first.</summary>
    public bool Advance(string id, long from, long to)
    {
        using var c = Open();
        using var update = c.CreateCommand();
        update.CommandText = "UPDATE webhooks SET cursor = $to WHERE id = $id AND cursor = $from";
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$from", from);
        update.Parameters.AddWithValue("$to", to);
        return update.ExecuteNonQuery() == 1;
    }

    public void Log(WebhookDelivery delivery)
    {
        using var c = Open();
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO deliveries(webhook, version, attempt, at, status, error, duration_ms) VALUES ($w, $v, $a, $at, $s, $e, $d)";
        insert.Parameters.AddWithValue("$w", delivery.WebhookId);
        insert.Parameters.AddWithValue("$v", delivery.Version);
        insert.Parameters.AddWithValue("$a", delivery.Attempt);
        insert.Parameters.AddWithValue("$at", delivery.At.ToString("O", CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$s", (object?)delivery.Status ?? DBNull.Value);
        insert.Parameters.AddWithValue("$e", (object?)delivery.Error ?? DBNull.Value);
        insert.Parameters.AddWithValue("$d", delivery.DurationMs);
        insert.ExecuteNonQuery();
    }

    /// <summary>A webhook's deliveries, newest first.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries(string id, int first)
    {
        using var c = Open();
        using var select = c.CreateCommand();
        select.CommandText = "SELECT id, webhook, version, attempt, at, status, error, duration_ms FROM deliveries WHERE webhook = $w ORDER BY id DESC LIMIT $n";
        select.Parameters.AddWithValue("$w", id);
        select.Parameters.AddWithValue("$n", first);
        using var reader = select.ExecuteReader();
        var list = new List<WebhookDelivery>();
        while (reader.Read())
        {
            list.Add(new WebhookDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetDouble(7)));
        }
        return list;
    }
}
