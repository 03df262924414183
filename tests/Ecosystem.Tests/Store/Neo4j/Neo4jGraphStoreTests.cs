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
/// The Neo4j store's requests, against answers in the Query API's typed JSON: what Cypher each operation sends (a
/// reviewed snapshot, so a change to any statement is a reviewed diff), and how the answers become nodes, links, tiers
/// and versions. The store's behaviour against a live server is the conformance suite's (<see cref="Neo4jConformanceTests"/>).
/// </summary>
public sealed partial class Neo4jGraphStoreTests
{
    private static void MatchStatements(ScriptedNeo4j server, string name) =>
        Snapshot.Match(
            JToken.Parse(new JsonArray([.. server.Requests.Select(r => (JsonNode?)new JsonObject
            {
                ["method"] = r["method"]!.GetValue<string>(),
                ["path"] = new Uri(r["url"]!.GetValue<string>()).AbsolutePath,
                ["statement"] = r["body"]?["statement"]?.DeepClone(),
                ["parameters"] = r["body"]?["parameters"]?.DeepClone(),
            })]).ToJsonString()),
            new SnapshotNameExtension(name));

    private static readonly Node[] Fixture = [.. Build().UpsertNodes];

    private static string Json(string id) => Neo4jGraph.NodeJsonOf(Fixture.Single(n => n.Id == id));

    [Fact]
    public async Task Nodes_and_links_are_read_by_id_in_one_request_each_in_the_order_asked()
    {
        var link = Build().UpsertLinks[0];
        var server = new ScriptedNeo4j()
            .ThenRows(["i", "json"], [0L, Json(L)], [1L, null], [2L, Json(A)])
            .ThenRows(["i", "json"], [0L, null], [1L, Neo4jGraph.LinkJsonOf(link)]);
        var store = new Neo4jGraphStore(server.Client());
        var nodes = await store.GetNodesAsync([L, "firm:nobody", A]);
        Assert.Equal([L, null, A], nodes.Select(n => n?.Id));
        Assert.Equal(Neo4jGraph.NodeJsonOf(Fixture.Single(n => n.Id == L)), Neo4jGraph.NodeJsonOf(nodes[0]!));
        var links = await store.GetLinksAsync(["supply:x>y/22", link.Id]);
        Assert.Null(links[0]);
        Assert.Equal(Neo4jGraph.LinkJsonOf(link), Neo4jGraph.LinkJsonOf(links[1]!));
        MatchStatements(server, "reads_by_id");
    }

    [Fact]
    public async Task Stats_versions_and_neighbours_come_from_one_statement_each()
    {
        var server = new ScriptedNeo4j()
            .ThenRows(["kinds", "links", "version"], [new List<object?> { new List<object?> { "Firm", 7L }, new List<object?> { "Sector", 6L } }, 8L, 3L])
            .ThenRows(["version"], [3L])
            .ThenRows(["i", "ids"], [0L, new List<object?> { A, B, F }])
            .ThenRows(["i", "ids"], [0L, new List<object?> { "province:24-bac-ninh" }]);
        var store = new Neo4jGraphStore(server.Client());
        var stats = await store.GetStatsAsync();
        Assert.Equal((3L, 7, 6, 0, 8L), (stats.Version, stats.Nodes[NodeKind.Firm], stats.Nodes[NodeKind.Sector], stats.Nodes[NodeKind.Park], stats.SupplyLinks));
        Assert.Equal(3, await store.GetVersionAsync());
        Assert.Equal([A, B, F], (await store.GetNeighboursAsync([L], RelType.Supplies, Direction.In))[0]);
        Assert.Equal(["province:24-bac-ninh"], (await store.GetNeighboursAsync([L], RelType.InProvince, Direction.Out))[0]);
        MatchStatements(server, "stats_and_neighbours");
    }

    [Fact]
    public async Task Supply_links_are_filtered_in_Cypher_with_sectors_expanded_to_their_descendants()
    {
        var links = Build().UpsertLinks;
        var server = new ScriptedNeo4j()
            .ThenRows(["id"], ["sector:22"])
            .ThenRows(["i", "json"], [0L, Neo4jGraph.LinkJsonOf(links[1])]);
        var store = new Neo4jGraphStore(server.Client());
        var result = await store.GetSupplyLinksAsync([L, E], Direction.In, new LinkFilter
        {
            SectorIds = ["sector:22"], DomesticOnly = true, MinValueUsd = 100, AsOf = new DateOnly(2026, 11, 23), MinConfidence = 0.5,
        });
        Assert.Equal([links[1].Id], result[0].Select(l => l.Id));
        Assert.Empty(result[1]);
        MatchStatements(server, "supply_links_filtered");
    }

