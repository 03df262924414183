using System.Diagnostics;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Seed;

/// <summary>The files of an import as given on the command line (each optional).</summary>
public sealed record ImportPaths(FileInfo? Firms, FileInfo? Links, FileInfo? Sources, FileInfo? Capabilities, FileInfo? Sourcing)
{
    public IEnumerable<FileInfo> All => new[] { Firms, Links, Sources, Capabilities, Sourcing }.OfType<FileInfo>();
}

/// <summary>What the load commands write: the reference data, a synthetic network, an import; with progress.</summary>
public static class SeedLoads
{
    public static async Task<int> ImportAsync(
        IGraphStore store, ImportPaths paths, bool dryRun, TextWriter output, TextWriter error, CancellationToken ct, ImportOptions? options = null, FileInfo? reviewFile = null)
    {
        var clock = Stopwatch.StartNew();
        using var firmsReader = paths.Firms?.OpenText();
        using var linksReader = paths.Links?.OpenText();
        using var sourcesReader = paths.Sources?.OpenText();
        using var capabilitiesReader = paths.Capabilities?.OpenText();
        using var sourcingReader = paths.Sourcing?.OpenText();
        var files = new ImportFiles(firmsReader, paths.Firms?.Name ?? "firms.csv", linksReader, paths.Links?.Name ?? "links.csv", sourcesReader, paths.Sources?.Name ?? "sources.csv")
        {
            Capabilities = capabilitiesReader,
            CapabilitiesName = paths.Capabilities?.Name ?? "capabilities.csv",
            Sourcing = sourcingReader,
            SourcingName = paths.Sourcing?.Name ?? "sourcing.csv",
            Options = options ?? new ImportOptions(),
        };
        var today = VietnamTime.Today(TimeProvider.System);
        // Every import is in the audit log, under the local user who ran it.
        var audit = new AuditInfo($"{Environment.UserName}@{Environment.MachineName} (seed import)", "import", DateTimeOffset.UtcNow, string.Join(", ", paths.All.Select(f => f.Name)));
        var report = await new SupplyImporter(store).ImportAsync(files, dryRun, today, new SyncProgress(output, clock), audit, ct);
        if (report.Errors.Count > 0)
        {
            await error.WriteLineAsync($"error: {report.Errors.Count:N0} problem(s); nothing was written:");
            foreach (var e in report.Errors)
            {
                await error.WriteLineAsync($"  {e}");
            }
            return 1;
        }
        if (report.Match is { } match)
        {
            await WriteMatchAsync(match, report.Skipped, dryRun, reviewFile, output, ct);
        }
        List<string> counts = [$"{report.Firms:N0} firms", $"{report.Links:N0} links", $"{report.Sources:N0} sources"];
        if (paths.Capabilities is not null)
        {
            counts.Add($"{report.Capabilities:N0} capabilities");
        }
        if (paths.Sourcing is not null)
        {
            counts.Add($"{report.Requests:N0} sourcing requests");
        }
        var what = string.Join(", ", counts[..^1]) + " and " + counts[^1];
        await output.WriteLineAsync(dryRun
            ? $"dry run: {what} are valid; nothing was written"
            : report.Written
                ? $"imported {what}: {report.NodesWritten:N0} nodes and {report.LinksWritten:N0} links written, version {report.Version}, {clock.Elapsed.TotalSeconds:N1} s"
                : $"already imported: {what}; nothing changed (version {report.Version})");
        return 0;
    }

    /// <summary>The match report: counts; on a dry run every row's decision; the rows held back written to the review file.</summary>
    private static async Task WriteMatchAsync(MatchSummary match, int skipped, bool dryRun, FileInfo? reviewFile, TextWriter output, CancellationToken ct)
    {
        var outside = skipped > 0 ? $"; {skipped:N0} facilities outside Vietnam skipped" : "";
        await output.WriteLineAsync($"matching: {match.Matched:N0} rows matched a firm, {match.Created:N0} new firms, {match.LinksMatched:N0} links named firms by name, {match.Held:N0} rows held back for review{outside}");
        if (dryRun)
        {
            foreach (var d in match.Decisions)
            {
                var score = d.Score is { } s ? $" ({Math.Round(s * 100):0})" : "";
                var what = d.Outcome switch
                {
                    MatchOutcome.Matched => $"matched {d.FirmId}{score}",
                    MatchOutcome.New => $"new firm {d.FirmId}",
                    _ when d.Candidates.Count == 0 => "held, no candidate",
                    _ => $"held: {string.Join(", ", d.Candidates.Select(c => $"{c.FirmId} ({Math.Round(c.Score * 100):0})"))}",
                };
                await output.WriteLineAsync($"  {d.File}:{d.Line}: {d.Name}: {what}: {d.Evidence}");
            }
        }
        if (!dryRun && match.Held > 0 && reviewFile is not null)
        {
            await using (var writer = reviewFile.CreateText())
            {
                await match.WriteReviewAsync(writer, ct);
            }
            await output.WriteLineAsync($"review file: {reviewFile.FullName} ({match.Held:N0} rows; nothing of them was written)");
        }
    }

    /// <summary>A load: on Neo4j in batches of their own transactions with progress (re-running completes a cut load), elsewhere one change set.</summary>
    private static Task<ChangeResult> WriteAsync(IGraphStore store, ChangeSet changes, IProgress<string> progress, CancellationToken ct) =>
        store is Ecosystem.Graph.Store.Neo4j.Neo4jGraphStore neo4j ? neo4j.LoadAsync(changes, progress, ct) : store.ApplyAsync(changes, ct);

    public static async Task LoadReferenceAsync(IGraphStore store, TextWriter output, CancellationToken ct)
    {
        var changes = ReferenceData.Load();
        var counts = changes.UpsertNodes.GroupBy(n => n.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}");
        await output.WriteLineAsync($"reference data: {string.Join(", ", counts)}");
        var result = await WriteAsync(store, changes, new SyncProgress(output, Stopwatch.StartNew()), ct);
        await output.WriteLineAsync(result.Changed
            ? $"reference data written: {result.NodesWritten:N0} nodes, version {result.Version}"
            : $"reference data already present: nothing changed (version {result.Version})");
    }

    public static async Task LoadSyntheticAsync(IGraphStore store, int firms, int seed, double linksPerFirm, TextWriter output, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var reference = ReferenceData.Load().UpsertNodes;
        var generator = new SyntheticNetwork { FirmCount = firms, Seed = seed, LinksPerFirm = linksPerFirm };
        var changes = generator.Generate(reference, new SyncProgress(output, clock));
        await output.WriteLineAsync($"generated {changes.UpsertNodes.Count(n => n is Firm):N0} firms and {changes.UpsertLinks.Count:N0} supply links (seed {seed}) in {clock.Elapsed.TotalSeconds:N1} s; writing");
        var result = await WriteAsync(store, changes, new SyncProgress(output, clock), ct);
        await output.WriteLineAsync(result.Changed
            ? $"synthetic network written: {result.NodesWritten:N0} nodes, {result.LinksWritten:N0} links, version {result.Version}, {clock.Elapsed.TotalSeconds:N1} s in all"
            : $"synthetic network already present: nothing changed (version {result.Version})");
    }

    private sealed class SyncProgress(TextWriter output, Stopwatch clock) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine($"  {clock.Elapsed.TotalSeconds,6:N1} s  {value}");
    }
}
