using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using Microsoft.Data.Sqlite;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store;

/// <summary>The conformance suite on the embedded store, plus what only the embedded store has: its file.</summary>
public sealed class EmbeddedGraphStoreTests : GraphStoreConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override async Task<IGraphStore> CreateStoreAsync() => await EmbeddedGraphStore.OpenAsync(_dir.Path);

    protected override async Task<IGraphStore> ReopenAsync(IGraphStore store)
    {
        await store.DisposeAsync();
        return await EmbeddedGraphStore.OpenAsync(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_snapshot_made_from_a_change_has_the_indexes_a_rebuild_from_scratch_has()
    {
        var store = (EmbeddedGraphStore)Store;
        var a = (Firm)(await store.GetNodesAsync([A]))[0]!;
        var changes = new List<ChangeSet>
        {
            new() { UpsertNodes = [a with { Name = "Công ty Đổi Tên Hoàn Toàn" }] },                        // a rename: search and order by name
            new() { UpsertNodes = [a with { Name = "An Renamed", TaxCode = "0100109106" }] },                 // a new term (the tax code)
            new() { UpsertNodes = [Firm("firm:fresh", "Công ty Mới Toanh", "VN", "province:01-ha-noi", null, "sector:22", FirmRole.SupportingIndustry)] }, // a node added
            new() { UpsertNodes = [a with { Name = "An Renamed", ProvinceId = null, SectorIds = ["sector:22"] }] }, // its relationships changed
            new() { DeleteNodes = ["firm:fresh"] },                                                             // a node deleted
            new() { UpsertLinks = [Link(B, L, "sector:22", 5, "hạt nhựa mới")] },                               // links only
        };
        foreach (var change in changes)
        {
            Assert.True((await store.ApplyAsync(change)).Changed);
            var made = store.Snapshot;
            var rows = made.LiveRows();
            var rebuilt = new GraphSnapshot(made.Version, made.Nodes.ToArray(), () => (rows, rows.Length), made.Products, made.SourceSets, previous: null);
            foreach (var (token, _) in rebuilt.Search.Entries())
            {
                Assert.Equal(rebuilt.Search.Match([token]).Order(), made.SearchMatch([token]).Order());
            }
            foreach (var kind in Enum.GetValues<NodeKind>())
            {
                Assert.Equal(rebuilt.KindOrder(kind), made.KindOrder(kind));
            }
            for (var nid = 0; nid < made.Nodes.Length; nid++)
            {
                foreach (var type in Enum.GetValues<RelType>())
                {
                    Assert.Equal(rebuilt.InNeighbours(type, nid), made.InNeighbours(type, nid));
                }
            }
            Assert.Equal(
                rebuilt.Search.Match(["an", "renamed"]).Select(n => rebuilt.Nodes[n]!.Id),
                (await store.SearchAsync("an renamed")).Select(h => h.Id).Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData("nodes-written")]
    [InlineData("links-started")]
    [InlineData("before-commit")]
    public async Task A_write_that_fails_half_way_leaves_nothing_in_memory_or_on_disk(string stage)
    {
        var store = (EmbeddedGraphStore)Store;
        var before = await store.GetVersionAsync();
        store.WriteFault = s =>
        {
            if (s == stage)
            {
                throw new IOException($"disk failure at {s}");
            }
        };
        var firms = Enumerable.Range(0, 200).Select(i => Firm($"firm:half{i:D3}", $"Half {i}", "VN", null, null, "sector:22", null)).ToList();
        var links = Enumerable.Range(1, 199).Select(i => Link($"firm:half{i:D3}", "firm:half000", "sector:22", i, null)).ToList();
        await Assert.ThrowsAsync<IOException>(() => store.ApplyAsync(new ChangeSet { UpsertNodes = firms, UpsertLinks = links }));
        store.WriteFault = null;
        Assert.Equal(before, await store.GetVersionAsync());
        Assert.Null((await store.GetNodesAsync(["firm:half000"]))[0]);

        Store = await ReopenAsync(Store);
        Assert.Equal(before, await Store.GetVersionAsync());
        Assert.Null((await Store.GetNodesAsync(["firm:half000"]))[0]);
        Assert.Equal(8, (await Store.GetStatsAsync()).SupplyLinks);
        // The store still takes the same change afterwards.
        var result = await Store.ApplyAsync(new ChangeSet { UpsertNodes = firms, UpsertLinks = links });
        Assert.Equal(199, result.LinksWritten);
    }

    [Fact]
    public async Task Two_stores_on_one_folder_see_each_others_commits()
    {
        // Two processes (here: two store objects) sharing one folder, as API replicas on one machine do.
        await using var other = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        var start = await Store.GetVersionAsync();
        Assert.Equal(start, await other.GetVersionAsync());

        var first = await Store.ApplyAsync(new ChangeSet { UpsertNodes = [Firm("firm:shared-a", "Shared A", "VN", null, null, "sector:22", null)] });
        Assert.Equal(start + 1, first.Version);
        // The other store reads the commit before it answers with the version: the version never runs ahead of its data.
        Assert.Equal(first.Version, await other.GetVersionAsync());
        Assert.Equal("Shared A", (await other.GetNodesAsync(["firm:shared-a"]))[0]?.Name);

        // A write on a store whose snapshot the file has left behind reads the newer file first: nothing is lost.
        await Store.ApplyAsync(new ChangeSet { UpsertNodes = [Firm("firm:shared-b", "Shared B", "VN", null, null, "sector:22", null)] });
        var third = await other.ApplyAsync(new ChangeSet { UpsertNodes = [Firm("firm:shared-c", "Shared C", "VN", null, null, "sector:22", null)] });
        Assert.Equal(start + 3, third.Version);
        Assert.Equal(3, (await other.GetNodesAsync(["firm:shared-a", "firm:shared-b", "firm:shared-c"])).Count(n => n is not null));
        Assert.Equal(start + 3, await Store.GetVersionAsync());
        Assert.NotNull((await Store.GetNodesAsync(["firm:shared-c"]))[0]);
    }

    [Fact]
    public async Task A_store_made_before_links_carried_an_hs_code_is_upgraded_in_place()
    {
        using var dir = new TempDirectory();
        await using (var store = await EmbeddedGraphStore.OpenAsync(dir.Path))
        {
            await store.ApplyAsync(Build());
        }
        // The file as schema 1 wrote it: no hs column.
        await using (var c = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "graph.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "ALTER TABLE links DROP COLUMN hs; UPDATE meta SET value='1' WHERE key='schema'";
            cmd.ExecuteNonQuery();
        }
        File.Delete(Path.Combine(dir.Path, StoreCheckpoint.FileName));
        // Two stores opening the old file at once both open it (the column is added once).
        var both = await Task.WhenAll(Task.Run(() => EmbeddedGraphStore.OpenAsync(dir.Path)), Task.Run(() => EmbeddedGraphStore.OpenAsync(dir.Path)));
        await both[1].DisposeAsync();
        await using (var store = both[0])
        {
            var links = (await store.GetSupplyLinksAsync([L], Direction.In))[0];
            Assert.Equal(3, links.Count);
            Assert.All(links, l => Assert.Null(l.HsProductId));
            var chapter = new Product { Id = "product:87", Name = "Vehicles", Code = "87", Level = ProductLevel.Chapter, Sources = [Src] };
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [chapter], UpsertLinks = [links[0] with { HsProductId = chapter.Id }] });
        }
        await using (var c = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "graph.db")};Mode=ReadOnly;Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT value FROM meta WHERE key='schema'";
            Assert.Equal("2", cmd.ExecuteScalar());
        }
        await using var reopened = await EmbeddedGraphStore.OpenAsync(dir.Path, readCopy: false);
        Assert.Equal(1, (await reopened.GetSupplyLinksAsync([L], Direction.In))[0].Count(l => l.HsProductId == "product:87"));
    }

    [Fact]
    public async Task A_corrupt_file_gives_a_clear_error_naming_it()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "graph.db");
        await File.WriteAllBytesAsync(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 37)).ToArray());
        var ex = await Assert.ThrowsAsync<StoreFileException>(() => EmbeddedGraphStore.OpenAsync(dir.Path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_SQLite_file_is_refused()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "graph.db");
        await using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)";
            cmd.ExecuteNonQuery();
        }
        var ex = await Assert.ThrowsAsync<StoreFileException>(() => EmbeddedGraphStore.OpenAsync(dir.Path));
        Assert.Contains("not an Ecosystem graph store", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_file_is_in_WAL_mode()
    {
        var path = ((EmbeddedGraphStore)Store).FilePath;
        await using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
        cmd.CommandText = "SELECT count(*) FROM links";
        Assert.Equal(8L, cmd.ExecuteScalar());
    }

    [Fact]
    public async Task Snapshot_columns_agree_with_the_links()
    {
        // Once as the changes made it (lists per firm over the rows), once read whole from the file (ranges of rows).
        var made = ((EmbeddedGraphStore)Store).Snapshot;
        var reopened = (EmbeddedGraphStore)await ReopenAsync(Store);
        Store = reopened;
        Assert.False(made.IsFullBuild);
        Assert.True(reopened.Snapshot.IsFullBuild);
        foreach (var snap in new[] { made, reopened.Snapshot })
        {
            Assert.Equal(8, snap.LinkCount);
            var lead = snap.NidOf(L);
            var suppliers = new List<string>();
            foreach (var i in snap.InLinks(lead))
            {
                suppliers.Add(snap.Nodes[snap.LinkSupplier[i]]!.Id);
            }
            Assert.Equal([A, B, F], suppliers.Order(StringComparer.Ordinal));
            var buyers = new List<string>();
            foreach (var i in snap.OutLinks(snap.NidOf(C)))
            {
                buyers.Add(snap.Nodes[snap.LinkBuyer[i]]!.Id);
            }
            Assert.Equal([A, B], buyers.Order(StringComparer.Ordinal));
        }
    }
}

