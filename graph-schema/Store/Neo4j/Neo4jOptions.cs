namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>
/// How to reach Neo4j's Query API (section "Neo4j"; environment <c>Neo4j__Url</c>, ...). Basic auth with User and
/// Password, or a bearer Token. The password and token are never logged nor shown in messages.
/// </summary>
public sealed class Neo4jOptions
{
    public const string Section = "Neo4j";

    /// <summary>The server's HTTP(S) address, such as http://localhost:7474 or https://xxxx.databases.neo4j.io.</summary>
    public string? Url { get; set; }

    public string Database { get; set; } = "neo4j";

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>A bearer token (single sign-on), instead of User and Password.</summary>
    public string? Token { get; set; }

    /// <summary>How long one request may take before it counts as failed (and is retried).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of a request that failed transiently (Neo.TransientError.*, 5xx, time-outs, connection errors).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; each next one doubles (with jitter).</summary>
    public int RetryDelayMilliseconds { get; set; } = 200;

    /// <summary>Rows per UNWIND batch when loading.</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>Every problem with these settings, in words that never include a secret; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Url) || !Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problems.Add("Neo4j:Url must be an http:// or https:// address (the Query API's, port 7474 by default).");
        }
        if (string.IsNullOrWhiteSpace(Database) || Database.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            problems.Add("Neo4j:Database must be a database name (letters, digits, '.', '-', '_').");
        }
        var basic = !string.IsNullOrEmpty(User) || !string.IsNullOrEmpty(Password);
        if (basic && !string.IsNullOrEmpty(Token))
        {
            problems.Add("Give either Neo4j:User and Neo4j:Password or Neo4j:Token, not both.");
        }
        else if (basic && (string.IsNullOrEmpty(User) || string.IsNullOrEmpty(Password)))
        {
            problems.Add("Neo4j:User and Neo4j:Password go together.");
        }
        else if (!basic && string.IsNullOrEmpty(Token))
        {
            problems.Add("Neo4j needs credentials: Neo4j:User and Neo4j:Password, or Neo4j:Token.");
        }
        if (TimeoutSeconds is < 1 or > 600)
        {
            problems.Add("Neo4j:TimeoutSeconds must be between 1 and 600.");
        }
        if (MaxRetries is < 0 or > 10)
        {
            problems.Add("Neo4j:MaxRetries must be between 0 and 10.");
        }
        if (RetryDelayMilliseconds is < 0 or > 60_000)
        {
            problems.Add("Neo4j:RetryDelayMilliseconds must be between 0 and 60000.");
        }
        if (BatchSize is < 1 or > 100_000)
        {
            problems.Add("Neo4j:BatchSize must be between 1 and 100000.");
        }
        return problems;
    }

    /// <summary>Where and as whom, for logs: never the password or token.</summary>
    public override string ToString() => $"{Url?.TrimEnd('/')}/db/{Database} as {(string.IsNullOrEmpty(Token) ? User : "bearer token")}";
}
