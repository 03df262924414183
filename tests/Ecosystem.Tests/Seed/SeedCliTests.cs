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
}
