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
        var chain = ReversedChain.Of(snap, root, maxDepth, filter);
        cancellationToken.ThrowIfCancellationRequested();
        var succ = Csr(chain.Count, chain.EdgeFrom, chain.EdgeTo);
        var pred = Csr(chain.Count, chain.EdgeTo, chain.EdgeFrom);
        var (order, rpo, firstReached) = ReversePostorder(succ, chain.Count);
        var idom = ImmediateDominators(pred, order, rpo, firstReached);
        var (enter, leave) = DominatorIntervals(idom);
        var cut = CutValues(chain, idom, enter, leave, out var total);
        var result = new List<CriticalSupplier>();
        for (var v = 1; v < chain.Count; v++)
        {
            if (cut[v] > 0)
            {
                result.Add(new CriticalSupplier(snap.Nodes[chain.Nids[v]]!.Id, cut[v], total > 0 ? cut[v] / total : 0));
            }
        }
        return [.. result.OrderByDescending(r => r.ValueUsd).ThenBy(r => r.FirmId, StringComparer.Ordinal).Take(first)];
    }

    /// <summary>
    /// A firm's upstream chain numbered locally (0 the root, then in walk order) with its links reversed: link u supplies
    /// v (both in the chain, v above the last tier) is the edge v→u, with its known value (0 when unknown).
    /// </summary>
    private sealed class ReversedChain
    {
        public List<int> Nids { get; } = [];

        public List<int> EdgeFrom { get; } = [];

        public List<int> EdgeTo { get; } = [];

        public List<double> EdgeValue { get; } = [];

        public int Count => Nids.Count;

        public static ReversedChain Of(SupplyGraph snap, int root, int maxDepth, CompiledLinkFilter filter)
        {
            var chain = new ReversedChain();
            var walk = LinkWalker.Walk(snap, [root], Direction.In, maxDepth, filter, int.MaxValue);
            var local = new Dictionary<int, int> { [root] = 0 };
            var depth = new List<int> { 0 };
            chain.Nids.Add(root);
            for (var t = 0; t < walk.TierFirms.Count; t++)
            {
                foreach (var firm in walk.TierFirms[t])
                {
                    local[firm] = chain.Nids.Count;
                    chain.Nids.Add(firm);
                    depth.Add(t + 1);
                }
            }
            for (var v = 0; v < chain.Count; v++)
            {
                if (depth[v] < maxDepth)
                {
                    chain.AddLinksInto(snap, v, local, filter);
                }
            }
            return chain;
        }

        private void AddLinksInto(SupplyGraph snap, int v, Dictionary<int, int> local, CompiledLinkFilter filter)
        {
            var nid = Nids[v];
            foreach (var i in snap.InLinks(nid))
            {
                var supplier = snap.LinkSupplier[i];
                if (local.TryGetValue(supplier, out var u) && u != 0 && (filter.IsEmpty || filter.Pass(snap, i, supplier)))
                {
                    EdgeFrom.Add(v);
                    EdgeTo.Add(u);
                    EdgeValue.Add(double.IsNaN(snap.LinkValue[i]) ? 0 : snap.LinkValue[i]);
                }
            }
        }
    }

    /// <summary>Reverse postorder from the root (0) over the reversed chain; nodes reached fill order[firstReached..].</summary>
    private static (int[] Order, int[] Rpo, int FirstReached) ReversePostorder((int[] Offsets, int[] Targets) succ, int n)
    {
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
        return (order, rpo, post);
    }

    /// <summary>Each node's immediate dominator (-1 when the root cannot reach it), iterated to a fixed point.</summary>
    private static int[] ImmediateDominators((int[] Offsets, int[] Targets) pred, int[] order, int[] rpo, int firstReached)
    {
        var n = order.Length;
        var idom = new int[n];
        Array.Fill(idom, -1);
        idom[0] = 0;
        for (var changed = true; changed;)
        {
            changed = false;
            for (var k = firstReached + 1; k < n; k++)
            {
                var b = order[k];
                var newIdom = -1;
                for (var p = pred.Offsets[b]; p < pred.Offsets[b + 1]; p++)
                {
                    var q = pred.Targets[p];
                    if (idom[q] >= 0)
                    {
                        newIdom = newIdom < 0 ? q : Intersect(q, newIdom, idom, rpo);
                    }
                }
                if (newIdom >= 0 && idom[b] != newIdom)
                {
                    idom[b] = newIdom;
                    changed = true;
                }
            }
        }
        return idom;
    }

    private static int Intersect(int a, int b, int[] idom, int[] rpo)
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

    /// <summary>Entry and exit times of a depth-first walk of the dominator tree: a dominates b when b's entry lies in a's interval.</summary>
    private static (int[] Enter, int[] Leave) DominatorIntervals(int[] idom)
    {
        var n = idom.Length;
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
            foreach (var kid in children[node] ?? [])
            {
                dfs.Push((kid, false));
            }
        }
        return (enter, leave);
    }

    /// <summary>
    /// The value each supplier cuts off: link u→v (reversed v→u) is cut by u, and by every dominator of v below the
    /// root; the sums over dominator subtrees are made children before parents (reverse of the entry order).
    /// </summary>
    private static double[] CutValues(ReversedChain chain, int[] idom, int[] enter, int[] leave, out double total)
    {
        var n = chain.Count;
        var intoSubtree = new double[n];
        var own = new double[n];
        total = 0.0;
        for (var e = 0; e < chain.EdgeFrom.Count; e++)
        {
            var (v, u, value) = (chain.EdgeFrom[e], chain.EdgeTo[e], chain.EdgeValue[e]);
            total += value;
            if (v != 0)
            {
                intoSubtree[v] += value;
            }
            if (v == 0 || !(enter[u] <= enter[v] && enter[v] < leave[u]))
            {
                own[u] += value;
            }
        }
        var byEntry = Enumerable.Range(0, n).Where(v => idom[v] >= 0).OrderByDescending(v => enter[v]).ToList();
        var cut = (double[])intoSubtree.Clone();
        foreach (var v in byEntry)
        {
            if (v != 0 && idom[v] != 0)
            {
                cut[idom[v]] += cut[v];
            }
        }
        for (var v = 0; v < n; v++)
        {
            cut[v] += own[v];
        }
        return cut;
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
