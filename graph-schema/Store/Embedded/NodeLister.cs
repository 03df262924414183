using System.Buffers.Text;
using System.Text;
using System.Text.Json;
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
        var predicate = Compile(snap, query.Kind, query.Filter ?? new NodeFilter());
        var order = query.OrderBy.Count == 0 ? [new SortOrder(SortField.Name)] : query.OrderBy;
        var candidates = snap.KindOrder(query.Kind);
        var matches = new List<int>(predicate is null ? candidates.Length : 64);
        for (var i = 0; i < candidates.Length; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var nid = candidates[i];
            if (predicate is null || predicate(snap.Nodes[nid]!, nid))
            {
                matches.Add(nid);
            }
        }
        var byName = order.Count == 1 && order[0] is { Field: SortField.Name, Descending: false };
        if (!byName)
        {
            var keys = new Dictionary<int, object?[]>(matches.Count);
            foreach (var nid in matches)
            {
                keys[nid] = Key(snap, nid, order);
            }
            matches.Sort((a, b) => Compare(keys[a], snap.Nodes[a]!.Id, keys[b], snap.Nodes[b]!.Id, order));
        }

        var start = 0;
        var end = matches.Count;
        if (query.After is not null)
        {
            var (values, id) = Decode(query.After, order.Count);
            start = LowerBound(snap, matches, order, values, id, strict: true);
        }
        if (query.Before is not null)
        {
            var (values, id) = Decode(query.Before, order.Count);
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
            items.Add(new PageItem<Node>(node, Encode(Key(snap, nid, order), node.Id)));
        }
        var hasNext = sliceEnd < end || (query.Before is not null && end < matches.Count);
        var hasPrevious = sliceStart > start || (query.After is not null && start > 0);
        return new Page<Node>(items, matches.Count, hasNext, hasPrevious);
    }

    /// <summary>Index of the first item after (strict) or at/after the cursor position.</summary>
    private static int LowerBound(GraphSnapshot snap, List<int> matches, IReadOnlyList<SortOrder> order, object?[] values, string id, bool strict)
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
                SortField.Name => snap.Folded[nid] + "\u0001" + node.Name,
                SortField.Code => node switch
                {
                    Province p => p.Code,
                    Sector s => s.Code,
                    Region r => r.Code,
                    Firm f => f.TaxCode,
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

    internal static string Encode(object?[] key, string id)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(key.Append(id).ToArray());
        return Base64Url.EncodeToString(json);
    }

    internal static (object?[] Values, string Id) Decode(string cursor, int keys)
    {
        try
        {
            var json = Base64Url.DecodeFromChars(cursor);
            using var doc = JsonDocument.Parse(json);
            var array = doc.RootElement;
            if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != keys + 1)
            {
                throw new InvalidCursorException("the cursor does not belong to this ordering");
            }
            var values = new object?[keys];
            for (var i = 0; i < keys; i++)
            {
                var e = array[i];
                values[i] = e.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.Number => e.GetDouble(),
                    JsonValueKind.String => e.GetString(),
                    _ => throw new InvalidCursorException("invalid cursor"),
                };
            }
            return (values, array[keys].GetString() ?? throw new InvalidCursorException("invalid cursor"));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or DecoderFallbackException)
        {
            throw new InvalidCursorException("invalid cursor", ex);
        }
    }

    internal static Func<Node, int, bool>? Compile(GraphSnapshot snap, NodeKind kind, NodeFilter filter)
    {
        CheckApplicable(kind, filter);
        var tests = new List<Func<Node, int, bool>>();
        if (!string.IsNullOrWhiteSpace(filter.NameContains))
        {
            var needle = VietnameseText.Fold(filter.NameContains);
            tests.Add((_, nid) => snap.Folded[nid].Contains(needle, StringComparison.Ordinal));
        }
        if (filter.ProvinceIds is { } provinces)
        {
            var set = provinces.ToHashSet(StringComparer.Ordinal);
            tests.Add((n, _) => n switch
            {
                Firm f => f.ProvinceId is not null && set.Contains(f.ProvinceId),
                Park p => set.Contains(p.ProvinceId),
                _ => false,
            });
        }
        if (filter.ParkIds is { } parks)
        {
            var set = parks.ToHashSet(StringComparer.Ordinal);
            tests.Add((n, _) => ((Firm)n).ParkId is { } p && set.Contains(p));
        }
        if (filter.SectorIds is { } sectors)
        {
            var set = snap.ExpandSectors(sectors);
            tests.Add((n, _) => ((Firm)n).SectorIds.Any(s => set.Contains(snap.NidOf(s))));
        }
        if (filter.TaxCodes is { } taxCodes)
        {
            var set = taxCodes.ToHashSet(StringComparer.Ordinal);
            tests.Add((n, _) => ((Firm)n).TaxCode is { } t && set.Contains(t));
        }
        if (filter.AllianceIds is { } alliances)
        {
            var set = alliances.ToHashSet(StringComparer.Ordinal);
            tests.Add((n, _) => ((Firm)n).AllianceIds.Any(set.Contains));
        }
        if (filter.Ownerships is { } ownerships)
        {
            tests.Add((n, _) => ((Firm)n).Ownership is { } o && ownerships.Contains(o));
        }
        if (filter.Countries is { } countries)
        {
            var set = countries.ToHashSet(StringComparer.OrdinalIgnoreCase);
            tests.Add((n, _) => set.Contains(((Firm)n).Country));
        }
        if (filter.Roles is { } roles)
        {
            tests.Add((n, _) => ((Firm)n).Roles.Any(roles.Contains));
        }
        if (filter.ParkKinds is { } kinds)
        {
            tests.Add((n, _) => kinds.Contains(((Park)n).ParkKind));
        }
        if (filter.ParkStatuses is { } statuses)
        {
            tests.Add((n, _) => statuses.Contains(((Park)n).Status));
        }
        if (filter.PrioritySectorIds is { } priority)
        {
            var set = snap.ExpandSectors(priority);
            tests.Add((n, _) => ((Park)n).PrioritySectors.Any(p => set.Contains(snap.NidOf(p.SectorId))));
        }
        if (filter.MinAvailableAreaHa is { } minArea)
        {
            tests.Add((n, _) => ((Park)n).AvailableAreaHa >= minArea);
        }
        if (filter.ValidOn is { } date)
        {
            tests.Add((n, _) => ((Province)n).IsValidOn(date));
        }
        if (filter.RegionIds is { } regions)
        {
            var set = regions.ToHashSet(StringComparer.Ordinal);
            tests.Add((n, _) => ((Province)n).RegionId is { } r && set.Contains(r));
        }
        if (filter.Classification is { } classification)
        {
            tests.Add((n, _) => ((Sector)n).Classification == classification);
        }
        if (filter.Level is { } level)
        {
            tests.Add((n, _) => ((Sector)n).Level == level);
        }
        if (filter.ParentId is { } parent)
        {
            tests.Add((n, _) => ((Sector)n).ParentId == parent);
        }
        if (filter.Synthetic is { } synthetic)
        {
            tests.Add((n, _) => ((Source)n).Synthetic == synthetic);
        }
        return tests.Count switch
        {
            0 => null,
            1 => tests[0],
            _ => (n, nid) =>
            {
                foreach (var t in tests)
                {
                    if (!t(n, nid))
                    {
                        return false;
                    }
                }
                return true;
            },
        };
    }

    internal static void CheckApplicable(NodeKind kind, NodeFilter f)
    {
        void Require(bool given, string member, params NodeKind[] kinds)
        {
            if (given && !kinds.Contains(kind))
            {
                throw new ArgumentException($"filter '{member}' does not apply to {kind}");
            }
        }
        Require(f.ProvinceIds is not null, "province", NodeKind.Firm, NodeKind.Park);
        Require(f.ParkIds is not null, "park", NodeKind.Firm);
        Require(f.SectorIds is not null, "sector", NodeKind.Firm);
        Require(f.Ownerships is not null, "ownership", NodeKind.Firm);
        Require(f.TaxCodes is not null, "taxCode", NodeKind.Firm);
        Require(f.AllianceIds is not null, "alliance", NodeKind.Firm);
        Require(f.Countries is not null, "country", NodeKind.Firm);
        Require(f.Roles is not null, "role", NodeKind.Firm);
        Require(f.ParkKinds is not null, "kind", NodeKind.Park);
        Require(f.ParkStatuses is not null, "status", NodeKind.Park);
        Require(f.PrioritySectorIds is not null, "prioritySector", NodeKind.Park);
        Require(f.MinAvailableAreaHa is not null, "minAvailableAreaHa", NodeKind.Park);
        Require(f.ValidOn is not null, "validOn", NodeKind.Province);
        Require(f.RegionIds is not null, "region", NodeKind.Province);
        Require(f.Classification is not null, "classification", NodeKind.Sector);
        Require(f.Level is not null, "level", NodeKind.Sector);
        Require(f.ParentId is not null, "parent", NodeKind.Sector);
        Require(f.Synthetic is not null, "synthetic", NodeKind.Source);
    }
}
