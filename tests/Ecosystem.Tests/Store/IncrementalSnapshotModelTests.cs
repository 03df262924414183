using System.Text.Json;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Support;
using static Ecosystem.Tests.Store.TestGraph;

namespace Ecosystem.Tests.Store;

/// <summary>
/// Model-based: random sequences of edits (firms, parks and links added, changed, removed; firms merged; now and then a
/// sector renamed) applied one change set at a time to a store that updates its snapshot by each change and folds it
/// often. After every step it must answer exactly as a store opened fresh from the same file's rows (and, every third
/// step, as one opened from the copy beside the file): listings with filters, counts and cursors, nodes, links,
/// neighbours, walks, paths, analyses and search.
/// </summary>
public sealed class IncrementalSnapshotModelTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true };
    private static readonly string[] Provinces = ["province:01-ha-noi", "province:24-bac-ninh", "province:27-bac-ninh-pre2025", "province:30-hai-duong-pre2025"];
    private static readonly string[] Sectors = ["sector:26100", "sector:2610", "sector:22", "sector:26"];
    private static readonly string[] Countries = ["VN", "VN", "VN", "CN", "KR"];
    private static readonly string[] Words = ["Công ty", "Cơ khí", "Đại Việt", "Nhựa", "Linh kiện", "Điện tử", "Hải", "An", "Phú", "Bình", "Minh", "Khuôn mẫu"];
    private static readonly string[] Products = ["bo mạch", "vỏ nhựa", "khuôn", "ốc vít", "chip"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Random_edits_leave_the_store_answering_as_one_opened_fresh_from_its_file(int seed)
    {
        var random = new Random(seed);
        var store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        try
        {
            store.Folding = new FoldPolicy(TouchedNodes: 7, LinkEntries: 30);
            var model = new Model(random);
            var build = Build();
            model.Load(build);
            await store.ApplyAsync(build);
            for (var step = 0; step < 36; step++)
            {
                var (what, change) = model.Next();
                await store.ApplyAsync(change);
                if (step % 5 == 4 && store.FoldInProgress is { } fold)
                {
                    await fold;
                }
                var fresh = await EmbeddedGraphStore.OpenAsync(_dir.Path, readCopy: false);
                try
                {
                    await AssertSameAnswersAsync(fresh, store, model, $"seed {seed}, step {step} ({what})");
                }
                finally
                {
                    await fresh.DisposeAsync();
                }
                if (step % 3 == 2)
                {
                    // Opened from the copy the last fresh open left (and the change since, from the file's journal).
                    var copied = await EmbeddedGraphStore.OpenAsync(_dir.Path);
                    try
                    {
                        Assert.NotNull(copied.LastLoad?.FromCopy);
                        await AssertSameAnswersAsync(copied, store, model, $"seed {seed}, step {step} ({what}), from the copy");
                    }
                    finally
                    {
                        await copied.DisposeAsync();
                    }
                }
            }
            Assert.True(store.FoldCount > 0, "the sequence was folded at least once");
            Assert.Equal(1, store.FullLoads);
            // The country's report was read from the kept one (built on the first ask, then brought along by each change).
            var kept = store.KeptReports;
            Assert.True(kept.Built >= 1 && kept.ChangesApplied > 0 && kept.Answered >= 12, $"kept country reports: built {kept.Built}, changes applied {kept.ChangesApplied}, answered {kept.Answered}");
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_store_on_the_folder_applies_the_other_ones_commits_in_order_without_reading_the_file_whole()
    {
        var random = new Random(11);
        var writer = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        var reader = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        try
        {
            var model = new Model(random);
            var build = Build();
            model.Load(build);
            await writer.ApplyAsync(build);
            Assert.Equal(await writer.GetVersionAsync(), await reader.GetVersionAsync());
            var loadsBefore = reader.FullLoads;
            for (var step = 0; step < 24; step++)
            {
                // One commit or several before the reader looks: it applies them all, in order, as one step.
                var commits = 1 + (step % 3);
                for (var c = 0; c < commits; c++)
                {
                    await writer.ApplyAsync(model.Next().Change);
                }
                Assert.Equal(await writer.GetVersionAsync(), await reader.GetVersionAsync());
                await AssertSameAnswersAsync(writer, reader, model, $"step {step}");
            }
            Assert.Equal(loadsBefore, reader.FullLoads);
            Assert.Equal(24, reader.ChangesApplied - 1);
            Assert.True(reader.KeptReports.ChangesApplied > 0 && reader.KeptReports.Answered > 0, "the reader's kept country report followed the other store's commits");
        }
        finally
        {
            await reader.DisposeAsync();
            await writer.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_change_too_large_for_the_journal_is_read_whole_by_the_other_store()
    {
        var writer = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        var reader = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        try
        {
            await writer.ApplyAsync(Build());
            await reader.GetVersionAsync();
            var firms = Enumerable.Range(0, ChangePlanner.IncrementalLimit + 1)
                .Select(i => Firm($"firm:bulk-{i}", $"Công ty Số {i}", "VN", "province:01-ha-noi", null, "sector:22", null)).ToList();
            await writer.ApplyAsync(new ChangeSet { UpsertNodes = firms });
            var loads = reader.FullLoads;
            Assert.Equal(await writer.GetVersionAsync(), await reader.GetVersionAsync());
            Assert.Equal(loads + 1, reader.FullLoads);
            Assert.Equal((await writer.GetStatsAsync()).Nodes[NodeKind.Firm], (await reader.GetStatsAsync()).Nodes[NodeKind.Firm]);
        }
        finally
        {
            await reader.DisposeAsync();
            await writer.DisposeAsync();
        }
    }

    private static async Task AssertSameAnswersAsync(IGraphStore expected, IGraphStore actual, Model model, string step)
    {
        async Task Same<T>(string what, Func<IGraphStore, Task<T>> ask)
        {
            var want = J(await ask(expected));
            var got = J(await ask(actual));
            Assert.True(want == got, $"{step}: {what} differs\nfresh:       {want}\nincremental: {got}");
        }

        await Same("stats", s => s.GetStatsAsync());
        var ids = model.AllIdsEverSeen();
        await Same("nodes", async s => (await s.GetNodesAsync(ids)).Select(NodeText).ToList());
        foreach (var query in Queries(model))
        {
            await Same($"listing {J(query)}", s => PageThroughAsync(s, query));
        }
        var firms = model.Firms.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var direction in new[] { Direction.In, Direction.Out })
        {
            await Same($"links {direction}", async s => (await s.GetSupplyLinksAsync(firms, direction)).Select(l => l.Select(x => x.Id + J(x)).ToList()).ToList());
            foreach (var type in Enum.GetValues<RelType>())
            {
                await Same($"neighbours {type} {direction}", s => s.GetNeighboursAsync(ids, type, direction));
            }
            foreach (var root in firms.Take(6))
            {
                await Same($"walk {root} {direction}", s => s.TraverseAsync(new TraversalRequest { RootIds = [root], Direction = direction, MaxDepth = 3 }));
            }
        }
        foreach (var lead in firms.Take(4))
        {
            await Same($"paths to {lead}", s => s.FindSupplyPathsAsync(firms[^1], lead, 4, 10));
            await Same($"critical suppliers of {lead}", s => s.CriticalSuppliersAsync(lead, 3, 10));
        }
        await Same("common suppliers", s => s.CommonSuppliersAsync(firms.Take(3).ToList(), 3));
        await Same("disruption", s => s.DisruptionImpactAsync(new DisruptionScenario { Countries = ["CN"] }));
        await Same("clusters", s => s.ClustersAsync(new ClusterRequest { Scope = new NodeFilter { Countries = ["VN"] } }));
        foreach (var province in Provinces)
        {
            await Same($"localization {province}", s => s.LocalizationAsync(new LocalizationRequest { AsOf = new DateOnly(2026, 11, 23), Scope = new NodeFilter { ProvinceIds = [province] } }));
        }
        await Same("localization country", s => s.LocalizationAsync(new LocalizationRequest { AsOf = new DateOnly(2026, 11, 23), Scope = new NodeFilter { Countries = ["VN"] } }));
        // Again once the kept country reports the first ask started are built: kept sums against computed ones.
        foreach (var store in new[] { expected, actual }.OfType<EmbeddedGraphStore>())
        {
            if (store.KeptReports.InProgress is { } building)
            {
                await building;
            }
        }
        await Same("localization country (kept)", s => s.LocalizationAsync(new LocalizationRequest { AsOf = new DateOnly(2026, 11, 23), Scope = new NodeFilter { Countries = ["VN"] } }));
        foreach (var text in new[] { "cong ty", "nhựa", "đại", "linh kien", "0100", "bac ninh", "an" })
        {
            await Same($"search {text}", s => s.SearchAsync(text, first: 50));
        }
    }

    private static IEnumerable<NodeQuery> Queries(Model model)
    {
        var filters = new List<NodeFilter?>
        {
            null,
            new() { SectorIds = ["sector:26"] },
            new() { SectorIds = ["sector:22", "sector:2610"] },
            new() { Roles = [FirmRole.LeadFirm] },
            new() { Roles = [FirmRole.SupportingIndustry] },
            new() { Countries = ["VN"] },
            new() { ParkIds = ["park:kcn-yen-phong", "park:kcn-new"] },
            new() { NameContains = "cong" },
            new() { ProvinceIds = ["province:24-bac-ninh"], SectorIds = ["sector:C"], Roles = [FirmRole.SupportingIndustry, FirmRole.LeadFirm] },
            new() { TaxCodes = model.Firms.Values.Select(f => f.TaxCode).OfType<string>().Take(3).ToList() },
            new() { AllianceIds = ["alliance:g20"] },
        };
        filters.AddRange(Provinces.Select(p => new NodeFilter { ProvinceIds = [p] }));
        foreach (var filter in filters)
        {
            yield return new NodeQuery { Kind = NodeKind.Firm, Filter = filter, First = 3 };
        }
        yield return new NodeQuery { Kind = NodeKind.Firm, First = 4, OrderBy = [new SortOrder(SortField.Country, Descending: true)] };
        yield return new NodeQuery { Kind = NodeKind.Park, First = 1 };
        yield return new NodeQuery { Kind = NodeKind.Sector, First = 2 };
    }

    /// <summary>Every page of a listing, following the cursors: items, cursors, counts and the has-more flags.</summary>
    private static async Task<List<string>> PageThroughAsync(IGraphStore store, NodeQuery query)
    {
        var pages = new List<string>();
        var next = query;
        for (var guard = 0; guard < 50; guard++)
        {
            var page = await store.ListNodesAsync(next);
            pages.Add(J(new { page.TotalCount, page.HasNextPage, page.HasPreviousPage, Items = page.Items.Select(i => (i.Cursor, NodeText(i.Node))).ToList() }));
            if (!page.HasNextPage || page.Items.Count == 0)
            {
                break;
            }
            next = query with { After = page.Items[^1].Cursor };
        }
        return pages;
    }

    private static string? NodeText(Node? node) => node is null ? null : NodeJson.Serialize(node);

    private static string J(object? value) => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), Json);

    /// <summary>What the graph holds, kept beside the store to make valid random edits.</summary>
    private sealed class Model(Random random)
    {
        private readonly HashSet<string> _everSeen = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Park> _parks = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Sector> _sectors = new(StringComparer.Ordinal);
        private int _next;

        public Dictionary<string, Firm> Firms { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SupplyLink> Links { get; } = new(StringComparer.Ordinal);

        public List<string> AllIdsEverSeen() => [.. _everSeen.Order(StringComparer.Ordinal)];

        public void Load(ChangeSet build)
        {
            foreach (var node in build.UpsertNodes)
            {
                Note(node);
            }
            foreach (var link in build.UpsertLinks)
            {
                Links[link.Id] = link;
            }
        }

        private void Note(Node node)
        {
            _everSeen.Add(node.Id);
            switch (node)
            {
                case Firm f:
                    Firms[f.Id] = f;
                    break;
                case Park p:
                    _parks[p.Id] = p;
                    break;
                case Sector s:
                    _sectors[s.Id] = s;
                    break;
            }
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        /// <summary>A tax code that passes its check digit.</summary>
        private string TaxCodeOf()
        {
            while (true)
            {
                var nine = $"0{random.Next(10_000_000, 99_999_999)}";
                if (Ecosystem.Graph.Rules.TaxCode.CheckDigit(nine) is { } check)
                {
                    return nine + check.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        private string Name() => $"{Pick(Words)} {Pick(Words)} {Pick(Words)} {_next}";

        public (string What, ChangeSet Change) Next()
        {
            _next++;
            var roll = random.Next(100);
            return roll switch
            {
                < 18 => ("firm added", Upsert(NewFirm())),
                < 36 => ("firm changed", Upsert(ChangedFirm(Pick(Firms.Values.ToList())))),
                < 56 => AddLink(),
                < 68 => UpdateLink(),
                < 78 => RemoveLink(),
                < 84 => DeleteFirm(),
                < 90 => Merge(),
                < 97 => ("park written", Upsert(ParkEdit())),
                _ => ("sector renamed", Upsert(_sectors["sector:22"] with { Name = $"Sản xuất sản phẩm từ cao su và plastic {_next}" })),
            };
        }

        private ChangeSet Upsert(Node node)
        {
            Note(node);
            return new ChangeSet { UpsertNodes = [node] };
        }

        private Firm NewFirm()
        {
            var country = Pick(Countries);
            return Firm($"firm:n{_next}", Name(), country, country == "VN" ? Pick(Provinces) : null, random.Next(3) == 0 ? "park:kcn-yen-phong" : null,
                Pick(Sectors), random.Next(4) switch { 0 => FirmRole.LeadFirm, 1 or 2 => FirmRole.SupportingIndustry, _ => null },
                random.Next(2) == 0 ? TaxCodeOf() : null);
        }

        private Firm ChangedFirm(Firm firm) => random.Next(7) switch
        {
            6 => firm.Country == "VN"
                ? firm with { Country = "CN", ProvinceId = null, ParkId = null, TaxCode = null }
                : firm with { Country = "VN", ProvinceId = Pick(Provinces) },
            0 => firm with { Name = Name() },
            1 => firm with { ProvinceId = firm.Country == "VN" ? Pick(Provinces) : null },
            2 => firm with { SectorIds = [Pick(Sectors), Pick(Sectors)] },
            3 => firm with { Roles = firm.Roles.Contains(FirmRole.LeadFirm) ? [FirmRole.SupportingIndustry] : [FirmRole.LeadFirm] },
            4 => firm with { ParkId = firm.ParkId is null && _parks.ContainsKey("park:kcn-new") ? "park:kcn-new" : null, TaxCode = TaxCodeOf() },
            _ => firm with { Name = Name(), Roles = [] },
        };

        private (string, ChangeSet) AddLink()
        {
            var ids = Firms.Keys.Order(StringComparer.Ordinal).ToList();
            var supplier = Pick(ids);
            var buyer = Pick(ids);
            if (supplier == buyer)
            {
                return ("firm added", Upsert(NewFirm()));
            }
            var link = Link(supplier, buyer, Pick(Sectors), random.Next(1, 5000), random.Next(3) == 0 ? null : Pick(Products));
            Links[link.Id] = link;
            return ("link written", new ChangeSet { UpsertLinks = [link] });
        }

        private (string, ChangeSet) UpdateLink()
        {
            if (Links.Count == 0)
            {
                return AddLink();
            }
            var link = Pick(Links.Values.OrderBy(l => l.Id, StringComparer.Ordinal).ToList());
            var changed = random.Next(3) switch
            {
                0 => link with { ValueUsd = random.Next(1, 9000) },
                1 => link with { Until = new DateOnly(2021, 6, 30) },
                _ => link with { Confidence = 0.5, ValueUsd = null },
            };
            Links[link.Id] = changed;
            return ("link changed", new ChangeSet { UpsertLinks = [changed] });
        }

        private (string, ChangeSet) RemoveLink()
        {
            if (Links.Count == 0)
            {
                return AddLink();
            }
            var link = Pick(Links.Values.OrderBy(l => l.Id, StringComparer.Ordinal).ToList());
            Links.Remove(link.Id);
            return ("link removed", new ChangeSet { DeleteLinks = [link.Id] });
        }

        private List<SupplyLink> LinksOf(string firm) =>
            [.. Links.Values.Where(l => l.SupplierId == firm || l.BuyerId == firm).OrderBy(l => l.Id, StringComparer.Ordinal)];

        private (string, ChangeSet) DeleteFirm()
        {
            var firm = Pick(Firms.Keys.Where(k => k != L).Order(StringComparer.Ordinal).ToList());
            var links = LinksOf(firm);
            foreach (var link in links)
            {
                Links.Remove(link.Id);
            }
            Firms.Remove(firm);
            return ("firm deleted", new ChangeSet { DeleteNodes = [firm], DeleteLinks = [.. links.Select(l => l.Id)] });
        }

        /// <summary>One firm folded into another: its links moved to the survivor (self-links and duplicates dropped), its id kept as a former id.</summary>
        private (string, ChangeSet) Merge()
        {
            var ids = Firms.Keys.Where(k => k != L).Order(StringComparer.Ordinal).ToList();
            if (ids.Count < 3)
            {
                return ("firm added", Upsert(NewFirm()));
            }
            var gone = Pick(ids);
            var keep = Pick(ids.Where(i => i != gone).ToList());
            var old = LinksOf(gone);
            var moved = new List<SupplyLink>();
            foreach (var link in old)
            {
                Links.Remove(link.Id);
                var now = link with
                {
                    SupplierId = link.SupplierId == gone ? keep : link.SupplierId,
                    BuyerId = link.BuyerId == gone ? keep : link.BuyerId,
                };
                if (now.SupplierId != now.BuyerId && !Links.ContainsKey(now.Id))
                {
                    Links[now.Id] = now;
                    moved.Add(now);
                }
            }
            var survivor = Firms[keep] with { FormerIds = [.. Firms[keep].FormerIds ?? [], gone] };
            Firms.Remove(gone);
            Note(survivor);
            return ($"{gone} merged into {keep}", new ChangeSet
            {
                DeleteNodes = [gone],
                UpsertNodes = [survivor],
                DeleteLinks = [.. old.Select(l => l.Id)],
                UpsertLinks = moved,
            });
        }

        private Park ParkEdit() => random.Next(2) == 0 || !_parks.ContainsKey("park:kcn-new")
            ? new Park { Id = "park:kcn-new", Name = $"Khu công nghiệp {Name()}", ParkKind = ParkKind.IndustrialPark, ProvinceId = Pick(Provinces), TotalAreaHa = random.Next(50, 900), Sources = Cite }
            : _parks["park:kcn-yen-phong"] with { Name = $"Khu công nghiệp Yên Phong {_next}", OccupancyPercent = random.Next(10, 99) };
    }
}
