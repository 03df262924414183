using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Clusters (union-find over in-scope links), co-location and park-to-park trade on a snapshot.</summary>
internal static class ClusterAnalysis
{
    public static IReadOnlyList<SupplyCluster> Clusters(SupplyGraph snap, ClusterRequest request, CompiledLinkFilter filter, CancellationToken cancellationToken)
    {
        var test = NodeFilterCompiler.Compile(snap, NodeKind.Firm, request.Scope);
        var inScope = new bool[snap.Nodes.Length];
        var members = new List<int>();
        foreach (var nid in snap.KindOrder(NodeKind.Firm))
        {
            if (test is null || test(snap.Nodes[nid]!, nid))
            {
                inScope[nid] = true;
                members.Add(nid);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var clusters = new List<SupplyCluster>();
        foreach (var group in ConnectedGroups(snap, members, inScope, filter).Where(g => g.Count >= 2))
        {
            cancellationToken.ThrowIfCancellationRequested();
            clusters.Add(ClusterOf(snap, group, inScope, filter, request.Noise));
        }
        // Public facts only (size, links among the members, then the first member's id): an order that fell back on the
        // internal value would rank that restricted value for every caller who sees the list.
        return [.. clusters.OrderByDescending(c => c.MemberIds.Count).ThenByDescending(c => c.InternalLinkCount).ThenBy(c => c.MemberIds[0], StringComparer.Ordinal)];
    }

    /// <summary>The members grouped by union-find over the links whose both ends are in scope.</summary>
    private static Dictionary<int, List<int>>.ValueCollection ConnectedGroups(SupplyGraph snap, List<int> members, bool[] inScope, CompiledLinkFilter filter)
    {
        var parent = new Dictionary<int, int>(members.Count);
        foreach (var m in members)
        {
            parent[m] = m;
        }
        int Find(int x)
        {
            while (parent[x] != x)
            {
                var up = parent[parent[x]];
                parent[x] = up;
                x = up;
            }
            return x;
        }
        foreach (var buyer in members)
        {
            foreach (var i in snap.InLinks(buyer))
            {
                var supplier = snap.LinkSupplier[i];
                if (inScope[supplier] && supplier != buyer && (filter.IsEmpty || filter.Pass(snap, i, supplier)))
                {
                    var (a, b) = (Find(supplier), Find(buyer));
                    if (a != b)
                    {
                        parent[Math.Max(a, b)] = Math.Min(a, b);
                    }
                }
            }
        }
        var groups = new Dictionary<int, List<int>>();
        foreach (var m in members)
        {
            var root = Find(m);
            if (!groups.TryGetValue(root, out var list))
            {
                groups[root] = list = [];
            }
            list.Add(m);
        }
        return groups.Values;
    }

    /// <summary>A group's members, its links and their value, its sectors, and what it buys from outside the scope.</summary>
    private static SupplyCluster ClusterOf(SupplyGraph snap, List<int> group, bool[] inScope, CompiledLinkFilter filter, ValueNoise? noise)
    {
        var links = 0;
        var (insidePublished, outsidePublished) = (new PublishableValue.Tally<int>(noise, n => IdOf(snap, n)), new PublishableValue.Tally<int>(noise, n => IdOf(snap, n)));
        double inside = 0, outside = 0;
        var byProvince = new Dictionary<int, double>();
        var byCountry = new Dictionary<int, double>();
        var sectors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var buyer in group)
        {
            foreach (var sector in ((Firm)snap.Nodes[buyer]!).SectorIds)
            {
                sectors[sector] = sectors.GetValueOrDefault(sector) + 1;
            }
            foreach (var i in snap.InLinks(buyer))
            {
                var supplier = snap.LinkSupplier[i];
                if (!filter.IsEmpty && !filter.Pass(snap, i, supplier))
                {
                    continue;
                }
                var value = double.IsNaN(snap.LinkValue[i]) ? 0 : snap.LinkValue[i];
                if (inScope[supplier])
                {
                    // In scope and linked to a member: a member itself.
                    links++;
                    inside += value;
                    insidePublished.Add(buyer, supplier, value);
                    continue;
                }
                outside += value;
                outsidePublished.Add(buyer, supplier, value);
                if (snap.FirmProvince[supplier] is >= 0 and var p)
                {
                    byProvince[p] = byProvince.GetValueOrDefault(p) + value;
                }
                if (snap.FirmCountry[supplier] is >= 0 and var c)
                {
                    byCountry[c] = byCountry.GetValueOrDefault(c) + value;
                }
            }
        }
        return new SupplyCluster(
            [.. group.Select(m => snap.Nodes[m]!.Id).Order(StringComparer.Ordinal)],
            links,
            inside,
            [.. sectors.Select(s => new GroupValue(s.Key, s.Value)).OrderByDescending(g => g.ValueUsd).ThenBy(g => g.Key, StringComparer.Ordinal)],
            outside,
            Sorted(byProvince.Select(p => new GroupValue(snap.Nodes[p.Key]!.Id, p.Value))),
            Sorted(byCountry.Select(c => new GroupValue(snap.Countries[c.Key], c.Value))))
        {
            InternalPublished = insidePublished.Build(),
            OutsidePublished = outsidePublished.Build(),
        };
    }

    /// <summary>The id of a node a link or a group holds (always there).</summary>
    private static string IdOf(SupplyGraph snap, int nid) => snap.Nodes[nid]?.Id ?? throw new InvalidOperationException($"No node at {nid}.");

    private static GroupValue[] Sorted(IEnumerable<GroupValue> groups) =>
        [.. groups.Where(g => g.ValueUsd > 0).OrderByDescending(g => g.ValueUsd).ThenBy(g => g.Key, StringComparer.Ordinal)];

    public static IReadOnlyList<string> CoLocated(SupplyGraph snap, int firm)
    {
        if (firm < 0 || snap.Nodes[firm] is not Firm { ParkId: { } parkId } self || snap.NidOf(parkId) < 0)
        {
            return [];
        }
        var sectors = self.SectorIds.ToHashSet(StringComparer.Ordinal);
        var partners = new HashSet<int>();
        foreach (var i in snap.InLinks(firm))
        {
            partners.Add(snap.LinkSupplier[i]);
        }
        foreach (var link in snap.OutLinks(firm))
        {
            partners.Add(snap.LinkBuyer[link]);
        }
        var result = new List<string>();
        foreach (var other in snap.InNeighbours(RelType.LocatedIn, snap.NidOf(parkId)))
        {
            if (other != firm && snap.Nodes[other] is Firm o && (partners.Contains(other) || o.SectorIds.Any(sectors.Contains)))
            {
                result.Add(o.Id);
            }
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public static IReadOnlyList<LinkedPark> LinkedParks(SupplyGraph snap, int park, CompiledLinkFilter filter, ValueNoise? noise = null)
    {
        if (park < 0 || snap.Nodes[park] is not Park)
        {
            return [];
        }
        var byPark = new Dictionary<int, (int Links, double Value, PublishableValue.Tally<int> Published)>();
        void Count(int link, int other)
        {
            if (snap.Nodes[other] is Firm { ParkId: { } otherPark } && snap.NidOf(otherPark) is >= 0 and var p && p != park
                && (filter.IsEmpty || filter.Pass(snap, link, other)))
            {
                var (links, value, published) = byPark.TryGetValue(p, out var seen) ? seen : (0, 0, new PublishableValue.Tally<int>(noise, n => IdOf(snap, n)));
                var linkValue = double.IsNaN(snap.LinkValue[link]) ? 0 : snap.LinkValue[link];
                published.Add(snap.LinkBuyer[link], snap.LinkSupplier[link], linkValue);
                byPark[p] = (links + 1, value + linkValue, published);
            }
        }
        foreach (var firm in snap.InNeighbours(RelType.LocatedIn, park))
        {
            foreach (var i in snap.InLinks(firm))
            {
                Count(i, snap.LinkSupplier[i]);
            }
            foreach (var i in snap.OutLinks(firm))
            {
                Count(i, snap.LinkBuyer[i]);
            }
        }
        return [.. byPark.Select(p => new LinkedPark(IdOf(snap, p.Key), p.Value.Links, p.Value.Value) { Published = p.Value.Published.Build() })
            .OrderByDescending(p => p.LinkCount).ThenBy(p => p.ParkId, StringComparer.Ordinal)];
    }
}
