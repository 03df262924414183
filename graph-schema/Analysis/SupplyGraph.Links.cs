using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Supply links of a graph by identity and as records.</summary>
internal partial class SupplyGraph
{
    /// <summary>The link index with this identity, or -1.</summary>
    public int FindLink(int supplier, int buyer, int sector, int product)
    {
        if (buyer < 0 || buyer >= InOffset.Length - 1)
        {
            return -1;
        }
        var lo = InOffset[buyer];
        var hi = InOffset[buyer + 1] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = LinkSupplier[mid].CompareTo(supplier);
            if (c == 0)
            {
                c = LinkSector[mid].CompareTo(sector);
            }
            if (c == 0)
            {
                c = LinkProduct[mid].CompareTo(product);
            }
            if (c == 0)
            {
                return mid;
            }
            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return -1;
    }

    public LinkRow Row(int i) => new()
    {
        Buyer = LinkBuyer[i],
        Supplier = LinkSupplier[i],
        Sector = LinkSector[i],
        Product = LinkProduct[i],
        Since = LinkSince[i],
        Until = LinkUntil[i],
        Sources = LinkSources[i],
        Confidence = LinkConfidence[i],
        Value = LinkValue[i],
    };

    public SupplyLink Materialize(int i)
    {
        var product = Products[LinkProduct[i]];
        return new SupplyLink
        {
            SupplierId = Nodes[LinkSupplier[i]]!.Id,
            BuyerId = Nodes[LinkBuyer[i]]!.Id,
            SectorId = Nodes[LinkSector[i]]!.Id,
            Product = product.Length == 0 ? null : product,
            ValueUsd = double.IsNaN(LinkValue[i]) ? null : LinkValue[i],
            Since = LinkSince[i] == LinkRow.NoDate ? null : DateOnly.FromDayNumber(LinkSince[i]),
            Until = LinkUntil[i] == LinkRow.OpenUntil ? null : DateOnly.FromDayNumber(LinkUntil[i]),
            Confidence = Math.Round(LinkConfidence[i], 6),
            Sources = SourceSets[LinkSources[i]],
        };
    }
}
