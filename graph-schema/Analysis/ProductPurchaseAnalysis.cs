using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

internal static partial class LocalizationAnalysis
{
    /// <summary>
    /// What the lead firms of a scope buy by HS product: their valid links summed by product at the request's level, in
    /// nids (names only for the answer), giving what <see cref="ProductPurchaseTally"/> gives from the same links.
    /// </summary>
    public static ProductPurchases Purchases(SupplyGraph snap, ProductPurchaseRequest request, CancellationToken cancellationToken)
    {
        var leads = Leads(snap, new LocalizationRequest { Scope = request.Scope, LeadSectorIds = request.LeadSectorIds, AsOf = request.AsOf }, FirmTest(snap, request.Scope));
        var asOf = request.AsOf.DayNumber;
        var under = request.Under is { } top ? Under(snap, top) : null;
        var groupOfHs = new Dictionary<int, Sum>();
        var groupById = new Dictionary<string, Sum>(StringComparer.Ordinal);
        var countries = snap.Countries.Length;
        var uncoded = 0;
        var uncodedValue = 0.0;
        var n = 0;
        using var suppliers = new DistinctPairs(snap.Nodes.Length);
        foreach (var lead in leads)
        {
            if (++n % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            foreach (var i in snap.InLinks(lead))
            {
                if (snap.LinkSince[i] > asOf || snap.LinkUntil[i] < asOf)
                {
                    continue;
                }
                var hs = snap.LinkHs(i);
                if (under is not null && (hs < 0 || !under.Contains(hs)))
                {
                    continue;
                }
                var raw = snap.LinkValue[i];
                var value = double.IsNaN(raw) ? 0 : raw;
                if (hs < 0)
                {
                    uncoded++;
                    uncodedValue += value;
                    continue;
                }
                if (!groupOfHs.TryGetValue(hs, out var sum))
                {
                    var id = ProductPurchaseTally.GroupOf(snap.Nodes[hs]!.Id, request.Level);
                    if (!groupById.TryGetValue(id, out sum))
                    {
                        groupById[id] = sum = new Sum(id, groupById.Count, countries);
                    }
                    groupOfHs[hs] = sum;
                }
                var supplier = snap.LinkSupplier[i];
                sum.Value += value;
                sum.Links++;
                if (suppliers.FirstTime(supplier, sum.Index))
                {
                    sum.SupplierCount++;
                }
                var country = snap.FirmCountry[supplier];
                if (country == snap.DomesticCountry)
                {
                    sum.Domestic += value;
                    sum.DomesticLinks++;
                }
                else
                {
                    sum.ForeignByCountry[country + 1] += value;
                    // A lead firm's links are read together: its sums are kept on the product until the next lead firm's.
                    if (sum.Lead != lead)
                    {
                        sum.Flush();
                        sum.Lead = lead;
                    }
                    sum.LeadValue += value;
                    sum.LeadLinks++;
                }
            }
        }
        foreach (var g in groupById.Values)
        {
            g.Flush();
        }
        string CountryKey(int slot) => slot == 0 ? "" : snap.Countries[slot - 1];
        var products = groupById.Values.Select(g =>
        {
            var buyers = g.ForeignByLead.Select(l => new ProductBuyer(snap.Nodes[l.Lead]!.Id, l.Value, l.Links))
                .OrderByDescending(b => b.ValueUsd).ThenByDescending(b => b.LinkCount).ThenBy(b => b.FirmId, StringComparer.Ordinal).ToList();
            return new ProductPurchase(
                g.Id, g.Value, g.Domestic, g.Links, g.DomesticLinks,
                [.. Enumerable.Range(0, g.ForeignByCountry.Length).Where(c => g.ForeignByCountry[c] > 0).Select(c => new GroupValue(CountryKey(c), g.ForeignByCountry[c]))
                    .OrderByDescending(c => c.ValueUsd).ThenBy(c => c.Key, StringComparer.Ordinal)],
                buyers.Count, buyers.FirstOrDefault()?.FirmId, g.SupplierCount)
            {
                ForeignBuyers = buyers,
            };
        }).OrderByDescending(p => p.ForeignValueUsd).ThenByDescending(p => p.ForeignLinkCount).ThenBy(p => p.ProductId, StringComparer.Ordinal).ToList();
        return new ProductPurchases(leads.Count, products, uncoded, uncodedValue);
    }

    /// <summary>A product and every product under it, by nid (empty when the id names no product).</summary>
    private static HashSet<int> Under(SupplyGraph snap, string productId) =>
        snap.NidOf(productId) is >= 0 and var nid && snap.Nodes[nid] is Product ? [.. ProductsUnder(snap, nid)] : [];

    /// <summary>The same totals through <see cref="ProductPurchaseTally"/> (the Neo4j store's way), for the tests to hold the two together.</summary>
    internal static ProductPurchases PurchasesByTally(SupplyGraph snap, ProductPurchaseRequest request)
    {
        var leads = Leads(snap, new LocalizationRequest { Scope = request.Scope, LeadSectorIds = request.LeadSectorIds, AsOf = request.AsOf }, FirmTest(snap, request.Scope));
        var tally = new ProductPurchaseTally(request.Level);
        var asOf = request.AsOf.DayNumber;
        foreach (var lead in leads)
        {
            foreach (var i in snap.InLinks(lead))
            {
                if (snap.LinkSince[i] > asOf || snap.LinkUntil[i] < asOf)
                {
                    continue;
                }
                var supplier = snap.LinkSupplier[i];
                var hs = snap.LinkHs(i);
                if (request.Under is { } top && (hs < 0 || !snap.Nodes[hs]!.Id.StartsWith(top, StringComparison.Ordinal)))
                {
                    continue;
                }
                var value = snap.LinkValue[i];
                tally.Add(snap.Nodes[lead]!.Id, snap.Nodes[supplier]!.Id, snap.FirmCountry[supplier] is >= 0 and var c ? snap.Countries[c] : null,
                    hs >= 0 ? snap.Nodes[hs]!.Id : null, double.IsNaN(value) ? null : value);
            }
        }
        return tally.Result(leads.Count);
    }

    /// <summary>One product's sums; foreign value by country slot (0: no country, c + 1: <see cref="SupplyGraph.Countries"/>[c]).</summary>
    private sealed class Sum(string id, int index, int countries)
    {
        public string Id { get; } = id;
        public int Index { get; } = index;
        public int SupplierCount;
        public double Value;
        public double Domestic;
        public int Links;
        public int DomesticLinks;
        public readonly double[] ForeignByCountry = new double[countries + 1];
        public readonly List<(int Lead, double Value, int Links)> ForeignByLead = [];
        public int Lead = -1;
        public double LeadValue;
        public int LeadLinks;

        /// <summary>Ends the lead firm read last: its sums join the list.</summary>
        public void Flush()
        {
            if (Lead >= 0 && LeadLinks > 0)
            {
                ForeignByLead.Add((Lead, LeadValue, LeadLinks));
            }
            (LeadValue, LeadLinks) = (0, 0);
        }
    }

    /// <summary>
    /// Whether a (supplier, product) pair is new: the first two products of each supplier in two slots by nid (most
    /// suppliers sell one or two), any further ones in a set. Exact: a pair once counted stays where it was put.
    /// </summary>
    private sealed class DistinctPairs : IDisposable
    {
        private readonly int[] _first;
        private readonly int[] _second;
        private readonly HashSet<long> _more = [];

        public DistinctPairs(int nodes)
        {
            _first = System.Buffers.ArrayPool<int>.Shared.Rent(nodes);
            _second = System.Buffers.ArrayPool<int>.Shared.Rent(nodes);
            Array.Clear(_first, 0, nodes);
            Array.Clear(_second, 0, nodes);
        }

        public bool FirstTime(int supplier, int group)
        {
            var mark = group + 1;
            ref var first = ref _first[supplier];
            if (first == mark)
            {
                return false;
            }
            if (first == 0)
            {
                first = mark;
                return true;
            }
            ref var second = ref _second[supplier];
            if (second == mark)
            {
                return false;
            }
            if (second == 0)
            {
                second = mark;
                return true;
            }
            return _more.Add(((long)group << 32) | (uint)supplier);
        }

        public void Dispose()
        {
            System.Buffers.ArrayPool<int>.Shared.Return(_first);
            System.Buffers.ArrayPool<int>.Shared.Return(_second);
        }
    }
}
