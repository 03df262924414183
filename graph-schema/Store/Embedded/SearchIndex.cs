using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Analysis;

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
        var terms = new HashSet<string>(StringComparer.Ordinal);
        for (var nid = 0; nid < nodes.Length; nid++)
        {
            if (nodes[nid] is not { } node)
            {
                continue;
            }
            Terms(node, folded[nid], terms);
            foreach (var t in terms)
            {
                if (!map.TryGetValue(t, out var list))
                {
                    list = [];
                    map[t] = list;
                }
                list.Add(nid);
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

    /// <summary>The distinct tokens a node is found by: its folded name's words, then its extra terms' (into a set given, or a new one).</summary>
    internal static HashSet<string> Terms(Node node, string folded, HashSet<string>? into = null)
    {
        var terms = into ?? new HashSet<string>(StringComparer.Ordinal);
        terms.Clear();
        foreach (var t in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            terms.Add(t);
        }
        foreach (var extra in SearchRanking.ExtraTerms(node))
        {
            foreach (var t in VietnameseText.Tokens(extra))
            {
                terms.Add(t);
            }
        }
        return terms;
    }

    /// <summary>
    /// The index after some nodes changed (written, added or deleted): only the postings of the tokens they lose or gain
    /// are made anew, the rest shared with this index. The same index <see cref="Build"/> would give.
    /// </summary>
    public SearchIndex Update(IEnumerable<(int Nid, Node? Before, string? FoldedBefore, Node? After, string? FoldedAfter)> changes)
    {
        var (removed, added) = TokenChanges(changes);
        if (removed.Count == 0 && added.Count == 0)
        {
            return this;
        }
        var (tokens, postings) = WithTokens(added.Keys);
        foreach (var token in removed.Keys.Concat(added.Keys).Distinct(StringComparer.Ordinal))
        {
            var at = Array.BinarySearch(tokens, token, StringComparer.Ordinal);
            var list = new List<int>(postings[at].Length + 1);
            var drop = removed.GetValueOrDefault(token);
            foreach (var nid in postings[at])
            {
                if (drop is null || !drop.Contains(nid))
                {
                    list.Add(nid);
                }
            }
            if (added.TryGetValue(token, out var gain))
            {
                list.AddRange(gain);
                list.Sort();
            }
            postings[at] = [.. list];
        }
        return new SearchIndex(tokens, postings);
    }

    /// <summary>By token, the nids that lose it and the nids that gain it.</summary>
    private static (Dictionary<string, HashSet<int>> Removed, Dictionary<string, HashSet<int>> Added) TokenChanges(
        IEnumerable<(int Nid, Node? Before, string? FoldedBefore, Node? After, string? FoldedAfter)> changes)
    {
        var removed = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var added = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        static void Note(Dictionary<string, HashSet<int>> map, string token, int nid)
        {
            if (!map.TryGetValue(token, out var set))
            {
                map[token] = set = [];
            }
            set.Add(nid);
        }
        foreach (var (nid, before, foldedBefore, after, foldedAfter) in changes)
        {
            var old = before is null ? [] : Terms(before, foldedBefore!);
            var now = after is null ? [] : Terms(after, foldedAfter!);
            foreach (var t in old.Where(t => !now.Contains(t)))
            {
                Note(removed, t, nid);
            }
            foreach (var t in now.Where(t => !old.Contains(t)))
            {
                Note(added, t, nid);
            }
        }
        return (removed, added);
    }

    /// <summary>This index's tokens and postings merged with the new tokens among these (with no postings yet), in order.</summary>
    private (string[] Tokens, int[][] Postings) WithTokens(IEnumerable<string> candidates)
    {
        var newTokens = candidates.Where(t => Array.BinarySearch(_tokens, t, StringComparer.Ordinal) < 0).Order(StringComparer.Ordinal).ToArray();
        var tokens = new string[_tokens.Length + newTokens.Length];
        var postings = new int[tokens.Length][];
        int i = 0, j = 0, n = 0;
        while (i < _tokens.Length || j < newTokens.Length)
        {
            if (j == newTokens.Length || (i < _tokens.Length && string.CompareOrdinal(_tokens[i], newTokens[j]) < 0))
            {
                tokens[n] = _tokens[i];
                postings[n++] = _postings[i++];
            }
            else
            {
                tokens[n] = newTokens[j++];
                postings[n++] = [];
            }
        }
        return (tokens, postings);
    }

    /// <summary>Every token that finds something, with its postings (to compare two indexes).</summary>
    internal IEnumerable<(string Token, int[] Postings)> Entries() =>
        _tokens.Select((t, i) => (t, _postings[i])).Where(e => e.Item2.Length > 0);


    /// <summary>Whether a node's terms hold every query word, as <see cref="Match"/> reads them (the last as a prefix when it has 2+ characters).</summary>
    public static bool Matches(HashSet<string> terms, string[] words)
    {
        if (words.Length == 0)
        {
            return false;
        }
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            var found = w == words.Length - 1 && word.Length >= 2
                ? terms.Any(t => t.StartsWith(word, StringComparison.Ordinal))
                : terms.Contains(word);
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

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
