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
    double SizeScore);

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
}

/// <summary>
/// How candidates and parks are scored: fixed weights over components in [0, 1], so a score can be explained from the
/// components the API shows.
/// </summary>
public static class LocalizationScoring
{
    /// <summary>Candidate score weights: sector fit, proven capability, proximity, alliance membership, size.</summary>
    public const double FitWeight = 0.35, ProvenWeight = 0.25, ProximityWeight = 0.2, AllianceWeight = 0.1, SizeWeight = 0.1;

    /// <summary>Park score weights: priority, firms hosted, land, proximity, operating.</summary>
    public const double PriorityWeight = 0.3, HostingWeight = 0.2, LandWeight = 0.2, ParkProximityWeight = 0.2, OperatingWeight = 0.1;

    /// <summary>Sector fit of a candidate sector with a bought input: same class, same group, same division only.</summary>
    public const double ClassFit = 1.0, GroupFit = 0.6, DivisionFit = 0.3;

    /// <summary>Distance at which proximity is one half: proximity = D / (D + km).</summary>
    public const double HalfProximityKm = 100;

    /// <summary>A park this close to a lead firm is "near" it.</summary>
    public const double NearKm = 50;

    /// <summary>Firms hosted at which the hosting part is one half: n / (n + 5).</summary>
    public const double HalfHostingFirms = 5;

    /// <summary>Available hectares at which the land part is one half: ha / (ha + 50).</summary>
    public const double HalfLandHa = 50;

    public static double Proximity(double? km) => km is { } d ? HalfProximityKm / (HalfProximityKm + d) : 0;

    /// <summary>0 when the firm supplies no lead firm with the input; else one half, plus up to one half as its value grows against the gap's foreign value.</summary>
    public static double Proven(int leadFirms, double valueUsd, double gapForeignValueUsd) =>
        leadFirms == 0 ? 0 : 0.5 + (0.5 * (valueUsd > 0 ? valueUsd / (valueUsd + gapForeignValueUsd) : 0));

    public static double Size(FirmSize? size) => size switch
    {
        FirmSize.Micro => 0.25,
        FirmSize.Small => 0.5,
        FirmSize.Medium => 0.75,
        FirmSize.Large => 1,
        _ => 0,
    };

    public static double Candidate(double fit, double proven, double proximity, bool alliance, double size) =>
        Math.Round((FitWeight * fit) + (ProvenWeight * proven) + (ProximityWeight * proximity) + (alliance ? AllianceWeight : 0) + (SizeWeight * size), 4, MidpointRounding.AwayFromZero);

    public static double Park(bool priority, int firms, double? availableHa, double? km, bool operating) =>
        Math.Round(
            (priority ? PriorityWeight : 0)
            + (HostingWeight * firms / (firms + HalfHostingFirms))
            + (availableHa is > 0 and var ha ? LandWeight * ha / (ha + HalfLandHa) : 0)
            + (ParkProximityWeight * Proximity(km))
            + (operating ? OperatingWeight : 0),
            4,
            MidpointRounding.AwayFromZero);

    /// <summary>A park's match for a sector: its score, parts and reasons, from what the store found (the priority that matches, firms hosted, distance).</summary>
    public static ParkMatch Match(Park park, string? prioritySectorId, int hosted, double? distanceKm)
    {
        var available = park.AvailableAreaHa;
        var operating = park.Status == ParkStatus.Operating;
        var reasons = new List<ParkMatchReason>();
        if (prioritySectorId is not null)
        {
            reasons.Add(ParkMatchReason.PrioritySector);
        }
        if (hosted > 0)
        {
            reasons.Add(ParkMatchReason.HostsSectorFirms);
        }
        if (available > 0)
        {
            reasons.Add(ParkMatchReason.AvailableLand);
        }
        if (operating)
        {
            reasons.Add(ParkMatchReason.Operating);
        }
        if (distanceKm <= NearKm)
        {
            reasons.Add(ParkMatchReason.NearLeadFirms);
        }
        return new ParkMatch(park.Id, Park(prioritySectorId is not null, hosted, available, distanceKm, operating), prioritySectorId, hosted, available, distanceKm, reasons);
    }

    /// <summary>Best score first, ties by park id.</summary>
    public static int ParkOrder(ParkMatch a, ParkMatch b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.ParkId, b.ParkId);

    /// <summary>Great-circle distance in km (haversine, mean earth radius 6,371 km).</summary>
    public static double DistanceKm(double lat1, double lng1, double lat2, double lng2)
    {
        const double R = 6371.0;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLng = (lng2 - lng1) * Math.PI / 180;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
