using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

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

    /// <summary>
    /// A firm's profile raises its sector fit: when it lists a product corresponding to the input's division (a product whose
    /// ISIC classes share the division's code), the fit is at least <see cref="MakesFit"/>, and <see cref="ClassFit"/> when that
    /// product is verified.
    /// </summary>
    public const double MakesFit = GroupFit;

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
