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

/// <summary>Analyses on Neo4j: aggregations in Cypher and algorithms on the fetched part of the graph.</summary>
public partial class Neo4jGraphStoreTests
{
    [Fact]
    public async Task Disruption_co_location_linked_parks_and_input_origins_are_aggregated_in_Cypher()
    {
        var server = new ScriptedNeo4j()
            .ThenRows(["id", "lost", "share"], [L, 300.0, 300.0 / 1500])
            .ThenRows(["i", "ids"], [0L, new List<object?>()], [1L, new List<object?> { B }])
            .ThenRows(["i", "park", "supplier", "buyer", "links", "value"], [0L, "park:kcn-dinh-vu", A, L, 1L, 1000.0], [0L, "park:kcn-dinh-vu", B, L, 1L, 500.0])
            .ThenRows(["id"], ["sector:22"])
            .ThenRows(["i", "value", "domestic", "links"], [0L, 1570.0, 1570.0, 3L]);
        var store = new Neo4jGraphStore(server.Client());
        var affected = await store.DisruptionImpactAsync(new DisruptionScenario { Countries = ["cn"], ProvinceIds = ["province:01-ha-noi"], Filter = new LinkFilter { AsOf = new DateOnly(2026, 11, 23) } });
        Assert.Equal([new AffectedFirm(L, 300, 0.2)], affected);
        Assert.Equal([[], [B]], await store.CoLocatedAsync([A, L]));
        // Summed by park pair from the rows of each pair of firms: one buying firm (all of it), two suppliers.
        var linked = Assert.Single((await store.LinkedParksAsync(["park:kcn-yen-phong"]))[0]);
        Assert.Equal(new LinkedPark("park:kcn-dinh-vu", 2, 1500), linked with { Published = PublishableValue.Empty });
        Assert.Equal((1, 2, 1500.0, (double?)null), (linked.Published.Buyers, linked.Published.Suppliers, linked.Published.LargestFirmValue, linked.Published.Noisy));
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
    public async Task Product_purchases_are_tallied_from_the_links_Cypher_returns_as_the_embedded_store_tallies_them()
    {
        // The rows Neo4j would give for two lead firms: every valid link into them with its supplier's country, HS code and
        // value; a lead firm with no link comes back once with nulls (it still counts).
        var server = new ScriptedNeo4j()
            .ThenRows(["lead", "supplier", "country", "hs", "value"],
                ["firm:g1", "firm:f1", "CN", "product:853400", 300.0],
                ["firm:g1", "firm:d1", "VN", "product:8534", 100.0],
                ["firm:g1", "firm:d2", "VN", null, 70.0],
                ["firm:g2", "firm:f2", "KR", "product:853400", 100.0],
                ["firm:g2", "firm:f2", "KR", "product:392690", null],
                ["firm:g3", null, null, null, null]);
        var store = new Neo4jGraphStore(server.Client());
        var totals = await store.ProductPurchasesAsync(new ProductPurchaseRequest { Scope = new NodeFilter { ProvinceIds = ["province:27-bac-ninh"] }, AsOf = new DateOnly(2026, 11, 23) });
        Assert.Equal((3, 1, 70.0), (totals.LeadFirmCount, totals.UncodedLinkCount, totals.UncodedValueUsd));
        Assert.Equal(["product:8534", "product:3926"], totals.Products.Select(p => p.ProductId));
        var boards = totals.Products[0];
        Assert.Equal((500.0, 100.0, 3, 1, 2, "firm:g1", 3), (boards.ValueUsd, boards.DomesticValueUsd, boards.LinkCount, boards.DomesticLinkCount, boards.ForeignBuyerCount, boards.TopForeignBuyerId, boards.SupplierCount));
        Assert.Equal([new ProductBuyer("firm:g1", 300, 1), new ProductBuyer("firm:g2", 100, 1)], boards.ForeignBuyers);
        Assert.Equal((0.0, 1), (totals.Products[1].ValueUsd, totals.Products[1].ForeignLinkCount));
        MatchStatements(server, "product-purchases");
    }

    [Fact]
    public async Task Report_contributions_come_from_one_grouped_Cypher_statement_with_each_lead_firm_once()
    {
        // The sector tree, then one row per (lead, supplier, input, local) pair with its summed value; a lead firm
        // without a valued link comes back once with nulls (it is still a lead firm of the report).
        var fixture = LocalizationGraph.Build().UpsertNodes;
        var server = new ScriptedNeo4j()
            .ThenRows(["json"], [.. fixture.OfType<Sector>().Select(x => new object?[] { Neo4jGraph.NodeJsonOf(x) })])
            .ThenRows(["lead", "park", "sectors", "supplier", "country", "input", "isLocal", "value", "provinces"],
                [LocalizationGraph.L1, LocalizationGraph.DinhVu, new List<object?> { "sector:26400" }, LocalizationGraph.S1, "VN", "sector:26", true, 400.0, new List<object?> { LocalizationGraph.HaiPhongOld }],
                [LocalizationGraph.L1, LocalizationGraph.DinhVu, new List<object?> { "sector:26400" }, LocalizationGraph.F1, "KR", "sector:26", false, 900.0, new List<object?> { LocalizationGraph.HaiPhongOld }],
                [LocalizationGraph.L2, LocalizationGraph.DaiAn, new List<object?> { "sector:29100" }, LocalizationGraph.S1, "VN", "sector:22", true, 250.0, new List<object?> { LocalizationGraph.HaiDuongOld }],
                ["firm:lead-idle", null, new List<object?> { "sector:26400" }, null, null, null, false, null, new List<object?> { LocalizationGraph.HaiPhong }]);
        var store = new Neo4jGraphStore(server.Client());
        var request = new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = [LocalizationGraph.HaiPhong, LocalizationGraph.HaiPhongOld, LocalizationGraph.HaiDuongOld] }, AsOf = LocalizationGraph.AsOf };
        var c = await store.LocalizationContributionsAsync(request);
        Assert.Equal([LocalizationGraph.L1, LocalizationGraph.L2, "firm:lead-idle"], c.Leads.Select(l => l.Id));
        Assert.Equal([LocalizationGraph.DinhVu, LocalizationGraph.DaiAn, null], c.Leads.Select(l => l.ParkId));
        Assert.Equal([LocalizationGraph.HaiDuongOld], c.Leads[1].ProvinceIds);
        Assert.Equal([(0, LocalizationGraph.S1, "sector:26", "VN", true, 400.0), (0, LocalizationGraph.F1, "sector:26", "KR", false, 900.0), (1, LocalizationGraph.S1, "sector:22", "VN", true, 250.0)],
            c.Rows.Select(r => (r.Lead, c.Suppliers[r.Supplier], c.Sectors[r.Sector], c.Countries[r.Country], r.Local, r.Value)));
        MatchStatements(server, "localization_contributions");
    }
}
