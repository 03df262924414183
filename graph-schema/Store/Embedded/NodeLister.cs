using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>Filtered, sorted, keyset-paged listing of one kind of node over a snapshot.</summary>
internal static class NodeLister
{
    public static Page<Node> List(GraphSnapshot snap, NodeQuery query, CancellationToken cancellationToken)
    {
        if (query.First is < 0 || query.Last is < 0)
        {
            throw new ArgumentException("first and last must not be negative");
        }
        var filter = query.Filter ?? new NodeFilter();
        var order = query.OrderBy.Count == 0 ? [new SortOrder(SortField.Name)] : query.OrderBy;
        IReadOnlyList<int> matches = Matches(snap, query.Kind, filter, cancellationToken);
        var byName = order.Count == 1 && order[0] is { Field: SortField.Name, Descending: false };
        if (!byName)
        {
            var keys = new Dictionary<int, object?[]>(matches.Count);
            foreach (var nid in matches)
            {
                keys[nid] = Key(snap, nid, order);
            }
            var sorted = matches.ToArray();
            Array.Sort(sorted, (a, b) => Compare(keys[a], snap.Nodes[a]!.Id, keys[b], snap.Nodes[b]!.Id, order));
            matches = sorted;
        }

        var start = 0;
        var end = matches.Count;
        if (query.After is not null)
        {
            var (values, id) = PageCursor.Decode(query.After, order.Count);
            start = LowerBound(snap, matches, order, values, id, strict: true);
        }
        if (query.Before is not null)
        {
            var (values, id) = PageCursor.Decode(query.Before, order.Count);
            end = Math.Max(start, LowerBound(snap, matches, order, values, id, strict: false));
        }
        var sliceStart = start;
        var sliceEnd = end;
        if (query.First is { } first && sliceEnd - sliceStart > first)
        {
            sliceEnd = sliceStart + first;
        }
        if (query.Last is { } last && sliceEnd - sliceStart > last)
        {
            sliceStart = sliceEnd - last;
        }
        var items = new List<PageItem<Node>>(sliceEnd - sliceStart);
        for (var i = sliceStart; i < sliceEnd; i++)
        {
            var nid = matches[i];
            var node = snap.Nodes[nid]!;
            items.Add(new PageItem<Node>(node, PageCursor.Encode(Key(snap, nid, order), node.Id)));
        }
        var hasNext = sliceEnd < end || (query.Before is not null && end < matches.Count);
        var hasPrevious = sliceStart > start || (query.After is not null && start > 0);
        return new Page<Node>(items, matches.Count, hasNext, hasPrevious);
    }

    /// <summary>
    /// The nids that pass the filter, in name order: from the firms' or parks' posting lists when the filter is made of
    /// what they hold (the cost follows the lists, not the graph), else by testing every node of the kind.
    /// </summary>
    private static IReadOnlyList<int> Matches(GraphSnapshot snap, NodeKind kind, NodeFilter filter, CancellationToken cancellationToken)
    {
        Func<GraphSnapshot, IReadOnlyList<int>>? listed = kind switch
        {
            NodeKind.Firm when FirmIndex.Covers(filter) => full => full.FirmIndex.Match(full, filter),
            NodeKind.Park when ParkIndex.Covers(filter) => full => full.ParkIndex.Match(full, filter),
            _ => null,
        };
        if (listed is not null)
        {
            filter.CheckAppliesTo(kind);
            if (snap.IsFullBuild)
            {
                return listed(snap);
            }
            if (!ResolvesDifferently(snap))
            {
                return Corrected(snap, kind, filter, listed(snap.BaseSnapshot));
            }
        }
        var predicate = NodeFilterCompiler.Compile(snap, kind, filter);
        var candidates = snap.KindOrder(kind);
        if (predicate is null)
        {
            // No filter: every node of the kind, in the order the snapshot keeps (shared, never changed).
            return candidates;
        }
        var matches = new List<int>(64);
        for (var i = 0; i < candidates.Length; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var nid = candidates[i];
            if (predicate(snap.Nodes[nid]!, nid))
            {
                matches.Add(nid);
            }
        }
        return matches;
    }

    /// <summary>
    /// Whether a filter could match a firm the change did not touch differently from the last full build: when a sector
    /// (the tree a sector filter takes in), a province or a region (the old and new names a province filter follows)
    /// changed since. Parks, sources and firms cannot do that.
    /// </summary>
    private static bool ResolvesDifferently(GraphSnapshot snap) =>
        snap.KindTouched(NodeKind.Sector) || snap.KindTouched(NodeKind.Province) || snap.KindTouched(NodeKind.Region);

    /// <summary>
    /// The last full build's matches (in its name order) without the nodes changed since, with the changed firms that
    /// pass the filter now: what the lists of a full build of this version would give, at the cost of the change.
    /// </summary>
    private static IReadOnlyList<int> Corrected(GraphSnapshot snap, NodeKind kind, NodeFilter filter, IReadOnlyList<int> baseMatches)
    {
        var predicate = NodeFilterCompiler.Compile(snap, kind, filter);
        var passing = new List<int>();
        foreach (var nid in snap.Touched)
        {
            if (snap.Nodes[nid] is { } node && node.Kind == kind && (predicate is null || predicate(node, nid)))
            {
                passing.Add(nid);
            }
        }
        passing.Sort(snap.CompareByName);
        return snap.OverlaidView(baseMatches, passing);
    }

    /// <summary>Index of the first item after (strict) or at/after the cursor position.</summary>
    private static int LowerBound(GraphSnapshot snap, IReadOnlyList<int> matches, IReadOnlyList<SortOrder> order, object?[] values, string id, bool strict)
    {
        int lo = 0, hi = matches.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var nid = matches[mid];
            var c = Compare(Key(snap, nid, order), snap.Nodes[nid]!.Id, values, id, order);
            if (c < 0 || (strict && c == 0))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static object?[] Key(GraphSnapshot snap, int nid, IReadOnlyList<SortOrder> order)
    {
        var node = snap.Nodes[nid]!;
        var key = new object?[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            key[i] = order[i].Field switch
            {
                SortField.Id => node.Id,
                SortField.Name => PageCursor.NameKey(snap.Folded[nid], node.Name),
                SortField.Code => node switch
                {
                    Province p => p.Code,
                    Sector s => s.Code,
                    Region r => r.Code,
                    Firm f => f.TaxCode,
                    Product pd => pd.Code,
                    Process pr => pr.Code,
                    CertificationStandard cs => cs.Code,
                    Ward w => w.Code,
                    _ => null,
                },
                SortField.Country => (node as Firm)?.Country,
                SortField.TotalAreaHa => (node as Park)?.TotalAreaHa,
                SortField.AvailableAreaHa => (node as Park)?.AvailableAreaHa,
                _ => null,
            };
        }
        return key;
    }

    /// <summary>Compares by each sort key (nulls last in either direction), then by id ascending.</summary>
    private static int Compare(object?[] a, string aId, object?[] b, string bId, IReadOnlyList<SortOrder> order)
    {
        for (var i = 0; i < order.Count; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x is null || y is null)
            {
                if (x is null && y is null)
                {
                    continue;
                }
                return x is null ? 1 : -1;
            }
            var c = (x, y) switch
            {
                (string s, string t) => string.CompareOrdinal(s, t),
                (double d, double e) => d.CompareTo(e),
                _ => string.CompareOrdinal(x.ToString(), y.ToString()),
            };
            if (c != 0)
            {
                return order[i].Descending ? -c : c;
            }
        }
        return string.CompareOrdinal(aId, bId);
    }
}
