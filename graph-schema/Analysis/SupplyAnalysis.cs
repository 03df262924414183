using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Supply-chain analyses on a snapshot's link columns: paths, common suppliers, dominators, disruption.</summary>
internal static partial class SupplyAnalysis
{
    public static IReadOnlyList<SupplyPath> Paths(SupplyGraph snap, int from, int to, int maxDepth, int first, CompiledLinkFilter filter, CancellationToken cancellationToken)
    {
        if (from < 0 || to < 0 || from == to || first <= 0)
        {
            return [];
        }
        var distance = DistancesTo(snap, to, maxDepth, filter);
        if (!distance.TryGetValue(from, out var shortest))
        {
            return [];
        }
        var search = new PathSearch(snap, to, first, filter, distance, from);
        for (var length = shortest; length <= maxDepth && search.Paths.Count < first; length++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            search.Extend(length);
        }
        return search.Paths;
    }

    /// <summary>Distance to the buyer over supplier links, up to maxDepth: a walk upstream from it.</summary>
    private static Dictionary<int, int> DistancesTo(SupplyGraph snap, int to, int maxDepth, CompiledLinkFilter filter)
    {
        var distance = new Dictionary<int, int> { [to] = 0 };
        var frontier = new List<int> { to };
        for (var d = 1; d <= maxDepth && frontier.Count > 0; d++)
        {
            var next = new List<int>();
            foreach (var firm in frontier)
            {
                foreach (var i in snap.InLinks(firm))
                {
                    var supplier = snap.LinkSupplier[i];
                    if ((filter.IsEmpty || filter.Pass(snap, i, supplier)) && distance.TryAdd(supplier, d))
                    {
                        next.Add(supplier);
                    }
                }
            }
            frontier = next;
        }
        return distance;
    }

    /// <summary>
    /// Depth-first over buyers that can still reach the target in the links left, in order of their ids, so paths of one
    /// length come out in the order of their firm ids.
    /// </summary>
    private sealed class PathSearch(SupplyGraph snap, int to, int first, CompiledLinkFilter filter, Dictionary<int, int> distance, int from)
    {
        private readonly List<int> _path = [from];
        private readonly HashSet<int> _onPath = [from];

        public List<SupplyPath> Paths { get; } = [];

        public void Extend(int length)
        {
            var here = _path[^1];
            var left = length - (_path.Count - 1);
            if (here == to)
            {
                if (left == 0)
                {
                    Paths.Add(Materialize());
                }
                return;
            }
            if (left <= 0)
            {
                return;
            }
            foreach (var buyer in BuyersWithin(here, left).Values)
            {
                if (Paths.Count >= first)
                {
                    return;
                }
                _path.Add(buyer);
                _onPath.Add(buyer);
                Extend(length);
                _onPath.Remove(buyer);
                _path.RemoveAt(_path.Count - 1);
            }
        }

        private SortedDictionary<string, int> BuyersWithin(int here, int left)
        {
            var buyers = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var i in snap.OutLinks(here))
            {
                var buyer = snap.LinkBuyer[i];
                if (!_onPath.Contains(buyer) && distance.TryGetValue(buyer, out var d) && d <= left - 1
                    && (filter.IsEmpty || filter.Pass(snap, i, buyer)))
                {
                    buyers.TryAdd(snap.Nodes[buyer]!.Id, buyer);
                }
            }
            return buyers;
        }

