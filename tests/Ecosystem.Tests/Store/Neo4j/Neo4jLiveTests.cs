using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Neo4j;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Xunit;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store.Neo4j;

/// <summary>
/// The Neo4j store against a live server, when NEO4J_URL (with NEO4J_USER and NEO4J_PASSWORD or NEO4J_TOKEN, and
/// NEO4J_DATABASE) points at one whose database may be wiped: the schema applied, the test graph written, and every read
/// this store has so far compared with the embedded store's on the same graph. Skipped with the reason otherwise (no
/// Neo4j server can be installed on the machines this project is built on). The rest of the conformance suite joins
/// when the store answers every operation.
/// </summary>
[Trait("Category", "Services")]
public sealed class Neo4jLiveTests
{
    [SkippableFact]
    public async Task The_store_reads_back_what_the_embedded_store_reads_on_the_same_graph()
    {
        await using var neo4j = await LiveNeo4j.OpenAsync();
        using var dir = new Support.TempDirectory();
        await using var embedded = await Ecosystem.Graph.Store.Embedded.EmbeddedGraphStore.OpenAsync(dir.Path);
        var changes = Build();
        var written = await neo4j.ApplyAsync(changes);
        await embedded.ApplyAsync(changes);
        Assert.Equal(changes.UpsertNodes.Count, written.NodesWritten);
        Assert.Equal(changes.UpsertLinks.Count, written.LinksWritten);
        Assert.False((await neo4j.ApplyAsync(changes)).Changed);

        var ids = changes.UpsertNodes.Select(n => n.Id).Append("firm:nobody").ToList();
        Assert.Equal(
            (await embedded.GetNodesAsync(ids)).Select(n => n is null ? null : Neo4jGraph.NodeJsonOf(n)),
            (await neo4j.GetNodesAsync(ids)).Select(n => n is null ? null : Neo4jGraph.NodeJsonOf(n)));
        var today = new LinkFilter { AsOf = new DateOnly(2026, 11, 23) };
        Assert.Equal(
            (await embedded.GetSupplyLinksAsync([L, B], Direction.In, today)).Select(l => string.Join(",", l.Select(x => x.Id))),
            (await neo4j.GetSupplyLinksAsync([L, B], Direction.In, today)).Select(l => string.Join(",", l.Select(x => x.Id))));
        var request = new TraversalRequest { RootIds = [L], MaxDepth = 3, Filter = today };
        Assert.Equal(
            (await embedded.TraverseAsync(request)).Tiers.Select(t => string.Join(",", t.FirmIds.Order(StringComparer.Ordinal))),
            (await neo4j.TraverseAsync(request)).Tiers.Select(t => string.Join(",", t.FirmIds.Order(StringComparer.Ordinal))));
        var stats = await neo4j.GetStatsAsync();
        Assert.Equal((await embedded.GetStatsAsync()).SupplyLinks, stats.SupplyLinks);

        // Listings page the same way, with cursors either store understands; search finds and ranks the same.
        foreach (var query in new[]
        {
            new NodeQuery { Kind = NodeKind.Firm, First = 2 },
            new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { Countries = ["VN"], SectorIds = ["sector:22"] }, OrderBy = [new SortOrder(SortField.Id, true)], First = 2 },
            new NodeQuery { Kind = NodeKind.Park, OrderBy = [new SortOrder(SortField.AvailableAreaHa, true)], Last = 1 },
            new NodeQuery { Kind = NodeKind.Province, Filter = new NodeFilter { ValidOn = new DateOnly(2025, 1, 1) }, OrderBy = [new SortOrder(SortField.Code)] },
        })
        {
            var expected = await embedded.ListNodesAsync(query);
            var actual = await neo4j.ListNodesAsync(query);
            Assert.Equal(expected.Items.Select(i => (i.Node.Id, i.Cursor)), actual.Items.Select(i => (i.Node.Id, i.Cursor)));
            Assert.Equal((expected.TotalCount, expected.HasNextPage, expected.HasPreviousPage), (actual.TotalCount, actual.HasNextPage, actual.HasPreviousPage));
            if (expected.EndCursor is { } end)
            {
                var next = query with { After = end, Before = null, Last = null, First = 5 };
                Assert.Equal((await embedded.ListNodesAsync(next)).Items.Select(i => i.Node.Id), (await neo4j.ListNodesAsync(next)).Items.Select(i => i.Node.Id));
            }
        }
        foreach (var text in new[] { "cong ty", "yen phong", "2610", "0100233488" })
        {
            Assert.Equal((await embedded.SearchAsync(text)).Select(h => (h.Id, h.Score)), (await neo4j.SearchAsync(text)).Select(h => (h.Id, h.Score)));
        }

