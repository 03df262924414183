namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// Posting lists of ranks (positions in a kind's name order), ascending: building them, and their unions and
/// intersections in time linear in the lists (see <see cref="FirmIndex"/> and <see cref="ParkIndex"/>).
/// </summary>
internal static class PostingLists
{
    /// <summary>Matching ranks read as nids.</summary>
    public sealed class RankView(int[] ranks, int[] byRank) : IReadOnlyList<int>
    {
        public int this[int index] => byRank[ranks[index]];

        public int Count => ranks.Length;

        public IEnumerator<int> GetEnumerator()
        {
            foreach (var rank in ranks)
            {
                yield return byRank[rank];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The ranks in any of the lists, ascending, once each: sorted lists merged two by two, in linear time.</summary>
    public static int[] Union(IEnumerable<int[]?> lists)
    {
        var present = lists.OfType<int[]>().Where(l => l.Length > 0).ToList();
        if (present.Count == 0)
        {
            return [];
        }
        while (present.Count > 1)
        {
            var merged = new List<int[]>((present.Count + 1) / 2);
            for (var i = 0; i + 1 < present.Count; i += 2)
            {
                merged.Add(Merge(present[i], present[i + 1]));
            }
            if (present.Count % 2 == 1)
            {
                merged.Add(present[^1]);
            }
            present = merged;
        }
        return present[0];
    }

    private static int[] Merge(int[] a, int[] b)
    {
        var result = new int[a.Length + b.Length];
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            var next = a[i] <= b[j] ? a[i] : b[j];
            if (a[i] == next)
            {
                i++;
            }
            if (b[j] == next)
            {
                j++;
            }
            result[n++] = next;
        }
        while (i < a.Length)
        {
            result[n++] = a[i++];
        }
        while (j < b.Length)
        {
            result[n++] = b[j++];
        }
        return n == result.Length ? result : result[..n];
    }

    /// <summary>
    /// The ranks in every list: the shortest list walked, each rank looked up in the others by galloping from where the
    /// last one was found (steps of 1, 2, 4, ... then a binary search), so close lists cost a merge and far ones a search.
    /// </summary>
    public static int[] Intersect(List<int[]> lists)
    {
        lists.Sort((a, b) => a.Length.CompareTo(b.Length));
        var result = new List<int>(lists[0].Length);
        var from = new int[lists.Count];
        foreach (var rank in lists[0])
        {
            var inAll = true;
            for (var k = 1; k < lists.Count && inAll; k++)
            {
                var at = Gallop(lists[k], from[k], rank);
                if (at >= 0)
                {
                    from[k] = at;
                }
                else
                {
                    from[k] = ~at;
                    inAll = false;
                }
            }
            if (inAll)
            {
                result.Add(rank);
            }
        }
        return [.. result];
    }

    /// <summary>The index of value in list at or after start, or the complement of where it would be (as Array.BinarySearch).</summary>
    private static int Gallop(int[] list, int start, int value)
    {
        var step = 1;
        var hi = start;
        while (hi < list.Length && list[hi] < value)
        {
            start = hi + 1;
            hi += step;
            step <<= 1;
        }
        var end = Math.Min(hi + 1, list.Length);
        return Array.BinarySearch(list, start, end - start, value);
    }

    public static void Add<TKey>(Dictionary<TKey, List<int>> lists, TKey key, int rank)
        where TKey : notnull
    {
        if (key is int nid && nid < 0)
        {
            return;
        }
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }
        if (list.Count == 0 || list[^1] != rank)
        {
            list.Add(rank);
        }
    }

    public static Dictionary<TKey, int[]> Freeze<TKey>(Dictionary<TKey, List<int>> lists, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull =>
        lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), comparer);
}
