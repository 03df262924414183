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
public sealed class Neo4jGraphStoreTests
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

    [Fact]
    public async Task Disruption_co_location_linked_parks_and_input_origins_are_aggregated_in_Cypher()
    {
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "lost", "share"], [L, 300.0, 300.0 / 1500])
            .ThenRows(["i", "ids"], [0L, new List<object?>()], [1L, new List<object?> { B }])
            .ThenRows(["i", "park", "links", "value"], [0L, "park:kcn-dinh-vu", 2L, 1500.0])
            .ThenRows(["id"], ["sector:22"])
            .ThenRows(["i", "value", "domestic", "links"], [0L, 1570.0, 1570.0, 3L]);
        var store = new Neo4jGraphStore(server.Client());
        var affected = await store.DisruptionImpactAsync(new DisruptionScenario { Countries = ["cn"], ProvinceIds = ["province:01-ha-noi"], Filter = new LinkFilter { AsOf = new DateOnly(2026, 11, 23) } });
        Assert.Equal([new AffectedFirm(L, 300, 0.2)], affected);
        Assert.Equal([[], [B]], await store.CoLocatedAsync([A, L]));
        Assert.Equal([new LinkedPark("park:kcn-dinh-vu", 2, 1500)], (await store.LinkedParksAsync(["park:kcn-yen-phong"]))[0]);
        var origins = await store.InputOriginsAsync([L], 3, new LinkFilter { AsOf = new DateOnly(2026, 11, 23), SectorIds = ["sector:22"], DomesticOnly = true });
        Assert.Equal(new InputOrigin(1570, 1570, 3), origins[0]);
        MatchStatements(server, "aggregations");
    }

    [Fact]
    public async Task Localization_totals_come_from_Cypher_aggregates_and_give_the_hand_computed_report()
    {
        // The answers Neo4j would give on LocalizationGraph for Hải Phòng on 2026-09-01 (see LocalizationConformanceTests):
        // inputs by division and supplier country, then each lead firm with its sectors and the link sectors it has.
        var fixture = LocalizationGraph.Build().UpsertNodes;
        var server = new ScriptedNeo4j()
            .ThenRows(["json"], [.. fixture.OfType<Sector>().Select(x => new object?[] { Neo4jGraph.NodeJsonOf(x) })])
            .ThenRows(["input", "country", "value", "local", "suppliers", "links"],
                ["sector:26", "VN", 400.0, 400.0, 1L, 1L], ["sector:26", "KR", 900.0, 0.0, 1L, 2L], ["sector:26", "CN", 300.0, 0.0, 1L, 1L],
                ["sector:29", "VN", 250.0, 250.0, 1L, 1L], ["sector:29", "JP", 600.0, 0.0, 1L, 1L],
                ["sector:22", "VN", 450.0, 450.0, 1L, 2L], ["sector:22", "TH", 100.0, 0.0, 1L, 1L],
                ["sector:27", "CN", 300.0, 0.0, 1L, 2L], ["sector:27", "VN", 200.0, 0.0, 1L, 1L])
            .ThenRows(["id", "sectors", "sources", "covered", "linkSources"],
                [LocalizationGraph.L1, new List<object?> { "sector:26400" }, new List<object?> { LocalizationGraph.Src }, new List<object?> { "sector:26190", "sector:22209", "sector:26400", "sector:27200" }, new List<object?> { new List<object?> { LocalizationGraph.Src } }],
                [LocalizationGraph.L2, new List<object?> { "sector:29100" }, new List<object?> { LocalizationGraph.Src }, new List<object?> { "sector:22209", "sector:27320", "sector:29300", "sector:27200", "sector:22190", "sector:26190" },
                    new List<object?> { new List<object?> { LocalizationGraph.Src }, new List<object?> { LocalizationGraph.Customs } }]);
        var store = new Neo4jGraphStore(server.Client());
        var request = new LocalizationRequest
        {
            Scope = new NodeFilter { ProvinceIds = [LocalizationGraph.HaiPhong, LocalizationGraph.HaiPhongOld, LocalizationGraph.HaiDuongOld] },
            AsOf = LocalizationGraph.AsOf,
        };
        var report = new LocalizationReport(new LocalizationQuery { Scope = new FirmScope { Province = "Hải Phòng" }, AsOf = LocalizationGraph.AsOf }, request, await store.LocalizationAsync(request));
        Assert.Equal(2, report.LeadFirmCount);
        Assert.Equal([("sector:26", 1600.0, 400.0, 3), ("sector:29", 850.0, 250.0, 2), ("sector:22", 550.0, 450.0, 2), ("sector:27", 500.0, 200.0, 2)],
            report.Inputs.Select(i => (i.SectorId, i.ValueUsd, i.DomesticValueUsd, i.SupplierCount)));
        Assert.Equal(["sector:26", "sector:29"], report.Gaps.Select(g => g.SectorId));
        Assert.Equal(["sector:25"], report.Totals.UnknownInputSectorIds);
        Assert.Equal([LocalizationGraph.Src, LocalizationGraph.Customs, LocalizationGraph.Feeds], report.Totals.SourceIds);
        Assert.Equal([("KR", 900.0), ("VN", 400.0), ("CN", 300.0)], report.Inputs[0].ByCountry.Select(c => (c.Key, c.ValueUsd)));
        MatchStatements(server, "localization_totals");
    }

    [Fact]
    public async Task Park_matches_take_the_parks_from_Cypher_and_score_them_like_the_embedded_store()
    {
        var fixture = LocalizationGraph.Build().UpsertNodes;
        string J(string id) => Neo4jGraph.NodeJsonOf(fixture.Single(n => n.Id == id));
        var server = new ScriptedNeo4j()
            .ThenRows(["park", "priority", "hosted"], [J(LocalizationGraph.DinhVu), "sector:26", 1L], [J(LocalizationGraph.ThangLong), "sector:261", 2L], [J(LocalizationGraph.Amata), null, 2L])
            .ThenRows(["json"], [.. fixture.OfType<Province>().Select(p => new object?[] { Neo4jGraph.NodeJsonOf(p) })])
            .ThenRows(["firm", "park"], [J(LocalizationGraph.L1), J(LocalizationGraph.DinhVu)], [J(LocalizationGraph.L2), J(LocalizationGraph.DaiAn)]);
        var matches = await new Neo4jGraphStore(server.Client()).ParkMatchesAsync(new ParkMatchRequest
        {
            SectorId = "sector:26",
            LeadScope = new NodeFilter { ProvinceIds = [LocalizationGraph.HaiPhong, LocalizationGraph.HaiPhongOld, LocalizationGraph.HaiDuongOld] },
        });
        // The scores the embedded store gives on the same graph (LocalizationConformanceTests, worked out by hand).
        Assert.Equal([(LocalizationGraph.DinhVu, 0.8111), (LocalizationGraph.ThangLong, 0.5708), (LocalizationGraph.Amata, 0.0738)], matches.Select(m => (m.ParkId, m.Score)));
        Assert.Equal(75.9, Assert.NotNull(matches[1].DistanceKm), 0.05);
        MatchStatements(server, "park_matches");
    }

    /// <summary>The nodes of a kind as the store's "all sectors" and "all provinces" statements return them.</summary>
    private static object?[][] JsonRows(IEnumerable<Node> nodes) => [.. nodes.Select(n => new object?[] { Neo4jGraph.NodeJsonOf(n) })];

    /// <summary>
    /// What the cone statement returns on a graph: every link valid on the date into a firm within depth - 1 tiers above
    /// the roots (through valid links), with both firms; a firm without such links once with nulls.
    /// </summary>
    private static object?[][] Cone(ChangeSet graph, IReadOnlyList<string> roots, int depth, DateOnly asOf)
    {
        var nodes = graph.UpsertNodes.ToDictionary(n => n.Id);
        var valid = graph.UpsertLinks.Where(l => l.IsValidOn(asOf)).ToList();
        var reached = new HashSet<string>(roots);
        var frontier = roots.ToList();
        for (var d = 1; d < depth; d++)
        {
            frontier = [.. valid.Where(l => frontier.Contains(l.BuyerId)).Select(l => l.SupplierId).Where(reached.Add)];
        }
        var rows = new List<object?[]>();
        foreach (var b in reached)
        {
            var into = valid.Where(l => l.BuyerId == b).ToList();
            rows.AddRange(into.Count == 0
                ? [[Neo4jGraph.NodeJsonOf(nodes[b]), null, null]]
                : into.Select(l => new object?[] { Neo4jGraph.NodeJsonOf(nodes[b]), Neo4jGraph.NodeJsonOf(nodes[l.SupplierId]), Neo4jGraph.LinkJsonOf(l) }));
        }
        return [.. rows];
    }

    [Fact]
    public async Task Algorithms_run_on_the_part_of_the_graph_they_need_and_answer_as_the_embedded_store()
    {
        var graph = Build();
        var today = new LinkFilter { AsOf = new DateOnly(2026, 11, 23) };
        using var dir = new Support.TempDirectory();
        await using var embedded = await Ecosystem.Graph.Store.Embedded.EmbeddedGraphStore.OpenAsync(dir.Path);
        await embedded.ApplyAsync(graph);
        var sectors = JsonRows(graph.UpsertNodes.OfType<Sector>());
        var server = new ScriptedNeo4j()
            .ThenRows(["buyer", "supplier", "link"], Cone(graph, [L], 3, today.AsOf!.Value)).ThenRows(["json"], sectors)
            .ThenRows(["buyer", "supplier", "link"], Cone(graph, [L], 3, today.AsOf!.Value)).ThenRows(["json"], sectors)
            .ThenRows(["buyer", "supplier", "link"], Cone(graph, [A, B], 2, today.AsOf!.Value)).ThenRows(["json"], sectors);
        var store = new Neo4jGraphStore(server.Client());
        Assert.Equal(
            await embedded.CriticalSuppliersAsync(L, 3, 5, today),
            await store.CriticalSuppliersAsync(L, 3, 5, today));
        Assert.Equal(
            (await embedded.FindSupplyPathsAsync(C, L, 3, 5, today)).Select(p => string.Join(">", p.FirmIds) + ":" + string.Join(",", p.Links.Select(l => l.Id))),
            (await store.FindSupplyPathsAsync(C, L, 3, 5, today)).Select(p => string.Join(">", p.FirmIds) + ":" + string.Join(",", p.Links.Select(l => l.Id))));
        Assert.Equal(await embedded.CommonSuppliersAsync([A, B], 2, today), await store.CommonSuppliersAsync([A, B], 2, today));
        Assert.NotEmpty(await embedded.CriticalSuppliersAsync(L, 3, 5, today));
        MatchStatements(server, "cone");
    }

    [Fact]
    public async Task Clusters_and_candidates_run_the_embedded_code_on_what_Cypher_fetched()
    {
        var graph = LocalizationGraph.Build();
        var asOf = LocalizationGraph.AsOf;
        using var dir = new Support.TempDirectory();
        await using var embedded = await Ecosystem.Graph.Store.Embedded.EmbeddedGraphStore.OpenAsync(dir.Path);
        await embedded.ApplyAsync(graph);
        var nodes = graph.UpsertNodes.ToDictionary(n => n.Id);
        var valid = graph.UpsertLinks.Where(l => l.IsValidOn(asOf)).ToList();
        string J(string id) => Neo4jGraph.NodeJsonOf(nodes[id]);
        var scope = new NodeFilter { ProvinceIds = [LocalizationGraph.HaiPhong, LocalizationGraph.HaiPhongOld, LocalizationGraph.HaiDuongOld] };
        var firms = graph.UpsertNodes.OfType<Firm>().ToList();
        var inScope = firms.Where(f => f.ProvinceId is { } p && scope.ProvinceIds!.Contains(p)).ToList();
        // Clusters: the scope's firms and every valid link into them.
        var scopeRows = inScope.SelectMany(f => valid.Where(l => l.BuyerId == f.Id) is var into && into.Any()
            ? into.Select(l => new object?[] { J(f.Id), J(l.SupplierId), Neo4jGraph.LinkJsonOf(l) })
            : [new object?[] { J(f.Id), null, null }]).ToArray();
        // Candidates for 26: every lead firm with its park and its valid links in 26's subtree; the domestic firms of 26.
        var subtree = graph.UpsertNodes.OfType<Sector>().Where(x => x.Id.StartsWith("sector:26", StringComparison.Ordinal)).Select(x => x.Id).ToHashSet();
        var leadRows = firms.Where(f => f.Roles.Contains(FirmRole.LeadFirm)).SelectMany(f =>
            valid.Where(l => l.BuyerId == f.Id && subtree.Contains(l.SectorId)) is var into && into.Any()
                ? into.Select(l => new object?[] { J(f.Id), f.ParkId is { } pk ? J(pk) : null, J(l.SupplierId), Neo4jGraph.LinkJsonOf(l) })
                : [new object?[] { J(f.Id), f.ParkId is { } pk2 ? J(pk2) : null, null, null }]).ToArray();
        var domesticRows = firms.Where(f => f.Country == "VN" && f.SectorIds.Any(subtree.Contains)).Select(f => new object?[] { J(f.Id), f.ParkId is { } pk ? J(pk) : null }).ToArray();
        var server = new ScriptedNeo4j()
            .ThenRows(["firm", "supplier", "link"], scopeRows)
            .ThenRows(["json"], JsonRows(graph.UpsertNodes.OfType<Sector>()))
            .ThenRows(["json"], JsonRows(graph.UpsertNodes.OfType<Province>()))
            .ThenRows(["id"], [.. subtree.Select(x => new object?[] { x })])
            .ThenRows(["json"], JsonRows(graph.UpsertNodes.OfType<Sector>()))
            .ThenRows(["json"], JsonRows(graph.UpsertNodes.OfType<Province>()))
            .ThenRows(["lead", "park", "supplier", "link"], leadRows)
            .ThenRows(["firm", "park"], domesticRows);
        var store = new Neo4jGraphStore(server.Client());
        var clusterRequest = new ClusterRequest { Scope = scope, Filter = new LinkFilter { AsOf = asOf } };
        Assert.Equal(
            (await embedded.ClustersAsync(clusterRequest)).Select(c => $"{string.Join(",", c.MemberIds)}:{c.InternalValueUsd}:{c.OutsideValueUsd}"),
            (await store.ClustersAsync(clusterRequest)).Select(c => $"{string.Join(",", c.MemberIds)}:{c.InternalValueUsd}:{c.OutsideValueUsd}"));
        var request = new LocalizationRequest { Scope = scope, AsOf = asOf };
        var expected = await embedded.SupplierCandidatesAsync(request, ["sector:26"], 10);
        var actual = await store.SupplierCandidatesAsync(request, ["sector:26"], 10);
        Assert.Equal([LocalizationGraph.S5, LocalizationGraph.S6, LocalizationGraph.S7, LocalizationGraph.L3, LocalizationGraph.L4], actual[0].Select(c => c.FirmId));
        Assert.Equal(expected[0], actual[0]);
        MatchStatements(server, "clusters_and_candidates");
    }

    [Fact]
    public async Task A_change_set_is_checked_whole_then_written_in_one_transaction_that_bumps_the_version()
    {
        var source = new Source { Id = Src, Name = "Test fixture (synthetic)", Synthetic = true };
        var firm = Firm("firm:new", "Công ty Mới", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry);
        var link = Link("firm:new", L, "sector:22", 42, "hạt nhựa");
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], ["province:01-ha-noi", "Province"], ["sector:22", "Sector"], [Src, "Source"], [L, "Firm"])
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["written"], [new List<object?> { "firm:new" }])
            .ThenRows([])
            .ThenRows([])
            .ThenRows([])
            .ThenRows(["written"], [1L])
            .ThenRows(["version"], [4L])
            .Then(HttpStatusCode.Accepted, "commit");
        var result = await new Neo4jGraphStore(server.Client()).ApplyAsync(new ChangeSet { UpsertNodes = [firm], UpsertLinks = [link] });
        Assert.Equal(new ChangeResult(4, 1, 0, 1, 0), result);
        MatchStatements(server, "change_set");
        _ = source;
    }

    [Fact]
    public async Task A_change_set_made_against_a_version_locks_the_version_first_and_is_rolled_back_when_it_moved()
    {
        var firm = Firm("firm:new", "Công ty Mới", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry);
        var changes = new ChangeSet { UpsertNodes = [firm], ExpectedVersion = 3 };
        var lookups = new object?[][] { ["province:01-ha-noi", "Province"], ["sector:22", "Sector"], [Src, "Source"] };

        // Still at version 3: the lock's statement comes first in the transaction, then the write, then the bump.
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], lookups)
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["version"], [3L])
            .ThenRows(["written"], [new List<object?> { "firm:new" }])
            .ThenRows([])
            .ThenRows([])
            .ThenRows([])
            .ThenRows(["version"], [4L])
            .Then(HttpStatusCode.Accepted, "commit");
        Assert.Equal(new ChangeResult(4, 1, 0, 0, 0), await new Neo4jGraphStore(server.Client()).ApplyAsync(changes));
        MatchStatements(server, "expected_version");

        // Moved on to 4: nothing is written, the transaction is rolled back, and the caller is told.
        var moved = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], lookups)
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["version"], [4L])
            .Then(HttpStatusCode.OK);
        var refused = await Assert.ThrowsAsync<GraphChangedException>(() => new Neo4jGraphStore(moved.Client()).ApplyAsync(changes));
        Assert.Equal((3L, 4L), (refused.Expected, refused.Actual));
        Assert.Equal(["POST", "POST", "POST", "DELETE"], moved.Requests.Select(r => r["method"]!.GetValue<string>()));
        Assert.Contains("lockedAt", moved.Requests[2]["body"]!["statement"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_audited_change_set_reads_the_states_before_in_its_transaction_and_writes_its_entry_there()
    {
        var firm = Firm("firm:new", "Công ty Mới", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry);
        var old = Link("firm:new", L, "sector:22", 42, "hạt nhựa");
        var link = old with { ValueUsd = 50 };
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(7));
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], ["province:01-ha-noi", "Province"], ["sector:22", "Sector"], [Src, "Source"], [L, "Firm"])
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["id", "json"], ["firm:new", null])
            .ThenRows(["id", "json"], [link.Id, Neo4jGraph.LinkJsonOf(old)])
            .ThenRows(["written"], [new List<object?> { "firm:new" }])
            .ThenRows([])
            .ThenRows([])
            .ThenRows([])
            .ThenRows(["written"], [1L])
            .ThenRows(["version"], [4L])
            .ThenRows([])
            .ThenRows([])
            .Then(HttpStatusCode.Accepted, "commit")
            // Reading the log: the versions, the entries, their changes.
            .ThenRows(["version"], [4L])
            .ThenRows(["version", "at", "actor", "operation", "note", "sources", "changeCount"], [4L, at.ToString("O"), "editor-key", "addSupplyLink", null, new List<object?> { Src }, 2L])
            .ThenRows(["version", "item", "kind", "before", "after"], [4L, "firm:new", "Firm", null, Neo4jGraph.NodeJsonOf(firm)], [4L, link.Id, "SupplyLink", "{}", "{}"]);
        var store = new Neo4jGraphStore(server.Client());
        var result = await store.ApplyAsync(new ChangeSet { UpsertNodes = [firm], UpsertLinks = [link], Audit = new AuditInfo("editor-key", "addSupplyLink", at) });
        Assert.Equal(new ChangeResult(4, 1, 0, 1, 0), result);
        // The entry went out with both changes: the new firm (no before) and the link's new value (its before as stored).
        var changes = server.Requests.Select(r => r["body"]?["parameters"]?["changes"]).OfType<System.Text.Json.Nodes.JsonNode>().Single().ToJsonString();
        Assert.Contains("firm:new", changes, StringComparison.Ordinal);
        Assert.Contains(link.Id.Replace(">", "\\u003E", StringComparison.Ordinal), changes, StringComparison.Ordinal);

        var page = await store.ReadAuditAsync(new AuditQuery { First = 5, NodeId = "firm:new" });
        Assert.False(page.HasMore);
        var entry = page.Entries.Single();
        Assert.Equal((4L, "editor-key", "addSupplyLink", at, 2), (entry.Version, entry.Actor, entry.Operation, entry.At, entry.ChangeCount));
        Assert.Equal(["firm:new", link.Id], entry.Changes.Select(c => c.ItemId));
        MatchStatements(server, "audit");
    }

    [Fact]
    public async Task Deletes_are_checked_against_what_still_refers_to_them_and_made_in_the_transaction()
    {
        var link = Build().UpsertLinks.Single(l => l.SupplierId == F);
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "kind"], [F, "Firm"], ["sector:22", "Sector"])
            .ThenRows(["id", "referrers"])
            .ThenRows(["id", "links"], [F, new List<object?> { link.Id }])
            .ThenRows(["id", "links"], ["sector:22", new List<object?> { "supply:b>lead/22/vo-nhua" }])
            // A second change set: F alone, its link deleted with it.
            .ThenRows(["id", "kind"], [F, "Firm"])
            .ThenRows(["id", "referrers"])
            .ThenRows(["id", "links"], [F, new List<object?> { link.Id }])
            .ThenRows(["id", "links"])
            .Then(HttpStatusCode.Accepted, "begin-transaction")
            .ThenRows(["deleted"], [1L])
            .ThenRows(["deleted"], [1L])
            .ThenRows(["version"], [5L])
            .Then(HttpStatusCode.Accepted, "commit");
        var store = new Neo4jGraphStore(server.Client());
        // Deleting F and sector 22 while links still use them is refused, naming both.
        var refused = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => store.ApplyAsync(new ChangeSet { DeleteNodes = [F, "sector:22"] }));
        Assert.Equal(["firm:f id: cannot delete: supply links still refer to it", "sector:22 id: cannot delete: supply links still refer to it"], refused.Errors.Select(e => e.ToString()));
        // With its link, F goes.
        var result = await store.ApplyAsync(new ChangeSet { DeleteNodes = [F], DeleteLinks = [link.Id] });
        Assert.Equal(new ChangeResult(5, 0, 1, 0, 1), result);
        MatchStatements(server, "deletes");
    }

    [Fact]
    public async Task A_change_set_with_a_bad_reference_is_refused_before_any_transaction()
    {
        var firm = Firm("firm:new", "Công ty Mới", "VN", "province:99-atlantis", null, "sector:22", null);
        var server = new ScriptedNeo4j().ThenRows(["id", "kind"], ["province:99-atlantis", null], ["sector:22", "Sector"], [Src, "Source"]);
        var error = await Assert.ThrowsAsync<ChangeSetRejectedException>(() =>
            new Neo4jGraphStore(server.Client()).ApplyAsync(new ChangeSet { UpsertNodes = [firm, firm with { Name = "" }] }));
        Assert.Contains(error.Errors, e => e.ToString() == "firm:new province: unknown province 'province:99-atlantis'");
        Assert.Contains(error.Errors, e => e.ToString() == "firm:new id: the change set upserts this id twice");
        Assert.Contains(error.Errors, e => e.ToString() == "firm:new name: name is empty");
        Assert.Single(server.Requests);
    }
}

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
