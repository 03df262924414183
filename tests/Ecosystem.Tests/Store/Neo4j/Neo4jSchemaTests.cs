using System.Net;
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
        Assert.All(statements, s => Assert.Contains(" IF NOT EXISTS ", s, StringComparison.Ordinal));
        Assert.All(statements, s => Assert.DoesNotContain("//", s, StringComparison.Ordinal));
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
        SeedCli.Neo4jHandler = () => server;
        Environment.SetEnvironmentVariable("Neo4j__User", "ecosystem");
        Environment.SetEnvironmentVariable("Neo4j__Password", "s3cret-pass");
        try
        {
            var exit = await SeedCli.RunAsync(["schema", "--target", "neo4j", "--neo4j-url", "http://neo4j.test:7474", "--neo4j-database", "ecosystem"], output, error);
            Assert.True(exit == 0, error.ToString());
        }
        finally
        {
            SeedCli.Neo4jHandler = null;
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
