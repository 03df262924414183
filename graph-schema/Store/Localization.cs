using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>
/// Which lead firms a localization question is about and how their inputs are grouped: lead firms (role LEAD_FIRM)
/// that pass <see cref="Scope"/> and, when given, are in one of <see cref="LeadSectorIds"/> (or a descendant); their
/// supply links valid on <see cref="AsOf"/>, grouped by the link's sector rolled up to <see cref="Level"/>.
/// </summary>
public sealed record LocalizationRequest
{
    /// <summary>Where the lead firms are, and what counts as local: a firm filter of places (park, provinces, country).</summary>
    public required NodeFilter Scope { get; init; }

    /// <summary>Only lead firms in one of these sectors or their descendants; null for every sector.</summary>
    public IReadOnlyCollection<string>? LeadSectorIds { get; init; }

    /// <summary>The level input sectors are grouped at; a link recorded at a coarser level stays at its own.</summary>
    public SectorLevel Level { get; init; } = SectorLevel.Division;

    public required DateOnly AsOf { get; init; }
}

/// <summary>
/// The inputs of one input sector bought by the lead firms: the known value of the links (links without a value add
/// nothing but count their supplier), how much of it comes from suppliers in Vietnam (domestic) and from suppliers in
/// the scope (local), the value by supplier country (largest first) and the distinct suppliers.
/// </summary>
public sealed record InputSectorTotals(
    string SectorId,
    double ValueUsd,
    double DomesticValueUsd,
    double LocalValueUsd,
    IReadOnlyList<GroupValue> ByCountry,
    int SupplierCount,
    int LinkCount);

/// <summary>
/// What a store computes for a localization report: the lead firms counted, their inputs by input sector (largest
/// value first), the input sectors the FEEDS coefficients say some lead firm needs but for which it has no link (by
/// how many lead firms lack each, then id), and the sources of the facts used (by id).
/// </summary>
public sealed record LocalizationTotals(
    int LeadFirmCount,
    IReadOnlyList<InputSectorTotals> Inputs,
    IReadOnlyList<string> UnknownInputSectorIds,
    IReadOnlyList<string> SourceIds);

/// <summary>
/// A domestic firm that could supply an input the lead firms buy abroad, with the parts of its score (each in [0, 1];
/// see <see cref="LocalizationScoring"/>).
/// </summary>
public sealed record SupplierCandidate(
    string FirmId,
    double Score,
    double SectorFit,
    double? DistanceKm,
    double Proximity,
    double ProvenCapability,
    double ProvenValueUsd,
    int LeadFirmsSupplied,
    bool AllianceMember,
    double SizeScore)
{
    /// <summary>The product of the firm's profile that raised its sector fit (see <see cref="Analysis.LocalizationScoring.MakesFit"/>), or null.</summary>
    public string? MakesProductId { get; init; }
}

/// <summary>Why a park matches a sector: each reason adds to its score (see <see cref="LocalizationScoring"/>).</summary>
public enum ParkMatchReason
{
    /// <summary>The park lists the sector, one of its ancestors or one of its descendants as a priority.</summary>
    PrioritySector = 1,
    /// <summary>Firms of the sector (or a descendant) are already located in the park.</summary>
    HostsSectorFirms,
    /// <summary>The park has industrial land not yet leased (derived from cited values).</summary>
    AvailableLand,
    /// <summary>The park is operating.</summary>
    Operating,
    /// <summary>The park is within <see cref="LocalizationScoring.NearKm"/> km of a lead firm of the scope.</summary>
    NearLeadFirms,
}

/// <summary>Parks and clusters for a sector: those that prioritise it or already host its firms.</summary>
public sealed record ParkMatchRequest
{
    public required string SectorId { get; init; }

    /// <summary>Only parks whose available area is known and at least this many ha.</summary>
    public double? MinAvailableAreaHa { get; init; }

    /// <summary>The lead firms (role LEAD_FIRM) that pass this filter are the ones distances are measured to; null: none.</summary>
    public NodeFilter? LeadScope { get; init; }
}

/// <summary>A park for a sector, with the parts of its score and the reasons.</summary>
public sealed record ParkMatch(
    string ParkId,
    double Score,
    string? PrioritySectorId,
    int SectorFirmCount,
    double? AvailableAreaHa,
    double? DistanceKm,
    IReadOnlyList<ParkMatchReason> Reasons);

/// <summary>
/// Where the value of a firm's inputs comes from: the known value of the links into the firm and into its suppliers
/// within <c>maxDepth - 1</c> further tiers (each link once), and the part of it bought from firms in Vietnam.
/// </summary>
public sealed record InputOrigin(double ValueUsd, double DomesticValueUsd, int LinkCount)
{
    /// <summary>Domestic value over all value; null when no link has a known value.</summary>
    public double? DomesticShare => ValueUsd > 0 ? DomesticValueUsd / ValueUsd : null;
}

/// <summary>Localization of lead firms' inputs, computed where the graph lives.</summary>
public interface ILocalizationAnalysis
{
    /// <summary>The inputs of the request's lead firms, by input sector, with what is domestic, local and unknown.</summary>
    Task<LocalizationTotals> LocalizationAsync(LocalizationRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each input sector given (gaps), the best <paramref name="first"/> domestic firms of that sector or its
    /// descendants that do not yet supply the request's lead firms with it, best score first, ties by firm id.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<SupplierCandidate>>> SupplierCandidatesAsync(
        LocalizationRequest request, IReadOnlyList<string> inputSectorIds, int first, CancellationToken cancellationToken = default);

    /// <summary>For each firm, the origin of its inputs through <paramref name="maxDepth"/> tiers of suppliers (1: its own links).</summary>
    Task<IReadOnlyList<InputOrigin>> InputOriginsAsync(
        IReadOnlyList<string> firmIds, int maxDepth, LinkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Parks that prioritise the sector or host its firms, best score first, ties by park id.</summary>
    Task<IReadOnlyList<ParkMatch>> ParkMatchesAsync(ParkMatchRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The (lead firm, supplier, input sector) pairs with known value behind the request's report (the same lead firms,
    /// links, levels and local test as <see cref="LocalizationAsync"/>), for the disclosure rules.
    /// </summary>
    Task<LocalizationContributions> LocalizationContributionsAsync(LocalizationRequest request, CancellationToken cancellationToken = default);
}
