using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Neo4j;
using Ecosystem.Tests.Support;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;

namespace Ecosystem.Tests.Store.Neo4j;

/// <summary>
/// A local HTTP handler that answers with the Query API payloads under payloads/ (or a status alone) in order, and
/// keeps every request the client sent: method, path, the headers that matter (credentials masked) and the body.
/// </summary>
public sealed class ScriptedNeo4j : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _answers = new();

    public List<JsonObject> Requests { get; } = [];

    public TimeSpan Delay { get; set; }

    public static string Payload(string name) =>
        File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Ecosystem.Tests", "Store", "Neo4j", "payloads", name + ".json"));

    /// <summary>Queues an answer: a payload file with a status and headers.</summary>
    public ScriptedNeo4j Then(HttpStatusCode status, string? payload = null, params (string Name, string Value)[] headers)
    {
        _answers.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status);
            if (payload is not null)
            {
                response.Content = new StringContent(Payload(payload), Encoding.UTF8, "application/vnd.neo4j.query");
            }
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
            return response;
        });
        return this;
    }

    /// <summary>Queues a 202 whose rows are the given values, written as typed JSON.</summary>
    public ScriptedNeo4j ThenRows(string[] fields, params object?[][] rows)
    {
        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode?)JsonValue.Create(f))]),
                ["values"] = new JsonArray([.. rows.Select(r => (JsonNode?)new JsonArray([.. r.Select(v => (JsonNode?)TypedJson.Encode(v))]))]),
            },
            ["bookmarks"] = new JsonArray(),
        };
        var text = body.ToJsonString();
        _answers.Enqueue(() => new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent(text, Encoding.UTF8, "application/vnd.neo4j.query") });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var record = new JsonObject
        {
            ["method"] = request.Method.Method,
            ["url"] = request.RequestUri!.ToString(),
            ["authorization"] = request.Headers.Authorization?.Scheme + " ***",
            ["accept"] = string.Join(", ", request.Headers.Accept.Select(a => a.MediaType)),
        };
        if (request.Headers.TryGetValues("neo4j-cluster-affinity", out var affinity))
        {
            record["neo4j-cluster-affinity"] = affinity.Single();
        }
        if (request.Content is not null)
        {
            record["contentType"] = request.Content.Headers.ContentType?.MediaType;
            record["body"] = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        }
        lock (Requests)
        {
            Requests.Add(record);
        }
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }
        return _answers.TryDequeue(out var answer) ? answer() : throw new InvalidOperationException("no answer scripted for " + request.RequestUri);
    }

    public Neo4jQueryClient Client(Action<Neo4jOptions>? configure = null)
    {
        var options = new Neo4jOptions { Url = "http://neo4j.test:7474", Database = "ecosystem", User = "ecosystem", Password = "s3cret-pass", RetryDelayMilliseconds = 1, MaxRetries = 3 };
        configure?.Invoke(options);
        return new Neo4jQueryClient(new HttpClient(this), options);
    }
}

/// <summary>
/// The Query API client against documented answers: typed values exact, errors found in every answer (202 included),
/// client errors not retried, transient ones retried then reported as the store being unavailable, explicit
/// transactions with affinity and bookmarks. The requests it sends are snapshotted, so a change to them is a reviewed diff.
/// </summary>
public sealed class Neo4jQueryClientTests
{
    private static void MatchRequests(ScriptedNeo4j server, string name) =>
        Snapshot.Match(JToken.Parse(new JsonArray([.. server.Requests.Select(r => (JsonNode?)r.DeepClone())]).ToJsonString()), new SnapshotNameExtension(name));

