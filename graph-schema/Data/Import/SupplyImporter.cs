using Ecosystem.Graph.Data.Input;
using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Import;

/// <summary>
/// Imports firms, supply links and sources from CSV files. Every row is checked first and every bad value reported
/// (file, line, column, value, reason); with any error nothing is written. Otherwise everything goes in one atomic
/// change set, so re-running the same files changes nothing. Used by the seed CLI and the API alike.
/// </summary>
public sealed class SupplyImporter(IGraphStore store)
{
    public static string[] FirmColumns => CsvInputs.FirmColumns;

    public static string[] LinkColumns => CsvInputs.LinkColumns;

    public static string[] SourceColumns => CsvInputs.SourceColumns;

    public async Task<ImportReport> ImportAsync(ImportFiles files, bool dryRun, DateOnly today, IProgress<string>? progress = null, AuditInfo? audit = null, CancellationToken cancellationToken = default)
    {
        var (report, changes) = await PlanAsync(files, today, progress, cancellationToken).ConfigureAwait(false);
        report = report with { DryRun = dryRun };
        if (changes is null || dryRun)
        {
            return report;
        }
        progress?.Report($"writing {report.Firms:N0} firms, {report.Links:N0} links and {report.Sources:N0} sources in one change set");
        try
        {
            var result = await store.ApplyAsync(changes with { Audit = audit }, cancellationToken).ConfigureAwait(false);
            return report with { Written = result.Changed, Version = result.Version, NodesWritten = result.NodesWritten, LinksWritten = result.LinksWritten };
        }
        catch (ChangeSetRejectedException ex)
        {
            // The rows passed every check here; the store's own rules still have the last word.
            return report with { Errors = [.. ex.Errors.Select(e => new ImportError(files.FirmsName, 0, "", e.ToString(), "refused by the store"))] };
        }
    }

    /// <summary>
    /// Checks every row and, when all are valid, gives the one change set that would write them (null with errors).
    /// Rows are read into the inputs the API's mutations give and checked by the same <see cref="InputPlanner"/>, so
    /// a row and a mutation meet the same rules with the same messages. Nothing is written.
    /// </summary>
    public async Task<(ImportReport Report, ChangeSet? Changes)> PlanAsync(ImportFiles files, DateOnly today, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = files.Options;
        var osh = options.FirmsFormat == FirmsFormat.OpenSupplyHub;
        options = osh ? options with { Match = true } : options;
        var errors = new List<ImportError>();
        var sourceRows = files.Sources is null ? [] : Rows(files.Sources, files.SourcesName, SourceColumns, errors);
        // Matching reads lists made elsewhere: a name is all a firm row must have (and its sources, or --source).
        var firmRows = files.Firms is null ? [] : Rows(files.Firms, files.FirmsName, osh ? OpenSupplyHub.Columns : options.Match ? MatchFirmColumns : FirmColumns, errors);
        var linkRows = files.Links is null ? [] : Rows(files.Links, files.LinksName, LinkColumns, errors);
        var capabilityRows = files.Capabilities is null ? [] : Rows(files.Capabilities, files.CapabilitiesName, CsvInputs.CapabilityColumns, errors);
        var sourcingRows = files.Sourcing is null ? [] : Rows(files.Sourcing, files.SourcingName, CsvInputs.SourcingColumns, errors);
        progress?.Report($"read {firmRows.Count:N0} firms, {linkRows.Count:N0} links, {sourceRows.Count:N0} sources, {capabilityRows.Count:N0} capabilities, {sourcingRows.Count:N0} sourcing items");
        if (errors.Count > 0)
        {
            return (new ImportReport { Errors = errors }, null);
        }
        var requests = CsvInputs.Sourcing(sourcingRows, errors);
        var batch = new InputBatch
        {
            Sources = [.. sourceRows.Select(r => CsvInputs.Source(r, errors))],
            Firms = osh ? [] : [.. firmRows.Select(r => CsvInputs.Firm(r, errors)).Select(f => f is { Sources.Count: 0 } ? f with { Sources = options.DefaultSources } : f)],
            Links = [.. linkRows.Select(r => CsvInputs.Link(r, errors)).Select(l => l is { Sources.Count: 0 } ? l with { Sources = options.DefaultSources } : l)],
            Capabilities = [.. capabilityRows.Select(r => CsvInputs.Capability(r, errors))],
            Requests = [.. requests.Select(r => r.Request)],
        };
        var skipped = 0;
        if (osh && errors.Count == 0)
        {
            var provinces = await ProvinceDirectory.LoadAsync(store, cancellationToken).ConfigureAwait(false);
            (firmRows, var firms, var oshSources, skipped) = OpenSupplyHub.Read(firmRows, provinces, today, errors);
            progress?.Report($"{firmRows.Count:N0} facilities in Vietnam, {skipped:N0} elsewhere skipped");
            batch = batch with { Firms = firms, Sources = [.. batch.Sources, .. oshSources.Where(s => batch.Sources.All(b => b?.Id != s.Id))] };
        }
        MatchSummary? matched = null;
        if (options.Match && errors.Count == 0)
        {
            (batch, matched) = await MatchAsync(batch, firmRows, linkRows, options, today, progress, cancellationToken).ConfigureAwait(false);
        }
        var plan = await new InputPlanner(store).PlanAsync(batch, today, progress, cancellationToken).ConfigureAwait(false);
        foreach (var problem in plan.Problems)
        {
            if (problem.Kind == InputKind.Source && problem.Index >= sourceRows.Count)
            {
                // A source made from an Open Supply Hub contributor: no row of its own.
                errors.Add(new ImportError(files.FirmsName, 0, "contributor", problem.Item ?? "", problem.Message));
                continue;
            }
            var row = problem.Kind switch
            {
                InputKind.Source => sourceRows[problem.Index],
                InputKind.Firm => firmRows[problem.Index],
                InputKind.Capability => capabilityRows[problem.Index],
                InputKind.Sourcing => ItemRow(requests[problem.Index].Rows, problem),
                _ => linkRows[problem.Index],
            };
            var column = CsvInputs.ColumnOf(problem.Field);
            errors.Add(new ImportError(row.File, row.Line, column, problem.Item ?? row.Optional(column) ?? "", problem.Message));
        }
        // Problems by file and line, as the rows were read.
        string[] order = [files.SourcesName, files.FirmsName, files.LinksName, files.CapabilitiesName, files.SourcingName];
        errors = [.. errors.OrderBy(e => Array.IndexOf(order, e.File)).ThenBy(e => e.Line)];
        var report = new ImportReport { Errors = errors, Firms = plan.Firms, Links = plan.Links, Sources = plan.Sources, Capabilities = plan.Capabilities, Requests = plan.Requests, Match = matched, Skipped = skipped };
        return errors.Count > 0 ? (report, null) : (report, plan.Changes);
    }

