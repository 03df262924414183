using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Store.Neo4j;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Api;

/// <summary>The API on Store:Kind=Neo4j, its Query API answered by a local handler.</summary>
public sealed class Neo4jApiFactory(HttpMessageHandler neo4j, IReadOnlyDictionary<string, string>? extra = null) : EcosystemApiFactory
{
    protected override IReadOnlyDictionary<string, string> Settings
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["Store:Kind"] = "Neo4j",
                ["Neo4j:Url"] = "http://neo4j.test:7474",
                ["Neo4j:User"] = "ecosystem",
                ["Neo4j:Password"] = "s3cret-pass",
                ["Neo4j:MaxRetries"] = "1",
                ["Neo4j:RetryDelayMilliseconds"] = "1",
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                settings[key] = value;
            }
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddHttpClient("Neo4j").ConfigurePrimaryHttpMessageHandler(() => neo4j));
    }
}

/// <summary>An unreachable Neo4j: every request fails as a broken connection would.</summary>
public sealed class UnreachableNeo4j : HttpMessageHandler
{
    public int Requests { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        throw new HttpRequestException("Connection refused (neo4j.test:7474)");
    }
}

/// <summary>What clients see when the API runs on Neo4j: its answers, and a clear 503 when Neo4j cannot answer.</summary>
public sealed class Neo4jApiTests
{
    [Fact]
    public async Task When_Neo4j_is_unreachable_every_face_answers_503_with_retry_after_and_no_internals()
    {
        var neo4j = new UnreachableNeo4j();
        using var api = new Neo4jApiFactory(neo4j);
        using var client = api.CreateClient();

        using var graphql = await client.SendAsync(EcosystemApiFactory.Post("{ firms(first: 1) { totalCount } }"));
        var body = await graphql.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, graphql.StatusCode);
        Assert.Equal("5", graphql.Headers.RetryAfter!.ToString());
        var error = JsonNode.Parse(body)!["errors"]![0]!;
        Assert.Equal("STORE_UNAVAILABLE", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("The graph store (Neo4j) is not answering; try again shortly.", error["message"]!.GetValue<string>());
        Assert.DoesNotContain("Connection refused", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);

        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("unavailable", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());

        using var export = await client.GetAsync("/export/scope?province=31&format=links.csv");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, export.StatusCode);
        Assert.NotNull(export.Headers.RetryAfter);
        Assert.True(neo4j.Requests >= 2, "retried before giving up");
        Assert.DoesNotContain(api.Logs, l => l.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ready_check_reports_the_store_kind_version_and_latency()
    {
        var neo4j = new ScriptedNeo4j().ThenRows(["kinds", "links", "version"], [new List<object?> { new List<object?> { "Firm", 3L } }, 2L, 7L]);
        using var api = new Neo4jApiFactory(neo4j);
        using var client = api.CreateClient();
        var ready = JsonNode.Parse(await client.GetStringAsync("/health/ready"))!;
        Assert.Equal(("ready", "Neo4j", 7L, 2L), (ready["status"]!.GetValue<string>(), ready["store"]!.GetValue<string>(), ready["version"]!.GetValue<long>(), ready["supplyLinks"]!.GetValue<long>()));
        Assert.True(ready["latencyMs"]!.GetValue<double>() >= 0);
    }

    [Fact]
    public void Bad_Neo4j_settings_stop_the_start_with_what_is_wrong_and_no_secret()
    {
        using var api = new Neo4jApiFactory(new UnreachableNeo4j(), new Dictionary<string, string> { ["Neo4j:Url"] = "bolt://x:7687" });
        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());
        var all = error.ToString();
        Assert.Contains("Neo4j:Url must be an http:// or https:// address", all, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", all, StringComparison.Ordinal);
    }
}
