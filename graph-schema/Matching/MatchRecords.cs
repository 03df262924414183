using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Matching;

/// <summary>What a record to match is made of, the same for a reconciliation query, an import row and a link's end.</summary>
public static class MatchRecords
{
    /// <summary>A province named as it is today or was before the merger: it, the unit in force it is part of, and that unit's former units.</summary>
    public static HashSet<string> ProvinceIds(ProvinceDirectory directory, Province province, DateOnly today)
    {
        var current = directory.RollUp(province, today);
        var ids = new HashSet<string>(StringComparer.Ordinal) { province.Id, current.Id };
        if (province.Id == current.Id)
        {
            ids.UnionWith(directory.Predecessors(current).Select(p => p.Id));
        }
        return ids;
    }

    /// <summary>A ward as a record names it: its id, or its code ("4" and "00004" alike).</summary>
    public static string WardId(string ward) => ward.StartsWith("ward:", StringComparison.Ordinal) ? ward : $"ward:{ward.PadLeft(5, '0')}";

    /// <summary>Every firm of the graph, page by page, for a matcher over them all (seconds at a million firms).</summary>
    public static async Task<FirmMatcher> LoadMatcherAsync(IGraphStore store, CancellationToken cancellationToken)
    {
        var firms = new List<Firm>();
        string? after = null;
        while (true)
        {
            var page = await store.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 50_000, After = after }, cancellationToken).ConfigureAwait(false);
            firms.AddRange(page.Items.Select(i => (Firm)i.Node));
            after = page.EndCursor;
            if (!page.HasNextPage)
            {
                return new FirmMatcher(firms);
            }
        }
    }
}
