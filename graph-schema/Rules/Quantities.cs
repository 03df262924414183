namespace Ecosystem.Graph.Rules;

/// <summary>
/// The largest values the graph accepts, so that every sum over them stays a finite number: a supply link's value
/// or a firm's yearly revenue at most USD 1 trillion (Vietnam's whole GDP is about half that), an area at most
/// 1,000,000 ha (the country is about 33 million ha; its largest economic zone is under 200,000). Ten million links
/// at the maximum still sum to 10^19, far inside a double.
/// </summary>
public static class Quantities
{
    public const double MaxUsd = 1e12;

    public const double MaxAreaHa = 1e6;

    /// <summary>Why a money value may not be stored, or null.</summary>
    public static string? UsdProblem(double value) =>
        !double.IsFinite(value) || value < 0 ? "must be a finite number >= 0"
        : value > MaxUsd ? $"must be at most {MaxUsd:0} (USD 1 trillion)"
        : null;

    /// <summary>Why an area may not be stored, or null.</summary>
    public static string? AreaProblem(double value) =>
        !double.IsFinite(value) || value < 0 ? "must be a finite number >= 0"
        : value > MaxAreaHa ? $"must be at most {MaxAreaHa:0} ha"
        : null;
}
