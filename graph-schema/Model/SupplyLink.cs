using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Model;

/// <summary>
/// (supplier)-[:SUPPLIES]->(buyer). A link is identified by supplier, buyer, sector and product; its id is derived
/// from them (<c>supply:syn-17&gt;syn-3/2610/linh-kien</c>), so it is readable and survives a reload.
/// </summary>
public sealed record SupplyLink
{
    public required string SupplierId { get; init; }

    public required string BuyerId { get; init; }

    /// <summary>The sector of what is supplied.</summary>
    public required string SectorId { get; init; }

    public string? Product { get; init; }

    /// <summary>
    /// The Harmonized System 2022 product of what is supplied (<c>product:870829</c>), beside the free-text product;
    /// null when the source gives no code. Not part of the link's identity.
    /// </summary>
    public string? HsProductId { get; init; }

    public double? ValueUsd { get; init; }

    /// <summary>First day the link holds; null when unknown.</summary>
    public DateOnly? Since { get; init; }

    /// <summary>Last day the link holds (inclusive); null while it holds.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>Confidence in [0, 1] that the link exists as stated.</summary>
    public double Confidence { get; init; } = 1.0;

    public IReadOnlyList<string> Sources { get; init; } = [];

    public string Id => MakeId(SupplierId, BuyerId, SectorId, Product);

    public bool IsValidOn(DateOnly date) => (Since is null || Since <= date) && (Until is null || date <= Until);

    /// <summary>
    /// The product's part of a link id: its folded slug ("bu-long"); for a product written only in symbols or emoji,
    /// whose slug is empty, its code points in hex after an underscore ("_1f600_1f600"), which no slug can be, so that
    /// it never takes the id of a link without a product. Empty only when there is no product.
    /// </summary>
    public static string ProductKey(string? product)
    {
        var slug = VietnameseText.Slug(product);
        if (slug.Length > 0 || string.IsNullOrWhiteSpace(product))
        {
            return slug;
        }
        var runes = product.Trim().EnumerateRunes().Select(r => r.Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return runes.Count <= 16
            ? "_" + string.Join('_', runes)
            : "_h" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(product.Trim())))[..24];
    }

    public static string MakeId(string supplierId, string buyerId, string sectorId, string? product)
    {
        var key = ProductKey(product);
        var head = $"supply:{NodeIds.Local(supplierId)}>{NodeIds.Local(buyerId)}/{NodeIds.Local(sectorId)}";
        return key.Length == 0 ? head : $"{head}/{key}";
    }

    /// <summary>Splits a link id into its supplier, buyer and sector ids and product key; false when it is not a link id.</summary>
    public static bool TryParseId(string id, out string supplierId, out string buyerId, out string sectorId, out string productKey)
    {
        supplierId = buyerId = sectorId = productKey = "";
        if (!id.StartsWith("supply:", StringComparison.Ordinal))
        {
            return false;
        }
        var body = id.AsSpan(7);
        var gt = body.IndexOf('>');
        if (gt <= 0)
        {
            return false;
        }
        var rest = body[(gt + 1)..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }
        supplierId = "firm:" + body[..gt].ToString();
        buyerId = "firm:" + rest[..slash].ToString();
        var tail = rest[(slash + 1)..];
        var slash2 = tail.IndexOf('/');
        var sectorLocal = slash2 < 0 ? tail : tail[..slash2];
        if (sectorLocal.IsEmpty)
        {
            return false;
        }
        sectorId = "sector:" + sectorLocal.ToString();
        productKey = slash2 < 0 ? "" : tail[(slash2 + 1)..].ToString();
        return true;
    }
}
