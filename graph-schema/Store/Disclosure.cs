namespace Ecosystem.Graph.Store;

/// <summary>
/// When an aggregate of restricted values may be shown to callers who cannot read the values themselves: at least
/// <see cref="MinLeadFirms"/> distinct lead firms (buyers) and <see cref="MinSuppliers"/> distinct suppliers contribute
/// to it, and no single firm, buyer or supplier, accounts for more than <see cref="MaxDominance"/> of it.
/// </summary>
public sealed record DisclosureRules
{
    public int MinLeadFirms { get; init; } = 3;

    public int MinSuppliers { get; init; } = 3;

    /// <summary>The largest share of the aggregate one firm may account for, in (0, 1].</summary>
    public double MaxDominance { get; init; } = 0.85;

    /// <summary>The smallest relative noise a link's value is given in the sums callers compose freely (see <see cref="ValueNoise"/>).</summary>
    public double NoiseMin { get; init; } = ValueNoise.DefaultMin;

    /// <summary>The largest.</summary>
    public double NoiseMax { get; init; } = ValueNoise.DefaultMax;
}

/// <summary>Why an aggregate fails rule 1, worded once for every kind of aggregate.</summary>
public static class DisclosureReasons
{
    /// <summary>"2 lead firms contribute (at least 3 needed)".</summary>
    public static string TooFew(int count, string what, int needed) =>
        $"{(count == 1 ? $"1 {what} contributes" : $"{count} {what}s contribute")} (at least {needed} needed)";

    /// <summary>"one firm accounts for 90% of the value (at most 85% allowed)".</summary>
    public static string Dominant(double share, DisclosureRules rules) =>
        $"one firm accounts for {(share * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% of the value (at most {(rules.MaxDominance * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}% allowed)";
}

/// <summary>
/// A (lead firm, supplier, input sector) pair of a localization report with known value valid on the report's date
/// (links without a value are left out: they add nothing to any aggregate); a pair may come in several rows, which add
/// up. Indexes point into <see cref="LocalizationContributions"/>' tables.
/// </summary>
public readonly record struct ContributionRow(int Lead, int Supplier, int Sector, int Country, bool Local, double Value);

/// <summary>
/// What every value of a localization report is made of, pair by pair, with the lead firms' parks and sectors so that
/// the reports over a park or a sector nested in the request's can be worked out from the same rows.
/// </summary>
public sealed record LocalizationContributions(
    IReadOnlyList<ContributingLead> Leads,
    IReadOnlyList<string> Suppliers,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string> Countries,
    IReadOnlyList<ContributionRow> Rows);

/// <summary>
/// A lead firm of the request: its id, park (null when none), sectors, and the provinces it counts in (the one recorded
/// and the former one it is placed in).
/// </summary>
public sealed record ContributingLead(string Id, string? ParkId, IReadOnlyList<string> SectorIds, IReadOnlyList<string> ProvinceIds);
