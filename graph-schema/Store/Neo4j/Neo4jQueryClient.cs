using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>The rows of one statement: field names and, per row, one value per field (decoded from typed JSON).</summary>
public sealed record Neo4jResult(IReadOnlyList<string> Fields, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public static readonly Neo4jResult Empty = new([], []);

    /// <summary>The value of a field in a row.</summary>
    public object? Get(int row, string field)
    {
        var i = Fields is List<string> list ? list.IndexOf(field) : Fields.ToList().IndexOf(field);
        return i < 0 ? throw new Neo4jProtocolException($"the result has no field '{field}'") : Rows[row][i];
    }
}

/// <summary>An error Neo4j reported (its status code is in <see cref="Code"/>); the message is Neo4j's and is for logs only.</summary>
public class Neo4jException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Neo.ClientError.*: the request was wrong (a statement, a constraint, a database name, credentials); retrying will not help.</summary>
public sealed class Neo4jClientException(string code, string message) : Neo4jException(code, message);

/// <summary>Neo.TransientError.*, a 5xx answer, a time-out or a broken connection: worth retrying.</summary>
public sealed class Neo4jTransientException(string code, string message, Exception? inner = null) : Neo4jException(code, message)
{
    public Exception? Inner { get; } = inner;
}

/// <summary>An answer that is not what the Query API promises.</summary>
public sealed class Neo4jProtocolException(string message) : Exception(message);