    [Fact]
    public async Task Typed_values_come_back_exactly_and_parameters_go_out_typed()
    {
        var server = new ScriptedNeo4j().Then(HttpStatusCode.Accepted, "success-typed");
        var client = server.Client();
        var result = await client.RunAsync(
            "MATCH (n:Firm {id: $id}) RETURN n",
            new Dictionary<string, object?>
            {
                ["id"] = "firm:lead-hp",
                ["ids"] = new[] { "firm:a", "firm:b" },
                ["limit"] = 9007199254740993L,
                ["min"] = 0.1,
                ["asOf"] = new DateOnly(2026, 9, 1),
                ["domestic"] = true,
                ["none"] = null,
                ["row"] = new Dictionary<string, object?> { ["value"] = double.NaN },
            });
        Assert.Equal(["n", "big", "ratio", "since", "place", "tags", "props", "missing", "flag", "r"], result.Fields);
        var node = Assert.IsType<Neo4jNode>(result.Get(0, "n"));
        Assert.Equal(["Firm"], node.Labels);
        Assert.Equal("Công ty TNHH Điện tử Hải Phòng", node.Properties["name"]);
        Assert.Equal(9007199254740993L, result.Get(0, "big"));
        Assert.Equal(0.1, result.Get(0, "ratio"));
        Assert.Equal(new DateOnly(2025, 7, 1), result.Get(0, "since"));
        Assert.Equal(new Neo4jPoint(4326, 106.76, 20.83), result.Get(0, "place"));
        Assert.Equal(["26", "22"], Assert.IsType<List<object?>>(result.Get(0, "tags")));
        var props = Assert.IsType<Dictionary<string, object?>>(result.Get(0, "props"));
        Assert.True(double.IsNaN((double)props["valueUsd"]!));
        Assert.Equal(-3L, props["count"]);
        Assert.Null(result.Get(0, "missing"));
        Assert.Equal(true, result.Get(0, "flag"));
        var link = Assert.IsType<Neo4jRelationship>(result.Get(0, "r"));
        Assert.Equal(("SUPPLIES", "4:f1c2:18", "4:f1c2:17"), (link.Type, link.StartElementId, link.EndElementId));
        // The bookmarks of a read are not kept: only a committed write's are.
        Assert.Empty(client.Bookmarks);
        MatchRequests(server, "typed_request");
    }

