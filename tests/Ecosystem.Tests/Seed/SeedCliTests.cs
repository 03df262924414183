using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Seed;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Seed;

public sealed class SeedCliTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await SeedCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Reference_then_synthetic_then_stats_and_reruns_change_nothing()
    {
        using var dir = new TempDirectory();
        var first = await Run("reference", "--data-dir", dir.Path);
        Assert.Equal(0, first.Exit);
        Assert.Contains("reference data written", first.Out, StringComparison.Ordinal);
        var again = await Run("reference", "--data-dir", dir.Path);
        Assert.Contains("nothing changed", again.Out, StringComparison.Ordinal);

        var synthetic = await Run("synthetic", "--firms", "300", "--seed", "2", "--data-dir", dir.Path);
        Assert.Equal(0, synthetic.Exit);
        Assert.Contains("synthetic network written", synthetic.Out, StringComparison.Ordinal);
        var rerun = await Run("synthetic", "--firms", "300", "--seed", "2", "--data-dir", dir.Path);
        Assert.Contains("synthetic network already present: nothing changed", rerun.Out, StringComparison.Ordinal);

        var stats = await Run("stats", "--data-dir", dir.Path);
        Assert.Equal(0, stats.Exit);
        await using var store = await EmbeddedGraphStore.OpenAsync(dir.Path);
        var s = await store.GetStatsAsync();
        Assert.Equal(3 + 300, s.Nodes[NodeKind.Firm]);
        Assert.Contains($"SUPPLIES  {s.SupplyLinks,12:N0}", stats.Out, StringComparison.Ordinal);
        Assert.Contains("version   2", stats.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--firms must be between 10 and 2,000,000", "synthetic", "--firms", "5")]
    [InlineData("--firms", "synthetic")]
    [InlineData("Unrecognized command or argument 'bogus'", "bogus")]
    [InlineData("--links-per-firm must be in", "synthetic", "--firms", "100", "--links-per-firm", "0")]
    public async Task Bad_arguments_get_a_clear_message_and_a_non_zero_exit(string message, params string[] args)
    {
        using var dir = new TempDirectory();
        var (exit, output, error) = await Run([.. args, "--data-dir", dir.Path]);
        Assert.NotEqual(0, exit);
        Assert.Contains(message, output + error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, "graph.db")));
    }

    [Fact]
    public async Task A_corrupt_store_file_is_named_without_a_stack_trace()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "graph.db");
        await File.WriteAllTextAsync(path, "this is not a database, just some text that fills more than a page of bytes".PadRight(5000, 'x'));
        var (exit, _, error) = await Run("stats", "--data-dir", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_localization_writes_the_same_csv_as_the_api_and_a_candidates_file_beside_it()
    {
        using var dir = new TempDirectory();
        await using (var store = await EmbeddedGraphStore.OpenAsync(dir.Path))
        {
            await store.ApplyAsync(Ecosystem.Tests.Store.LocalizationGraph.Build());
        }
        var report = Path.Combine(dir.Path, "hai-phong.csv");
        var (exit, _, error) = await Run("report", "localization", "--province", "Hải Phòng", "--as-of", "2026-09-01", "--first", "1", "--out", report, "--data-dir", dir.Path);
        Assert.True(exit == 0, error);
        Assert.Contains("2 lead firms, 4 input sectors, 2 gaps, 1 expected inputs unknown; domestic share 37.1%", error, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(report);
        Assert.Equal(5, lines.Length);
        Assert.Equal("29,Sản xuất ô tô và xe có động cơ khác,850.00,250.00,250.00,600.00,0.2941,0.2941,2,true,JP=600.00;VN=250.00,", lines[2]);
        var candidates = await File.ReadAllLinesAsync(Path.Combine(dir.Path, "hai-phong.candidates.csv"));
        Assert.Equal(2, candidates.Length);
        Assert.StartsWith("26,\"Sản xuất sản phẩm điện tử, máy tính và sản phẩm quang học\",1,firm:s-linh-kien,", candidates[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("No province matches \"Atlantis\"", "--province", "Atlantis")]
    [InlineData("Give exactly one of park, province, region, corridor, country", "--province", "31", "--country")]
    [InlineData("threshold is a share between 0 and 1", "--country", "--threshold", "2")]
    [InlineData("--level must be section, division, group, class or subclass", "--country", "--level", "tier")]
    [InlineData("--as-of must be a date yyyy-MM-dd", "--country", "--as-of", "1 May")]
    public async Task Report_localization_refuses_bad_arguments_and_writes_no_file(string message, params string[] args)
    {
        using var dir = new TempDirectory();
        await using (var store = await EmbeddedGraphStore.OpenAsync(dir.Path))
        {
            await store.ApplyAsync(Ecosystem.Tests.Store.LocalizationGraph.Build());
        }
        var report = Path.Combine(dir.Path, "r.csv");
        var (exit, output, error) = await Run(["report", "localization", .. args, "--out", report, "--data-dir", dir.Path]);
        Assert.Equal(1, exit);
        Assert.Contains(message, output + error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.csv*"));
    }

    [Fact]
    public async Task Duplicates_lists_a_firm_entered_twice_as_CSV()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, (await Run("reference", "--data-dir", dir.Path)).Exit);
        await using (var store = await EmbeddedGraphStore.OpenAsync(dir.Path))
        {
            Firm Firm(string id, string name) => new()
            {
                Id = id, Name = name, Country = "VN", ProvinceId = "province:31-hai-phong", SectorIds = ["sector:25920"], Sources = ["source:article-g20-alliance-2024"],
            };
            await store.ApplyAsync(new Ecosystem.Graph.Store.ChangeSet { UpsertNodes = [Firm("firm:dup-1", "Công ty TNHH Cơ khí Đại Việt"), Firm("firm:dup-2", "Cty TNHH Co khi Dai Viet")] });
        }
        var result = await Run("duplicates", "--data-dir", dir.Path, "--min-score", "0.8");
        Assert.Equal(0, result.Exit);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("score,firm_id,firm_name,other_id,other_name,evidence", lines[0].TrimEnd('\r'));
        Assert.Contains(lines, l => l.Contains("firm:dup-1,Công ty TNHH Cơ khí Đại Việt,firm:dup-2,Cty TNHH Co khi Dai Viet,", StringComparison.Ordinal));
        Assert.Contains("pairs at 0.8 or more among", result.Err, StringComparison.Ordinal);
        var bad = await Run("duplicates", "--data-dir", dir.Path, "--min-score", "2");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("--min-score must be from 0 to 1", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_match_prints_its_decisions_on_a_dry_run_and_writes_held_rows_to_the_review_file()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, (await Run("reference", "--data-dir", dir.Path)).Exit);
        await using (var store = await EmbeddedGraphStore.OpenAsync(dir.Path))
        {
            Firm Firm(string id, string name) => new()
            {
                Id = id, Name = name, Country = "VN", ProvinceId = "province:24-bac-ninh", SectorIds = ["sector:22"], Sources = ["source:article-g20-alliance-2024"],
            };
            await store.ApplyAsync(new Ecosystem.Graph.Store.ChangeSet { UpsertNodes = [Firm("firm:minh-anh", "Công ty Cổ phần Nhựa Minh Anh"), Firm("firm:minh-an", "Công ty TNHH Nhựa Minh An")] });
        }
        var firms = Path.Combine(dir.Path, "survey.csv");
        await File.WriteAllTextAsync(firms, "name,province\nCONG TY CP NHUA MINH ANH,Bac Ninh\nNhựa Minh A,Bắc Ninh\n");
        var dry = await Run("import", "--match", "--dry-run", "--firms", firms, "--source", "source:article-g20-alliance-2024", "--data-dir", dir.Path);
        Assert.Equal(0, dry.Exit);
        Assert.Contains("matching: 1 rows matched a firm, 0 new firms, 0 links named firms by name, 1 rows held back for review", dry.Out, StringComparison.Ordinal);
        Assert.Contains("survey.csv:2: CONG TY CP NHUA MINH ANH: matched firm:minh-anh", dry.Out, StringComparison.Ordinal);
        Assert.Contains("survey.csv:3: Nhựa Minh A: held: ", dry.Out, StringComparison.Ordinal);
        var review = Path.Combine(dir.Path, "survey.review.csv");
        Assert.False(File.Exists(review));

        var real = await Run("import", "--match", "--firms", firms, "--source", "source:article-g20-alliance-2024", "--data-dir", dir.Path);
        Assert.Equal(0, real.Exit);
        var lines = await File.ReadAllLinesAsync(review);
        Assert.Equal("file,row,name,score,candidate_ids,candidate_names,evidence", lines[0]);
        Assert.StartsWith("survey.csv,3,Nhựa Minh A,", lines[1], StringComparison.Ordinal);
        Assert.Contains("firm:minh-an", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);

        // An Open Supply Hub download by argument; a row without its required column is refused with its line.
        var osh = Path.Combine(dir.Path, "osh.csv");
        await File.WriteAllTextAsync(osh, "os_id,name,address,country_code\nVN2024001ABCDE0,X,,VN\n");
        var bad = await Run("import", "--format", "open-supply-hub", osh, "--data-dir", dir.Path);
        Assert.Equal(1, bad.Exit);
        Assert.Contains("osh.csv:2: os_id 'VN2024001ABCDE0'", bad.Err, StringComparison.Ordinal);
    }
}
