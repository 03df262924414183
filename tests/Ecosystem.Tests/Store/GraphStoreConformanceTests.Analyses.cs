using System.Text.Json;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store;

/// <summary>Walks and analyses every store must answer alike: paths, common and critical suppliers, disruptions, clusters, co-location.</summary>
public partial class GraphStoreConformanceTests
{
    [SkippableFact]
    public async Task Upstream_traversal_gives_each_firm_once_at_its_shortest_depth()
    {
        var result = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 6, Filter = new LinkFilter { AsOf = Today } });
        Assert.False(result.Truncated);
        Assert.Equal(3, result.Tiers.Count);
        Assert.Equal([A, B], result.Tiers[0].FirmIds.Order(StringComparer.Ordinal));
        Assert.Equal([C, D], result.Tiers[1].FirmIds.Order(StringComparer.Ordinal));
        Assert.Equal([E], result.Tiers[2].FirmIds);
        // Tier 2 is reached by C->A, C->B and D->B; the cycle L->E leads back to the root and is not a tier link.
        Assert.Equal(["c>a", "c>b", "d>b"], result.Tiers[1].Links.Select(l => $"{l.SupplierId[5..]}>{l.BuyerId[5..]}").Order(StringComparer.Ordinal));
        Assert.Equal(5, result.FirmCount);
        Assert.Equal(6, result.LinkCount);
    }

    [SkippableFact]
    public async Task Traversal_respects_depth_filters_direction_and_the_firm_cap()
    {
        var all = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 6 });
        Assert.Equal([A, B, F], all.Tiers[0].FirmIds.Order(StringComparer.Ordinal)); // no date filter: F's ended link counts
        var two = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 2, Filter = new LinkFilter { AsOf = Today } });
        Assert.Equal(2, two.Tiers.Count);
        Assert.Equal(4, two.FirmCount);
        var domestic = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 6, Filter = new LinkFilter { DomesticOnly = true, AsOf = Today } });
        Assert.Single(domestic.Tiers);
        var capped = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 6, MaxFirms = 3, Filter = new LinkFilter { AsOf = Today } });
        Assert.True(capped.Truncated);
        Assert.Equal(2, capped.FirmCount); // tier 2 would make 4 > 3: cut at the tier boundary
        var down = await Store.TraverseAsync(new TraversalRequest { RootIds = [E], Direction = Direction.Out, MaxDepth = 6 });
        Assert.Equal([[C], [A, B], [L]], down.Tiers.Select(t => t.FirmIds.Order(StringComparer.Ordinal).ToArray()));
        Assert.Equal(2, down.Tiers[2].Links.Count);
        var bySector = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 6, Filter = new LinkFilter { SectorIds = ["sector:26"] } });
        Assert.Equal([[A], [C]], bySector.Tiers.Select(t => t.FirmIds.ToArray())); // 22 links (B, E, F) are filtered out
    }

    [SkippableFact]
    public async Task Traversal_sums_values_by_tier_country_and_province()
    {
        // Tiers: {A, B, F} 1000 + 500 + 70; {C, D} via C→A 300, C→B 50, D→B 200; {E} via E→C 100.
        var all = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 3 });
        Assert.Equal([1570.0, 550.0, 100.0], all.Tiers.Select(t => t.TotalValueUsd));
        Assert.Equal(2220, all.TotalValueUsd);
        Assert.Equal([("VN", 1670.0), ("CN", 350.0), ("KR", 200.0)], all.ValueByCountry.Select(g => (g.Key, g.ValueUsd)));
        Assert.Equal([("province:01-ha-noi", 1170.0), ("province:30-hai-duong-pre2025", 500.0)], all.ValueByProvince.Select(g => (g.Key, g.ValueUsd)));
        // The ended F→L link is not valid today.
        var today = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 3, Filter = new LinkFilter { AsOf = Today } });
        Assert.Equal(2150, today.TotalValueUsd);
        Assert.Equal([("province:01-ha-noi", 1100.0), ("province:30-hai-duong-pre2025", 500.0)], today.ValueByProvince.Select(g => (g.Key, g.ValueUsd)));
        // Cut after tier 1 ({A, B} today, A→L 1000 + B→L 500): the cut tier's values are not counted anywhere.
        var capped = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 3, MaxFirms = 3, Filter = new LinkFilter { AsOf = Today } });
        Assert.True(capped.Truncated);
        Assert.Equal([1500.0], capped.Tiers.Select(t => t.TotalValueUsd));
        Assert.Equal(1500, capped.ValueByCountry.Sum(g => g.ValueUsd));
    }

    [SkippableFact]
    public async Task Supply_paths_are_the_shortest_first_then_in_firm_id_order()
    {
        var fromE = await Store.FindSupplyPathsAsync(E, L, 6, 5);
        Assert.Equal([[E, C, A, L], [E, C, B, L]], fromE.Select(p => p.FirmIds.ToArray()));
        Assert.Equal([3, 3], fromE.Select(p => p.Length));
        Assert.Equal(["supply:e>c/22/hat-nhua", "supply:c>a/26100/chip", "supply:a>lead/26100/bo-mach"], fromE[0].Links.Select(l => l.Id));
        Assert.Single(await Store.FindSupplyPathsAsync(E, L, 6, 1));
        Assert.Empty(await Store.FindSupplyPathsAsync(E, L, 2, 5));
        Assert.Equal([[D, B, L]], (await Store.FindSupplyPathsAsync(D, L, 6, 5)).Select(p => p.FirmIds.ToArray()));
        // Through the cycle L→E: the lead firm supplies E, so E is downstream of L too.
        Assert.Equal([[L, E]], (await Store.FindSupplyPathsAsync(L, E, 6, 5)).Select(p => p.FirmIds.ToArray()));
        Assert.Empty(await Store.FindSupplyPathsAsync(A, D, 6, 5));
        // F→L ended in 2020: no path today.
        Assert.Single(await Store.FindSupplyPathsAsync(F, L, 6, 5));
        Assert.Empty(await Store.FindSupplyPathsAsync(F, L, 6, 5, new LinkFilter { AsOf = Today }));
    }

    [SkippableFact]
    public async Task Common_suppliers_are_within_the_depth_of_every_firm()
    {
        Assert.Equal([(C, 1)], (await Store.CommonSuppliersAsync([A, B], 1)).Select(s => (s.FirmId, s.Depth)));
        Assert.Equal([(C, 1), (E, 2)], (await Store.CommonSuppliersAsync([A, B], 2)).Select(s => (s.FirmId, s.Depth)));
        // L supplies E (the cycle), so three tiers up from A and from B both reach L.
        Assert.Equal([(C, 1), (E, 2), (L, 3)], (await Store.CommonSuppliersAsync([A, B], 3)).Select(s => (s.FirmId, s.Depth)));
        Assert.Empty(await Store.CommonSuppliersAsync([A, D], 3));
    }

    [SkippableFact]
    public async Task Critical_suppliers_carry_the_value_only_they_pass_on()
    {
        // Chain of L today: A→L 1000, B→L 500, C→A 300, C→B 50, D→B 200, E→C 100 = 2150.
        // Losing A cuts 1000 + 300; B cuts 500 + 50 + 200 (D only reaches L through B); C cuts its 350 and E's 100.
        var critical = await Store.CriticalSuppliersAsync(L, 4, 10, new LinkFilter { AsOf = Today });
        Assert.Equal([(A, 1300.0), (B, 750.0), (C, 450.0), (D, 200.0), (E, 100.0)], critical.Select(c => (c.FirmId, c.ValueUsd)));
        Assert.Equal(1300.0 / 2150, critical[0].Share, 12);
        Assert.Equal(2, (await Store.CriticalSuppliersAsync(L, 4, 2, new LinkFilter { AsOf = Today })).Count);
        // One tier deep only the direct links count: A 1000, B 500, F 70 (F's link counted without a date filter).
        var direct = await Store.CriticalSuppliersAsync(L, 1, 10);
        Assert.Equal([(A, 1000.0), (B, 500.0), (F, 70.0)], direct.Select(c => (c.FirmId, c.ValueUsd)));
    }

    [SkippableFact]
    public async Task A_disruption_costs_lead_firms_their_first_tier_inputs()
    {
        var filter = new LinkFilter { AsOf = Today };
        var lostA = await Store.DisruptionImpactAsync(new DisruptionScenario { FirmIds = [A], Filter = filter });
        Assert.Equal([(L, 1000.0)], lostA.Select(a => (a.FirmId, a.LostValueUsd)));
        Assert.Equal(1000.0 / 1500, lostA[0].LostShare, 12);
        var haiDuong = await Store.DisruptionImpactAsync(new DisruptionScenario { ProvinceIds = ["province:30-hai-duong-pre2025"], Filter = filter });
        Assert.Equal([(L, 500.0)], haiDuong.Select(a => (a.FirmId, a.LostValueUsd)));
        // China and Korea supply only the second tier of L: no first-tier input is lost.
        Assert.Empty(await Store.DisruptionImpactAsync(new DisruptionScenario { Countries = ["CN", "kr"], Filter = filter }));
    }

    [SkippableFact]
    public async Task Clusters_are_the_connected_groups_of_in_scope_firms()
    {
        // Vietnamese firms: A→L 1000, B→L 500, L→E 10, F→L 70 join L, A, B, E, F; they buy C→A 300, C→B 50 (CN), D→B 200 (KR) from abroad.
        var vn = await Store.ClustersAsync(new ClusterRequest { Scope = new NodeFilter { Countries = ["VN"] } });
        var cluster = Assert.Single(vn);
        Assert.Equal([A, B, E, F, L], cluster.MemberIds);
        Assert.Equal((4, 1580.0, 550.0), (cluster.InternalLinkCount, cluster.InternalValueUsd, cluster.OutsideValueUsd));
        Assert.Equal(0.2, cluster.Density, 12);
        Assert.Equal([("sector:22", 3.0), ("sector:26100", 2.0)], cluster.SectorFirmCounts.Select(g => (g.Key, g.ValueUsd)));
        Assert.Equal([("CN", 350.0), ("KR", 200.0)], cluster.OutsideByCountry.Select(g => (g.Key, g.ValueUsd)));
        Assert.Empty(cluster.OutsideByProvince);
        // Today F's link has ended: F drops out, alone.
        var today = Assert.Single(await Store.ClustersAsync(new ClusterRequest { Scope = new NodeFilter { Countries = ["VN"] }, Filter = new LinkFilter { AsOf = Today } }));
        Assert.Equal([A, B, E, L], today.MemberIds);
        Assert.Equal((3, 1510.0), (today.InternalLinkCount, today.InternalValueUsd));
        Assert.Equal(0.25, today.Density, 12);
        // What rule 1 reads: A→L 1000, B→L 500, L→E 10: buyers L and E, suppliers A, B and L; L buys 1,500. No noise asked: none summed.
        Assert.Equal((1510.0, 2, 3, 1500.0, (double?)null), (today.InternalPublished.Value, today.InternalPublished.Buyers, today.InternalPublished.Suppliers, today.InternalPublished.LargestFirmValue, today.InternalPublished.Noisy));
        // With noise: each link 10-20% off on its buyer's side, L's two links the same way.
        var noise = new ValueNoise(System.Text.Encoding.UTF8.GetBytes("conformance noise key, 32 bytes!"));
        var noisy = Assert.Single(await Store.ClustersAsync(new ClusterRequest { Scope = new NodeFilter { Countries = ["VN"] }, Filter = new LinkFilter { AsOf = Today }, Noise = noise }));
        Assert.Equal((1000 * noise.Factor(L, A)) + (500 * noise.Factor(L, B)) + (10 * noise.Factor(E, L)), noisy.InternalPublished.Noisy!.Value, 9);
        Assert.Equal((300 * noise.Factor(A, C)) + (50 * noise.Factor(B, C)) + (200 * noise.Factor(B, D)), noisy.OutsidePublished.Noisy!.Value, 9);
        // Hà Nội's firms A, E, F trade with no one else in Hà Nội.
        Assert.Empty(await Store.ClustersAsync(new ClusterRequest { Scope = new NodeFilter { ProvinceIds = ["province:01-ha-noi"] } }));
        // Vietnamese electronics firms: A and L; L also buys from B (Hải Dương) and F (Hà Nội), A from C (CN).
        var electronics = Assert.Single(await Store.ClustersAsync(new ClusterRequest { Scope = new NodeFilter { Countries = ["VN"], SectorIds = ["sector:26"] } }));
        Assert.Equal([A, L], electronics.MemberIds);
        Assert.Equal(870, electronics.OutsideValueUsd);
        Assert.Equal([("province:30-hai-duong-pre2025", 500.0), ("province:01-ha-noi", 70.0)], electronics.OutsideByProvince.Select(g => (g.Key, g.ValueUsd)));
        Assert.Equal([("VN", 570.0), ("CN", 300.0)], electronics.OutsideByCountry.Select(g => (g.Key, g.ValueUsd)));
    }

    [SkippableFact]
    public async Task Co_located_firms_share_a_park_and_a_sector_or_a_link_and_parks_link_through_their_firms()
    {
        await Store.ApplyAsync(new ChangeSet
        {
            UpsertNodes =
            [
                Firm("firm:g", "Công ty G", "VN", "province:24-bac-ninh", "park:kcn-yen-phong", "sector:26100", null),
                Firm("firm:h", "Công ty H", "VN", "province:24-bac-ninh", "park:kcn-yen-phong", "sector:22", null),
                Firm("firm:i", "Công ty I", "VN", "province:24-bac-ninh", "park:kcn-yen-phong", "sector:22", null),
                Firm("firm:j", "Công ty J", "VN", "province:30-hai-duong-pre2025", "park:kcn-dinh-vu", "sector:22", null),
            ],
            UpsertLinks = [Link("firm:i", L, "sector:22", 30, null), Link("firm:j", L, "sector:22", 40, null), Link("firm:j", "firm:h", "sector:22", 5, null), Link(L, "firm:j", "sector:26100", 7, null)],
        });
        var coLocated = await Store.CoLocatedAsync([L, "firm:h", A, "firm:nobody"]);
        Assert.Equal(["firm:g", "firm:i"], coLocated[0]); // G shares 26100, I supplies L; H shares neither
        Assert.Equal(["firm:i"], coLocated[1]); // H and I share sector 22
        Assert.Empty(coLocated[2]); // A is in no park
        Assert.Empty(coLocated[3]);
        var linked = await Store.LinkedParksAsync(["park:kcn-yen-phong", "park:kcn-dinh-vu"]);
        // Yên Phong ↔ Đình Vũ: J→L 40, J→H 5, L→J 7.
        Assert.Equal([("park:kcn-dinh-vu", 3, 52.0)], linked[0].Select(p => (p.ParkId, p.LinkCount, p.ValueUsd)));
        Assert.Equal([("park:kcn-yen-phong", 3, 52.0)], linked[1].Select(p => (p.ParkId, p.LinkCount, p.ValueUsd)));
        // Rule 1 reads buyers L, H and J, suppliers J and L; J sells 45 of 52.
        Assert.Equal((3, 2, 45.0), (linked[0][0].Published.Buyers, linked[0][0].Published.Suppliers, linked[0][0].Published.LargestFirmValue));
        var noise = new ValueNoise(System.Text.Encoding.UTF8.GetBytes("conformance noise key, 32 bytes!"));
        var noisy = (await Store.LinkedParksAsync(["park:kcn-yen-phong"], noise: noise))[0][0];
        Assert.Equal((40 * noise.Factor(L, "firm:j")) + (5 * noise.Factor("firm:h", "firm:j")) + (7 * noise.Factor("firm:j", L)), noisy.Published.Noisy!.Value, 9);
    }
}
