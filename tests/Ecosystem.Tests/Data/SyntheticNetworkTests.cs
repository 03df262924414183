using System.Text.Json;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Data;

public sealed class SyntheticNetworkTests
{
    private static readonly IReadOnlyList<Node> Reference = ReferenceData.Load().UpsertNodes;

    private static string Fingerprint(int seed, int firms)
    {
        var changes = new SyntheticNetwork { FirmCount = firms, Seed = seed }.Generate(Reference);
        return JsonSerializer.Serialize(new { nodes = changes.UpsertNodes.Select(n => (object)n), links = changes.UpsertLinks });
    }

    [Fact]
    public void The_same_seed_and_scale_give_the_same_graph_and_another_seed_another()
    {
        Assert.Equal(Fingerprint(3, 500), Fingerprint(3, 500));
        Assert.NotEqual(Fingerprint(3, 500), Fingerprint(4, 500));
    }

    [Fact]
    public void Links_follow_FEEDS_and_everything_is_labelled_synthetic()
    {
        var generator = new SyntheticNetwork { FirmCount = 3000, Seed = 11 };
        var changes = generator.Generate(Reference);
        var source = Assert.IsType<Source>(changes.UpsertNodes[0]);
        Assert.True(source.Synthetic);
        Assert.Contains("seed 11", source.Name, StringComparison.Ordinal);
        Assert.Contains("3,000 firms", source.Name, StringComparison.Ordinal);
        var firms = changes.UpsertNodes.OfType<Firm>().ToDictionary(f => f.Id);
        Assert.Equal(3000, firms.Count);
        Assert.All(firms.Values, f =>
        {
            Assert.EndsWith("(synthetic)", f.Name, StringComparison.Ordinal);
            Assert.Equal([generator.SourceId], f.Sources);
        });
        var feeds = Reference.OfType<Sector>().Where(s => s.Level == SectorLevel.Division)
            .SelectMany(s => s.Feeds.Select(f => (Input: s.Code, Output: NodeIds.Local(f.TargetId)))).ToHashSet();
        Assert.All(changes.UpsertLinks, l =>
        {
            var input = NodeIds.Local(firms[l.SupplierId].SectorIds[0])[..2];
            var output = NodeIds.Local(firms[l.BuyerId].SectorIds[0])[..2];
            Assert.Contains((input, output), feeds);
            Assert.Equal([generator.SourceId], l.Sources);
            Assert.NotEqual(l.SupplierId, l.BuyerId);
        });
        // About 10 links per firm, heavy-tailed: the busiest buyer has far more suppliers than the median one.
        Assert.InRange(changes.UpsertLinks.Count, 20_000, 40_000);
        var degrees = changes.UpsertLinks.GroupBy(l => l.BuyerId).Select(g => g.Count()).Order().ToArray();
        Assert.True(degrees[^1] > 20 * degrees[degrees.Length / 2]);
        var leads = firms.Values.Where(f => f.Roles.Contains(FirmRole.LeadFirm)).ToList();
        Assert.Contains(leads, f => f.Ownership == Ownership.Fdi);
        Assert.Contains(leads, f => f.Ownership == Ownership.DomesticPrivate);
        Assert.All(leads, f => Assert.NotNull(f.ParkId));
        Assert.All(firms.Values.Where(f => f.Country != "VN"), f => Assert.Null(f.ProvinceId));
    }

    [Fact]
    public void The_network_has_some_cycles()
    {
        var links = new SyntheticNetwork { FirmCount = 2000, Seed = 5 }.Generate(Reference).UpsertLinks;
        var suppliersOf = links.GroupBy(l => l.BuyerId).ToDictionary(g => g.Key, g => g.Select(l => l.SupplierId).ToList());
        // Depth-first search for a back edge.
        var state = new Dictionary<string, int>();
        bool Cyclic(string firm)
        {
            state[firm] = 1;
            foreach (var s in suppliersOf.GetValueOrDefault(firm) ?? [])
            {
                var st = state.GetValueOrDefault(s);
                if (st == 1 || (st == 0 && Cyclic(s)))
                {
                    return true;
                }
            }
            state[firm] = 2;
            return false;
        }
        Assert.Contains(suppliersOf.Keys, f => state.GetValueOrDefault(f) == 0 && Cyclic(f));
    }
}