/// <summary>
/// A typed client of Neo4j's HTTP Query API (<c>POST {url}/db/{database}/query/v2</c>): parameterised statements in
/// implicit transactions, explicit transactions for multi-statement writes (begin, run, commit, roll back, with the
/// cluster affinity header sent back), bookmarks passed on so a read follows this client's last write, typed JSON both
/// ways, errors checked on every answer (202 included). Transient failures are retried with exponential back-off and
/// jitter; when retries run out, or the server refuses the credentials, callers get <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed class Neo4jQueryClient
{
    private const string AffinityHeader = "neo4j-cluster-affinity";

    private readonly HttpClient _http;
    private readonly Neo4jOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly AuthenticationHeaderValue _auth;
    private readonly Lock _lock = new();
    private IReadOnlyList<string> _bookmarks = [];

    public Neo4jQueryClient(HttpClient http, Neo4jOptions options)
    {
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
        _http = http;
        _options = options;
        _auth = string.IsNullOrEmpty(options.Token)
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")))
            : new AuthenticationHeaderValue("Bearer", options.Token);
        _retry = options.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Neo4jTransientException>(),
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = TimeSpan.FromMilliseconds(options.RetryDelayMilliseconds),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .Build();
    }

    private string Base => $"{_options.Url!.TrimEnd('/')}/db/{Uri.EscapeDataString(_options.Database)}/query/v2";

    /// <summary>The bookmarks of this client's last committed write (sent with every later request).</summary>
    public IReadOnlyList<string> Bookmarks
    {
        get
        {
            lock (_lock)
            {
                return _bookmarks;
            }
        }
    }

    /// <summary>Runs one statement in its own transaction, retried when it fails transiently.</summary>
    public Task<Neo4jResult> RunAsync(string statement, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default) =>
        GuardAsync(ct => _retry.ExecuteAsync(
            async token => (await SendAsync(HttpMethod.Post, Base, Body(statement, parameters), null, token).ConfigureAwait(false)).Result,
            ct).AsTask(), cancellationToken);

    /// <summary>
    /// Runs a unit of work in one explicit transaction and commits it; on a transient failure the transaction is rolled
    /// back and the whole unit run again. Nothing of a failed unit is committed.
    /// </summary>
    public Task<T> ExecuteWriteAsync<T>(Func<Neo4jTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        GuardAsync(ct => _retry.ExecuteAsync(async token =>
        {
            var tx = await BeginAsync(token).ConfigureAwait(false);
            try
            {
                var result = await work(tx, token).ConfigureAwait(false);
                await tx.CommitAsync(token).ConfigureAwait(false);
                return result;
            }
            catch
            {
                await tx.RollbackQuietlyAsync().ConfigureAwait(false);
                throw;
            }
        }, ct).AsTask(), cancellationToken);

    /// <summary>Opens an explicit transaction (POST .../tx); the caller commits or rolls it back.</summary>
    public async Task<Neo4jTransaction> BeginAsync(CancellationToken cancellationToken = default)
    {
        var body = new JsonObject();
        AddBookmarks(body);
        var answer = await SendAsync(HttpMethod.Post, $"{Base}/tx", body, null, cancellationToken).ConfigureAwait(false);
        var id = answer.Transaction ?? throw new Neo4jProtocolException("the server opened a transaction without an id");
        return new Neo4jTransaction(this, id, answer.Affinity);
    }

    internal async Task<Neo4jResult> RunInAsync(Neo4jTransaction tx, string statement, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, $"{Base}/tx/{Uri.EscapeDataString(tx.Id)}", Body(statement, parameters, bookmarks: false), tx.Affinity, cancellationToken).ConfigureAwait(false)).Result;

    internal async Task CommitAsync(Neo4jTransaction tx, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Post, $"{Base}/tx/{Uri.EscapeDataString(tx.Id)}/commit", new JsonObject(), tx.Affinity, cancellationToken).ConfigureAwait(false);
        if (answer.Bookmarks.Count > 0)
        {
            lock (_lock)
            {
                _bookmarks = answer.Bookmarks;
            }
        }
    }

    internal Task RollbackAsync(Neo4jTransaction tx, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{Base}/tx/{Uri.EscapeDataString(tx.Id)}", null, tx.Affinity, cancellationToken);

    private JsonObject Body(string statement, IReadOnlyDictionary<string, object?>? parameters, bool bookmarks = true)
    {
        var body = new JsonObject { ["statement"] = statement };
        if (parameters is { Count: > 0 })
        {
            body["parameters"] = new JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)TypedJson.Encode(p.Value))));
        }
        if (bookmarks)
        {
            AddBookmarks(body);
        }
        return body;
    }

    private void AddBookmarks(JsonObject body)
    {
        var bookmarks = Bookmarks;
        if (bookmarks.Count > 0)
        {
            body["bookmarks"] = new JsonArray([.. bookmarks.Select(b => (JsonNode?)JsonValue.Create(b))]);
        }
    }

    private sealed record Answer(Neo4jResult Result, IReadOnlyList<string> Bookmarks, string? Transaction, string? Affinity);

    /// <summary>One HTTP exchange: errors in the body are checked whatever the status; failures are classified.</summary>
    private async Task<Answer> SendAsync(HttpMethod method, string url, JsonObject? body, string? affinity, CancellationToken cancellationToken)
    {
        using var request = Request(method, url, body, affinity);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Neo4jTransientException("Timeout", $"no answer from Neo4j within {_options.TimeoutSeconds} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new Neo4jTransientException("Connection", "Neo4j could not be reached", e);
        }
        using (response)
        {
            using var doc = ParseBody(text);
            ThrowOnFailure(doc, (int)response.StatusCode);
            if (method == HttpMethod.Delete)
            {
                return new Answer(Neo4jResult.Empty, [], null, affinity);
            }
            if (doc is null)
            {
                throw new Neo4jProtocolException($"Neo4j answered HTTP {(int)response.StatusCode} without a JSON body");
            }
            return Read(doc.RootElement, response.Headers.TryGetValues(AffinityHeader, out var a) ? a.FirstOrDefault() : affinity);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string url, JsonObject? body, string? affinity)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = _auth;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(TypedJson.MediaType));
        if (affinity is not null)
        {
            request.Headers.TryAddWithoutValidation(AffinityHeader, affinity);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(TypedJson.MediaType);
        }
        return request;
    }

    /// <summary>The body as JSON when it is a JSON object; null otherwise.</summary>
    private static JsonDocument? ParseBody(string text)
    {
        try
        {
            return text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Errors in the body first (whatever the status), then the status: 401/403, 5xx and 429 (transient), other 4xx.</summary>
    private static void ThrowOnFailure(JsonDocument? doc, int status)
    {
        if (doc is not null && doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            var code = first.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
            var message = first.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            throw Classify(code, message, status);
        }
        if (status == 401 || status == 403)
        {
            throw new Neo4jClientException("Neo.ClientError.Security.Unauthorized", $"Neo4j refused the credentials (HTTP {status})");
        }
        if (status >= 500 || status == 429)
        {
            throw new Neo4jTransientException($"HTTP.{status}", $"Neo4j answered HTTP {status}");
        }
        if (status >= 400)
        {
            throw new Neo4jClientException($"HTTP.{status}", $"Neo4j answered HTTP {status}");
        }
    }

    private static Neo4jException Classify(string code, string message, int status) =>
        code.StartsWith("Neo.TransientError.", StringComparison.Ordinal) || (code.Length == 0 && status >= 500)
            ? new Neo4jTransientException(code, message)
            : code.StartsWith("Neo.ClientError.", StringComparison.Ordinal)
                ? new Neo4jClientException(code, message)
                : new Neo4jException(code, message);

    private static Answer Read(JsonElement root, string? affinity)
    {
        var result = Neo4jResult.Empty;
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            var fields = data.TryGetProperty("fields", out var f) ? f.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var rows = new List<IReadOnlyList<object?>>();
            if (data.TryGetProperty("values", out var values))
            {
                foreach (var row in values.EnumerateArray())
                {
                    rows.Add([.. row.EnumerateArray().Select(TypedJson.Decode)]);
                }
            }
            result = new Neo4jResult(fields, rows);
        }
        IReadOnlyList<string> bookmarks = root.TryGetProperty("bookmarks", out var b) && b.ValueKind == JsonValueKind.Array
            ? [.. b.EnumerateArray().Select(x => x.GetString()!)]
            : [];
        var transaction = root.TryGetProperty("transaction", out var t) && t.TryGetProperty("id", out var id) ? id.GetString() : null;
        return new Answer(result, bookmarks, transaction, affinity);
    }

    /// <summary>Client errors pass through (they are bugs or bad settings); exhausted retries and refused credentials become "store unavailable".</summary>
    private static async Task<T> GuardAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action(cancellationToken).ConfigureAwait(false);
        }
        catch (Neo4jTransientException e)
        {
            throw new StoreUnavailableException("The graph store (Neo4j) is not answering; try again shortly.", TimeSpan.FromSeconds(5), e);
        }
        catch (Neo4jClientException e) when (e.Code.StartsWith("Neo.ClientError.Security.", StringComparison.Ordinal))
        {
            throw new StoreUnavailableException("The graph store (Neo4j) refused this service's credentials.", TimeSpan.FromSeconds(60), e);
        }
        catch (Neo4jException e) when (e is not Neo4jClientException)
        {
            throw new StoreUnavailableException("The graph store (Neo4j) failed; try again shortly.", TimeSpan.FromSeconds(5), e);
        }
    }
}

/// <summary>An open explicit transaction; statements run in it with the cluster affinity the server gave.</summary>
public sealed class Neo4jTransaction
{
    private readonly Neo4jQueryClient _client;
    private bool _done;

    internal Neo4jTransaction(Neo4jQueryClient client, string id, string? affinity)
    {
        _client = client;
        Id = id;
        Affinity = affinity;
    }

    public string Id { get; }

    /// <summary>The <c>neo4j-cluster-affinity</c> value to send with every request of this transaction, when the server gave one.</summary>
    public string? Affinity { get; }

    public Task<Neo4jResult> RunAsync(string statement, IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default) =>
        _done ? throw new InvalidOperationException("the transaction is over") : _client.RunInAsync(this, statement, parameters, cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await _client.CommitAsync(this, cancellationToken).ConfigureAwait(false);
        _done = true;
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (!_done)
        {
            _done = true;
            await _client.RollbackAsync(this, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rolls back, ignoring failures (the server rolls an abandoned transaction back when it times out).</summary>
    internal async Task RollbackQuietlyAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await RollbackAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Neo4jException or Neo4jProtocolException or OperationCanceledException or HttpRequestException)
        {
            // Nothing more to do: it was not committed.
        }
    }
}
