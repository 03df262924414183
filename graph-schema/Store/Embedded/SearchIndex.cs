using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Embedded;

/// <summary>
/// Inverted index of folded name tokens (plus codes and tax codes) to nids. Queries match every word, the last as a
/// prefix, starting from the rarest word so common words ("cong", "ty") cost little.
/// </summary>
internal sealed class SearchIndex
{
    private readonly string[] _tokens;      // sorted, distinct
    private readonly int[][] _postings;     // per token, ascending nids

    private SearchIndex(string[] tokens, int[][] postings)
    {
        _tokens = tokens;
        _postings = postings;
    }

    public static SearchIndex Build(Node?[] nodes, string[] folded)
    {
        var map = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        void Add(string token, int nid)
        {
            if (!map.TryGetValue(token, out var list))
            {
                list = [];
                map[token] = list;
            }
            if (list.Count == 0 || list[^1] != nid)
            {
                list.Add(nid);
            }
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            var node = nodes[nid];
            if (node is null)
            {
                continue;
            }
            seen.Clear();
            foreach (var t in folded[nid].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (seen.Add(t))
                {
                    Add(t, nid);
                }
            }
            foreach (var extra in ExtraTerms(node))
            {
                foreach (var t in VietnameseText.Tokens(extra))
                {
                    if (seen.Add(t))
                    {
                        Add(t, nid);
                    }
                }
            }
        }
        var tokens = map.Keys.ToArray();
        Array.Sort(tokens, StringComparer.Ordinal);
        var postings = new int[tokens.Length][];
        for (var i = 0; i < tokens.Length; i++)
        {
            postings[i] = [.. map[tokens[i]]];
        }
        return new SearchIndex(tokens, postings);
    }

    /// <summary>What else a node is found by besides its name: codes, tax codes, English names, acronyms.</summary>
    internal static IEnumerable<string?> ExtraTerms(Node node) => node switch
    {
        Firm f => [f.TaxCode?.Replace("-", "", StringComparison.Ordinal)],
        Sector s => [s.Code, s.NameEn],
        Province p => [p.FullName, p.NameEn, p.Code],
        Park p => [p.NameEn],
        Alliance a => [a.Acronym, a.NameEn],
        Region r => [r.NameEn],
        Corridor c => [c.NameEn],
        _ => [],
    };

    /// <summary>Nids whose tokens contain every query word (the last one as a prefix when it has 2+ characters).</summary>
    public IReadOnlyList<int> Match(string[] words)
    {
        if (words.Length == 0)
        {
            return [];
        }
        var sets = new List<int[]>(words.Length);
        for (var w = 0; w < words.Length; w++)
        {
            var isLast = w == words.Length - 1;
            var postings = isLast && words[w].Length >= 2 ? PrefixPostings(words[w]) : ExactPostings(words[w]);
            if (postings.Length == 0)
            {
                return [];
            }
            sets.Add(postings);
        }
        sets.Sort((a, b) => a.Length.CompareTo(b.Length));
        var current = sets[0];
        for (var i = 1; i < sets.Count; i++)
        {
            current = Intersect(current, sets[i]);
            if (current.Length == 0)
            {
                return [];
            }
        }
        return current;
    }

    private int[] ExactPostings(string word)
    {
        var i = Array.BinarySearch(_tokens, word, StringComparer.Ordinal);
        return i >= 0 ? _postings[i] : [];
    }

    private int[] PrefixPostings(string prefix)
    {
        var start = Array.BinarySearch(_tokens, prefix, StringComparer.Ordinal);
        if (start < 0)
        {
            start = ~start;
        }
        var end = start;
        while (end < _tokens.Length && _tokens[end].StartsWith(prefix, StringComparison.Ordinal))
        {
            end++;
        }
        if (end - start == 1)
        {
            return _postings[start];
        }
        if (end == start)
        {
            return [];
        }
        var union = new List<int>();
        for (var i = start; i < end; i++)
        {
            union.AddRange(_postings[i]);
        }
        union.Sort();
        var distinct = new List<int>(union.Count);
        foreach (var n in union)
        {
            if (distinct.Count == 0 || distinct[^1] != n)
            {
                distinct.Add(n);
            }
        }
        return [.. distinct];
    }

    private static int[] Intersect(int[] a, int[] b)
    {
        var result = new List<int>(Math.Min(a.Length, b.Length));
        // a is the smaller set: binary-search its members in b.
        var lo = 0;
        foreach (var x in a)
        {
            var i = Array.BinarySearch(b, lo, b.Length - lo, x);
            if (i >= 0)
            {
                result.Add(x);
                lo = i + 1;
            }
            else
            {
                lo = ~i;
            }
            if (lo >= b.Length)
            {
                break;
            }
        }
        return [.. result];
    }
}
