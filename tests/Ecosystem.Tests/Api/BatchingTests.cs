namespace Ecosystem.Tests.Api;

/// <summary>Relationship fields go through per-request batching loaders: store calls grow with the depth of a query, not its rows.</summary>
public sealed class BatchingTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const string Query = """
        query($n: Int) {
          firms(first: $n) {
            nodes {
              name
              province { name }
              park { name }
              sectors { code }
              suppliers(first: 10) { nodes { product supplier { name province { name } } } }
            }
          }
        }
        """;

    private async Task<(int Calls, int Firms, int Links, IReadOnlyDictionary<string, int> ByMethod)> RunAsync(int firms)
    {
        api.Counter.Reset();
        var data = await api.DataAsync(Query, new { n = firms });
        var nodes = data["firms"]!["nodes"]!.AsArray();
        var links = nodes.Sum(n => n!["suppliers"]!["nodes"]!.AsArray().Count);
        return (api.Counter.TotalCalls, nodes.Count, links, new Dictionary<string, int>(api.Counter.Calls));
    }

    [Fact]
    public async Task Fifty_firms_with_their_province_park_sectors_and_ten_suppliers_cost_as_many_store_calls_as_one()
    {
        var one = await RunAsync(1);
        var fifty = await RunAsync(50);
        Assert.Equal(1, one.Firms);
        Assert.Equal(50, fifty.Firms);
        Assert.True(fifty.Links >= 100, $"expected several suppliers per firm, got {fifty.Links} links");
        // One listing, one batch of nodes for province/park/sectors, one batch of supply links, one batch of suppliers,
        // one batch of the suppliers' provinces: five levels, five calls, whatever the number of rows.
        Assert.Equal(5, fifty.Calls);
        Assert.Equal(one.ByMethod, fifty.ByMethod);
        Assert.Equal(1, fifty.ByMethod["GetSupplyLinksAsync"]);
    }

    [Fact]
    public async Task Connections_under_a_list_are_fetched_in_one_call_per_level()
    {
        api.Counter.Reset();
        var data = await api.DataAsync("{ provinces { name firms(first: 2) { totalCount } parks(first: 2) { totalCount nodes { name } } } }");
        Assert.Equal(34, data["provinces"]!.AsArray().Count);
        // The province list, then one neighbour batch (former units merged into each), then one batch of listings.
        Assert.Equal(1, api.Counter.Calls["GetNeighboursAsync"]);
        Assert.Equal(1, api.Counter.Calls["ListNodesAsync[]"]);
        Assert.Equal(3, api.Counter.TotalCalls);
    }
}
