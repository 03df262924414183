using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store;

/// <summary>
/// A report's totals summed in parts (in parallel) equal the totals summed in one pass over the lead firms, whether a
/// group's distinct suppliers are kept in a hash set or as bits (and parts of either kind are added together).
/// </summary>
public sealed class LocalizationPartsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, int.MaxValue)]
    [InlineData(3, int.MaxValue)]
    [InlineData(7, int.MaxValue)]
    [InlineData(3, 0)]
    [InlineData(7, 5)]
    [InlineData(int.MaxValue, 5)]
    public async Task Totals_summed_in_parts_equal_one_pass(int leadsPerPart, int fewSuppliers)
    {
        await using var store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await store.ApplyAsync(Build());
        // 30 lead firms in two provinces buying from 40 suppliers at home and abroad: suppliers shared across parts.
        var random = new Random(7);
        var provinces = new[] { "province:01-ha-noi", "province:24-bac-ninh" };
        var leads = Enumerable.Range(0, 30).Select(i => Firm($"firm:lead-{i}", $"Công ty Dẫn Đầu {i}", "VN", provinces[i % 2], null, i % 3 == 0 ? "sector:22" : "sector:26100", FirmRole.LeadFirm)).ToList();
        var suppliers = Enumerable.Range(0, 40).Select(i => Firm($"firm:supplier-{i}", $"Công ty Cung Ứng {i}", i % 4 == 0 ? "CN" : "VN", i % 4 == 0 ? null : provinces[i % 2], null, i % 2 == 0 ? "sector:22" : "sector:26100", null)).ToList();
        var links = new List<SupplyLink>();
        foreach (var lead in leads)
        {
            foreach (var supplier in suppliers.OrderBy(_ => random.Next()).Take(6))
            {
                links.Add(Link(supplier.Id, lead.Id, supplier.SectorIds[0], Math.Round(random.NextDouble() * 1000, 2), null));
            }
        }
        await store.ApplyAsync(new ChangeSet { UpsertNodes = [.. leads, .. suppliers], UpsertLinks = links });
        foreach (var scope in new[] { new NodeFilter(), new NodeFilter { ProvinceIds = ["province:01-ha-noi"] }, new NodeFilter { Countries = ["VN"] } })
        {
            var request = new LocalizationRequest { Scope = scope, AsOf = new DateOnly(2026, 1, 1) };
            var one = LocalizationAnalysis.Totals(store.Snapshot, request, int.MaxValue, int.MaxValue, CancellationToken.None);
            var parts = LocalizationAnalysis.Totals(store.Snapshot, request, leadsPerPart, fewSuppliers, CancellationToken.None);
            Assert.True(one.LeadFirmCount >= 15, $"lead firms: {one.LeadFirmCount}");
            Assert.Equal(one.LeadFirmCount, parts.LeadFirmCount);
            Assert.Equal(one.UnknownInputSectorIds, parts.UnknownInputSectorIds);
            Assert.Equal(one.SourceIds, parts.SourceIds);
            Assert.Equal(one.Inputs.Select(i => (i.SectorId, i.SupplierCount, i.LinkCount)), parts.Inputs.Select(i => (i.SectorId, i.SupplierCount, i.LinkCount)));
            foreach (var (a, b) in one.Inputs.Zip(parts.Inputs))
            {
                Assert.Equal(a.ValueUsd, b.ValueUsd, 6);
                Assert.Equal(a.DomesticValueUsd, b.DomesticValueUsd, 6);
                Assert.Equal(a.LocalValueUsd, b.LocalValueUsd, 6);
                Assert.Equal(a.ByCountry.Select(c => c.Key), b.ByCountry.Select(c => c.Key));
                Assert.Equal(a.ByCountry.Select(c => Math.Round(c.ValueUsd, 6)), b.ByCountry.Select(c => Math.Round(c.ValueUsd, 6)));
            }
        }
    }
}
