using System.Text.Json;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store;

/// <summary>
/// What every <see cref="IGraphStore"/> must do. A store's test class derives from this and says how to make a fresh
/// store and how to close and reopen it; each test gets a fresh store holding <see cref="TestGraph"/>.
/// </summary>
public abstract partial class GraphStoreConformanceTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private static readonly DateOnly Today = new(2026, 11, 23);

    private IGraphStore? _store;

    protected IGraphStore Store
    {
        get => _store ?? throw new InvalidOperationException("the store is created in InitializeAsync");
        set => _store = value;
    }

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IGraphStore> CreateStoreAsync();

    /// <summary>Closes the store and opens the same data again.</summary>
    protected abstract Task<IGraphStore> ReopenAsync(IGraphStore store);

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.ApplyAsync(Build());
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static string J(object? o) => JsonSerializer.Serialize(o, o?.GetType() ?? typeof(object), Json);

    [SkippableFact]
    public async Task Nodes_round_trip_by_id_in_batches_with_nulls_for_unknown_ids()
    {
        var expected = Build().UpsertNodes.ToDictionary(n => n.Id);
        var ids = new List<string>(expected.Keys) { "firm:nobody", "park:nowhere" };
        var nodes = await Store.GetNodesAsync(ids);
        Assert.Equal(ids.Count, nodes.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(J(expected[ids[i]]), J(nodes[i]));
        }
        Assert.Null(nodes[^2]);
        Assert.Null(nodes[^1]);
    }

    [SkippableFact]
    public async Task Links_round_trip_by_their_derived_ids()
    {
        var link = Build().UpsertLinks[0];
        Assert.Equal("supply:a>lead/26100/bo-mach", link.Id);
        var found = await Store.GetLinksAsync([link.Id, "supply:a>lead/26100", "not-a-link"]);
        Assert.Equal(J(link), J(found[0]));
        Assert.Null(found[1]);
        Assert.Null(found[2]);
    }

    [SkippableFact]
    public async Task A_change_set_with_audit_info_leaves_one_entry_with_every_before_and_after_and_survives_a_reopen()
    {
        var link = Build().UpsertLinks[0];
        var firmA = (Firm)(await Store.GetNodesAsync([A]))[0]!;
        var at = new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.FromHours(7));
        var edited = await Store.ApplyAsync(new ChangeSet
        {
            UpsertNodes = [firmA with { Name = "A renamed" }, TestGraph.Firm("firm:new", "New firm", "VN", null, null, "sector:26100", null)],
            UpsertLinks = [link with { ValueUsd = 999 }, Build().UpsertLinks[1]],
            Audit = new AuditInfo("editor-key", "test-edit", at, "two nodes, one link"),
        });
        Assert.True(edited.Changed);
        var removed = await Store.ApplyAsync(new ChangeSet { DeleteLinks = [link.Id], Audit = new AuditInfo("admin-key", "removeSupplyLink", at.AddMinutes(1)) });
        // A change set that changes nothing leaves no entry; one without audit info neither.
        var noop = await Store.ApplyAsync(new ChangeSet { UpsertNodes = [firmA with { Name = "A renamed" }], Audit = new AuditInfo("editor-key", "noop", at) });
        Assert.False(noop.Changed);
        await Store.ApplyAsync(new ChangeSet { UpsertNodes = [firmA with { Name = "A unaudited" }] });

        Store = await ReopenAsync(Store);
        var page = await Store.ReadAuditAsync(new AuditQuery { First = 10 });
        Assert.False(page.HasMore);
        Assert.Equal([removed.Version, edited.Version], page.Entries.Select(e => e.Version));
        var entry = page.Entries[1];
        Assert.Equal(("editor-key", "test-edit", "two nodes, one link", at), (entry.Actor, entry.Operation, entry.Note, entry.At));
        // The unchanged second link is not a change; the renamed firm, the new firm and the link's new value are.
        Assert.Equal(3, entry.ChangeCount);
        var renamed = entry.Changes.Single(c => c.ItemId == A);
        Assert.Equal("Công ty Linh kiện An", System.Text.Json.Nodes.JsonNode.Parse(renamed.Before!)!["name"]!.GetValue<string>());
        Assert.Equal("A renamed", System.Text.Json.Nodes.JsonNode.Parse(renamed.After!)!["name"]!.GetValue<string>());
        Assert.Null(entry.Changes.Single(c => c.ItemId == "firm:new").Before);
        var value = entry.Changes.Single(c => c.Kind == "SupplyLink");
        Assert.Equal(link.Id, value.ItemId);
        Assert.Equal(999, System.Text.Json.Nodes.JsonNode.Parse(value.After!)!["valueUsd"]!.GetValue<double>());
        Assert.Equal(link.ValueUsd, System.Text.Json.Nodes.JsonNode.Parse(value.Before!)!["valueUsd"]!.GetValue<double>());
        Assert.Equal([Src], entry.Sources);
        var deletion = page.Entries[0].Changes.Single();
        Assert.Equal((link.Id, "SupplyLink"), (deletion.ItemId, deletion.Kind));
        Assert.NotNull(deletion.Before);
        Assert.Null(deletion.After);

        // By node: a firm's entries include its links' changes; paging goes on from the cursor.
        var ofSupplier = await Store.ReadAuditAsync(new AuditQuery { First = 1, NodeId = link.SupplierId });
        Assert.True(ofSupplier.HasMore);
        Assert.Equal(removed.Version, ofSupplier.Entries.Single().Version);
        var next = await Store.ReadAuditAsync(new AuditQuery { First = 1, NodeId = link.SupplierId, BeforeVersion = removed.Version });
        Assert.Equal(edited.Version, next.Entries.Single().Version);
        Assert.Equal([A, link.Id], next.Entries.Single().Changes.Select(c => c.ItemId)); // firm:a is the supplier: itself and its link
        Assert.Empty((await Store.ReadAuditAsync(new AuditQuery { NodeId = "firm:nobody" })).Entries);
    }

    [SkippableFact]
    public async Task Re_applying_the_same_change_set_changes_nothing()
    {
        var before = await Store.GetVersionAsync();
        var result = await Store.ApplyAsync(Build());
        Assert.False(result.Changed);
        Assert.Equal(before, result.Version);
        Assert.Equal(before, await Store.GetVersionAsync());
        var stats = await Store.GetStatsAsync();
        Assert.Equal(7, stats.Nodes[NodeKind.Firm]);
        Assert.Equal(8, stats.SupplyLinks);
    }

    [SkippableFact]
    public async Task A_change_bumps_the_version_once()
    {
        var before = await Store.GetVersionAsync();
        var result = await Store.ApplyAsync(new ChangeSet { UpsertLinks = [Link(E, A, "sector:22", 5, null)] });
        Assert.True(result.Changed);
        Assert.Equal(before + 1, result.Version);
        Assert.Equal(1, result.LinksWritten);
    }

    [SkippableFact]
    public async Task A_change_set_made_against_another_version_is_refused_whole()
    {
        var before = await Store.GetVersionAsync();
        var link = Link(E, A, "sector:22", 5, null);
        var stale = new ChangeSet { UpsertLinks = [link], ExpectedVersion = before - 1 };
        var refused = await Assert.ThrowsAsync<GraphChangedException>(() => Store.ApplyAsync(stale));
        Assert.Equal((before - 1, before), (refused.Expected, refused.Actual));
        Assert.Equal(before, await Store.GetVersionAsync());
        Assert.Null((await Store.GetLinksAsync([link.Id]))[0]);
        // Even a change set that would change nothing is refused: its checks were made on another graph.
        await Assert.ThrowsAsync<GraphChangedException>(() => Store.ApplyAsync(Build() with { ExpectedVersion = before + 1 }));

        var applied = await Store.ApplyAsync(stale with { ExpectedVersion = before });
        Assert.Equal(before + 1, applied.Version);
        Assert.NotNull((await Store.GetLinksAsync([link.Id]))[0]);
    }

    [SkippableFact]
    public async Task Paging_forwards_and_backwards_never_skips_or_repeats()
    {
        var more = Enumerable.Range(0, 23).Select(i => Firm($"firm:p{i:D2}", $"Công ty Phân trang {i % 7} số {i:D2}", "VN", "province:01-ha-noi", null, "sector:22", null)).ToList();
        await Store.ApplyAsync(new ChangeSet { UpsertNodes = more });
        var all = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 1000 });
        Assert.Equal(30, all.TotalCount);
        var expected = all.Items.Select(i => i.Node.Id).ToList();
        Assert.Equal(expected.Count, expected.Distinct().Count());

        var forward = new List<string>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var p = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 7, After = after });
            Assert.Equal(30, p.TotalCount);
            forward.AddRange(p.Items.Select(i => i.Node.Id));
            Assert.Equal(page > 0, p.HasPreviousPage);
            if (!p.HasNextPage)
            {
                break;
            }
            after = p.EndCursor;
        }
        Assert.Equal(expected, forward);

        var backward = new List<string>();
        string? before = null;
        for (var page = 0; page < 10; page++)
        {
            var p = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Last = 4, Before = before });
            backward.InsertRange(0, p.Items.Select(i => i.Node.Id));
            if (!p.HasPreviousPage)
            {
                break;
            }
            before = p.StartCursor;
        }
        Assert.Equal(expected, backward);
    }

    [SkippableFact]
    public async Task Listing_filters_by_province_sector_descendants_country_and_role_and_sorts()
    {
        var inDivision26 = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { SectorIds = ["sector:26"] }, OrderBy = [new SortOrder(SortField.Id)] });
        Assert.Equal([A, C, D, L], inDivision26.Items.Select(i => i.Node.Id));
        var hanoi = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { ProvinceIds = ["province:01-ha-noi"] }, OrderBy = [new SortOrder(SortField.Id)] });
        Assert.Equal([A, E, F], hanoi.Items.Select(i => i.Node.Id));
        var foreign = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { Countries = ["CN", "KR"] }, OrderBy = [new SortOrder(SortField.Country, Descending: true)] });
        Assert.Equal([D, C], foreign.Items.Select(i => i.Node.Id));
        var leads = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { Roles = [FirmRole.LeadFirm] } });
        Assert.Equal([L], leads.Items.Select(i => i.Node.Id));
        var folded = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { NameContains = "nhua" } });
        Assert.Equal(2, folded.TotalCount); // "Nhựa Bình", "Hạt nhựa Đông"
        var parks = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park, Filter = new NodeFilter { MinAvailableAreaHa = 40 } });
        Assert.Equal(["park:kcn-yen-phong"], parks.Items.Select(i => i.Node.Id)); // 200 ha * (1 - 75%) = 50 ha
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park, Filter = new NodeFilter { Roles = [FirmRole.LeadFirm] } }));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, After = "not-a-cursor" }));
        var firstPark = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park, First = 1 });
        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, After = firstPark.EndCursor, OrderBy = [new SortOrder(SortField.Country), new SortOrder(SortField.Name)] }));
    }

    [SkippableFact]
    public async Task Several_listings_in_one_call_answer_as_the_single_calls_do()
    {
        NodeQuery[] queries =
        [
            new() { Kind = NodeKind.Firm, Filter = new NodeFilter { ProvinceIds = ["province:01-ha-noi"] }, First = 2 },
            new() { Kind = NodeKind.Firm, Filter = new NodeFilter { SectorIds = ["sector:26"] }, Last = 3, OrderBy = [new SortOrder(SortField.Id)] },
            new() { Kind = NodeKind.Park },
            new() { Kind = NodeKind.Firm, Filter = new NodeFilter { ProvinceIds = ["province:none"] } },
        ];
        var batch = await Store.ListNodesAsync(queries);
        Assert.Equal(queries.Length, batch.Count);
        for (var i = 0; i < queries.Length; i++)
        {
            var single = await Store.ListNodesAsync(queries[i]);
            Assert.Equal(single.TotalCount, batch[i].TotalCount);
            Assert.Equal(single.Items.Select(x => (x.Node.Id, x.Cursor)), batch[i].Items.Select(x => (x.Node.Id, x.Cursor)));
            Assert.Equal((single.HasNextPage, single.HasPreviousPage), (batch[i].HasNextPage, batch[i].HasPreviousPage));
        }
        Assert.Equal(0, batch[3].TotalCount);
    }

    [SkippableFact]
    public async Task Neighbours_are_batched_both_ways()
    {
        var outs = await Store.GetNeighboursAsync([L, A, C], RelType.InProvince, Direction.Out);
        Assert.Equal(["province:24-bac-ninh"], outs[0]);
        Assert.Equal(["province:01-ha-noi"], outs[1]);
        Assert.Empty(outs[2]);
        var ins = await Store.GetNeighboursAsync(["province:01-ha-noi", "park:kcn-yen-phong", "sector:22"], RelType.InProvince, Direction.In);
        Assert.Equal([A, E, F], ins[0].Order(StringComparer.Ordinal));
        Assert.Empty(ins[1]);
        var parkFirms = await Store.GetNeighboursAsync(["park:kcn-yen-phong"], RelType.LocatedIn, Direction.In);
        Assert.Equal([L], parkFirms[0]);
        var suppliers = await Store.GetNeighboursAsync([L, B], RelType.Supplies, Direction.In);
        Assert.Equal([A, B, F], suppliers[0].Order(StringComparer.Ordinal));
        Assert.Equal([C, D], suppliers[1].Order(StringComparer.Ordinal));
        var buyers = await Store.GetNeighboursAsync([C], RelType.Supplies, Direction.Out);
        Assert.Equal([A, B], buyers[0].Order(StringComparer.Ordinal));
        var successor = await Store.GetNeighboursAsync(["province:27-bac-ninh-pre2025"], RelType.MergedInto, Direction.Out);
        Assert.Equal(["province:24-bac-ninh"], successor[0]);
        var children = await Store.GetNeighboursAsync(["sector:26"], RelType.Parent, Direction.In);
        Assert.Equal(["sector:261"], children[0]);
    }

    [SkippableFact]
    public async Task Supply_links_of_many_firms_in_one_call_with_filters()
    {
        var links = await Store.GetSupplyLinksAsync([L, B], Direction.In);
        Assert.Equal([A, B, F], links[0].Select(l => l.SupplierId));
        Assert.Equal([C, D], links[1].Select(l => l.SupplierId));
        var valid = await Store.GetSupplyLinksAsync([L], Direction.In, new LinkFilter { AsOf = Today });
        Assert.Equal([A, B], valid[0].Select(l => l.SupplierId));
        var foreign = await Store.GetSupplyLinksAsync([B], Direction.In, new LinkFilter { Countries = ["KR"] });
        Assert.Equal([D], foreign[0].Select(l => l.SupplierId));
        var bigger = await Store.GetSupplyLinksAsync([C], Direction.Out, new LinkFilter { MinValueUsd = 100 });
        Assert.Equal([A], bigger[0].Select(l => l.BuyerId));
    }

    [SkippableFact]
    public async Task Search_folds_diacritics_and_d()
    {
        var dinhVu = await Store.SearchAsync("dinh vu");
        Assert.Equal("park:kcn-dinh-vu", dinhVu[0].Id);
        var haiDuong = await Store.SearchAsync("hai duong", [NodeKind.Province]);
        Assert.Equal(["province:30-hai-duong-pre2025"], haiDuong.Select(h => h.Id));
        var prefix = await Store.SearchAsync("cong ty nhu");
        Assert.Equal([B, E], prefix.Select(h => h.Id).Order(StringComparer.Ordinal));
        var taxCode = await Store.SearchAsync("0100233488");
        Assert.Equal([L], taxCode.Select(h => h.Id));
        Assert.Empty(await Store.SearchAsync("zzzz"));
        var exact = await Store.SearchAsync("Bắc Ninh");
        Assert.Equal(1.0, exact[0].Score);
    }

    [SkippableFact]
    public async Task An_invalid_change_set_is_refused_whole_and_writes_nothing()
    {
        var before = await Store.GetVersionAsync();
        var good = Enumerable.Range(0, 50).Select(i => Firm($"firm:ok{i}", $"Good {i}", "VN", null, null, "sector:22", null)).ToList();
        var changes = new ChangeSet
        {
            UpsertNodes = [.. good, Firm("firm:bad-tax", "Bad tax", "VN", null, null, "sector:22", null, "0100233480")],
            UpsertLinks =
            [
                Link("firm:ok1", "firm:ok1", "sector:22", 1, null),
                Link("firm:ok2", "firm:ok3", "sector:9999", 1, null),
                Link("firm:ok2", "firm:ok4", "sector:22", -5, null) with { Confidence = 1.5 },
                Link("firm:ok5", "firm:ok6", "sector:22", 1, null) with { Since = new DateOnly(2024, 1, 1), Until = new DateOnly(2023, 1, 1) },
                Link("firm:ok7", "firm:ghost", "sector:22", 1, null),
            ],
        };
        var ex = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Store.ApplyAsync(changes));
        var fields = ex.Errors.Select(e => e.Field).ToHashSet();
        Assert.Contains("taxCode", fields);
        Assert.Contains(ex.Errors, e => e.Message.Contains("cannot supply itself", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Message.Contains("unknown sector 'sector:9999'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Field == "valueUsd");
        Assert.Contains(ex.Errors, e => e.Field == "confidence");
        Assert.Contains(ex.Errors, e => e.Field == "until");
        Assert.Contains(ex.Errors, e => e.Message.Contains("unknown firm 'firm:ghost'", StringComparison.Ordinal));
        Assert.Equal(before, await Store.GetVersionAsync());
        Assert.All(await Store.GetNodesAsync(good.Select(g => g.Id).ToList()), Assert.Null);
    }

    [SkippableFact]
    public async Task A_referenced_node_cannot_be_deleted_alone_but_can_with_its_links()
    {
        var refused = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Store.ApplyAsync(new ChangeSet { DeleteNodes = [D] }));
        Assert.Contains("supply links", refused.Errors[0].Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Store.ApplyAsync(new ChangeSet { DeleteNodes = ["province:01-ha-noi"] }));
        var dLink = (await Store.GetSupplyLinksAsync([D], Direction.Out))[0].Single();
        var result = await Store.ApplyAsync(new ChangeSet { DeleteNodes = [D], DeleteLinks = [dLink.Id] });
        Assert.Equal(1, result.NodesDeleted);
        Assert.Equal(1, result.LinksDeleted);
        Assert.Null((await Store.GetNodesAsync([D]))[0]);
        Assert.Equal([C], (await Store.GetNeighboursAsync([B], RelType.Supplies, Direction.In))[0]);
    }

    [SkippableFact]
    public async Task A_links_hs_product_is_kept_checked_and_keeps_its_product_from_deletion()
    {
        var chapter = new Product { Id = "product:87", Name = "Vehicles", Code = "87", Level = ProductLevel.Chapter, Sources = ["source:test"] };
        var link = Link(E, A, "sector:22", 5, "khung") with { HsProductId = chapter.Id };
        await Store.ApplyAsync(new ChangeSet { UpsertNodes = [chapter], UpsertLinks = [link] });
        Assert.Equal(chapter.Id, (await Store.GetLinksAsync([link.Id]))[0]!.HsProductId);
        var unknown = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Store.ApplyAsync(new ChangeSet { UpsertLinks = [link with { HsProductId = "product:99" }] }));
        Assert.Equal(("hsProduct", "unknown HS 2022 product 'product:99'"), (unknown.Errors[0].Field, unknown.Errors[0].Message));
        var held = await Assert.ThrowsAsync<ChangeSetRejectedException>(() => Store.ApplyAsync(new ChangeSet { DeleteNodes = [chapter.Id] }));
        Assert.Contains("supply links", held.Errors[0].Message, StringComparison.Ordinal);
        // A new value without the code clears it; the code is not part of the link's identity.
        await Store.ApplyAsync(new ChangeSet { UpsertLinks = [link with { HsProductId = null }] });
        Assert.Null((await Store.GetLinksAsync([link.Id]))[0]!.HsProductId);
        await Store.ApplyAsync(new ChangeSet { UpsertLinks = [link] });
        Store = await ReopenAsync(Store);
        Assert.Equal(chapter.Id, (await Store.GetLinksAsync([link.Id]))[0]!.HsProductId);
        await Store.ApplyAsync(new ChangeSet { DeleteNodes = [chapter.Id], DeleteLinks = [link.Id] });
        Assert.Null((await Store.GetNodesAsync([chapter.Id]))[0]);
    }

    [SkippableFact]
    public async Task Everything_is_there_after_close_and_reopen()
    {
        await Store.ApplyAsync(new ChangeSet { UpsertLinks = [Link(E, A, "sector:22", 5, "hạt")] });
        var version = await Store.GetVersionAsync();
        var before = await Store.GetStatsAsync();
        var nodesBefore = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 100 });
        var chainBefore = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 6 });
        Store = await ReopenAsync(Store);
        Assert.Equal(version, await Store.GetVersionAsync());
        Assert.Equal(J(before), J(await Store.GetStatsAsync()));
        Assert.Equal(J(nodesBefore), J(await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 100 })));
        Assert.Equal(J(chainBefore), J(await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 6 })));
    }

    [SkippableFact]
    public async Task Concurrent_readers_never_see_half_a_change_set()
    {
        // Each change set adds a firm and its link to L together; a reader must never see one without the other.
        using var stop = new CancellationTokenSource();
        var violations = 0;
        var reads = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var page = await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { NameContains = "concurrent" }, First = 1000 });
                var suppliers = (await Store.GetNeighboursAsync([L], RelType.Supplies, Direction.In))[0].ToHashSet();
                var chain = await Store.TraverseAsync(new TraversalRequest { RootIds = [L], MaxDepth = 1 });
                var tier1 = chain.Tiers[0].FirmIds.ToHashSet();
                foreach (var item in page.Items)
                {
                    // The listing was read first: every firm it saw must already have its link.
                    if (!suppliers.Contains(item.Node.Id) || !tier1.Contains(item.Node.Id))
                    {
                        Interlocked.Increment(ref violations);
                    }
                }
                Interlocked.Increment(ref reads);
            }
        })).ToArray();
        for (var i = 0; i < 40; i++)
        {
            // Let the readers run between writes so reads and writes really interleave.
            var seen = Volatile.Read(ref reads);
            for (var spin = 0; spin < 200 && Volatile.Read(ref reads) == seen; spin++)
            {
                await Task.Delay(1);
            }
            var id = $"firm:concurrent-{i:D3}";
            await Store.ApplyAsync(new ChangeSet
            {
                UpsertNodes = [Firm(id, $"Concurrent {i}", "VN", null, null, "sector:22", null)],
                UpsertLinks = [Link(id, L, "sector:22", i, null)],
            });
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(0, violations);
        Assert.True(reads >= 40, $"only {reads} reads interleaved with 40 writes");
        Assert.Equal(40, (await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, Filter = new NodeFilter { NameContains = "concurrent" } })).TotalCount);
    }
}
