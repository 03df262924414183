using System.Text.Json;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Data;

/// <summary>
/// The matcher passes over tiers and candidates that cannot reach the matches kept; the answer must be the one scoring
/// every candidate gives. Checked on a synthetic network's requests, with and without partial matches, few and many.
/// </summary>
public sealed class SourcingBoundsTests
{
    [Fact]
    public async Task Matches_with_bounds_equal_matches_scoring_every_candidate()
    {
        using var dir = new TempDirectory();
        await using var store = await EmbeddedGraphStore.OpenAsync(dir.Path);
        var reference = ReferenceData.Load();
        await store.ApplyAsync(reference);
        await store.ApplyAsync(new SyntheticNetwork { FirmCount = 6000, Seed = 21 }.Generate(reference.UpsertNodes));
        var snap = store.Snapshot;
        var requests = (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.SourcingRequest, First = 1000 })).Items.Select(i => (SourcingRequest)i.Node).ToList();
        Assert.True(requests.Count >= 3, $"{requests.Count} requests");
        var asOf = new DateOnly(2026, 11, 23);
        var compared = 0;
        foreach (var request in requests)
        {
            foreach (var item in request.Items)
            {
                // The item as posted, without its certificate rule, by its sector only, and with its first process required.
                var variants = new[]
                {
                    item,
                    item with { RequiredStandardIds = [] },
                    item with { ProductId = null, SectorId = "sector:29" },
                    item with { RequiredProcessIds = ["process:stamping"], MaxDistanceKm = 300 },
                };
                foreach (var variant in variants)
                {
                    foreach (var (first, partial) in new[] { (1, false), (5, true), (10, false), (40, true) })
                    {
                        var ask = new SourcingMatchRequest(request.BuyerId, variant, asOf, first, partial);
                        var fast = LocalizationAnalysis.Match(snap, [ask], exhaustive: false, CancellationToken.None)[0];
                        var every = LocalizationAnalysis.Match(snap, [ask], exhaustive: true, CancellationToken.None)[0];
                        Assert.Equal(JsonSerializer.Serialize(every), JsonSerializer.Serialize(fast));
                        compared += every.Count;
                    }
                }
            }
        }
        Assert.True(compared > 500, $"{compared} matches compared");

        // Product purchases summed in nids equal the tally both stores share, for the country, a region and a province.
        var provinces = (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node).ToList();
        var haiPhong = provinces.Where(p => p.Name == "Hải Phòng").Select(p => p.Id).ToList();
        var north = provinces.Where(p => p.RegionId == provinces.First(x => x.Name == "Hà Nội").RegionId).Select(p => p.Id).ToList();
        Assert.True(north.Count > 5);
        foreach (var scope in new[] { new NodeFilter { Countries = ["VN"] }, new NodeFilter { ProvinceIds = haiPhong }, new NodeFilter { ProvinceIds = north } })
        {
            foreach (var level in new[] { ProductLevel.Heading, ProductLevel.Subheading, ProductLevel.Chapter })
            {
                var ask = new ProductPurchaseRequest { Scope = scope, Level = level, AsOf = asOf };
                var byNid = LocalizationAnalysis.Purchases(snap, ask, CancellationToken.None);
                Assert.NotEmpty(byNid.Products);
                Assert.Equal(JsonSerializer.Serialize(LocalizationAnalysis.PurchasesByTally(snap, ask)), JsonSerializer.Serialize(byNid));
                // Under one product (a product page's buyers abroad): that product's entry, as in the whole answer.
                var one = byNid.Products[0];
                var alone = LocalizationAnalysis.Purchases(snap, ask with { Under = one.ProductId }, CancellationToken.None);
                Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(Assert.Single(alone.Products)));
                Assert.Equal(JsonSerializer.Serialize(LocalizationAnalysis.PurchasesByTally(snap, ask with { Under = one.ProductId })), JsonSerializer.Serialize(alone));
            }
        }
    }
}
