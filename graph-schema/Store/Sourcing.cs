using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>How closely what a firm makes matches a requested product: the finest HS level at which their codes agree, or only the product's sector.</summary>
public enum ProductFit
{
    /// <summary>None of its products shares the chapter; one of its sectors is in a division the product corresponds to.</summary>
    Sector = 1,
    /// <summary>It makes a product of the same chapter (2 digits).</summary>
    Chapter,
    /// <summary>It makes a product of the same heading (4 digits).</summary>
    Heading,
    /// <summary>It makes the same subheading (6 digits), or the request names a heading or chapter and it makes that very code.</summary>
    Subheading,
}

/// <summary>The points of a match's score (0-100 in all), each explained in <see cref="SourcingScoring"/>.</summary>
public sealed record SourcingScoreParts(double Product, double Processes, double Certifications, double ProvenSupply, double Distance, double Capacity, double Verified);

/// <summary>A domestic firm that could supply one item of a sourcing request, with each part of its score and the reasons in plain words.</summary>
public sealed record SourcingMatch(
    string FirmId,
    double Score,
    ProductFit ProductFit,
    string? MatchedProductId,
    double? ProcessFit,
    IReadOnlyList<string> CertificationsMet,
    IReadOnlyList<string> MissingCertifications,
    bool ProvenSupply,
    bool AlreadySuppliesBuyer,
    double? DistanceKm,
    double? CapacityFit,
    SourcingScoreParts Parts,
    IReadOnlyList<string> Reasons);

/// <summary>One item to match: the buyer, the item, the day certificates must be valid on, how many, and whether firms lacking a certificate stay in.</summary>
public sealed record SourcingMatchRequest(string BuyerId, SourcingItem Item, DateOnly AsOf, int First, bool IncludePartial);

/// <summary>A firm that makes a product (or one under it) by its profile.</summary>
public sealed record ProductMaker(string FirmId, string ProductId, bool Verified);

/// <summary>Sourcing requests matched to firms' capabilities, computed where the graph lives.</summary>
public interface ISourcingAnalysis
{
    /// <summary>For each request, its best matches (best score first; ties by product fit, distance, then firm id).</summary>
    Task<IReadOnlyList<IReadOnlyList<SourcingMatch>>> MatchSourcingAsync(IReadOnlyList<SourcingMatchRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>The firms whose profile lists the product or a product under it, passing the filter, by firm id.</summary>
    Task<IReadOnlyList<ProductMaker>> ProductMakersAsync(string productId, NodeFilter? filter = null, CancellationToken cancellationToken = default);
}

/// <summary>
/// How a sourcing match is scored: fixed points for each part, 100 in all, so the score can be explained from the parts
/// the API shows. Matches are domestic firms (country VN), the buyer excluded.
/// </summary>
public static class SourcingScoring
{
    /// <summary>Points for the product: times 1 (same subheading), 0.7 (heading), 0.4 (chapter), 0.2 (only the sector).</summary>
    public const double ProductPoints = 40;

    /// <summary>Points for processes: times the share of required processes the firm runs (in full when none is required).</summary>
    public const double ProcessPoints = 15;

    /// <summary>Points for certificates: times the share of required certificates it holds valid on the day (in full when none is required).</summary>
    public const double CertificationPoints = 10;

    /// <summary>Points when it already supplies other buyers in the product's sector (valid links, the requester's excluded).</summary>
    public const double ProvenPoints = 10;

    /// <summary>Points for distance: times 100 / (100 + km); none when either place is unknown.</summary>
    public const double DistancePoints = 15;

    /// <summary>Points for capacity: times min(1, capacity / quantity) when both are known in the same unit, half when not known.</summary>
    public const double CapacityPoints = 5;

    /// <summary>Points when the product it makes is verified (checked, not only stated by the firm).</summary>
    public const double VerifiedPoints = 5;

    /// <summary>Without includePartial a firm lacking a required certificate is left out; with it, it stays, with these points off per certificate lacked.</summary>
    public const double MissingCertificatePenalty = 10;

    public static double ProductWeight(ProductFit fit) => fit switch
    {
        ProductFit.Subheading => 1,
        ProductFit.Heading => 0.7,
        ProductFit.Chapter => 0.4,
        _ => 0.2,
    };
}
