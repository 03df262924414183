using Ecosystem.Graph.Data;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Seed;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Data;

/// <summary>A store holding the reference data, shared by the import tests of one class.</summary>
public sealed class ReferenceStoreFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    private EmbeddedGraphStore? _store;

    public EmbeddedGraphStore Store => _store ?? throw new InvalidOperationException("the store is opened in InitializeAsync");

    public string DataDir => _dir.Path;

    public async Task InitializeAsync()
    {
        _store = await EmbeddedGraphStore.OpenAsync(_dir.Path);
        await _store.ApplyAsync(ReferenceData.Load());
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}

public sealed class ImportTests(ReferenceStoreFixture fixture) : IClassFixture<ReferenceStoreFixture>
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    public const string Sources = """
        id,title,publisher,url,date
        survey-2026,Supplier survey 2026 (test),Test institute,https://example.org/survey,2026-03-01
        """;

    public const string FirmsHeader = "id,name,tax_code,ownership,country,province,park,sectors,roles,lat,lng,source";
    public const string LinksHeader = "supplier,buyer,sector,product,value_usd,since,until,confidence,source";

    private Task<ImportReport> ImportAsync(string firms, string links, string? sources = Sources, bool dryRun = false) =>
        new SupplyImporter(fixture.Store).ImportAsync(
            new ImportFiles(new StringReader(firms), "firms.csv", new StringReader(links), "links.csv", sources is null ? null : new StringReader(sources)),
            dryRun, Today);

    [Fact]
    public async Task A_source_named_twice_with_or_without_its_prefix_is_cited_once()
    {
        var report = await ImportAsync($"{FirmsHeader}\nd1,Twice Cited,,,VN,,,22,,,,survey-2026;source:survey-2026\n", $"{LinksHeader}\n");
        Assert.Empty(report.Errors);
        var firm = (Firm)(await fixture.Store.GetNodesAsync(["firm:d1"]))[0]!;
        Assert.Equal(["source:survey-2026"], firm.Sources);
    }

    [Fact]
    public async Task Valid_files_are_written_in_one_change_set_and_a_rerun_changes_nothing()
    {
        var firms = $"""
            {FirmsHeader}
            imp-lead,Công ty Điện tử Nhập,0100233488,FDI,VN,hai duong,Khu công nghiệp Đình Vũ,26;2630,LEAD_FIRM,20.83,106.77,survey-2026
            imp-part,"Công ty Linh kiện, Nhựa",0314409058-002,DOMESTIC_PRIVATE,VN,Hà Nội,,22,SUPPORTING_INDUSTRY,,,source:survey-2026
            imp-abroad,Shenzhen Boards Ltd,,,CN,,,26,,,,survey-2026
            """;
        var links = $"""
            {LinksHeader}
            imp-part,0100 233 488,22,vỏ nhựa,120000,2024-01-01,,0.8,survey-2026
            firm:imp-abroad,imp-lead,2630,bo mạch,2500000,2023-06-01,2026-12-31,,survey-2026
            imp-abroad,0314409058-002,26,,,,,,survey-2026
            """;
        var before = await fixture.Store.GetVersionAsync();
        var dry = await ImportAsync(firms, links, dryRun: true);
        Assert.Empty(dry.Errors);
        Assert.Equal((3, 3, 1, false), (dry.Firms, dry.Links, dry.Sources, dry.Written));
        Assert.Equal(before, await fixture.Store.GetVersionAsync());

        var report = await ImportAsync(firms, links);
        Assert.Empty(report.Errors);
        Assert.True(report.Written);
        Assert.Equal(before + 1, report.Version);
        Assert.Equal((4, 3), (report.NodesWritten, report.LinksWritten));
        var lead = (Firm)(await fixture.Store.GetNodesAsync(["firm:imp-lead"]))[0]!;
        Assert.Equal("province:30-hai-duong-pre2025", lead.ProvinceId);
        Assert.Equal("park:kcn-dinh-vu-hai-phong", lead.ParkId);
        Assert.Equal(["sector:26", "sector:2630"], lead.SectorIds);
        Assert.Equal(Ownership.Fdi, lead.Ownership);
        Assert.Equal(["source:survey-2026"], lead.Sources);
        var suppliers = (await fixture.Store.GetSupplyLinksAsync(["firm:imp-lead"], Direction.In))[0];
        Assert.Equal(["firm:imp-abroad", "firm:imp-part"], suppliers.Select(l => l.SupplierId));
        Assert.Equal(new DateOnly(2026, 12, 31), suppliers[0].Until);
        Assert.Equal(1.0, suppliers[0].Confidence);
        var branch = (await fixture.Store.GetSupplyLinksAsync(["firm:imp-part"], Direction.In))[0];
        Assert.Equal("firm:imp-abroad", Assert.Single(branch).SupplierId);

        var again = await ImportAsync(firms, links);
        Assert.Empty(again.Errors);
        Assert.False(again.Written);
        Assert.Equal(report.Version, await fixture.Store.GetVersionAsync());
    }

    [Theory]
    [InlineData("x1,Firm,,,VN,Atlantis,,22,,,,survey-2026", "firms.csv", 2, "province", "Atlantis", "unknown province")]
    [InlineData("x1,Firm,0100233480,,VN,,,22,,,,survey-2026", "firms.csv", 2, "tax_code", "0100233480", "invalid tax code")]
    [InlineData("x1,Firm,,,VN,,,9999,,,,survey-2026", "firms.csv", 2, "sectors", "9999", "unknown sector")]
    [InlineData("x1,Firm,,STATELY,VN,,,22,,,,survey-2026", "firms.csv", 2, "ownership", "STATELY", "not one of")]
    [InlineData("x1,Firm,,,Vietnam,,,22,,,,survey-2026", "firms.csv", 2, "country", "Vietnam", "alpha-2")]
    [InlineData("x1,Firm,0100233488,,CN,,,22,,,,survey-2026", "firms.csv", 2, "tax_code", "0100233488", "abroad")]
    [InlineData("x1,Firm,,,CN,Hà Nội,,22,,,,survey-2026", "firms.csv", 2, "province", "Hà Nội", "abroad")]
    [InlineData("x1,Firm,,,VN,,Khu công nghiệp Không Có,22,,,,survey-2026", "firms.csv", 2, "park", "Khu công nghiệp Không Có", "unknown park")]
    [InlineData("x1,Firm,,,VN,,,22,BOSS,,,survey-2026", "firms.csv", 2, "roles", "BOSS", "not one of")]
    [InlineData("x1,Firm,,,VN,,,22,,95,106,survey-2026", "firms.csv", 2, "lat", "95", "between -90 and 90")]
    [InlineData("x1,Firm,,,VN,,,22,,,,nowhere", "firms.csv", 2, "source", "nowhere", "unknown source")]
    [InlineData("x1,,,,VN,,,22,,,,survey-2026", "firms.csv", 2, "name", "", "required")]
    public async Task Every_bad_firm_value_is_reported_with_its_place_and_nothing_is_written(string row, string file, int line, string column, string value, string reason)
    {
        var before = await fixture.Store.GetVersionAsync();
        var report = await ImportAsync($"{FirmsHeader}\n{row}\nx2,Other,,,VN,,,22,,,,survey-2026\n", $"{LinksHeader}\n");
        var error = Assert.Single(report.Errors);
        Assert.Equal((file, line, column, value), (error.File, error.Line, error.Column, error.Value));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.False(report.Written);
        Assert.Equal(before, await fixture.Store.GetVersionAsync());
        Assert.Null((await fixture.Store.GetNodesAsync(["firm:x2"]))[0]);
    }

    [Theory]
    [InlineData("y1,y1,22,,,,,,survey-2026", "buyer", "y1", "cannot supply itself")]
    [InlineData("y1,y2,22,,lots,,,,survey-2026", "value_usd", "lots", "not a number")]
    [InlineData("y1,y2,22,,-5,,,,survey-2026", "value_usd", "-5", "at least 0")]
    [InlineData("y1,y2,22,,,2024-05-01,2023-01-01,,survey-2026", "until", "2023-01-01", "before since")]
    [InlineData("y1,y2,22,,,2024-13-01,,,survey-2026", "since", "2024-13-01", "not a date")]
    [InlineData("y1,y2,22,,,,,1.5,survey-2026", "confidence", "1.5", "between 0 and 1")]
    [InlineData("y1,y2,9999,,,,,,survey-2026", "sector", "9999", "unknown sector")]
    [InlineData("y1,nobody,22,,,,,,survey-2026", "buyer", "nobody", "unknown firm")]
    [InlineData("y1,0100233480,22,,,,,,survey-2026", "buyer", "0100233480", "invalid tax code")]
    [InlineData("y1,0314409058,22,,,,,,survey-2026", "buyer", "0314409058", "no firm has this tax code")]
    [InlineData("y1,y2,22,,,,,,", "source", "", "required")]
    public async Task Every_bad_link_value_is_reported_with_its_place_and_nothing_is_written(string row, string column, string value, string reason)
    {
        var before = await fixture.Store.GetVersionAsync();
        var firms = $"{FirmsHeader}\ny1,One,,,VN,,,22,,,,survey-2026\ny2,Two,,,VN,,,22,,,,survey-2026\n";
        var report = await ImportAsync(firms, $"{LinksHeader}\ny2,y1,22,,,,,,survey-2026\n{row}\n");
        var error = Assert.Single(report.Errors);
        Assert.Equal(("links.csv", 3, column, value), (error.File, error.Line, error.Column, error.Value));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Store.GetVersionAsync());
    }

    [Fact]
    public async Task Duplicates_missing_columns_and_every_error_of_a_file_are_all_reported()
    {
        var report = await ImportAsync(
            $"{FirmsHeader}\nz1,One,,,VN,,,22,,,,survey-2026\nz1,Again,,,VN,,,22,,,,survey-2026\nz2,Bad,12,,VN,Atlantis,,22,,,,survey-2026\n",
            $"{LinksHeader}\nz1,z2,22,,,,,,survey-2026\n");
        Assert.Equal(
            [("firms.csv", 3, "id", "duplicate id in this file"), ("firms.csv", 4, "tax_code", "invalid tax code"), ("firms.csv", 4, "province", "unknown province"), ("links.csv", 2, "buyer", "unknown firm")],
            report.Errors.Select(e => (e.File, e.Line, e.Column, e.Reason.Split(':')[0])));
        var missing = await ImportAsync("id,name,country\nq,Q,VN\n", $"{LinksHeader}\n");
        Assert.Contains(missing.Errors, e => e is { File: "firms.csv", Line: 1, Column: "tax_code" } && e.Reason.StartsWith("missing column", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_seed_command_prints_every_problem_with_its_line_and_exits_non_zero()
    {
        using var dir = new TempDirectory();
        var firms = Path.Combine(dir.Path, "firms.csv");
        var links = Path.Combine(dir.Path, "links.csv");
        var sources = Path.Combine(dir.Path, "sources.csv");
        await File.WriteAllTextAsync(sources, Sources);
        await File.WriteAllTextAsync(firms, $"{FirmsHeader}\nc1,One,0100233480,,VN,,,22,,,,survey-2026\nc2,Two,,,VN,,,22,,,,survey-2026\n");
        await File.WriteAllTextAsync(links, $"{LinksHeader}\nc2,c2,22,,,,,,survey-2026\n");
        var output = new StringWriter();
        var error = new StringWriter();
        await fixture.Store.DisposeAsync();
        try
        {
            var exit = await SeedCli.RunAsync(["import", "--firms", firms, "--links", links, "--sources", sources, "--data-dir", fixture.DataDir], output, error);
            Assert.Equal(1, exit);
            Assert.Contains("2 problem(s); nothing was written", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("firms.csv:2: tax_code '0100233480': invalid tax code", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("links.csv:2: buyer 'c2': a firm cannot supply itself", error.ToString(), StringComparison.Ordinal);

            await File.WriteAllTextAsync(firms, $"{FirmsHeader}\nc1,One,0100233488,,VN,,,22,,,,survey-2026\nc2,Two,,,VN,,,22,,,,survey-2026\n");
            await File.WriteAllTextAsync(links, $"{LinksHeader}\nc2,c1,22,,,,,,survey-2026\n");
            output = new StringWriter();
            Assert.Equal(0, await SeedCli.RunAsync(["import", "--firms", firms, "--links", links, "--sources", sources, "--dry-run", "--data-dir", fixture.DataDir], output, error));
            Assert.Contains("dry run: 2 firms, 1 links and 1 sources are valid; nothing was written", output.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, await SeedCli.RunAsync(["import", "--firms", firms, "--links", links, "--sources", sources, "--data-dir", fixture.DataDir], output, error));
            Assert.Contains("imported 2 firms, 1 links and 1 sources", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.InitializeAsync();
        }
    }
}
