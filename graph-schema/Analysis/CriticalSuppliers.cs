using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Critical suppliers: the dominators of a firm's reversed upstream chain, weighted by the value they carry.</summary>
internal static partial class SupplyAnalysis
{
    /// <summary>
    /// Dominators of the reversed upstream chain (Cooper, Harvey and Kennedy's iterative algorithm): supplier S cuts
    /// link u→v from the root when S is u itself or dominates v (every path from v to the root passes through S).
    /// </summary>
    public static IReadOnlyList<CriticalSupplier> Critical(SupplyGraph snap, int root, int maxDepth, int first, CompiledLinkFilter filter, CancellationToken cancellationToken)
    {
        if (root < 0 || first <= 0)
        {
            return [];
        }
        var walk = LinkWalker.Walk(snap, [root], Direction.In, maxDepth, filter, int.MaxValue);
        // Local numbering: 0 is the root, then the chain in walk order; depth of each for the edge set.
        var local = new Dictionary<int, int> { [root] = 0 };
        var nids = new List<int> { root };
        var depth = new List<int> { 0 };
        for (var t = 0; t < walk.TierFirms.Count; t++)
        {
            foreach (var firm in walk.TierFirms[t])
            {
                local[firm] = nids.Count;
                nids.Add(firm);
                depth.Add(t + 1);
            }
        }
        var n = nids.Count;
        // Chain links: u supplies v, both in the chain, v above the last tier. In the reversed graph the edge is v→u.
        var edgeFrom = new List<int>();
        var edgeTo = new List<int>();
        var edgeValue = new List<double>();
        for (var v = 0; v < n; v++)
        {
            if (depth[v] >= maxDepth)
            {
                continue;
            }
            var nid = nids[v];
            for (var i = snap.InOffset[nid]; i < snap.InOffset[nid + 1]; i++)
            {
                var supplier = snap.LinkSupplier[i];
                if (local.TryGetValue(supplier, out var u) && u != 0 && (filter.IsEmpty || filter.Pass(snap, i, supplier)))
                {
                    edgeFrom.Add(v);
                    edgeTo.Add(u);
                    edgeValue.Add(double.IsNaN(snap.LinkValue[i]) ? 0 : snap.LinkValue[i]);
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var succ = Csr(n, edgeFrom, edgeTo);
        var pred = Csr(n, edgeTo, edgeFrom);

        // Reverse postorder from the root over the reversed graph.
        var order = new int[n];
        var rpo = new int[n];
        Array.Fill(rpo, -1);
        var visited = new bool[n];
        var stack = new Stack<(int Node, int Next)>();
        var post = n;
        stack.Push((0, succ.Offsets[0]));
        visited[0] = true;
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < succ.Offsets[node + 1])
            {
                stack.Push((node, next + 1));
                var child = succ.Targets[next];
                if (!visited[child])
                {
                    visited[child] = true;
                    stack.Push((child, succ.Offsets[child]));
                }
            }
            else
            {
                order[--post] = node;
                rpo[node] = post;
            }
        }
        var idom = new int[n];
        Array.Fill(idom, -1);
        idom[0] = 0;
        for (var changed = true; changed;)
        {
            changed = false;
            for (var k = post + 1; k < n; k++)
            {
                var b = order[k];
                var newIdom = -1;
                for (var p = pred.Offsets[b]; p < pred.Offsets[b + 1]; p++)
                {
                    var q = pred.Targets[p];
                    if (idom[q] < 0)
                    {
                        continue;
                    }
                    newIdom = newIdom < 0 ? q : Intersect(q, newIdom);
                }
                if (newIdom >= 0 && idom[b] != newIdom)
                {
                    idom[b] = newIdom;
                    changed = true;
                }
            }
        }

        // Dominator tree intervals, to tell whether u dominates v.
        var children = new List<int>[n];
        for (var v = 1; v < n; v++)
        {
            if (idom[v] >= 0)
            {
                (children[idom[v]] ??= []).Add(v);
            }
        }
        var enter = new int[n];
        var leave = new int[n];
        var clock = 0;
        var dfs = new Stack<(int Node, bool Done)>();
        dfs.Push((0, false));
        while (dfs.Count > 0)
        {
            var (node, done) = dfs.Pop();
            if (done)
            {
                leave[node] = clock;
                continue;
            }
            enter[node] = clock++;
            dfs.Push((node, true));
            if (children[node] is { } kids)
            {
                foreach (var kid in kids)
                {
                    dfs.Push((kid, false));
                }
            }
        }
        bool Dominates(int a, int b) => enter[a] <= enter[b] && enter[b] < leave[a];

        // Link u→v (reversed v→u) is cut by u, and by every dominator of v below the root.
        var intoSubtree = new double[n];
        var own = new double[n];
        var total = 0.0;
        for (var e = 0; e < edgeFrom.Count; e++)
        {
            var v = edgeFrom[e];
            var u = edgeTo[e];
            var value = edgeValue[e];
            total += value;
            if (v != 0)
            {
                intoSubtree[v] += value;
            }
            if (v == 0 || !Dominates(u, v))
            {
                own[u] += value;
            }
        }
        // Sum intoSubtree over each dominator subtree, children before parents (reverse of the DFS entry order).
        var byEntry = Enumerable.Range(0, n).Where(v => idom[v] >= 0).OrderByDescending(v => enter[v]).ToList();
        var cut = (double[])intoSubtree.Clone();
        foreach (var v in byEntry)
        {
            if (v != 0 && idom[v] != 0)
            {
                cut[idom[v]] += cut[v];
            }
        }
        var result = new List<CriticalSupplier>();
        for (var v = 1; v < n; v++)
        {
            var value = cut[v] + own[v];
            if (value > 0)
            {
                result.Add(new CriticalSupplier(snap.Nodes[nids[v]]!.Id, value, total > 0 ? value / total : 0));
            }
        }
        return [.. result.OrderByDescending(r => r.ValueUsd).ThenBy(r => r.FirmId, StringComparer.Ordinal).Take(first)];

        int Intersect(int a, int b)
        {
            while (a != b)
            {
                while (rpo[a] > rpo[b])
                {
                    a = idom[a];
                }
                while (rpo[b] > rpo[a])
                {
                    b = idom[b];
                }
            }
            return a;
        }
    }

    private static (int[] Offsets, int[] Targets) Csr(int n, List<int> from, List<int> to)
    {
        var offsets = new int[n + 1];
        foreach (var f in from)
        {
            offsets[f + 1]++;
        }
        for (var i = 0; i < n; i++)
        {
            offsets[i + 1] += offsets[i];
        }
        var cursor = (int[])offsets.Clone();
        var targets = new int[from.Count];
        for (var e = 0; e < from.Count; e++)
        {
            targets[cursor[from[e]]++] = to[e];
        }
        return (offsets, targets);
    }
}
