using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Sectors and lead firms of a graph: descendants, levels, input coefficients (each built on first use).</summary>
internal partial class SupplyGraph
{
    /// <summary>The nids of the given sectors and all their descendants (unknown ids are ignored).</summary>
    public HashSet<int> ExpandSectors(IEnumerable<string> sectorIds)
    {
        var set = new HashSet<int>();
        var stack = new Stack<int>();
        foreach (var id in sectorIds)
        {
            var nid = NidOf(id);
            if (nid >= 0 && Nodes[nid] is Sector)
            {
                stack.Push(nid);
            }
        }
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (set.Add(n))
            {
                foreach (var child in InNeighbours(RelType.Parent, n))
                {
                    stack.Push(child);
                }
            }
        }
        return set;
    }

    private int[]? _leadFirms;
    private Dictionary<int, (int Input, IReadOnlyList<string> Sources)[]>? _inputsOf;
    private System.Collections.Concurrent.ConcurrentDictionary<int, int[]> _sectorPaths;

    /// <summary>The nids of the lead firms, ascending (made on first use, or from the previous version's by its changes).</summary>
    public int[] LeadFirms
    {
        get
        {
            if (_leadFirms is { } leads)
            {
                return leads;
            }
            var list = new List<int>();
            for (var nid = 0; nid < Nodes.Length; nid++)
            {
                if (IsLeadFirm(Nodes[nid]))
                {
                    list.Add(nid);
                }
            }
            return _leadFirms = [.. list];
        }
    }

    internal static bool IsLeadFirm(Node? node) => node is Firm firm && firm.Roles.Contains(FirmRole.LeadFirm);

    /// <summary>
    /// A sector's ancestors and itself by level: index (int)level holds the nid of its ancestor at that level (itself at
    /// its own), -1 where it has none (levels below its own).
    /// </summary>
    public int[] SectorPath(int sectorNid) => _sectorPaths.GetOrAdd(sectorNid, nid =>
    {
        var path = new int[6];
        Array.Fill(path, -1);
        for (var (current, hops) = (nid, 0); current >= 0 && hops < 8 && Nodes[current] is Sector s; hops++)
        {
            path[(int)s.Level] = current;
            current = s.ParentId is { } parent ? NidOf(parent) : -1;
        }
        return path;
    });

    /// <summary>The sector at a level above (or at) this one; the sector itself when it is coarser than the level.</summary>
    public int SectorAt(int sectorNid, SectorLevel level)
    {
        var path = SectorPath(sectorNid);
        return path[(int)level] >= 0 ? path[(int)level] : sectorNid;
    }

    /// <summary>For a sector, the sectors that FEED it (its inputs) and the sources of each coefficient.</summary>
    public (int Input, IReadOnlyList<string> Sources)[] InputsOf(int sectorNid)
    {
        var map = _inputsOf;
        if (map is null)
        {
            var build = new Dictionary<int, List<(int, IReadOnlyList<string>)>>();
            foreach (var nid in KindOrder(NodeKind.Sector))
            {
                foreach (var feed in ((Sector)Nodes[nid]!).Feeds)
                {
                    if (NidOf(feed.TargetId) is >= 0 and var target)
                    {
                        if (!build.TryGetValue(target, out var list))
                        {
                            build[target] = list = [];
                        }
                        list.Add((nid, feed.Sources));
                    }
                }
            }
            _inputsOf = map = build.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        }
        return map.TryGetValue(sectorNid, out var inputs) ? inputs : [];
    }
}
