using System.CommandLine;
using Ecosystem.Seed.Commands;

namespace Ecosystem.Seed;

/// <summary>
/// The seed command line: load reference data and synthetic networks into a store, import, export, report, and report
/// what a store holds. One file per command under Commands/; what they share is <see cref="SeedContext"/>.
/// </summary>
public static class SeedCli
{
    /// <param name="neo4jHandler">Where Neo4j requests go (a new socket handler when null): a host or a test may route them elsewhere.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<HttpMessageHandler>? neo4jHandler = null)
    {
        var context = new SeedContext(output, error, neo4jHandler);
        var root = new RootCommand("Ecosystem seed: load and inspect the knowledge graph of Vietnam's industrial ecosystems.");
        root.Options.Add(context.DataDir);
        root.Subcommands.Add(ReferenceCommand.Create(context));
        root.Subcommands.Add(SyntheticCommand.Create(context));
        root.Subcommands.Add(StatsCommand.Create(context));
        root.Subcommands.Add(KeyCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(SchemaCommand.Create(context));
        root.Subcommands.Add(DuplicatesCommand.Create(context));
        var config = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(config);
    }
}
