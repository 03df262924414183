using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// A localization question as clients ask it: a scope (park, province old or new, region, corridor or country), an
/// optional lead-firm sector code (any level), the level input sectors are grouped at, a date, the gap threshold and
/// the least foreign value a gap must have. The one definition behind the GraphQL report, the CSV and the CLI.
/// </summary>
public sealed record LocalizationQuery
{
    public required FirmScope Scope { get; init; }

    public string? SectorCode { get; init; }

    public SectorLevel Level { get; init; } = SectorLevel.Division;

    public required DateOnly AsOf { get; init; }

    /// <summary>An input sector is a gap when its domestic share is below this (a fraction in [0, 1]).</summary>
    public double Threshold { get; init; } = 0.3;

    /// <summary>... and its foreign-sourced value is at least this many USD.</summary>
    public double MinValueUsd { get; init; }

    /// <summary>Checks the numbers and turns the scope and sector into the store's request.</summary>
    /// <exception cref="ScopeException">The scope is not well formed or names nothing; the sector code names no sector.</exception>
    /// <exception cref="LocalizationArgumentException">The threshold or minimum value is out of range.</exception>
    public async Task<LocalizationRequest> ToRequestAsync(IGraphStore store, ProvinceDirectory directory, CancellationToken cancellationToken)
    {
        if (double.IsNaN(Threshold) || Threshold is < 0 or > 1)
        {
            throw new LocalizationArgumentException("threshold", "threshold is a share between 0 and 1.");
        }
        if (double.IsNaN(MinValueUsd) || double.IsInfinity(MinValueUsd) || MinValueUsd < 0)
        {
            throw new LocalizationArgumentException("minValueUsd", "minValueUsd must be 0 or more.");
        }
        if (Scope.Sector is not null)
        {
            throw new ScopeException(null, null, "A localization scope is a place: give the lead firms' sector as sectorCode.");
        }
        var scope = await Scope.ToFirmFilterAsync(store, directory, AsOf, cancellationToken).ConfigureAwait(false);
        IReadOnlyCollection<string>? sectors = null;
        if (!string.IsNullOrWhiteSpace(SectorCode))
        {
            var id = Rules.SectorCode.ToId(SectorCode);
            sectors = (await store.GetNodesAsync([id], cancellationToken).ConfigureAwait(false))[0] is Sector
                ? [id]
                : throw ScopeException.NotFound("sector", SectorCode);
        }
        return new LocalizationRequest { Scope = scope, LeadSectorIds = sectors, Level = Level, AsOf = AsOf };
    }

    /// <summary>Runs the report: the store's totals, with shares and gaps worked out by this query's threshold.</summary>
    public async Task<LocalizationReport> RunAsync(IGraphStore store, ProvinceDirectory directory, CancellationToken cancellationToken)
    {
        var request = await ToRequestAsync(store, directory, cancellationToken).ConfigureAwait(false);
        var totals = await store.LocalizationAsync(request, cancellationToken).ConfigureAwait(false);
        return new LocalizationReport(this, request, totals);
    }
}

/// <summary>A localization argument out of range (<see cref="Argument"/> names it).</summary>
public sealed class LocalizationArgumentException(string argument, string message) : ArgumentException(message)
{
    public string Argument { get; } = argument;
}

/// <summary>
/// One input sector of a report: value, domestic (supplier country VN), local (supplier in the scope) and foreign value;
/// shares of the value (null when no link has a known value), value by supplier country, distinct suppliers.
/// </summary>
public sealed record InputShare(InputSectorTotals Totals)
{
    public string SectorId => Totals.SectorId;

    public double ValueUsd => Totals.ValueUsd;

    public double DomesticValueUsd => Totals.DomesticValueUsd;

    public double LocalValueUsd => Totals.LocalValueUsd;

    public double ForeignValueUsd => Totals.ValueUsd - Totals.DomesticValueUsd;

    public double? DomesticShare => Totals.ValueUsd > 0 ? Totals.DomesticValueUsd / Totals.ValueUsd : null;

    public double? LocalShare => Totals.ValueUsd > 0 ? Totals.LocalValueUsd / Totals.ValueUsd : null;

    public IReadOnlyList<GroupValue> ByCountry => Totals.ByCountry;

    public int SupplierCount => Totals.SupplierCount;
}

/// <summary>
/// A localization report: the lead firms counted, their inputs by input sector (largest value first), the gaps (input
/// sectors whose domestic share is below the threshold and whose foreign value is at least the minimum, largest foreign
/// value first), the inputs expected by the FEEDS coefficients but not recorded, and the sources used.
/// </summary>
public sealed class LocalizationReport
{
    public LocalizationReport(LocalizationQuery query, LocalizationRequest request, LocalizationTotals totals)
    {
        Query = query;
        Request = request;
        Totals = totals;
        Inputs = [.. totals.Inputs.Select(i => new InputShare(i))];
        Gaps = [.. Inputs
            .Where(i => i.DomesticShare < query.Threshold && i.ForeignValueUsd >= query.MinValueUsd)
            .OrderByDescending(i => i.ForeignValueUsd).ThenBy(i => i.SectorId, StringComparer.Ordinal)];
        InputValueUsd = Inputs.Sum(i => i.ValueUsd);
        DomesticValueUsd = Inputs.Sum(i => i.DomesticValueUsd);
        LocalValueUsd = Inputs.Sum(i => i.LocalValueUsd);
    }

    public LocalizationQuery Query { get; }

    public LocalizationRequest Request { get; }

    public LocalizationTotals Totals { get; }

    public int LeadFirmCount => Totals.LeadFirmCount;

    public IReadOnlyList<InputShare> Inputs { get; }

    public IReadOnlyList<InputShare> Gaps { get; }

    public double InputValueUsd { get; }

    public double DomesticValueUsd { get; }

    public double LocalValueUsd { get; }

    public double? DomesticShare => InputValueUsd > 0 ? DomesticValueUsd / InputValueUsd : null;

    public double? LocalShare => InputValueUsd > 0 ? LocalValueUsd / InputValueUsd : null;
}