    /// <summary>The firm columns a matching import needs: a name (the others are read when there).</summary>
    public static readonly string[] MatchFirmColumns = ["name"];

    /// <summary>Firm rows without an id matched to the graph's firms, links' ends given by name found; rows held back become nulls.</summary>
    private async Task<(InputBatch Batch, MatchSummary Summary)> MatchAsync(
        InputBatch batch, List<CsvRow> firmRows, List<CsvRow> linkRows, ImportOptions options, DateOnly today, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var matcher = options.Matcher;
        if (matcher is null)
        {
            progress?.Report("indexing the graph's firms for matching");
            matcher = await MatchRecords.LoadMatcherAsync(store, cancellationToken).ConfigureAwait(false);
        }
        var provinces = await ProvinceDirectory.LoadAsync(store, cancellationToken).ConfigureAwait(false);
        var matching = new ImportMatching(store, matcher, provinces, today);
        var firms = await matching.FirmsAsync(firmRows, batch.Firms, cancellationToken).ConfigureAwait(false);
        var firmIds = firms.OfType<FirmInput>().Select(f => NodeIds.Prefixed(NodeKind.Firm, f.Id.Trim())).ToHashSet(StringComparer.Ordinal);
        var links = await matching.LinksAsync(linkRows, batch.Links, firmIds, cancellationToken).ConfigureAwait(false);
        var summary = matching.Summary();
        progress?.Report($"matched {summary.Matched:N0} firms, {summary.Created:N0} new, {summary.Held:N0} rows held for review");
        return (batch with { Firms = firms, Links = links, Merging = matching.Merging }, summary);
    }

    /// <summary>The row of a request's problem: its item's row, else the request's first.</summary>
    private static CsvRow ItemRow(List<CsvRow> rows, InputProblem problem) =>
        problem.Part is { } part && part < rows.Count ? rows[part] : rows[0];

    private static List<CsvRow> Rows(TextReader reader, string name, string[] columns, List<ImportError> errors)
    {
        try
        {
            var rows = Csv.Read(reader, name).ToList();
            foreach (var row in rows)
            {
                foreach (var (column, value) in row.Cells())
                {
                    if (TextRules.Problem(value) is { } problem)
                    {
                        errors.Add(new ImportError(name, row.Line, column, TextRules.Printable(value.Length > 40 ? value[..40] + "..." : value), problem));
                    }
                }
            }
            if (rows.Count > 0)
            {
                foreach (var column in columns)
                {
                    try
                    {
                        rows[0].Get(column);
                    }
                    catch (CsvException)
                    {
                        errors.Add(new ImportError(name, 1, column, "", $"missing column (expected {string.Join(',', columns)})"));
                    }
                }
            }
            return rows;
        }
        catch (CsvException ex)
        {
            errors.Add(new ImportError(ex.File, ex.Line, "", "", ex.Message));
            return [];
        }
    }
}
