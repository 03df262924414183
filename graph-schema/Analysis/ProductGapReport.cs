using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// A product-gap question: a scope's lead firms (as for a localization report), what they buy by HS product at a level,
/// and which products they buy abroad more than the threshold allows.
/// </summary>
public sealed record ProductGapQuery
{
    public required FirmScope Scope { get; init; }

    public string? SectorCode { get; init; }

    public ProductLevel Level { get; init; } = ProductLevel.Heading;

    public required DateOnly AsOf { get; init; }

    public double Threshold { get; init; } = 0.3;

    public double MinValueUsd { get; init; }

    /// <exception cref="ScopeException">The scope is not well formed or names nothing; the sector code names no sector.</exception>
    /// <exception cref="LocalizationArgumentException">The threshold, minimum value or level is out of range.</exception>
    public async Task<ProductGapReport> RunAsync(IGraphStore store, ProvinceDirectory directory, CancellationToken cancellationToken)
    {
        if (Level == ProductLevel.Chapter)
        {
            throw new LocalizationArgumentException("productLevel", "productLevel is HEADING or SUBHEADING.");
        }
        var scope = await new LocalizationQuery { Scope = Scope, SectorCode = SectorCode, AsOf = AsOf, Threshold = Threshold, MinValueUsd = MinValueUsd }
            .ToRequestAsync(store, directory, cancellationToken).ConfigureAwait(false);
        var request = new ProductPurchaseRequest { Scope = scope.Scope, LeadSectorIds = scope.LeadSectorIds, Level = Level, AsOf = AsOf };
        return new ProductGapReport(this, await store.ProductPurchasesAsync(request, cancellationToken).ConfigureAwait(false));
    }
}

/// <summary>What a product gap's domestic share is a share of.</summary>
public enum ShareBasis
{
    /// <summary>Of the known value of its links.</summary>
    Value = 1,
    /// <summary>Of its links (none has a value).</summary>
    Links,
}

/// <summary>
/// One product the lead firms buy abroad beyond the threshold. Its domestic share is by value when any of its links
/// has a value, else by links (<see cref="ShareBasis"/> says which).
/// </summary>
public sealed record ProductGap(ProductPurchase Purchase)
{
    public double? DomesticValueShare => Purchase.ValueUsd > 0 ? Purchase.DomesticValueUsd / Purchase.ValueUsd : null;

    public double DomesticLinkShare => Purchase.LinkCount == 0 ? 0 : Purchase.DomesticLinkCount / (double)Purchase.LinkCount;

    /// <summary>The share the threshold is held against: by value when known, else by links.</summary>
    public double DomesticShare => DomesticValueShare ?? DomesticLinkShare;

    public ShareBasis ShareBasis => DomesticValueShare is null ? ShareBasis.Links : ShareBasis.Value;
}

/// <summary>
/// The products a scope's lead firms buy abroad: those bought from at least one supplier abroad whose domestic share is
/// below the threshold and whose foreign value is at least the minimum (a product whose links carry no value passes
/// only a minimum of 0), most foreign value first, then most foreign links, then code.
/// </summary>
public sealed class ProductGapReport(ProductGapQuery query, ProductPurchases purchases)
{
    public ProductGapQuery Query { get; } = query;

    public ProductPurchases Purchases { get; } = purchases;

    public IReadOnlyList<ProductGap> Gaps { get; } = [.. purchases.Products
        .Where(p => p.ForeignLinkCount > 0 && p.ForeignValueUsd >= query.MinValueUsd)
        .Select(p => new ProductGap(p))
        .Where(g => g.DomesticShare < query.Threshold)];
}
