using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Api;

/// <summary>Clusters, co-location and linked parks over HTTP: scopes checked, answers as the store computes them, batched.</summary>
public sealed class ClusterTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    [Theory]
    [InlineData("{ clusters(scope: {}) { size } }", "BAD_USER_INPUT")]
    [InlineData("{ clusters(scope: { province: \"31\", park: \"park:kcn-dinh-vu-hai-phong\" }) { size } }", "BAD_USER_INPUT")]
    [InlineData("{ clusters(scope: { country: false }) { size } }", "BAD_USER_INPUT")]
    [InlineData("{ clusters(scope: { province: \"Atlantis\" }) { size } }", "NOT_FOUND")]
    [InlineData("{ clusters(scope: { park: \"park:nowhere\" }) { size } }", "NOT_FOUND")]
    [InlineData("{ clusters(scope: { region: \"Antarctica\" }) { size } }", "NOT_FOUND")]
    [InlineData("{ clusters(scope: { corridor: \"corridor:none\" }) { size } }", "NOT_FOUND")]
    [InlineData("{ clusters(scope: { country: true }, sectorCode: \"9999\") { size } }", "NOT_FOUND")]
    public async Task A_scope_must_name_exactly_one_thing_that_exists(string query, string code)
    {
        var result = await api.QueryAsync(query);
        Assert.Equal(code, result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Province_clusters_are_the_store_clusters_of_its_scope_with_former_provinces_included()
    {
        var today = VietnamTime.Today(TimeProvider.System);
        var scope = await api.DataAsync("{ province(code: \"31\") { id predecessors { id } } }");
        var ids = scope["province"]!["predecessors"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).Append(scope["province"]!["id"]!.GetValue<string>()).ToList();
        var expected = await api.Store.ClustersAsync(new ClusterRequest { Scope = new NodeFilter { ProvinceIds = ids }, Filter = new LinkFilter { AsOf = today } });
        Assert.NotEmpty(expected);
        var data = await api.DataAsync("""
            { clusters(scope: { province: "Hải Phòng" }, first: 100) {
                size internalLinkCount internalValueUsd density members(first: 100) { totalCount nodes { id } }
                dependencies { valueUsd byCountry { share } byProvince { province { isCurrent } share } } } }
            """);
        var clusters = data["clusters"]!.AsArray();
        Assert.Equal(expected.Count, clusters.Count);
        for (var i = 0; i < clusters.Count; i++)
        {
            var k = clusters[i]!;
            Assert.Equal(expected[i].MemberIds.Count, k["size"]!.GetValue<int>());
            Assert.Equal(expected[i].MemberIds.Take(100), k["members"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            Assert.Equal(expected[i].InternalLinkCount, k["internalLinkCount"]!.GetValue<int>());
            Assert.Equal(expected[i].Density, k["density"]!.GetValue<double>(), 12);
            Assert.True(k["size"]!.GetValue<int>() >= 2);
            if (k["dependencies"]!["valueUsd"]!.GetValue<double>() > 0)
            {
                Assert.Equal(1.0, k["dependencies"]!["byCountry"]!.AsArray().Sum(c => c!["share"]!.GetValue<double>()), 9);
            }
            Assert.All(k["dependencies"]!["byProvince"]!.AsArray(), p => Assert.True(p!["province"]!["isCurrent"]!.GetValue<bool>()));
        }
        var sizes = clusters.Select(k => k!["size"]!.GetValue<int>()).ToList();
        Assert.Equal(sizes.OrderDescending(), sizes);
    }

    [Fact]
    public async Task Co_located_firms_and_linked_parks_cost_one_store_call_per_level()
    {
        api.Counter.Reset();
        var data = await api.DataAsync("{ firms(first: 50) { nodes { id park { id } coLocated(first: 5) { totalCount nodes { park { id } } } } } parks(first: 20) { nodes { linkedParks { linkCount } } } }");
        Assert.Equal(1, api.Counter.Calls["CoLocatedAsync"]);
        Assert.Equal(1, api.Counter.Calls["LinkedParksAsync"]);
        foreach (var firm in data["firms"]!["nodes"]!.AsArray())
        {
            var park = firm!["park"]?["id"]?.GetValue<string>();
            foreach (var other in firm["coLocated"]!["nodes"]!.AsArray())
            {
                Assert.Equal(park, other!["park"]!["id"]!.GetValue<string>());
            }
            if (park is null)
            {
                Assert.Equal(0, firm["coLocated"]!["totalCount"]!.GetValue<int>());
            }
        }
    }
}
