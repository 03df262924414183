using System.Reflection;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using Microsoft.Data.Sqlite;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store;

/// <summary>
/// The copy of the graph kept beside the store file: an open reads it when it may (this store, a version the file passed
/// through, the journal complete since) and then answers exactly as an open from the rows; any other copy is passed over.
/// </summary>
public sealed class StoreCheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string CopyPath => Path.Combine(_dir.Path, StoreCheckpoint.FileName);

    [Fact]
    public void The_copy_writes_every_property_a_firm_has()
    {
        var properties = typeof(Firm).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.Name != "EqualityContract").Select(p => p.Name).Order().ToArray();
        Assert.Equal(properties, StoreCheckpoint.FirmFields.Order().ToArray());
    }

    [Fact]
    public async Task A_store_reopened_reads_its_copy_and_answers_as_the_rows_do()
    {
        await using (var store = await EmbeddedGraphStore.OpenAsync(_dir.Path))
        {
            await store.ApplyAsync(Build());
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [.. ProfileCatalogue(), EveryFieldWard(), EveryField()] });
            await store.ApplyAsync(new ChangeSet { UpsertLinks = [Link("firm:every-field", L, "sector:22", 42, "khuôn") with { HsProductId = "product:870829" }] });
        }
        // The first open read the rows (there was no copy of this version) and wrote one on its way out.
        await using (var rows = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false))
        {
            Assert.Null(rows.LastLoad!.FromCopy);
        }
        Assert.True(File.Exists(CopyPath));
        await using var copied = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await using var fromRows = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false);
        var source = copied.LastLoad!.FromCopy;
        Assert.NotNull(source);
        Assert.Equal((await copied.GetVersionAsync(), 0, 0), (source.CopyVersion, source.NodesReplayed, source.LinksReplayed));
        await AssertSameGraphAsync(fromRows, copied);
        var firm = (Firm)(await copied.GetNodesAsync(["firm:every-field"]))[0]!;
        Assert.Equal(NodeJson.Serialize(EveryField()), NodeJson.Serialize(firm));
        Assert.Equal("product:870829", Assert.Single((await copied.GetSupplyLinksAsync(["firm:every-field"], Direction.Out))[0]).HsProductId);
    }

    [Fact]
    public async Task Changes_committed_after_the_copy_are_read_from_the_file()
    {
        long copyVersion;
        await using (var store = await EmbeddedGraphStore.OpenAsync(_dir.Path))
        {
            await store.ApplyAsync(Build());
        }
        await using (var store = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false))
        {
            copyVersion = await store.GetVersionAsync();
            await WaitForCopyAsync(store);
            // Firms added, changed and deleted; links added, revalued and removed; after the copy was made.
            await store.ApplyAsync(new ChangeSet
            {
                UpsertNodes = [.. ProfileCatalogue(), EveryFieldWard(), EveryField(), Firm(A, "Công ty Linh kiện An Mới", "VN", "province:24-bac-ninh", null, "sector:22", null)],
                UpsertLinks = [Link("firm:every-field", L, "sector:22", 42, "khuôn") with { HsProductId = "product:8708" }, Link(A, L, "sector:26100", 1234, "bo mạch")],
                DeleteLinks = [Link(C, A, "sector:26100", 300, "chip").Id],
            });
            await store.ApplyAsync(new ChangeSet { DeleteNodes = [F], DeleteLinks = [Link(F, L, "sector:22", 70, "thùng carton").Id] });
            Assert.Equal(1, store.CheckpointsWritten);
        }
        await using var copied = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await using var fromRows = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false);
        var source = copied.LastLoad!.FromCopy;
        Assert.NotNull(source);
        Assert.Equal(copyVersion, source.CopyVersion);
        Assert.True(source.NodesReplayed >= 3 && source.LinksReplayed >= 4, $"replayed {source.NodesReplayed} nodes, {source.LinksReplayed} links");
        await AssertSameGraphAsync(fromRows, copied);
        Assert.Null((await copied.GetNodesAsync([F]))[0]);
        Assert.Equal("Công ty Linh kiện An Mới", (await copied.GetNodesAsync([A]))[0]!.Name);
    }

    [Fact]
    public async Task A_torn_or_altered_copy_is_passed_over()
    {
        await MakeStoreWithCopyAsync();
        var bytes = await File.ReadAllBytesAsync(CopyPath);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(CopyPath, bytes);
        await AssertCopyPassedOverAsync();
        await File.WriteAllBytesAsync(CopyPath, bytes[..(bytes.Length - 9)]);
        await AssertCopyPassedOverAsync();
    }

    [Fact]
    public async Task Another_stores_copy_is_passed_over()
    {
        await MakeStoreWithCopyAsync();
        using var other = new TempDirectory();
        await using (var store = await EmbeddedGraphStore.OpenAsync(other.Path))
        {
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [new Source { Id = Src, Name = "Another store (synthetic)", Synthetic = true }] });
        }
        File.Copy(Path.Combine(other.Path, StoreCheckpoint.FileName), CopyPath, overwrite: true);
        await AssertCopyPassedOverAsync();
    }

    [Fact]
    public async Task A_copy_is_passed_over_when_the_journal_since_has_a_gap()
    {
        await MakeStoreWithCopyAsync();
        long version;
        await using (var store = await EmbeddedGraphStore.OpenAsync(_dir.Path))
        {
            version = await store.GetVersionAsync();
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [.. ProfileCatalogue(), EveryFieldWard(), EveryField()] });
            await store.ApplyAsync(new ChangeSet { DeleteNodes = [F], DeleteLinks = [Link(F, L, "sector:22", 70, "thùng carton").Id] });
        }
        Assert.Equal(version, ReadCopyVersion());
        Execute($"DELETE FROM journal WHERE version = {version + 1}");
        await AssertCopyPassedOverAsync();
    }

    [Fact]
    public async Task A_copy_made_on_another_line_of_history_is_passed_over()
    {
        // The file's entry at the copy's version is not the one the copy was stamped with (a file put back from elsewhere).
        await MakeStoreWithCopyAsync();
        var version = ReadCopyVersion();
        Execute($"UPDATE journal SET nodes = '[0]' WHERE version = {version}");
        await AssertCopyPassedOverAsync();
    }

    [Fact]
    public async Task Folds_leave_a_copy_of_the_version_they_made()
    {
        await using var store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        store.Folding = new FoldPolicy(TouchedNodes: 2, LinkEntries: 1_000);
        store.CheckpointInterval = TimeSpan.Zero;
        await store.ApplyAsync(Build());
        await WaitForCopyAsync(store);
        var written = store.CheckpointsWritten;
        for (var i = 0; i < 4; i++)
        {
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [Firm($"firm:new-{i}", $"Công ty Mới {i}", "VN", "province:01-ha-noi", null, "sector:22", null)] });
        }
        if (store.FoldInProgress is { } fold)
        {
            await fold;
        }
        await WaitForCopyAsync(store);
        Assert.True(store.FoldCount > 0, "a fold ran");
        Assert.True(store.CheckpointsWritten > written, "the fold's version was copied");
        Assert.Null(store.CheckpointFailure);

        // With the default interval, the next folds within the minute leave the copy as it is.
        store.CheckpointInterval = TimeSpan.FromMinutes(1);
        written = store.CheckpointsWritten;
        var folds = store.FoldCount;
        for (var i = 4; i < 10; i++)
        {
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [Firm($"firm:new-{i}", $"Công ty Mới {i}", "VN", "province:01-ha-noi", null, "sector:22", null)] });
            if (store.FoldInProgress is { } next)
            {
                await next;
            }
        }
        await WaitForCopyAsync(store);
        Assert.True(store.FoldCount > folds, "more folds ran");
        Assert.Equal(written, store.CheckpointsWritten);
    }

    [Fact]
    public async Task A_copy_is_written_once_per_version_and_by_one_process_at_a_time()
    {
        await MakeStoreWithCopyAsync();
        await using (var again = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false))
        {
            await WaitForCopyAsync(again);
            Assert.Equal(0, again.CheckpointsWritten);
        }
        await using (var store = await EmbeddedGraphStore.OpenAsync(_dir.Path))
        {
            await store.ApplyAsync(new ChangeSet { UpsertNodes = [.. ProfileCatalogue(), EveryFieldWard(), EveryField()] });
        }
        // Another process is writing a copy: this one leaves it to that one.
        using (new FileStream(CopyPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            await using var locked = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false);
            await WaitForCopyAsync(locked);
            Assert.Equal(0, locked.CheckpointsWritten);
        }
        await using var free = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false);
        await WaitForCopyAsync(free);
        Assert.Equal(1, free.CheckpointsWritten);
        Assert.Equal(await free.GetVersionAsync(), ReadCopyVersion());
    }

    private async Task MakeStoreWithCopyAsync()
    {
        long version;
        // Closed first: a store waits for the copy it is writing (of the empty graph it opened) before it closes.
        await using (var store = await EmbeddedGraphStore.OpenAsync(_dir.Path))
        {
            await store.ApplyAsync(Build());
            version = await store.GetVersionAsync();
        }
        await using var reopened = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false);
        await WaitForCopyAsync(reopened);
        Assert.Equal(version, ReadCopyVersion());
    }

    private long ReadCopyVersion()
    {
        using var file = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, GraphFile.FileName)};Mode=ReadOnly;Pooling=False");
        file.Open();
        using var cmd = file.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key='store_id'";
        var id = Guid.Parse((string)cmd.ExecuteScalar()!);
        return StoreCheckpoint.Read(CopyPath, id, long.MaxValue)?.Header.Version ?? -1;
    }

    private async Task AssertCopyPassedOverAsync()
    {
        await using var copied = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        Assert.Null(copied.LastLoad!.FromCopy);
        await using var fromRows = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false);
        await AssertSameGraphAsync(fromRows, copied);
        await WaitForCopyAsync(copied);
    }

    private static async Task WaitForCopyAsync(EmbeddedGraphStore store)
    {
        if (store.CheckpointInProgress is { } copy)
        {
            await copy;
        }
    }

    private void Execute(string sql)
    {
        using var file = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, GraphFile.FileName)};Pooling=False");
        file.Open();
        using var cmd = file.CreateCommand();
        cmd.CommandText = sql;
        Assert.Equal(1, cmd.ExecuteNonQuery());
    }

    /// <summary>Every node and every link, as JSON, the same in both.</summary>
    private static async Task AssertSameGraphAsync(EmbeddedGraphStore expected, EmbeddedGraphStore actual)
    {
        Assert.Equal(await expected.GetVersionAsync(), await actual.GetVersionAsync());
        Assert.Equal(Dump(expected), Dump(actual));
    }

    private static string Dump(EmbeddedGraphStore store)
    {
        var snap = store.Snapshot;
        var lines = new List<string>();
        for (var nid = 0; nid < snap.Nodes.Length; nid++)
        {
            if (snap.Nodes[nid] is { } node)
            {
                lines.Add($"{nid} {NodeJson.Serialize(node)}");
            }
        }
        lines.AddRange(snap.AllLinks().Select(link => System.Text.Json.JsonSerializer.Serialize(snap.Materialize(link))));
        return string.Join('\n', lines);
    }

    private static Ward EveryFieldWard() => new()
    {
        Id = "ward:09247",
        Code = "09247",
        Name = "Yên Phong",
        FullName = "Xã Yên Phong",
        ProvinceId = "province:24-bac-ninh",
        ValidFrom = new DateOnly(2025, 7, 1),
        FormerProvinceIds = ["province:27-bac-ninh-pre2025"],
        Sources = [Src],
    };

    private static Firm EveryField() => new()
    {
        Id = "firm:every-field",
        Name = "Công ty TNHH Khuôn mẫu Đầy Đủ",
        Sources = [Src],
        TaxCode = "0314409058-002",
        Ownership = Ownership.JointVenture,
        Country = "VN",
        OriginCountry = "JP",
        Size = FirmSize.Medium,
        Roles = [FirmRole.SupportingIndustry, FirmRole.Logistics],
        ProvinceId = "province:24-bac-ninh",
        ParkId = "park:kcn-yen-phong",
        SectorIds = ["sector:22", "sector:26100"],
        AllianceIds = ["alliance:g20"],
        Lat = 21.1861,
        Lng = 106.0763,
        RevenueUsd = 1.25e7,
        Note = "Synthetic firm with every field set.",
        FormerIds = ["firm:every-field-old"],
        Employees = 340,
        FoundedYear = 2009,
        Address = "Lô A1, KCN Yên Phong",
        WardId = "ward:09247",
        Placement = new Placement("province:24-bac-ninh", "province:27-bac-ninh-pre2025", PlacementMethod.Ward),
        Identifiers =
        [
            new FirmIdentifier(Graph.Rules.IdentifierScheme.Lei, "5493001KJTIIGC8Y1R12"),
            new FirmIdentifier(Graph.Rules.IdentifierScheme.OpenSupplyHub, "VN20231457QK2M" + Graph.Rules.Identifiers.OpenSupplyHubCheck("VN20231457QK2M")),
            new FirmIdentifier(Graph.Rules.IdentifierScheme.Gln, "893123456789" + Graph.Rules.Identifiers.GlnCheck("893123456789")),
            new FirmIdentifier(Graph.Rules.IdentifierScheme.EnterpriseRegistration, "0314409058"),
            new FirmIdentifier(Graph.Rules.IdentifierScheme.Customs, "0314409058-002"),
        ],
        Capabilities = new FirmCapabilities
        {
            Products = [new FirmProduct("product:870829", "Khung ghế dập", 120000, "pcs", true, [Src])],
            Processes = [new FirmProcess("process:stamping", "200 t", false, [Src])],
            Certifications = [new FirmCertification("standard:iatf-16949", "IATF-1", "Bureau Test", new DateOnly(2024, 4, 1), new DateOnly(2027, 3, 31), true, [Src])],
            ExportMarkets = [new ExportMarket("JP", false, [Src])],
        },
    };

    /// <summary>The products, process and standard the firm with every field names.</summary>
    private static Node[] ProfileCatalogue() =>
    [
        new Product { Id = "product:87", Name = "Vehicles", Code = "87", Level = ProductLevel.Chapter, Sources = [Src] },
        new Product { Id = "product:8708", Name = "Parts of motor vehicles", Code = "8708", Level = ProductLevel.Heading, ParentId = "product:87", Sources = [Src] },
        new Product { Id = "product:870829", Name = "Body parts", Code = "870829", Level = ProductLevel.Subheading, ParentId = "product:8708", Sources = [Src] },
        new Process { Id = "process:stamping", Name = "Dập", Code = "stamping", Sources = [Src] },
        new CertificationStandard { Id = "standard:iatf-16949", Name = "IATF 16949", Code = "IATF 16949", Sources = [Src] },
    ];
}
