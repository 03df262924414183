using System.Buffers.Text;
using System.Text;

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
        return Slice(sorted, start, end, request, i => Encode(key(sorted[i])));
    }

    /// <summary>
    /// The page of items between the cursors (start inclusive, end exclusive) that first/last ask for, with where it
    /// sits in the whole list.
    /// </summary>
    internal static Connection<T> Slice<T>(IReadOnlyList<T> items, int start, int end, PageRequest request, Func<int, string> cursor)
    {
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
            edges[i - sliceStart] = new Edge<T>(items[i], cursor(i));
        }
        var info = new PageInfo(
            HasNextPage: sliceEnd < end || (request.Before is not null && end < items.Count),
            HasPreviousPage: sliceStart > start || (request.After is not null && start > 0),
            StartCursor: edges.Length > 0 ? edges[0].Cursor : null,
            EndCursor: edges.Length > 0 ? edges[^1].Cursor : null);
        return new Connection<T>(edges, items.Count, info);
    }

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

/// <summary>
/// Pages a list in a fixed order that has no sort key (a walk's tier, in the order the walk found it): a cursor holds
/// the item's position and id, and is checked against the list, so a cursor from another list is refused.
/// </summary>
public static class PositionPager
{
    private const string Prefix = "p1:";

    public static Connection<string> Page(IReadOnlyList<string> ids, PageRequest request)
    {
        var start = request.After is null ? 0 : Position(ids, request.After) + 1;
        var end = request.Before is null ? ids.Count : Math.Max(start, Position(ids, request.Before));
        return ListPager.Slice(ids, start, end, request, i => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Prefix}{i}:{ids[i]}")));
    }

    private static int Position(IReadOnlyList<string> ids, string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', Prefix.Length);
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && colon > 0
                && int.TryParse(text.AsSpan(Prefix.Length, colon - Prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var position)
                && position >= 0 && position < ids.Count && ids[position] == text[(colon + 1)..])
            {
                return position;
            }
        }
        catch (FormatException)
        {
        }
        throw new InvalidPageRequestException($"\"{cursor}\" is not a cursor of this list.");
    }
}
