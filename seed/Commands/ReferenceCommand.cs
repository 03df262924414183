using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed.Commands;

/// <summary>seed reference: the reference data into the embedded store or Neo4j.</summary>
internal static class ReferenceCommand
{
    public static Command Create(SeedContext s)
    {
        var referenceTarget = SeedContext.Target();
        var referenceUrl = SeedContext.Neo4jUrl();
        var referenceDatabase = SeedContext.Neo4jDatabase();
        var reference = new Command("reference", "Load the reference data (provinces, sectors, parks, sources and the facts they state). Re-running changes nothing.")
        {
            referenceTarget, referenceUrl, referenceDatabase,
        };
        reference.SetAction((result, ct) => s.Guard(async () =>
        {
            await using var store = await s.OpenTargetAsync(result, referenceTarget, referenceUrl, referenceDatabase, s.Output, ct);
            if (store is null)
            {
                return 1;
            }
            await SeedLoads.LoadReferenceAsync(store, s.Output, ct);
            return 0;
        }));
        return reference;
    }
}
