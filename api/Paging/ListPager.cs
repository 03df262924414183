using System.Buffers.Text;
using System.Text;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Paging;

/// <summary>
/// Pages a list that is already in its final order by a unique string key, with keyset cursors: a cursor holds the key
/// of its item, so paging stays correct when items are added or removed between requests.
/// </summary>
public static class ListPager
{
    public static Connection<T> Page<T>(IReadOnlyList<T> sorted, Func<T, string> key, PageRequest request)
    {
        var start = 0;
        var end = sorted.Count;
        if (request.After is not null)
        {
            start = UpperBound(sorted, key, Decode(request.After));
        }
        if (request.Before is not null)
        {
            end = Math.Max(start, LowerBound(sorted, key, Decode(request.Before)));
        }
        var sliceStart = start;
        var sliceEnd = end;
        if (request.First is { } first && sliceEnd - sliceStart > first)
        {
            sliceEnd = sliceStart + first;
        }
        if (request.Last is { } last && sliceEnd - sliceStart > last)
        {
            sliceStart = sliceEnd - last;
        }
        var edges = new Edge<T>[sliceEnd - sliceStart];
        for (var i = sliceStart; i < sliceEnd; i++)
        {
            edges[i - sliceStart] = new Edge<T>(sorted[i], Encode(key(sorted[i])));
        }
        var info = new PageInfo(
            HasNextPage: sliceEnd < end || (request.Before is not null && end < sorted.Count),
            HasPreviousPage: sliceStart > start || (request.After is not null && start > 0),
            StartCursor: edges.Length > 0 ? edges[0].Cursor : null,
            EndCursor: edges.Length > 0 ? edges[^1].Cursor : null);
        return new Connection<T>(edges, sorted.Count, info);
    }

    /// <summary>The whole page as a store page, for callers that page in memory what the store returned whole.</summary>
    public static Page<T> ToStorePage<T>(Connection<T> connection) => new(
        [.. connection.Edges.Select(e => new PageItem<T>(e.Node, e.Cursor))],
        connection.TotalCount,
        connection.PageInfo.HasNextPage,
        connection.PageInfo.HasPreviousPage);

    private static int UpperBound<T>(IReadOnlyList<T> sorted, Func<T, string> key, string cursor)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(key(sorted[mid]), cursor) <= 0)
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

    private static int LowerBound<T>(IReadOnlyList<T> sorted, Func<T, string> key, string cursor)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(key(sorted[mid]), cursor) < 0)
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

    private const string Prefix = "k1:";

    private static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + key));

    private static string Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return text[Prefix.Length..];
            }
        }
        catch (FormatException)
        {
        }
        throw new InvalidPageRequestException($"\"{cursor}\" is not a cursor of this list.");
    }
}