    [Fact]
    public async Task A_202_that_carries_errors_is_an_error()
    {
        var server = new ScriptedNeo4j().Then(HttpStatusCode.Accepted, "accepted-with-errors");
        var error = await Assert.ThrowsAsync<Neo4jClientException>(() => server.Client().RunAsync("CREATE (:Firm {id: $id})", new Dictionary<string, object?> { ["id"] = "firm:lead-hp" }));
        Assert.Equal("Neo.ClientError.Schema.ConstraintValidationFailed", error.Code);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "syntax-error", "Neo.ClientError.Statement.SyntaxError")]
    [InlineData(HttpStatusCode.NotFound, "database-not-found", "Neo.ClientError.Database.DatabaseNotFound")]
    public async Task Client_errors_are_not_retried(HttpStatusCode status, string payload, string code)
    {
        var server = new ScriptedNeo4j().Then(status, payload);
        var error = await Assert.ThrowsAsync<Neo4jClientException>(() => server.Client().RunAsync("MATC (n) RETURN n"));
        Assert.Equal(code, error.Code);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Refused_credentials_make_the_store_unavailable_without_retrying_or_naming_the_secret()
    {
        var server = new ScriptedNeo4j().Then(HttpStatusCode.Unauthorized, "unauthorized");
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => server.Client().RunAsync("RETURN 1"));
        Assert.Single(server.Requests);
        Assert.DoesNotContain("s3cret", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        Assert.Equal("Basic ***", server.Requests[0]["authorization"]!.GetValue<string>());
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_and_then_succeed()
    {
        var server = new ScriptedNeo4j()
            .Then(HttpStatusCode.ServiceUnavailable, "unavailable")
            .Then(HttpStatusCode.BadGateway)
            .Then(HttpStatusCode.Accepted, "success-typed");
        var result = await server.Client().RunAsync("RETURN 1");
        Assert.Single(result.Rows);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task When_retries_run_out_the_store_is_unavailable_with_a_retry_after()
    {
        var server = new ScriptedNeo4j();
        for (var i = 0; i < 4; i++)
        {
            server.Then(HttpStatusCode.ServiceUnavailable, "unavailable");
        }
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => server.Client().RunAsync("RETURN 1"));
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(5), error.RetryAfter);
        Assert.DoesNotContain("Database 'neo4j'", error.Message, StringComparison.Ordinal);
        Assert.IsType<Neo4jTransientException>(error.InnerException);
    }

    [Fact]
    public async Task A_request_that_times_out_is_retried_like_any_transient_failure()
    {
        // The answers would come after 30 s: only the 1 s time limit, even when timers run late on a loaded machine, can end the wait first.
        var server = new ScriptedNeo4j { Delay = TimeSpan.FromSeconds(30) }.Then(HttpStatusCode.Accepted, "success-typed").Then(HttpStatusCode.Accepted, "success-typed");
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => server.Client(o => { o.TimeoutSeconds = 1; o.MaxRetries = 1; }).RunAsync("RETURN 1"));
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("no answer from Neo4j within 1 s", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_keeps_its_affinity_and_its_commit_bookmarks_reach_the_next_read()
    {
        var server = new ScriptedNeo4j()
            .Then(HttpStatusCode.Accepted, "begin-transaction", ("neo4j-cluster-affinity", "MjoxOjM="))
            .Then(HttpStatusCode.Accepted, "in-transaction")
            .Then(HttpStatusCode.Accepted, "commit")
            .Then(HttpStatusCode.Accepted, "success-typed");
        var client = server.Client();
        var written = await client.ExecuteWriteAsync(async (tx, ct) =>
        {
            var r = await tx.RunAsync("UNWIND $rows AS row MERGE (f:Firm {id: row.id}) RETURN count(f) AS written", new Dictionary<string, object?>
            {
                ["rows"] = new[] { new Dictionary<string, object?> { ["id"] = "firm:a" }, new Dictionary<string, object?> { ["id"] = "firm:b" } },
            }, ct);
            return (long)r.Get(0, "written")!;
        });
        Assert.Equal(2, written);
        Assert.Equal(["FB:kcwQt8DpQx5zR0uN3Oj/OudM3QaQ"], client.Bookmarks);
        await client.RunAsync("MATCH (f:Firm) RETURN count(f)");
        MatchRequests(server, "transaction_then_read");
    }

    [Fact]
    public async Task A_unit_of_work_that_fails_is_rolled_back_and_a_transient_failure_runs_it_again()
    {
        var server = new ScriptedNeo4j()
            .Then(HttpStatusCode.Accepted, "begin-transaction", ("neo4j-cluster-affinity", "MjoxOjM="))
            .Then(HttpStatusCode.ServiceUnavailable, "unavailable")
            .Then(HttpStatusCode.OK)
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .Then(HttpStatusCode.Accepted, "in-transaction")
            .Then(HttpStatusCode.Accepted, "commit");
        var runs = 0;
        await server.Client().ExecuteWriteAsync(async (tx, ct) =>
        {
            runs++;
            return await tx.RunAsync("MERGE (f:Firm {id: $id})", new Dictionary<string, object?> { ["id"] = "firm:a" }, ct);
        });
        Assert.Equal(2, runs);
        Assert.Equal(["POST", "POST", "DELETE", "POST", "POST", "POST"], server.Requests.Select(r => r["method"]!.GetValue<string>()));
        Assert.Equal("http://neo4j.test:7474/db/ecosystem/query/v2/tx/adb3f1a2", server.Requests[2]["url"]!.GetValue<string>());
        Assert.Equal("MjoxOjM=", server.Requests[2]["neo4j-cluster-affinity"]!.GetValue<string>());

        var failing = new ScriptedNeo4j().Then(HttpStatusCode.Accepted, "begin-transaction").Then(HttpStatusCode.BadRequest, "syntax-error").Then(HttpStatusCode.OK);
        await Assert.ThrowsAsync<Neo4jClientException>(() => failing.Client().ExecuteWriteAsync((tx, ct) => tx.RunAsync("MERG (f)", null, ct)));
        Assert.Equal("DELETE", failing.Requests[^1]["method"]!.GetValue<string>());
    }

    [Fact]
    public void Settings_are_checked_and_never_show_a_secret()
    {
        Assert.Empty(new Neo4jOptions { Url = "https://x.databases.neo4j.io", User = "u", Password = "p" }.Problems());
        Assert.Empty(new Neo4jOptions { Url = "http://localhost:7474", Token = "t0ken" }.Problems());
        var bad = new Neo4jOptions { Url = "bolt://localhost:7687", Database = "a b", User = "u", TimeoutSeconds = 0 };
        var problems = string.Join("\n", bad.Problems());
        Assert.Contains("Neo4j:Url must be an http:// or https:// address", problems, StringComparison.Ordinal);
        Assert.Contains("Neo4j:Database must be a database name", problems, StringComparison.Ordinal);
        Assert.Contains("Neo4j:User and Neo4j:Password go together", problems, StringComparison.Ordinal);
        Assert.Contains("Neo4j:TimeoutSeconds", problems, StringComparison.Ordinal);
        Assert.Contains("Neo4j needs credentials", string.Join("\n", new Neo4jOptions { Url = "http://localhost:7474" }.Problems()), StringComparison.Ordinal);
        var options = new Neo4jOptions { Url = "http://localhost:7474/", User = "ecosystem", Password = "s3cret-pass" };
        Assert.Equal("http://localhost:7474/db/neo4j as ecosystem", options.ToString());
        var thrown = Assert.Throws<ArgumentException>(() => new Neo4jQueryClient(new HttpClient(), bad));
        Assert.DoesNotContain("s3cret", thrown.Message, StringComparison.Ordinal);
    }
}
