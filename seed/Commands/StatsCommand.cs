using System.CommandLine;
using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Data.Export;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed.Commands;

/// <summary>seed stats: the graph version and counts.</summary>
internal static class StatsCommand
{
    public static Command Create(SeedContext s)
    {
        var stats = new Command("stats", "Print the graph version and the counts of nodes by kind and of supply links.");
        stats.SetAction((result, ct) => s.Guard(async () =>
        {
            await using var store = await s.OpenAsync(result, s.Output, ct);
            var graph = await store.GetStatsAsync(ct);
            await s.Output.WriteLineAsync($"store     {store.FilePath} ({new FileInfo(store.FilePath).Length / 1024.0 / 1024.0:N1} MiB)");
            await s.Output.WriteLineAsync($"version   {graph.Version}");
            foreach (var (kind, count) in graph.Nodes.OrderBy(k => k.Key))
            {
                await s.Output.WriteLineAsync($"{kind,-10}{count,12:N0}");
            }
            await s.Output.WriteLineAsync($"{"SUPPLIES",-10}{graph.SupplyLinks,12:N0}");
            return 0;
        }));
        return stats;
    }
}
