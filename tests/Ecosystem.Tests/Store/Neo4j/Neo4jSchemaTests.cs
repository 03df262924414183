using System.Net;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Neo4j;
using Ecosystem.Seed;
using Newtonsoft.Json.Linq;
using Snapshooter.Xunit;

namespace Ecosystem.Tests.Store.Neo4j;

/// <summary>graph-schema/neo4j/schema.cypher and `seed schema --target neo4j`: every node kind and lookup indexed, idempotently.</summary>
[Collection(nameof(Neo4jEnvironment))]
public sealed class Neo4jSchemaTests
{
    [Fact]
    public void Every_node_kind_has_a_unique_id_and_every_statement_can_run_again()
    {
        var statements = Neo4jSchema.Statements;
        foreach (var kind in new[] { "Node", "Firm", "Park", "Province", "Region", "Corridor", "Sector", "Alliance", "Source" })
        {
            Assert.Contains(statements, s => s.Contains($"FOR (n:{kind}) REQUIRE n.id IS UNIQUE", StringComparison.Ordinal));
        }
        Assert.Contains(statements, s => s.Contains("FOR ()-[r:SUPPLIES]-() REQUIRE r.id IS UNIQUE", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Contains("ON (n.taxCode)", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.StartsWith("CREATE FULLTEXT INDEX node_search", StringComparison.Ordinal) && s.Contains("'whitespace'", StringComparison.Ordinal));
        // Every statement can run again: a definition made only where missing, or the backfill of what older nodes lack.
        Assert.All(statements, s => Assert.True(
            s.Contains(" IF NOT EXISTS ", StringComparison.Ordinal) || s.StartsWith("MATCH (n:Node) WHERE n.sortKey IS NULL CALL { WITH n SET n.sortKey = ", StringComparison.Ordinal),
            s));
        Assert.All(statements, s => Assert.DoesNotContain("//", s, StringComparison.Ordinal));
    }

    [Fact]
    public void Listings_have_an_index_for_the_name_order_each_role_and_each_place_filter_and_older_nodes_are_backfilled()
    {
        var statements = Neo4jSchema.Statements;
        foreach (var kind in new[] { "Firm", "Park", "Province", "Sector" })
        {
            Assert.Contains($"CREATE INDEX {kind.ToLowerInvariant()}_sort_key IF NOT EXISTS FOR (n:{kind}) ON (n.sortKey)", statements);
        }
        foreach (var property in new[] { "provinceId", "parkId", "country", "ownership" })
        {
            Assert.Contains(statements, s => s.EndsWith($"FOR (n:Firm) ON (n.{property}, n.sortKey)", StringComparison.Ordinal));
        }
        var backfill = statements.Single(s => s.StartsWith("MATCH (n:Node) WHERE n.sortKey IS NULL", StringComparison.Ordinal));
        foreach (var role in Enum.GetValues<FirmRole>())
        {
            var property = Neo4jGraph.RoleProperty(role);
            Assert.Contains(statements, s => s.EndsWith($"FOR (n:Firm) ON (n.{property})", StringComparison.Ordinal));
            Assert.Contains($"n.{property} = CASE WHEN '{role}' IN coalesce(n.roles, []) THEN true END", backfill, StringComparison.Ordinal);
        }
        // The stored sort key is the one the embedded store orders and pages by.
        var firm = new Firm { Id = "firm:x", Name = "Công ty Đại Việt", Country = "VN", Roles = [FirmRole.LeadFirm], Sources = ["source:x"] };
        var properties = Neo4jGraph.Properties(firm);
        Assert.Equal(PageCursor.NameKey("cong ty dai viet", "Công ty Đại Việt"), properties["sortKey"]);
        Assert.Equal(true, properties[Neo4jGraph.RoleProperty(FirmRole.LeadFirm)]);
        Assert.False(properties.ContainsKey(Neo4jGraph.RoleProperty(FirmRole.Logistics)));
    }

    [Fact]
    public async Task Seed_schema_applies_each_statement_on_its_own_against_the_configured_database()
    {
        var server = new ScriptedNeo4j();
        foreach (var _ in Neo4jSchema.Statements)
        {
            server.Then(HttpStatusCode.Accepted, "empty-success");
        }
        var output = new StringWriter();
        var error = new StringWriter();
        Environment.SetEnvironmentVariable("Neo4j__User", "ecosystem");
        Environment.SetEnvironmentVariable("Neo4j__Password", "s3cret-pass");
        try
        {
            var exit = await SeedCli.RunAsync(["schema", "--target", "neo4j", "--neo4j-url", "http://neo4j.test:7474", "--neo4j-database", "ecosystem"], output, error, () => server);
            Assert.True(exit == 0, error.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("Neo4j__User", null);
            Environment.SetEnvironmentVariable("Neo4j__Password", null);
        }
        Assert.Contains($"{Neo4jSchema.Statements.Count} constraints and indexes in place on http://neo4j.test:7474/db/ecosystem as ecosystem", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", output.ToString() + error, StringComparison.Ordinal);
        Assert.Equal(Neo4jSchema.Statements, server.Requests.Select(r => r["body"]!["statement"]!.GetValue<string>()));
        Assert.All(server.Requests, r => Assert.Equal("http://neo4j.test:7474/db/ecosystem/query/v2", r["url"]!.GetValue<string>()));
        Snapshot.Match(JToken.Parse(new System.Text.Json.Nodes.JsonArray([.. server.Requests.Select(r => r["body"]!["statement"]!.DeepClone())]).ToJsonString()));
    }

    [Fact]
    public async Task Seed_schema_without_settings_says_what_is_missing()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SeedCli.RunAsync(["schema", "--target", "neo4j"], output, error);
        Assert.Equal(1, exit);
        Assert.Contains("Neo4j:Url must be an http:// or https:// address", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Neo4j needs credentials", error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Tests that set Neo4j__ environment variables or the seed's Neo4j handler run one at a time.</summary>
[CollectionDefinition(nameof(Neo4jEnvironment), DisableParallelization = true)]
public sealed class Neo4jEnvironment;

/// <summary>
/// A stand-in for an empty Neo4j that answers the statements of a load: no node stored yet, every node and link of a
/// batch written, the version bumped. It counts the transactions and statements it was sent.
/// </summary>
public sealed class LoadingNeo4j : HttpMessageHandler
{
    public int Transactions { get; private set; }

    public List<string> Statements { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? null : System.Text.Json.Nodes.JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        string Rows(string[] fields, IEnumerable<object?[]> rows) => new System.Text.Json.Nodes.JsonObject
        {
            ["data"] = new System.Text.Json.Nodes.JsonObject
            {
                ["fields"] = new System.Text.Json.Nodes.JsonArray([.. fields.Select(f => (System.Text.Json.Nodes.JsonNode?)f)]),
                ["values"] = new System.Text.Json.Nodes.JsonArray([.. rows.Select(r => (System.Text.Json.Nodes.JsonNode?)new System.Text.Json.Nodes.JsonArray([.. r.Select(v => (System.Text.Json.Nodes.JsonNode?)TypedJson.Encode(v))]))]),
            },
            ["bookmarks"] = new System.Text.Json.Nodes.JsonArray(),
            ["transaction"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "t" + Transactions },
        }.ToJsonString();
        HttpResponseMessage Answer(string json) => new(HttpStatusCode.Accepted) { Content = new StringContent(json, System.Text.Encoding.UTF8, TypedJson.MediaType) };
        if (path.EndsWith("/tx", StringComparison.Ordinal))
        {
            Transactions++;
            return Answer(Rows([], []));
        }
        if (path.EndsWith("/commit", StringComparison.Ordinal))
        {
            return Answer(Rows([], []));
        }
        var statement = body!["statement"]!.GetValue<string>();
        Statements.Add(statement);
        var parameters = body["parameters"];
        List<string> Ids(string name) => [.. parameters![name]!["_value"]!.AsArray().Select(v => v!["_value"] is { } x && x.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? x.GetValue<string>()
            : v!["_value"]!["id"]!["_value"]!.GetValue<string>())];
        if (statement.StartsWith("UNWIND $ids AS id OPTIONAL MATCH (n:Node", StringComparison.Ordinal))
        {
            return Answer(Rows(["id", "kind"], Ids("ids").Select(id => new object?[] { id, null })));
        }
        if (statement.StartsWith("UNWIND $rows AS row MERGE (n:Node", StringComparison.Ordinal))
        {
            return Answer(Rows(["written"], [[new List<object?>(Ids("rows"))]]));
        }
        if (statement.Contains("MERGE (s)-[r:SUPPLIES", StringComparison.Ordinal))
        {
            return Answer(Rows(["written"], [[(long)Ids("rows").Count]]));
        }
        if (statement.Contains("GraphMeta", StringComparison.Ordinal))
        {
            return Answer(Rows(["version"], [[1L]]));
        }
        return Answer(Rows([], []));
    }
}

[Collection(nameof(Neo4jEnvironment))]
public sealed class Neo4jLoadTests
{
    [Fact]
    public async Task Seed_reference_loads_Neo4j_in_batches_each_in_its_own_transaction_with_progress()
    {
        var neo4j = new LoadingNeo4j();
        var output = new StringWriter();
        var error = new StringWriter();
        Environment.SetEnvironmentVariable("Neo4j__Token", "t0ken");
        Environment.SetEnvironmentVariable("Neo4j__BatchSize", "1000");
        try
        {
            var exit = await SeedCli.RunAsync(["reference", "--target", "neo4j", "--neo4j-url", "http://neo4j.test:7474"], output, error, () => neo4j);
            Assert.True(exit == 0, error.ToString() + output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Neo4j__Token", null);
            Environment.SetEnvironmentVariable("Neo4j__BatchSize", null);
        }
        var reference = Ecosystem.Graph.Data.ReferenceData.Load();
        var text = output.ToString();
        Assert.Contains("target: Neo4j at http://neo4j.test:7474/db/neo4j as bearer token, batches of 1,000", text, StringComparison.Ordinal);
        Assert.Contains($"reference data written: {reference.UpsertNodes.Count:N0} nodes, version 1", text, StringComparison.Ordinal);
        // One transaction per batch of each kind's nodes, per batch of each relationship type, and one for the version.
        var nodeBatches = reference.UpsertNodes.GroupBy(n => n.Kind).Sum(g => (g.Count() + 999) / 1000);
        Assert.Equal(nodeBatches, neo4j.Statements.Count(s => s.StartsWith("UNWIND $rows AS row MERGE (n:Node", StringComparison.Ordinal)));
        Assert.True(neo4j.Transactions > nodeBatches, $"{neo4j.Transactions} transactions");
        Assert.Contains("nodes (Sector):", text, StringComparison.Ordinal);
        Assert.Contains("references (IN_PROVINCE):", text, StringComparison.Ordinal);
        Assert.Equal(1, neo4j.Statements.Count(s => s.Contains("GraphMeta", StringComparison.Ordinal)));
    }
}

/// <summary>
/// Every Cypher statement the Neo4j store and the schema send (as the reviewed request snapshots hold them) passes Neo4j's
/// own Cypher language support: syntax and semantic analysis, as far as it goes without a database. No Neo4j server runs
/// here, so this is the check that a statement is Cypher at all.
/// </summary>
[Trait("Category", "Services")]
public sealed class CypherLintTests
{
    [SkippableFact]
    public void Every_statement_parses_and_passes_semantic_analysis()
    {
        var lint = Path.Combine(Support.RepoPaths.Root, "tests", "cypher-lint");
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);
        var installed = Directory.Exists(Path.Combine(lint, "node_modules", "@neo4j-cypher"));
        if (node is null || !installed)
        {
            var reason = node is null ? "node is not on PATH" : "tests/cypher-lint has no node_modules (the test project's build runs npm ci there)";
            Assert.False(Support.RequiredServices.Required, $"{reason}; ECOSYSTEM_REQUIRE_SERVICES=1 makes this a failure.");
            Skip.If(true, reason);
        }
        var statements = new SortedSet<string>(Neo4jSchema.Statements, StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Support.RepoPaths.Root, "tests", "Ecosystem.Tests", "Store", "Neo4j", "__snapshots__"), "*.snap"))
        {
            foreach (var item in System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsArray())
            {
                var statement = item is System.Text.Json.Nodes.JsonValue v ? v.GetValue<string>() : (item?["statement"] ?? item?["body"]?["statement"])?.GetValue<string>();
                if (statement is not null)
                {
                    statements.Add(statement);
                }
            }
        }
        Assert.True(statements.Count > 50, $"only {statements.Count} statements found");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(node!, "lint.js")
        {
            WorkingDirectory = lint,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.StandardInput.Write(System.Text.Json.JsonSerializer.Serialize(statements));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        var failures = System.Text.Json.Nodes.JsonNode.Parse(output)!.AsArray()
            .Where(r => r!["errors"]!.AsArray().Count > 0)
            .Select(r => $"{r!["statement"]}: {string.Join("; ", r["errors"]!.AsArray())}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(statements.Count, System.Text.Json.Nodes.JsonNode.Parse(output)!.AsArray().Count);
    }
}
