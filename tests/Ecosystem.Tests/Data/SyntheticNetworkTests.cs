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
    public void Firms_in_Vietnam_get_wards_of_their_province_and_are_placed_by_the_import_rules()
    {
        var changes = new SyntheticNetwork { FirmCount = 4000, Seed = 9 }.Generate(Reference);
        var directory = new ProvinceDirectory(Reference.OfType<Province>());
        var wards = Reference.OfType<Ward>().ToDictionary(w => w.Id);
        var domestic = changes.UpsertNodes.OfType<Firm>().Where(f => f.Country == "VN").ToList();
        var withWard = domestic.Count(f => f.WardId is not null);
        Assert.InRange(withWard / (double)domestic.Count, SyntheticNetwork.WardShare - 0.03, SyntheticNetwork.WardShare + 0.03);
        Assert.All(domestic, f =>
        {
            var ward = f.WardId is null ? null : wards[f.WardId];
            Assert.True(ward is null || ward.ProvinceId == f.ProvinceId, $"{f.Id}: ward {f.WardId} outside {f.ProvinceId}");
            Assert.Equal(PlacementRules.Place(directory.ById(f.ProvinceId!), ward, f.Lat, f.Lng, directory, null), f.Placement);
        });
        // Some firms of merged provinces have no ward and are unplaced; firms abroad have no place.
        Assert.Contains(domestic, f => f.Placement?.Method == PlacementMethod.Unplaced);
        Assert.Contains(domestic, f => f.Placement?.Method == PlacementMethod.Ward);
        Assert.All(changes.UpsertNodes.OfType<Firm>().Where(f => f.Country != "VN"), f => Assert.Null(f.Placement));
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

    [Fact]
    public void Profiles_codes_and_requests_agree_with_the_links_and_are_labelled_synthetic()
    {
        var generator = new SyntheticNetwork { FirmCount = 4000, Seed = 13 };
        var changes = generator.Generate(Reference);
        var firms = changes.UpsertNodes.OfType<Firm>().ToDictionary(f => f.Id);
        var products = Reference.OfType<Product>().ToDictionary(p => p.Id);
        // Every firm in Vietnam has a profile citing the synthetic source; firms abroad have none.
        Assert.All(firms.Values, f => Assert.Equal(f.Country == "VN", f.Capabilities is not null && f.Employees is not null && f.FoundedYear is not null));
        Assert.All(firms.Values.Where(f => f.Capabilities is not null), f => Assert.All(f.Capabilities!.AllSources(), s => Assert.Equal(generator.SourceId, s)));
        // A domestic supplier's link names one of the products its profile lists; every code is a subheading whose primary
        // ISIC class is in the supplier's division.
        var coded = changes.UpsertLinks.Where(l => l.HsProductId is not null).ToList();
        Assert.True(coded.Count > changes.UpsertLinks.Count * 0.8, $"{coded.Count} of {changes.UpsertLinks.Count} links coded");
        Assert.All(coded.Where(l => firms[l.SupplierId].Country == "VN"), l => Assert.Contains(l.HsProductId, firms[l.SupplierId].Capabilities!.Products.Select(p => p.ProductId)));
        Assert.All(coded, l =>
        {
            var primary = products[l.HsProductId!].Sectors.Single(s => s.Primary).SectorId;
            Assert.Equal(NodeIds.Local(firms[l.SupplierId].SectorIds[0])[..2], primary[(primary.LastIndexOf(':') + 1)..][..2]);
        });
        // ISO 9001 at about the cited share among domestic suppliers (16%); IATF 16949 rare.
        var suppliers = firms.Values.Where(f => f.Country == "VN" && !f.Roles.Contains(FirmRole.LeadFirm)).ToList();
        var iso = suppliers.Count(f => f.Capabilities!.Certifications.Any(c => c.StandardId == "standard:iso-9001")) / (double)suppliers.Count;
        Assert.InRange(iso, 0.13, 0.19);
        Assert.InRange(suppliers.Count(f => f.Capabilities!.Certifications.Any(c => c.StandardId == "standard:iatf-16949")) / (double)suppliers.Count, 0.001, 0.03);
        // Requests: FDI lead firms asking for products they buy abroad.
        var requests = changes.UpsertNodes.OfType<SourcingRequest>().ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r =>
        {
            Assert.EndsWith("(synthetic)", r.Name, StringComparison.Ordinal);
            Assert.Equal([generator.SourceId], r.Sources);
            Assert.Contains(firms[r.BuyerId].Ownership, new Ownership?[] { Ownership.Fdi, Ownership.JointVenture });
            var abroad = changes.UpsertLinks.Where(l => l.BuyerId == r.BuyerId && firms[l.SupplierId].Country != "VN").Select(l => l.HsProductId).ToHashSet();
            Assert.All(r.Items, i => Assert.Contains(i.ProductId, abroad));
        });
    }
}
