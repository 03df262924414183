using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Data.Input;

/// <summary>Which list of a plan an input came from.</summary>
public enum InputKind
{
    Source,
    Firm,
    Link,
    Park,
}

/// <summary>
/// One invalid value of an input: which input (its list and index), the field as the API names it (camelCase), why,
/// and for an item of a list field (one sector, one source) that item.
/// </summary>
public sealed record InputProblem(InputKind Kind, int Index, string Field, string Message, string? Item = null);

/// <summary>What a plan found: every problem, and when there is none the one change set that writes the inputs.</summary>
public sealed record InputPlan(IReadOnlyList<InputProblem> Problems, ChangeSet? Changes)
{
    public int Firms { get; init; }

    public int Links { get; init; }

    public int Sources { get; init; }
}

/// <summary>The inputs of one plan: sources first (facts may cite them), then firms, links (which may name those firms) and parks.</summary>
public sealed record InputBatch
{
    public IReadOnlyList<SourceInput?> Sources { get; init; } = [];

    public IReadOnlyList<FirmInput?> Firms { get; init; } = [];

    public IReadOnlyList<LinkInput?> Links { get; init; } = [];

    public IReadOnlyList<ParkInput?> Parks { get; init; } = [];
}

/// <summary>
/// The one path from typed inputs to graph records: a CSV import's rows and the API's mutations both come here, so
/// both accept the same values with the same messages. References (provinces old or new, parks by id or name, sectors by
/// code, firms by id or tax code, sources) are resolved against the graph in a few batched calls; every problem of
/// every input is reported, and nothing is written here. A null input (a row that could not be read) is skipped.
/// </summary>
public sealed class InputPlanner(IGraphStore store)
{
    public async Task<InputPlan> PlanAsync(InputBatch batch, DateOnly today, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var checks = await LoadAsync(batch, today, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < batch.Sources.Count; i++)
        {
            if (batch.Sources[i] is { } source)
            {
                checks.Source(source, i);
            }
        }
        await checks.LoadCitedSourcesAsync(batch, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < batch.Firms.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.Firms[i] is { } firm)
            {
                checks.Firm(firm, i);
            }
        }
        progress?.Report($"checked firms: {checks.Problems.Count:N0} problems so far");
        await checks.LoadLinkedFirmsAsync(batch.Links, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < batch.Links.Count; i++)
        {
            if (batch.Links[i] is { } link)
            {
                checks.Link(link, i);
            }
            if ((i + 1) % 250_000 == 0)
            {
                progress?.Report($"checked {i + 1:N0} of {batch.Links.Count:N0} links");
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        for (var i = 0; i < batch.Parks.Count; i++)
        {
            if (batch.Parks[i] is { } park)
            {
                checks.Park(park, i);
            }
        }
        var changes = checks.Problems.Count > 0 ? null : new ChangeSet
        {
            UpsertNodes = [.. checks.Sources.Values, .. checks.Firms.Values, .. checks.Parks],
            UpsertLinks = [.. checks.Links.Values],
        };
        return new InputPlan(checks.Problems, changes) { Firms = checks.Firms.Count, Links = checks.Links.Count, Sources = checks.Sources.Count };
    }

    /// <summary>What the inputs refer to, fetched from the store in a few batched calls.</summary>
    private async Task<InputChecks> LoadAsync(InputBatch batch, DateOnly today, CancellationToken cancellationToken)
    {
        var provinces = new ProvinceDirectory((await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Province }, cancellationToken).ConfigureAwait(false)).Items.Select(i => (Province)i.Node));
        var parks = batch.Firms.Any(f => f?.Park is not null)
            ? (await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Park }, cancellationToken).ConfigureAwait(false)).Items.Select(i => (Park)i.Node).ToList()
            : [];
        var sectorIds = batch.Firms.SelectMany(f => f?.Sectors ?? [])
            .Concat(batch.Links.Select(l => l?.Sector).OfType<string>())
            .Concat(batch.Parks.SelectMany(p => p?.PrioritySectors ?? []))
            .Select(SectorCode.ToId).Distinct(StringComparer.Ordinal).ToList();
        var developers = batch.Parks.Select(p => p?.Developer).OfType<string>().Select(d => NodeIds.Prefixed(NodeKind.Firm, d)).Distinct(StringComparer.Ordinal).ToList();
        return new InputChecks(store, today, provinces, parks)
        {
            KnownSectors = await InputChecks.ExistingAsync(store, sectorIds, NodeKind.Sector, cancellationToken).ConfigureAwait(false),
            KnownDevelopers = await InputChecks.ExistingAsync(store, developers, NodeKind.Firm, cancellationToken).ConfigureAwait(false),
        };
    }
}