    [Fact]
    public async Task A_walk_asks_one_tier_at_a_time_keeps_each_firm_at_its_shortest_depth_and_stops_whole_tiers_at_the_cap()
    {
        var links = Build().UpsertLinks.ToDictionary(l => (l.SupplierId, l.BuyerId));
        var server = new ScriptedNeo4j()
            .ThenRows(["far", "country", "province", "json"],
                [A, "VN", "province:01-ha-noi", Neo4jGraph.LinkJsonOf(links[(A, L)])],
                [B, "VN", "province:30-hai-duong-pre2025", Neo4jGraph.LinkJsonOf(links[(B, L)])])
            .ThenRows(["far", "country", "province", "json"],
                [C, "CN", null, Neo4jGraph.LinkJsonOf(links[(C, A)])],
                [C, "CN", null, Neo4jGraph.LinkJsonOf(links[(C, B)])],
                [D, "KR", null, Neo4jGraph.LinkJsonOf(links[(D, B)])]);
        var store = new Neo4jGraphStore(server.Client());
        var walk = await store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 2, Filter = new LinkFilter { AsOf = new DateOnly(2026, 11, 23) } });
        Assert.Equal([[A, B], [C, D]], walk.Tiers.Select(t => t.FirmIds));
        Assert.Equal([1500.0, 550.0], walk.Tiers.Select(t => t.TotalValueUsd));
        Assert.Equal([("VN", 1500.0), ("CN", 350.0), ("KR", 200.0)], walk.ValueByCountry.Select(g => (g.Key, g.ValueUsd)));
        Assert.False(walk.Truncated);
        MatchStatements(server, "walk_two_tiers");

        // With room for 3 firms, tier 2 (2 more) does not fit: the walk ends after tier 1.
        var capped = new ScriptedNeo4j()
            .ThenRows(["far", "country", "province", "json"], [A, "VN", null, Neo4jGraph.LinkJsonOf(links[(A, L)])], [B, "VN", null, Neo4jGraph.LinkJsonOf(links[(B, L)])])
            .ThenRows(["far", "country", "province", "json"], [C, "CN", null, Neo4jGraph.LinkJsonOf(links[(C, A)])], [D, "KR", null, Neo4jGraph.LinkJsonOf(links[(D, B)])]);
        var cut = await new Neo4jGraphStore(capped.Client()).TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 3, MaxFirms = 3 });
        Assert.True(cut.Truncated);
        Assert.Equal([[A, B]], cut.Tiers.Select(t => t.FirmIds));
    }

    [Fact]
    public async Task Listings_filter_order_and_page_in_Cypher_with_the_embedded_stores_cursors()
    {
        // The cursor of firm A in the order by name (its folded name, a separator, its name), as the embedded store gives it.
        var a = Fixture.Single(n => n.Id == A);
        var after = Ecosystem.Graph.Store.PageCursor.Encode([Ecosystem.Graph.Rules.VietnameseText.Fold(a.Name) + "\u0001" + a.Name], A);
        string Key(string id) => Ecosystem.Graph.Rules.VietnameseText.Fold(Fixture.Single(n => n.Id == id).Name) + "\u0001" + Fixture.Single(n => n.Id == id).Name;
        var server = new ScriptedNeo4j()
            .ThenRows(["id"], ["sector:22"])
            .ThenRows(["json", "keys"], [Json(E), new List<object?> { Key(E) }], [Json(F), new List<object?> { Key(F) }], [Json(B), new List<object?> { Key(B) }])
            .ThenRows(["total", "beyondBefore", "beforeAfter"], [4L, false, true]);
        var page = await new Neo4jGraphStore(server.Client()).ListNodesAsync(new NodeQuery
        {
            Kind = NodeKind.Firm,
            Filter = new NodeFilter { SectorIds = ["sector:22"], Countries = ["vn"], Roles = [FirmRole.SupportingIndustry], NameContains = "Công ty" },
            First = 2,
            After = after,
        });
        Assert.Equal([E, F], page.Items.Select(i => i.Node.Id));
        Assert.Equal(4, page.TotalCount);
        Assert.True(page.HasNextPage);
        Assert.True(page.HasPreviousPage);
        // The cursors are the embedded store's: a page read from one store can be continued on the other.
        Assert.Equal(Ecosystem.Graph.Store.PageCursor.Encode([Key(F)], F), page.EndCursor);

        // Backwards (last 2, before a cursor, by area descending): asked in reverse order, given back in order.
        var backwards = new ScriptedNeo4j()
            .ThenRows(["json", "keys"], [Json("park:kcn-dinh-vu"), new List<object?> { null }], [Json("park:kcn-yen-phong"), new List<object?> { 200.0 }])
            .ThenRows(["total", "beyondBefore", "beforeAfter"], [2L, true, false]);
        var parks = await new Neo4jGraphStore(backwards.Client()).ListNodesAsync(new NodeQuery
        {
            Kind = NodeKind.Park,
            OrderBy = [new SortOrder(SortField.TotalAreaHa, Descending: true)],
            Last = 2,
            Before = Ecosystem.Graph.Store.PageCursor.Encode([null], "park:zzz"),
        });
        Assert.Equal(["park:kcn-yen-phong", "park:kcn-dinh-vu"], parks.Items.Select(i => i.Node.Id));
        Assert.True(parks.HasNextPage);
        Assert.False(parks.HasPreviousPage);
        var requests = server.Requests.Concat(backwards.Requests).ToList();
        server.Requests.Clear();
        server.Requests.AddRange(requests);
        MatchStatements(server, "listings");
    }

    [Fact]
    public async Task An_identifier_is_looked_up_by_a_contains_on_the_text_index_of_the_firms_keys()
    {
        var server = new ScriptedNeo4j()
            .ThenRows(["json", "keys"], [Json(E), new List<object?> { "e" }])
            .ThenRows(["total", "beyondBefore", "beforeAfter"], [1L, false, false]);
        var page = await new Neo4jGraphStore(server.Client()).ListNodesAsync(new NodeQuery
        {
            Kind = NodeKind.Firm,
            Filter = new NodeFilter { IdentifierKeys = ["LEI:5493001KJTIIGC8Y1R12"] },
            First = 1,
        });
        Assert.Equal([E], page.Items.Select(i => i.Node.Id));
        var body = server.Requests[0]["body"]!;
        Assert.Contains("n.identifierText CONTAINS $identifier", body["statement"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(" LEI:5493001KJTIIGC8Y1R12 ", body["parameters"]!["identifier"]!["_value"]!.GetValue<string>());
        // A firm's keys go into that text between spaces, so one key never matches inside another.
        var firm = new Firm
        {
            Id = "firm:x", Name = "X", Country = "VN", Sources = ["source:s"],
            Identifiers = [new FirmIdentifier(Graph.Rules.IdentifierScheme.Lei, "5493001KJTIIGC8Y1R12"), new FirmIdentifier(Graph.Rules.IdentifierScheme.Gln, "8931234567896")],
        };
        Assert.Equal(" LEI:5493001KJTIIGC8Y1R12 GLN:8931234567896 ", Ecosystem.Graph.Store.Neo4j.Neo4jGraph.Properties(firm)["identifierText"]);
    }

    [Fact]
    public async Task Search_asks_the_full_text_index_and_ranks_like_the_embedded_store()
    {
        var server = new ScriptedNeo4j().ThenRows(["id", "kind", "name", "folded", "words"],
            ["park:kcn-dinh-vu", "Park", "Khu công nghiệp Đình Vũ", "khu cong nghiep dinh vu", "khu cong nghiep dinh vu"],
            ["park:kcn-nam-dinh-vu", "Park", "Khu công nghiệp Nam Đình Vũ", "khu cong nghiep nam dinh vu", "khu cong nghiep nam dinh vu"],
            ["firm:x", "Firm", "Công ty Vũ Đình", "cong ty vu dinh", "cong ty vu dinh"],
            ["firm:y", "Firm", "Dinhvux", "dinhvux", "dinhvux"]);
        var hits = await new Neo4jGraphStore(server.Client()).SearchAsync("Đình vu", [NodeKind.Park, NodeKind.Firm], 3);
        // "dinh" exactly and "vu" as a prefix; "dinhvux" has neither word and is dropped; scores as the embedded store's.
        Assert.Equal(["park:kcn-dinh-vu", "park:kcn-nam-dinh-vu", "firm:x"], hits.Select(h => h.Id));
        Assert.Equal(Ecosystem.Graph.Store.SearchRanking.Score("khu cong nghiep dinh vu", "dinh vu", 2), hits[0].Score);
        MatchStatements(server, "search");
    }
}
