using Ecosystem.Graph.Rules;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Api;

/// <summary>The supply-chain queries over HTTP answer what the store computes, with their arguments checked.</summary>
public sealed class SupplyChainTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private async Task<string> LeadAsync() =>
        (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();

    [Fact]
    public async Task A_supply_chain_is_the_store_walk_with_its_values_grouped()
    {
        var lead = await LeadAsync();
        var data = await api.DataAsync("""
            query($id: ID!) {
              supplyChain(firmId: $id, maxDepth: 3) {
                root { id } firmCount linkCount truncated
                byCountry { country valueUsd share }
                byProvince { province { id isCurrent } valueUsd share }
                tiers { depth totalValueUsd firms(first: 100) { totalCount nodes { id } } links { id valueUsd } }
              }
            }
            """, new { id = lead });
        var chain = data["supplyChain"]!;
        var today = VietnamTime.Today(TimeProvider.System);
        var walk = await api.Store.TraverseAsync(new TraversalRequest { RootIds = [lead], MaxDepth = 3, Filter = new LinkFilter { AsOf = today } });
        Assert.Equal(lead, chain["root"]!["id"]!.GetValue<string>());
        Assert.Equal(walk.FirmCount, chain["firmCount"]!.GetValue<int>());
        Assert.Equal(walk.LinkCount, chain["linkCount"]!.GetValue<int>());
        Assert.False(chain["truncated"]!.GetValue<bool>());
        var tiers = chain["tiers"]!.AsArray();
        Assert.Equal(walk.Tiers.Count, tiers.Count);
        for (var t = 0; t < tiers.Count; t++)
        {
            Assert.Equal(t + 1, tiers[t]!["depth"]!.GetValue<int>());
            Assert.Equal(walk.Tiers[t].FirmIds.Count, tiers[t]!["firms"]!["totalCount"]!.GetValue<int>());
            Assert.Equal(walk.Tiers[t].FirmIds.Take(100), tiers[t]!["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            Assert.Equal(walk.Tiers[t].Links.Select(l => l.Id), tiers[t]!["links"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()));
            Assert.Equal(walk.Tiers[t].TotalValueUsd, tiers[t]!["totalValueUsd"]!.GetValue<double>(), 6);
        }
        var countries = chain["byCountry"]!.AsArray();
        Assert.Equal(1.0, countries.Sum(c => c!["share"]!.GetValue<double>()), 9);
        Assert.Equal(walk.TotalValueUsd, countries.Sum(c => c!["valueUsd"]!.GetValue<double>()), 3);
        var provinces = chain["byProvince"]!.AsArray();
        Assert.All(provinces, p => Assert.True(p!["province"]!["isCurrent"]!.GetValue<bool>()));
        Assert.Equal(provinces.Count, provinces.Select(p => p!["province"]!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(walk.ValueByProvince.Sum(g => g.ValueUsd), provinces.Sum(p => p!["valueUsd"]!.GetValue<double>()), 3);
        Assert.Equal(walk.ValueByCountry.Where(g => g.Key == "VN").Sum(g => g.ValueUsd), provinces.Sum(p => p!["valueUsd"]!.GetValue<double>()), 3);
    }

    [Fact]
    public async Task Tier_firms_page_forwards_without_gaps()
    {
        var lead = await LeadAsync();
        var all = (await api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 2) { tiers { firms(first: 100) { totalCount nodes { id } } } } }", new { id = lead }))["supplyChain"]!["tiers"]![1]!["firms"]!;
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = (await api.DataAsync("query($id: ID!, $a: String) { supplyChain(firmId: $id, maxDepth: 2) { tiers(depth: 2) { firms(first: 7, after: $a) { pageInfo { hasNextPage endCursor } nodes { id } } } } }", new { id = lead, a = after }))["supplyChain"]!["tiers"]![0]!["firms"]!;
            seen.AddRange(page["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);
        Assert.Equal(all["totalCount"]!.GetValue<int>(), seen.Count);
        Assert.Equal(all["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).Take(100), seen.Take(100));
    }

    [Theory]
    [InlineData("{ supplyChain(firmId: \"firm:nobody\") { firmCount } }", "NOT_FOUND")]
    [InlineData("{ supplyChain(firmId: \"park:kcn-dinh-vu-hai-phong\") { firmCount } }", "NOT_FOUND")]
    [InlineData("{ supplyChain(firmId: \"firm:dtj\", maxDepth: 7) { firmCount } }", "BAD_USER_INPUT")]
    [InlineData("{ supplyChain(firmId: \"firm:dtj\", maxDepth: 0) { firmCount } }", "BAD_USER_INPUT")]
    [InlineData("{ supplyChain(firmId: \"firm:dtj\", where: { sectors: [\"2610\"] }) { firmCount } }", "NOT_FOUND")]
    [InlineData("{ supplyPaths(fromId: \"firm:dtj\", toId: \"firm:nobody\") { length } }", "NOT_FOUND")]
    [InlineData("{ commonSuppliers(firmIds: []) { depth } }", "BAD_USER_INPUT")]
    [InlineData("{ criticalSuppliers(firmId: \"firm:dtj\", first: -1) { share } }", "BAD_USER_INPUT")]
    [InlineData("{ disruptionImpact(scenario: {}) { affected { lostShare } } }", "BAD_USER_INPUT")]
    [InlineData("{ disruptionImpact(scenario: { provinces: [\"Atlantis\"] }) { affected { lostShare } } }", "NOT_FOUND")]
    public async Task Bad_arguments_are_refused_with_a_code(string query, string code)
    {
        var result = await api.QueryAsync(query);
        Assert.Equal(code, result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Paths_common_critical_and_disruption_answer_what_the_store_computes()
    {
        var lead = await LeadAsync();
        var today = new LinkFilter { AsOf = VietnamTime.Today(TimeProvider.System) };
        var suppliers = (await api.Store.GetSupplyLinksAsync([lead], Graph.Model.Direction.In, today))[0];
        var supplier = suppliers[0].SupplierId;
        var data = await api.DataAsync("""
            query($lead: ID!, $supplier: ID!) {
              supplyPaths(fromId: $supplier, toId: $lead, maxDepth: 3, first: 3) { length firms { id } links { supplier { id } buyer { id } } }
              criticalSuppliers(firmId: $lead, maxDepth: 3, first: 5) { firm { id } share valueUsd }
              commonSuppliers(firmIds: [$lead, $supplier], maxDepth: 2) { firm { id } depth }
              disruptionImpact(scenario: { firms: [$supplier] }) { affected { firm { id } lostValueUsd lostShare } }
            }
            """, new { lead, supplier });
        var paths = data["supplyPaths"]!.AsArray();
        Assert.Equal(1, paths[0]!["length"]!.GetValue<int>());
        foreach (var path in paths)
        {
            var firms = path!["firms"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList();
            Assert.Equal(supplier, firms[0]);
            Assert.Equal(lead, firms[^1]);
            var links = path["links"]!.AsArray();
            Assert.Equal(firms.Count - 1, links.Count);
            for (var h = 0; h < links.Count; h++)
            {
                Assert.Equal(firms[h], links[h]!["supplier"]!["id"]!.GetValue<string>());
                Assert.Equal(firms[h + 1], links[h]!["buyer"]!["id"]!.GetValue<string>());
            }
        }
        var critical = await api.Store.CriticalSuppliersAsync(lead, 3, 5, today);
        Assert.Equal(critical.Select(c => c.FirmId), data["criticalSuppliers"]!.AsArray().Select(c => c!["firm"]!["id"]!.GetValue<string>()));
        var shares = data["criticalSuppliers"]!.AsArray().Select(c => c!["share"]!.GetValue<double>()).ToList();
        Assert.Equal(shares.OrderDescending(), shares);
        var common = await api.Store.CommonSuppliersAsync([lead, supplier], 2, today);
        Assert.Equal(common.Select(c => (c.FirmId, c.Depth)), data["commonSuppliers"]!.AsArray().Select(c => (c!["firm"]!["id"]!.GetValue<string>(), c["depth"]!.GetValue<int>())));
        var affected = data["disruptionImpact"]!["affected"]!.AsArray();
        var mine = affected.Single(a => a!["firm"]!["id"]!.GetValue<string>() == lead)!;
        var expectedLost = suppliers.Where(l => l.SupplierId == supplier).Sum(l => l.ValueUsd ?? 0);
        Assert.Equal(expectedLost, mine["lostValueUsd"]!.GetValue<double>(), 3);
        Assert.Equal(expectedLost / suppliers.Sum(l => l.ValueUsd ?? 0), mine["lostShare"]!.GetValue<double>(), 9);
    }
}

public sealed class SupplyChainCapTests(SmallCapApiFactory api) : IClassFixture<SmallCapApiFactory>
{
    [Fact]
    public async Task A_chain_over_the_cap_is_cut_at_a_tier_boundary_and_says_so()
    {
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var chain = (await api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 6) { firmCount truncated tiers { depth firms { totalCount } } } }", new { id = lead }))["supplyChain"]!;
        Assert.True(chain["truncated"]!.GetValue<bool>());
        Assert.True(chain["firmCount"]!.GetValue<int>() <= 20);
        Assert.Equal(chain["firmCount"]!.GetValue<int>(), chain["tiers"]!.AsArray().Sum(t => t!["firms"]!["totalCount"]!.GetValue<int>()));
        Assert.True(chain["tiers"]!.AsArray().Count < 6);
    }
}
