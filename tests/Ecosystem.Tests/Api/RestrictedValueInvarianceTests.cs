using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Api;

/// <summary>
/// What an anonymous caller can read never depends on a restricted value: every supply-link value of the demo graph
/// is changed (each multiplied by its own factor, unknown ones given one), and every public answer (values, orders,
/// tie-breaks, page boundaries, counts) is the same before and after.
/// </summary>
public sealed class RestrictedValueInvarianceTests
{
    private static readonly string[] Queries =
    [
        "{ clusters(scope: { country: true }) { size internalLinkCount density members(first: 3) { totalCount nodes { id } pageInfo { endCursor } } sectors { sector { code } firmCount } } }",
        "{ clusters(scope: { province: \"Hải Phòng\" }) { size internalLinkCount members(first: 2) { nodes { id } } } }",
        "{ parks(first: 40) { nodes { id linkedParks { park { id } linkCount } } } }",
        "{ localizationReport(scope: { country: true }) { leadFirmCount unknownInputs { code } inputs { sector { code } supplierCount byCountry { country } } } }",
        "{ parkMatches(sectorCode: \"26\", first: 20) { score park { id } sectorFirmCount } }",
        "{ firms(first: 30, where: { role: [LEAD_FIRM] }) { totalCount nodes { id suppliers(first: 5) { totalCount nodes { supplier { id } product } pageInfo { endCursor } } } } }",
    ];

    private static async Task<List<string>> AnswersAsync(EcosystemApiFactory api, IEnumerable<string> queries)
    {
        using var client = api.ClientAs(Role.Anonymous);
        var answers = new List<string>();
        foreach (var query in queries)
        {
            using var response = await client.SendAsync(EcosystemApiFactory.Post(query));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.True(body["errors"] is null, $"{query}: {body["errors"]}");
            answers.Add(body["data"]!.ToJsonString());
        }
        return answers;
    }

    [Fact]
    public async Task Anonymous_answers_are_the_same_whatever_the_supply_link_values_are()
    {
        using var api = new EcosystemApiFactory();
        var leads = (await api.DataAsync("{ firms(first: 20, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        var queries = Queries.Concat(leads.Take(5).Select(id =>
            $"{{ supplyChain(firmId: \"{id}\", maxDepth: 3) {{ firmCount linkCount truncated tiers {{ depth firms(first: 5) {{ totalCount nodes {{ id }} }} }} }} supplyPaths(fromId: \"{leads[^1]}\", toId: \"{id}\", maxDepth: 3, first: 5) {{ length }} }}")).ToList();
        var before = await AnswersAsync(api, queries);

        var firms = await api.Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 100_000 });
        var links = (await api.Store.GetSupplyLinksAsync([.. firms.Items.Select(i => i.Node.Id)], Direction.In, new LinkFilter { AsOf = null }))
            .SelectMany(l => l).ToList();
        Assert.True(links.Count > 1_000, $"{links.Count} links");
        var random = new Random(42);
        var perturbed = links.Select(l => l with { ValueUsd = (l.ValueUsd ?? 1_000) * Math.Exp(random.NextDouble() * 6 - 3) }).ToList();
        var result = await api.Store.ApplyAsync(new ChangeSet { UpsertLinks = perturbed });
        Assert.True(result.Changed);

        var after = await AnswersAsync(api, queries);
        for (var i = 0; i < queries.Count; i++)
        {
            Assert.True(before[i] == after[i], $"{queries[i]} changed with the values:\nbefore {before[i][..Math.Min(600, before[i].Length)]}\nafter  {after[i][..Math.Min(600, after[i].Length)]}");
        }

        // The analyst's view did change, so the values really moved.
        var analyst = await api.DataAsync($"{{ firm(id: \"{leads[0]}\") {{ suppliers(first: 1) {{ nodes {{ valueUsd }} }} }} }}");
        var original = links.First(l => l.BuyerId == leads[0]);
        Assert.NotEqual(original.ValueUsd, analyst["firm"]!["suppliers"]!["nodes"]![0]!["valueUsd"]!.GetValue<double>());
    }
}
