using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed.Commands;

/// <summary>seed synthetic: a deterministic synthetic supply network on top of the reference data.</summary>
internal static class SyntheticCommand
{
    public static Command Create(SeedContext s)
    {
        var firms = new Option<int>("--firms") { Description = "Number of synthetic firms (10 to 2,000,000).", Required = true };
        firms.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 10 or > 2_000_000)
            {
                r.AddError($"--firms must be between 10 and 2,000,000 (got {value}).");
            }
        });
        var seed = new Option<int>("--seed") { Description = "Generator seed: the same seed and scale give the same graph.", DefaultValueFactory = _ => 1 };
        var linksPerFirm = new Option<double>("--links-per-firm") { Description = "Average supply links per firm.", DefaultValueFactory = _ => 10 };
        linksPerFirm.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (value is <= 0 or > 100)
            {
                r.AddError($"--links-per-firm must be in (0, 100] (got {value}).");
            }
        });
        var syntheticTarget = SeedContext.Target();
        var syntheticUrl = SeedContext.Neo4jUrl();
        var syntheticDatabase = SeedContext.Neo4jDatabase();
        var synthetic = new Command("synthetic", "Generate a deterministic synthetic supply network (labelled synthetic) on top of the reference data.")
        {
            firms, seed, linksPerFirm, syntheticTarget, syntheticUrl, syntheticDatabase,
        };
        synthetic.SetAction((result, ct) => s.Guard(async () =>
        {
            await using var store = await s.OpenTargetAsync(result, syntheticTarget, syntheticUrl, syntheticDatabase, s.Output, ct);
            if (store is null)
            {
                return 1;
            }
            await SeedLoads.LoadReferenceAsync(store, s.Output, ct);
            await SeedLoads.LoadSyntheticAsync(store, result.GetValue(firms), result.GetValue(seed), result.GetValue(linksPerFirm), s.Output, ct);
            return 0;
        }));
        return synthetic;
    }
}