/// <summary>The localization conformance suite on the embedded store.</summary>
public sealed class EmbeddedLocalizationTests : LocalizationConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override async Task<IGraphStore> CreateStoreAsync() => await EmbeddedGraphStore.OpenAsync(_dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Suppliers_are_counted_once_however_many_there_are()
    {
        // 3,000 suppliers of 22 to L1, each with two products (two links): more than the set the embedded store keeps before
        // it switches to a bit per firm. Each is counted once, and S2 (already a supplier of 22) once more.
        var firms = Enumerable.Range(0, 3000).Select(i => new Firm
        {
            Id = $"firm:many-{i:D4}", Name = $"Nhà cung cấp {i} (synthetic)", Country = i % 3 == 0 ? "CN" : "VN", SectorIds = ["sector:22209"], Sources = [LocalizationGraph.Src],
        }).ToList();
        var links = firms.SelectMany(f => new[] { "a", "b" }.Select(p => new SupplyLink
        {
            SupplierId = f.Id, BuyerId = LocalizationGraph.L1, SectorId = "sector:22209", Product = p, ValueUsd = 1, Sources = [LocalizationGraph.Src],
        })).ToList();
        await Store.ApplyAsync(new ChangeSet { UpsertNodes = firms, UpsertLinks = links });
        var provinces = (await Store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province })).Items.Select(i => (Province)i.Node);
        var report = await new LocalizationQuery { Scope = new FirmScope { Province = "Hải Phòng" }, AsOf = LocalizationGraph.AsOf }
            .RunAsync(Store, new Ecosystem.Graph.Rules.ProvinceDirectory(provinces), default);
        var plastics = report.Inputs.Single(i => i.SectorId == "sector:22");
        Assert.Equal(3002, plastics.SupplierCount);
        Assert.Equal(550 + 6000, plastics.ValueUsd);
        Assert.Equal(450 + 4000, plastics.DomesticValueUsd);
    }
}
