using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Store;

/// <summary>
/// Filtered firm and park listings answered from the posting lists give what testing every node gives: the same firms in the
/// same order, the same totalCount, pages that neither skip nor repeat, before and after edits.
/// </summary>
public sealed class FirmIndexTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private EmbeddedGraphStore? _store;

    private EmbeddedGraphStore Store => _store ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        var reference = ReferenceData.Load();
        await _store.ApplyAsync(reference);
        var network = new SyntheticNetwork { FirmCount = 1500, Seed = 11 }.Generate(reference.UpsertNodes);
        // Tax codes (valid check digits) and foreign-owned firms on some of them, so that every list has members.
        var taxed = 0;
        var firms = network.UpsertNodes.Select(n => n is Firm { Country: "VN" } f && taxed < 40 && TaxCodeFor(f.Id) is { } code && ++taxed > 0 ? f with { TaxCode = code } : n).ToList();
        await _store.ApplyAsync(network with { UpsertNodes = firms });
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Random_filters_list_and_count_what_a_full_scan_finds_page_after_page()
    {
        var random = new Random(5);
        var covered = 0;
        for (var round = 0; round < 120; round++)
        {
            var filter = RandomFilter(random);
            covered += FirmIndex.Covers(filter) ? 1 : 0;
            await AssertListsAsScanAsync(filter, pageSize: 1 + random.Next(40));
        }
        Assert.True(covered > 90, $"only {covered} of the filters went to the posting lists");
    }

    [Fact]
    public async Task After_edits_the_lists_follow_the_graph()
    {
        var snap = Store.Snapshot;
        var firms = snap.KindOrder(NodeKind.Firm).Select(n => (Firm)snap.Nodes[n]!).Where(f => f.Country == "VN" && f.ProvinceId is not null).Take(30).ToList();
        var province = firms[0].ProvinceId!;
        var filter = new NodeFilter { ProvinceIds = [province], Roles = [FirmRole.LeadFirm, FirmRole.SupportingIndustry] };
        await AssertListsAsScanAsync(filter, 7);
        var moved = firms.Where(f => f.ProvinceId != province).Take(5).Select(f => f with { ProvinceId = province, Name = "Aa " + f.Name }).ToList();
        await Store.ApplyAsync(new ChangeSet { UpsertNodes = moved });
        await AssertListsAsScanAsync(filter, 7);
        var page = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = filter, First = 100 });
        Assert.Superset(moved.Select(m => m.Id).ToHashSet(), page.Items.Select(i => i.Node.Id).ToHashSet());
    }

    [Fact]
    public async Task Random_park_filters_list_and_count_what_a_full_scan_finds()
    {
        var random = new Random(8);
        var snap = Store.Snapshot;
        var parks = snap.KindOrder(NodeKind.Park).Select(n => (Park)snap.Nodes[n]!).ToList();
        Assert.True(parks.Count > 100 && parks.Any(p => p.PrioritySectors.Count > 0), "the reference parks have priority sectors");
        T[]? Some<T>(IReadOnlyList<T> from, double p) => random.NextDouble() < p ? [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => from[random.Next(from.Count)])] : null;
        var provinces = parks.Select(p => p.ProvinceId).Distinct().Append("province:99-nowhere").ToList();
        var sectors = parks.SelectMany(p => p.PrioritySectors).Select(p => p.SectorId).Distinct().ToList();
        var divisions = sectors.Select(s => snap.NodeOf(s)).OfType<Sector>().Select(s => s.ParentId).OfType<string>().Distinct().ToList();
        var covered = 0;
        for (var round = 0; round < 80; round++)
        {
            var filter = new NodeFilter
            {
                ProvinceIds = Some(provinces, 0.5),
                ParkKinds = Some(Enum.GetValues<ParkKind>(), 0.4),
                ParkStatuses = Some(Enum.GetValues<ParkStatus>(), 0.4),
                PrioritySectorIds = Some([.. sectors, .. divisions], 0.4),
                MinAvailableAreaHa = random.NextDouble() < 0.05 ? 10 : null,
            };
            if (filter is { ProvinceIds: null, ParkKinds: null, ParkStatuses: null, PrioritySectorIds: null })
            {
                filter = filter with { ParkKinds = [ParkKind.IndustrialPark] };
            }
            covered += ParkIndex.Covers(filter) ? 1 : 0;
            await AssertListsAsScanAsync(NodeKind.Park, filter, pageSize: 1 + random.Next(25));
        }
        Assert.True(covered > 60, $"only {covered} of the park filters went to the posting lists");
    }

    [Fact]
    public async Task After_edits_the_park_lists_follow_the_graph()
    {
        var snap = Store.Snapshot;
        var parks = snap.KindOrder(NodeKind.Park).Select(n => (Park)snap.Nodes[n]!).ToList();
        var province = parks[0].ProvinceId;
        var filter = new NodeFilter { ProvinceIds = [province], ParkStatuses = [ParkStatus.Operating, ParkStatus.Planned] };
        await AssertListsAsScanAsync(NodeKind.Park, filter, 3);
        var moved = parks.Where(p => p.ProvinceId != province).Take(4).Select(p => p with { ProvinceId = province, Status = ParkStatus.Planned, Name = "Aa " + p.Name }).ToList();
        await Store.ApplyAsync(new ChangeSet { UpsertNodes = moved });
        Assert.False(Store.Snapshot.IsFullBuild);
        await AssertListsAsScanAsync(NodeKind.Park, filter, 3);
        var page = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park, Filter = filter, First = 100 });
        Assert.Superset(moved.Select(m => m.Id).ToHashSet(), page.Items.Select(i => i.Node.Id).ToHashSet());
    }

    /// <summary>Pages forwards through the store's listing, and one backwards, against the firms a predicate over every firm keeps.</summary>
    private Task AssertListsAsScanAsync(NodeFilter filter, int pageSize) => AssertListsAsScanAsync(NodeKind.Firm, filter, pageSize);

    private async Task AssertListsAsScanAsync(NodeKind kind, NodeFilter filter, int pageSize)
    {
        var snap = Store.Snapshot;
        var test = NodeFilterCompiler.Compile(snap, kind, filter);
        var expected = snap.KindOrder(kind).Where(n => test is null || test(snap.Nodes[n]!, n)).Select(n => snap.Nodes[n]!.Id).ToList();
        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await Store.ListNodesAsync(new NodeQuery { Kind = kind, Filter = filter, First = pageSize, After = after });
            Assert.Equal(expected.Count, page.TotalCount);
            seen.AddRange(page.Items.Select(i => i.Node.Id));
            if (!page.HasNextPage)
            {
                break;
            }
            after = page.EndCursor;
        }
        Assert.Equal(expected, seen);
        if (expected.Count > pageSize)
        {
            var last = await Store.ListNodesAsync(new NodeQuery { Kind = kind, Filter = filter, Last = pageSize });
            Assert.Equal(expected.TakeLast(pageSize), last.Items.Select(i => i.Node.Id));
            Assert.True(last.HasPreviousPage);
        }
    }

    /// <summary>Members drawn from the data (and some that match nothing), each present with some probability.</summary>
    private NodeFilter RandomFilter(Random random)
    {
        var snap = Store.Snapshot;
        var firms = snap.KindOrder(NodeKind.Firm).Select(n => (Firm)snap.Nodes[n]!).ToList();
        T[]? Some<T>(IReadOnlyList<T> from, double p) => random.NextDouble() < p ? [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => from[random.Next(from.Count)])] : null;
        var provinces = firms.Select(f => f.ProvinceId).OfType<string>().Distinct().Append("province:99-nowhere").ToList();
        var parks = firms.Select(f => f.ParkId).OfType<string>().Distinct().ToList();
        var sectors = snap.KindOrder(NodeKind.Sector).Select(n => (Sector)snap.Nodes[n]!).Where(s => s.Classification == Classification.Vsic2025 && s.Level <= SectorLevel.Group).Select(s => s.Id).ToList();
        var taxCodes = firms.Select(f => f.TaxCode).OfType<string>().Append("0100233488").ToList();
        var filter = new NodeFilter
        {
            ProvinceIds = Some(provinces, 0.4),
            ParkIds = Some(parks, 0.15),
            SectorIds = Some(sectors, 0.4),
            Roles = Some(Enum.GetValues<FirmRole>(), 0.35),
            Ownerships = Some(Enum.GetValues<Ownership>(), 0.3),
            Countries = Some(["VN", "CN", "kr", "JP", "ZZ"], 0.3),
            TaxCodes = Some(taxCodes, 0.1),
            NameContains = random.NextDouble() < 0.05 ? "cong ty" : null,
        };
        var none = filter.ProvinceIds is null && filter.ParkIds is null && filter.SectorIds is null && filter.Roles is null
            && filter.Ownerships is null && filter.Countries is null && filter.TaxCodes is null;
        return none ? filter with { Roles = [FirmRole.LeadFirm] } : filter;
    }

    /// <summary>A valid ten-digit tax code derived from a firm id, or null when the digits found have no valid check digit.</summary>
    private static string? TaxCodeFor(string id)
    {
        var seed = id.Aggregate(17u, (h, c) => unchecked((h * 31u) + c));
        for (var tries = 0; tries < 10; tries++)
        {
            var candidate = ((seed + (uint)tries * 7919u) % 900_000_000u + 100_000_000u).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0";
            for (var check = 0; check < 10; check++)
            {
                var code = candidate[..9] + check.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (TaxCode.TryNormalize(code, out var canonical, out _))
                {
                    return canonical;
                }
            }
        }
        return null;
    }
}
