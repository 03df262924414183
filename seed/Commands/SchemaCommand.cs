using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed.Commands;

/// <summary>seed schema: the store's constraints and indexes.</summary>
internal static class SchemaCommand
{
    public static Command Create(SeedContext s)
    {
        var target = SeedContext.Target();
        var neo4jUrl = SeedContext.Neo4jUrl();
        var neo4jDatabase = SeedContext.Neo4jDatabase();
        var schema = new Command("schema", "Create the store's constraints and indexes (graph-schema/neo4j/schema.cypher for Neo4j). Re-running changes nothing.")
        {
            target, neo4jUrl, neo4jDatabase,
        };
        schema.SetAction((result, ct) => s.Guard(async () =>
        {
            switch (result.GetValue(target)?.ToLowerInvariant())
            {
                case "embedded":
                    await using (var store = await s.OpenAsync(result, s.Output, ct))
                    {
                        await s.Output.WriteLineAsync($"the embedded store keeps its schema in {store.FilePath}; nothing to do");
                    }
                    return 0;
                case "neo4j":
                    if (await s.CheckedNeo4jAsync(result.GetValue(neo4jUrl), result.GetValue(neo4jDatabase)) is not { } options)
                    {
                        return 1;
                    }
                    var count = await Ecosystem.Graph.Store.Neo4j.Neo4jSchema.ApplyAsync(s.Neo4jClient(options), null, ct);
                    await s.Output.WriteLineAsync($"{count} constraints and indexes in place on {options}");
                    return 0;
                default:
                    await s.Error.WriteLineAsync($"error: --target is embedded or neo4j (got '{result.GetValue(target)}')");
                    return 1;
            }
        }));
        return schema;
    }
}
