using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store;

/// <summary>
/// A province filter over a former province takes in the firms placed in it, and the unplaced filter finds the rest:
/// the same from the posting lists of a full build, from an edit laid over it, and from the copy a reopen reads.
/// </summary>
public sealed class PlacementStoreTests : IDisposable
{
    private const string NewBacNinh = "province:24-bac-ninh", OldBacNinh = "province:27-bac-ninh-pre2025";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Firm Placed(string id, Placement? placement) =>
        Firm(id, $"Công ty Vị trí {id}", "VN", NewBacNinh, null, "sector:22", FirmRole.LeadFirm) with { Placement = placement };

    /// <summary>The test firms of the former province, those unplaced of the new one, and those of the new one with its predecessors: "former | unplaced | current".</summary>
    private static async Task<string> ListAsync(EmbeddedGraphStore store)
    {
        async Task<List<string>> Ids(NodeFilter filter) =>
            [.. (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = filter, First = 100 })).Items.Select(i => i.Node.Id).Where(id => id.StartsWith("firm:p-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        return string.Join(" | ", string.Join(',', await Ids(new NodeFilter { ProvinceIds = [OldBacNinh] })),
            string.Join(',', await Ids(new NodeFilter { ProvinceIds = [NewBacNinh], Unplaced = true })),
            string.Join(',', await Ids(new NodeFilter { ProvinceIds = [NewBacNinh, OldBacNinh] })));
    }

    [Fact]
    public async Task Placed_firms_count_in_their_former_province_and_unplaced_ones_are_found_on_every_read_path()
    {
        var placed = new Placement(NewBacNinh, OldBacNinh, PlacementMethod.Coordinates);
        var unplaced = new Placement(NewBacNinh, null, PlacementMethod.Unplaced);
        await using (var store = await EmbeddedGraphStore.OpenAsync(_dir.Path))
        {
            await store.ApplyAsync(Build());
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [Placed("firm:p-placed", placed), Placed("firm:p-unplaced", unplaced), Placed("firm:p-none", null)] });
        }
        // Reopened: a full build, read through the posting lists.
        await using (var store = await EmbeddedGraphStore.OpenAsync(_dir.Path))
        {
            const string expected = "firm:p-placed | firm:p-unplaced | firm:p-none,firm:p-placed,firm:p-unplaced";
            Assert.Equal(expected, await ListAsync(store));

            // An edit laid over the base: the unplaced firm gains a placement, the placed one loses it.
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [Placed("firm:p-unplaced", placed), Placed("firm:p-placed", unplaced)] });
            const string swapped = "firm:p-unplaced | firm:p-placed | firm:p-none,firm:p-placed,firm:p-unplaced";
            Assert.Equal(swapped, await ListAsync(store));

            // The localization scope over the former province takes in the firm placed there (a lead firm of the fixture's sector).
            var report = await store.LocalizationAsync(new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = [OldBacNinh] }, AsOf = new DateOnly(2025, 1, 1) });
            Assert.Equal(1, report.LeadFirmCount);
            var current = await store.LocalizationAsync(new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = [NewBacNinh, OldBacNinh] }, AsOf = new DateOnly(2026, 1, 1) });
            Assert.Equal(3 + 1, current.LeadFirmCount);
        }
        await using var reopened = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        Assert.Equal("firm:p-unplaced | firm:p-placed | firm:p-none,firm:p-placed,firm:p-unplaced", await ListAsync(reopened));
        var firm = (Firm)(await reopened.GetNodesAsync(["firm:p-unplaced"]))[0]!;
        Assert.Equal(placed, firm.Placement);
    }

    [Fact]
    public async Task A_firm_placed_in_a_former_province_written_before_any_full_build_is_in_its_scope()
    {
        // The provinces and the firm arrive as edits over an empty store: nothing folded into a base yet.
        await using var store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await store.ApplyAsync(Build());
        await store.ApplyAsync(new ChangeSet { UpsertNodes = [Placed("firm:p-placed", new Placement(NewBacNinh, OldBacNinh, PlacementMethod.Coordinates))] });
        var request = new LocalizationRequest { Scope = new NodeFilter { ProvinceIds = [OldBacNinh] }, AsOf = new DateOnly(2025, 1, 1) };
        Assert.Equal(1, (await store.LocalizationAsync(request)).LeadFirmCount);
        Assert.Equal(["firm:p-placed"], (await store.LocalizationContributionsAsync(request)).Leads.Select(l => l.Id));
    }
}
