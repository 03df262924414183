using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// A snapshot of a part of the graph fetched from another store (the nodes and links an analysis needs), so that
/// analyses whose answer is an algorithm rather than an aggregation (dominators, connected groups, ranked candidates) run
/// the very code the embedded store runs. Links whose ends or sector are not among the nodes are left out.
/// </summary>
internal static class SubgraphBuilder
{
    public static SupplyGraph Build(IEnumerable<Node> nodes, IEnumerable<SupplyLink> links)
    {
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<Node?>();
        foreach (var node in nodes)
        {
            if (byId.TryAdd(node.Id, list.Count))
            {
                list.Add(node);
            }
        }
        var products = new List<string> { "" };
        var productBySlug = new Dictionary<string, int>(StringComparer.Ordinal) { [""] = 0 };
        var sourceSets = new List<string[]>();
        var sourceSetByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<LinkRow>();
        var seen = new HashSet<(int, int, int, int)>();
        foreach (var link in links)
        {
            if (!byId.TryGetValue(link.SupplierId, out var supplier) || !byId.TryGetValue(link.BuyerId, out var buyer) || !byId.TryGetValue(link.SectorId, out var sector))
            {
                continue;
            }
            var slug = SupplyLink.ProductKey(link.Product);
            if (!productBySlug.TryGetValue(slug, out var product))
            {
                product = products.Count;
                products.Add(link.Product?.Trim() ?? "");
                productBySlug[slug] = product;
            }
            var ids = link.Sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var key = SupplyGraph.SourceSetKey(ids);
            if (!sourceSetByKey.TryGetValue(key, out var set))
            {
                set = sourceSets.Count;
                sourceSets.Add(ids);
                sourceSetByKey[key] = set;
            }
            if (!seen.Add((buyer, supplier, sector, product)))
            {
                continue;
            }
            rows.Add(new LinkRow
            {
                Buyer = buyer,
                Supplier = supplier,
                Sector = sector,
                Product = product,
                Since = link.Since?.DayNumber ?? LinkRow.NoDate,
                Until = link.Until?.DayNumber ?? LinkRow.OpenUntil,
                Sources = set,
                Hs = link.HsProductId is { } hs && byId.TryGetValue(hs, out var hsNid) ? hsNid + 1 : 0,
                Confidence = (float)link.Confidence,
                Value = link.ValueUsd ?? double.NaN,
            });
        }
        var array = rows.ToArray();
        Array.Sort(array);
        return new SupplyGraph(0, [.. list], null, () => (array, array.Length), [.. products], [.. sourceSets], previous: null);
    }
}