        private SupplyPath Materialize()
        {
            var links = new SupplyLink[_path.Count - 1];
            for (var h = 0; h < links.Length; h++)
            {
                links[h] = snap.Materialize(BestLink(snap, _path[h], _path[h + 1], filter));
            }
            return new SupplyPath([.. _path.Select(f => snap.Nodes[f]!.Id)], links);
        }
    }

    /// <summary>The most valuable link from a supplier to a buyer that passes the filter (known values before unknown, then the first).</summary>
    private static int BestLink(SupplyGraph snap, int supplier, int buyer, CompiledLinkFilter filter)
    {
        var best = -1;
        foreach (var i in snap.InLinks(buyer))
        {
            if (snap.LinkSupplier[i] == supplier && (filter.IsEmpty || filter.Pass(snap, i, supplier))
                && (best < 0 || Value(snap, i) > Value(snap, best)))
            {
                best = i;
            }
        }
        return best;
    }

    private static double Value(SupplyGraph snap, int link) => double.IsNaN(snap.LinkValue[link]) ? -1 : snap.LinkValue[link];

    public static IReadOnlyList<CommonSupplier> Common(SupplyGraph snap, IReadOnlyList<int> firms, int maxDepth, CompiledLinkFilter filter)
    {
        if (firms.Count == 0 || firms.Any(f => f < 0))
        {
            return [];
        }
        Dictionary<int, int>? common = null;
        foreach (var firm in firms.Distinct())
        {
            var walk = LinkWalker.Walk(snap, [firm], Direction.In, maxDepth, filter, int.MaxValue);
            var depths = new Dictionary<int, int>();
            for (var t = 0; t < walk.TierFirms.Count; t++)
            {
                foreach (var supplier in walk.TierFirms[t])
                {
                    depths[supplier] = t + 1;
                }
            }
            if (common is null)
            {
                common = depths;
            }
            else
            {
                foreach (var supplier in common.Keys.ToList())
                {
                    if (depths.TryGetValue(supplier, out var d))
                    {
                        common[supplier] = Math.Max(common[supplier], d);
                    }
                    else
                    {
                        common.Remove(supplier);
                    }
                }
            }
        }
        var asked = firms.ToHashSet();
        return [.. common!.Where(c => !asked.Contains(c.Key))
            .Select(c => new CommonSupplier(snap.Nodes[c.Key]!.Id, c.Value))
            .OrderBy(c => c.Depth).ThenBy(c => c.FirmId, StringComparer.Ordinal)];
    }

    public static IReadOnlyList<AffectedFirm> Disruption(SupplyGraph snap, DisruptionScenario scenario, CompiledLinkFilter filter, CancellationToken cancellationToken)
    {
        var gone = new bool[snap.Nodes.Length];
        foreach (var id in scenario.FirmIds)
        {
            if (snap.NidOf(id) is >= 0 and var nid)
            {
                gone[nid] = true;
            }
        }
        var provinces = scenario.ProvinceIds.Select(snap.NidOf).Where(p => p >= 0).ToHashSet();
        var countries = scenario.Countries.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (provinces.Count > 0 || countries.Count > 0)
        {
            var slots = snap.SlotsIn(provinces);
            foreach (var nid in snap.KindOrder(NodeKind.Firm))
            {
                if (slots[snap.FirmPlace[nid] & 0xFFFF] || (snap.FirmCountry[nid] >= 0 && countries.Contains(snap.Countries[snap.FirmCountry[nid]])))
                {
                    gone[nid] = true;
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var affected = new List<AffectedFirm>();
        foreach (var nid in snap.KindOrder(NodeKind.Firm))
        {
            if (snap.Nodes[nid] is not Firm { Roles: var roles } || !roles.Contains(FirmRole.LeadFirm))
            {
                continue;
            }
            double total = 0, lost = 0;
            foreach (var i in snap.InLinks(nid))
            {
                var supplier = snap.LinkSupplier[i];
                if (!filter.IsEmpty && !filter.Pass(snap, i, supplier))
                {
                    continue;
                }
                var value = double.IsNaN(snap.LinkValue[i]) ? 0 : snap.LinkValue[i];
                total += value;
                if (gone[supplier])
                {
                    lost += value;
                }
            }
            if (lost > 0)
            {
                affected.Add(new AffectedFirm(snap.Nodes[nid]!.Id, lost, lost / total));
            }
        }
        return [.. affected.OrderByDescending(a => a.LostShare).ThenByDescending(a => a.LostValueUsd).ThenBy(a => a.FirmId, StringComparer.Ordinal)];
    }
}
