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

    /// <summary>What a scope's lead firms buy by HS product (the product gaps' totals).</summary>
    Task<ProductPurchases> ProductPurchasesAsync(ProductPurchaseRequest request, CancellationToken cancellationToken = default);
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

/// <summary>
/// What the lead firms of a scope buy, by HS product: the lead firms as for a localization report (LEAD_FIRM, in the
/// scope, in one of the sectors when given), their supply links valid on the day that name an HS code, grouped at a
/// level (a link coded more coarsely than the level stays at its own code).
/// </summary>
public sealed record ProductPurchaseRequest
{
    public required NodeFilter Scope { get; init; }

    public IReadOnlyCollection<string>? LeadSectorIds { get; init; }

    /// <summary>Heading (4 digits, the default) or subheading (6 digits).</summary>
    public ProductLevel Level { get; init; } = ProductLevel.Heading;

    public required DateOnly AsOf { get; init; }

    /// <summary>Only links whose HS product is this one or under it (a product page's buyers); null for every product.</summary>
    public string? Under { get; init; }
}

/// <summary>
/// One product the lead firms buy: the known value of its links and the part from suppliers in Vietnam, its links and
/// those from suppliers in Vietnam, the foreign value by supplier country (largest first), the lead firms that buy it
/// abroad, the one that buys most of it abroad (by value, then links, then id), and its distinct suppliers.
/// </summary>
public sealed record ProductPurchase(
    string ProductId,
    double ValueUsd,
    double DomesticValueUsd,
    int LinkCount,
    int DomesticLinkCount,
    IReadOnlyList<GroupValue> ForeignByCountry,
    int ForeignBuyerCount,
    string? TopForeignBuyerId,
    int SupplierCount)
{
    /// <summary>The lead firms that buy it abroad, most foreign value first (then links, then id).</summary>
    public IReadOnlyList<ProductBuyer> ForeignBuyers { get; init; } = [];

    public double ForeignValueUsd => ValueUsd - DomesticValueUsd;

    public int ForeignLinkCount => LinkCount - DomesticLinkCount;
}

/// <summary>A lead firm that buys a product abroad: the known value and the links.</summary>
public sealed record ProductBuyer(string FirmId, double ValueUsd, int LinkCount);

/// <summary>The lead firms counted, what they buy by product (most foreign value first), and their links that name no HS code.</summary>
public sealed record ProductPurchases(int LeadFirmCount, IReadOnlyList<ProductPurchase> Products, int UncodedLinkCount, double UncodedValueUsd);

/// <summary>Sums supply links into product purchases; the one code behind both stores.</summary>
public sealed class ProductPurchaseTally(ProductLevel level)
{
    private sealed class Sum
    {
        public double Value;
        public double Domestic;
        public int Links;
        public int DomesticLinks;
        public readonly Dictionary<string, double> ForeignByCountry = new(StringComparer.Ordinal);
        public readonly Dictionary<string, (double Value, int Links)> ForeignByLead = new(StringComparer.Ordinal);
        public readonly HashSet<string> Suppliers = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<string, Sum> _sums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _grouped = new(StringComparer.Ordinal);
    private int _uncoded;
    private double _uncodedValue;

    /// <summary>The product a link's code is grouped under at the level: a subheading's heading at HEADING; a coarser code stays.</summary>
    public static string GroupOf(string productId, ProductLevel level)
    {
        var code = Rules.NodeIds.Local(productId);
        var digits = level switch { ProductLevel.Subheading => 6, ProductLevel.Heading => 4, _ => 2 };
        return code.Length <= digits ? productId : Rules.NodeIds.Make(NodeKind.Product, code[..digits]);
    }

    /// <summary>Adds one valid link into a lead firm: its HS product (null when none), supplier, supplier country, value.</summary>
    public void Add(string leadId, string supplierId, string? country, string? productId, double? valueUsd)
    {
        var value = valueUsd ?? 0;
        if (productId is null)
        {
            _uncoded++;
            _uncodedValue += value;
            return;
        }
        if (!_grouped.TryGetValue(productId, out var group))
        {
            _grouped[productId] = group = GroupOf(productId, level);
        }
        if (!_sums.TryGetValue(group, out var sum))
        {
            _sums[group] = sum = new Sum();
        }
        sum.Value += value;
        sum.Links++;
        sum.Suppliers.Add(supplierId);
        if (country == "VN")
        {
            sum.Domestic += value;
            sum.DomesticLinks++;
        }
        else
        {
            var key = country ?? "";
            sum.ForeignByCountry[key] = sum.ForeignByCountry.GetValueOrDefault(key) + value;
            var had = sum.ForeignByLead.GetValueOrDefault(leadId);
            sum.ForeignByLead[leadId] = (had.Value + value, had.Links + 1);
        }
    }

    public ProductPurchases Result(int leadFirmCount) => new(
        leadFirmCount,
        [.. _sums.Select(kv => new ProductPurchase(
                kv.Key, kv.Value.Value, kv.Value.Domestic, kv.Value.Links, kv.Value.DomesticLinks,
                [.. kv.Value.ForeignByCountry.Where(c => c.Value > 0).Select(c => new GroupValue(c.Key, c.Value)).OrderByDescending(c => c.ValueUsd).ThenBy(c => c.Key, StringComparer.Ordinal)],
                kv.Value.ForeignByLead.Count,
                kv.Value.ForeignByLead.OrderByDescending(l => l.Value.Value).ThenByDescending(l => l.Value.Links).ThenBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key).FirstOrDefault(),
                kv.Value.Suppliers.Count)
            {
                ForeignBuyers = [.. kv.Value.ForeignByLead.OrderByDescending(l => l.Value.Value).ThenByDescending(l => l.Value.Links).ThenBy(l => l.Key, StringComparer.Ordinal)
                    .Select(l => new ProductBuyer(l.Key, l.Value.Value, l.Value.Links))],
            })
            .OrderByDescending(p => p.ForeignValueUsd).ThenByDescending(p => p.ForeignLinkCount).ThenBy(p => p.ProductId, StringComparer.Ordinal)],
        _uncoded,
        _uncodedValue);
}