        // The aggregations answer as the embedded store's.
        var scenario = new DisruptionScenario { Countries = ["CN"], Filter = today };
        Assert.Equal(await embedded.DisruptionImpactAsync(scenario), await neo4j.DisruptionImpactAsync(scenario));
        Assert.Equal(
            (await embedded.CoLocatedAsync([L, A, E])).Select(l => string.Join(",", l)),
            (await neo4j.CoLocatedAsync([L, A, E])).Select(l => string.Join(",", l)));
        Assert.Equal(await embedded.InputOriginsAsync([L, B, "firm:nobody"], 3, today), await neo4j.InputOriginsAsync([L, B, "firm:nobody"], 3, today));
        var parkRequest = new ParkMatchRequest { SectorId = "sector:26", LeadScope = new NodeFilter { ProvinceIds = ["province:24-bac-ninh", "province:27-bac-ninh-pre2025"] } };
        Assert.Equal(
            (await embedded.ParkMatchesAsync(parkRequest)).Select(m => (m.ParkId, m.Score, string.Join(",", m.Reasons))),
            (await neo4j.ParkMatchesAsync(parkRequest)).Select(m => (m.ParkId, m.Score, string.Join(",", m.Reasons))));
    }
}

/// <summary>Settings of a live Neo4j for the conformance suites, or the reason they are skipped.</summary>
public static class LiveNeo4j
{
    /// <summary>The live server's settings from NEO4J_URL, NEO4J_DATABASE, NEO4J_USER, NEO4J_PASSWORD, NEO4J_TOKEN; null without NEO4J_URL.</summary>
    public static Neo4jOptions? Options() => Environment.GetEnvironmentVariable("NEO4J_URL") is { } url
        ? new Neo4jOptions
        {
            Url = url,
            Database = Environment.GetEnvironmentVariable("NEO4J_DATABASE") ?? "neo4j",
            User = Environment.GetEnvironmentVariable("NEO4J_USER"),
            Password = Environment.GetEnvironmentVariable("NEO4J_PASSWORD"),
            Token = Environment.GetEnvironmentVariable("NEO4J_TOKEN"),
        }
        : null;

    public static async Task<IGraphStore> OpenAsync()
    {
        var options = Options();
        Skip.If(options is null, "NEO4J_URL is not set: no Neo4j server to run against (none can be installed on this machine).");
        var client = new Neo4jQueryClient(new HttpClient(), options);
        await Neo4jSchema.ApplyAsync(client);
        await client.RunAsync("MATCH (n) WHERE n:Node OR n:GraphMeta DETACH DELETE n");
        return new Neo4jGraphStore(client);
    }
}

/// <summary>The localization conformance suite on Neo4j (NEO4J_URL; skipped with the reason otherwise).</summary>
[Trait("Category", "Services")]
public sealed class Neo4jLocalizationConformanceTests : LocalizationConformanceTests
{
    protected override Task<IGraphStore> CreateStoreAsync() => LiveNeo4j.OpenAsync();
}

/// <summary>The store conformance suite on Neo4j (NEO4J_URL; skipped with the reason otherwise).</summary>
[Trait("Category", "Services")]
public sealed class Neo4jGraphStoreConformanceTests : GraphStoreConformanceTests
{
    protected override Task<IGraphStore> CreateStoreAsync() => LiveNeo4j.OpenAsync();

    /// <summary>Neo4j keeps the graph: a new store over the same database sees it.</summary>
    protected override async Task<IGraphStore> ReopenAsync(IGraphStore store)
    {
        await store.DisposeAsync();
        return new Neo4jGraphStore(new Neo4jQueryClient(new HttpClient(), LiveNeo4j.Options()!));
    }
}
