using System.Text.RegularExpressions;
using Ecosystem.Graph.Store;
using Ecosystem.Seed;
using Ecosystem.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ecosystem.Tests.Seed;

/// <summary>Tests that set process-wide environment variables run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// A newcomer's first steps, as the README gives them: start the API with no settings (it makes the demo data in the
/// default data folder), then every embedded <c>seed</c> example of the README with no <c>--data-dir</c>. They must find
/// the same graph: one default data folder for the API and the CLI, whatever folder each runs in.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_api_and_every_readme_seed_example_share_the_default_data_folder()
    {
        using var home = new TempDirectory();
        var before = (Xdg: Environment.GetEnvironmentVariable("XDG_DATA_HOME"), Dir: Environment.GetEnvironmentVariable(DataFolder.Variable));
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", home.Path);
        Environment.SetEnvironmentVariable(DataFolder.Variable, null);
        try
        {
            Assert.Equal(Path.Combine(home.Path, "ecosystem"), DataFolder.Default);
            await using (var api = new WebApplicationFactory<Program>())
            {
                using var client = api.CreateClient();
                var health = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync());
            }
            Assert.True(File.Exists(Path.Combine(home.Path, "ecosystem", "graph.db")), "the API made no store in the default data folder");

            var examples = ReadmeSeedExamples().ToList();
            Assert.Contains(examples, e => e.Contains("export supply-chain --firm firm:syn-0000050", StringComparison.Ordinal));
            foreach (var example in examples)
            {
                var args = Arguments(example, home.Path);
                var output = new StringWriter();
                var error = new StringWriter();
                var exit = await SeedCli.RunAsync(args, output, error);
                Assert.True(exit == 0, $"seed {example}: exit {exit}\n{error}\n{output}");
                Assert.DoesNotContain("No firm has the id", error.ToString(), StringComparison.Ordinal);
            }
            var chain = File.ReadAllText(Path.Combine(home.Path, "chain.graphml"));
            Assert.Contains("firm:syn-0000050", chain, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", before.Xdg);
            Environment.SetEnvironmentVariable(DataFolder.Variable, before.Dir);
        }
    }

    /// <summary>The README's <c>dotnet run --project seed -- ...</c> lines on the embedded store (Neo4j ones and the import of files a reader brings are left out).</summary>
    private static IEnumerable<string> ReadmeSeedExamples()
    {
        const string prefix = "dotnet run --project seed -- ";
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Root, "README.md")))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var command = line[prefix.Length..];
            var comment = command.IndexOf("  #", StringComparison.Ordinal);
            command = (comment >= 0 ? command[..comment] : command).Trim();
            if (!command.Contains("--target neo4j", StringComparison.Ordinal) && !command.StartsWith("import ", StringComparison.Ordinal))
            {
                yield return command;
            }
        }
    }

    /// <summary>The words of a command line (double quotes group), with every file it writes put in the given folder.</summary>
    private static string[] Arguments(string command, string folder)
    {
        var words = Regex.Matches(command, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToArray();
        for (var i = 1; i < words.Length; i++)
        {
            if (words[i - 1] is "--out" or "--candidates-out")
            {
                words[i] = Path.Combine(folder, words[i]);
            }
        }
        return words;
    }
}
