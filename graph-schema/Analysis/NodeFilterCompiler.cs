using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>A node filter made into one test over a graph's nodes (sector sets expanded to their descendants once).</summary>
internal static class NodeFilterCompiler
{
    /// <summary>The test, or null when the filter lets every node of the kind through.</summary>
    internal static Func<Node, int, bool>? Compile(SupplyGraph snap, NodeKind kind, NodeFilter filter)
    {
        filter.CheckAppliesTo(kind);
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
                Firm f => (f.ProvinceId is not null && set.Contains(f.ProvinceId)) || (f.Placement?.FormerProvinceId is { } former && set.Contains(former)),
                Park p => set.Contains(p.ProvinceId) || (p.Placement?.FormerProvinceId is { } former && set.Contains(former)),
                Ward w => set.Contains(w.ProvinceId),
                _ => false,
            });
        }
        if (filter.WardIds is { } wards)
        {
            var set = wards.ToHashSet(StringComparer.Ordinal);
            tests.Add((n, _) => (n switch { Firm f => f.WardId, Park p => p.WardId, _ => null }) is { } w && set.Contains(w));
        }
        if (filter.Unplaced is { } unplaced)
        {
            tests.Add((n, _) => ((n switch { Firm f => f.Placement, Park p => p.Placement, _ => null })?.Method == PlacementMethod.Unplaced) == unplaced);
        }
        AddFirmTests(snap, filter, tests);
        AddParkTests(snap, filter, tests);
        AddReferenceTests(filter, tests);
        return All(tests);
    }

    /// <summary>Park, sector (with descendants), tax code, identifier, alliance, ownership, country and role.</summary>
    private static void AddFirmTests(SupplyGraph snap, NodeFilter filter, List<Func<Node, int, bool>> tests)
    {
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
        if (filter.IdentifierKeys is { } keys)
        {
            var set = keys.ToHashSet(StringComparer.Ordinal);
            tests.Add((n, _) => ((Firm)n).Identifiers?.Any(i => set.Contains(i.Key)) == true);
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
    }

    /// <summary>Kind, status, priority sector (with descendants) and available land.</summary>
    private static void AddParkTests(SupplyGraph snap, NodeFilter filter, List<Func<Node, int, bool>> tests)
    {
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
    }

    /// <summary>Provinces by date and region, sectors by classification, level and parent, sources by being synthetic.</summary>
    private static void AddReferenceTests(NodeFilter filter, List<Func<Node, int, bool>> tests)
    {
        if (filter.ValidOn is { } date)
        {
            tests.Add((n, _) => n is Province p ? p.IsValidOn(date) : ((Ward)n).IsValidOn(date));
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
            tests.Add((n, _) => (n switch { Sector s => s.ParentId, Product p => p.ParentId, _ => null }) == parent);
        }
        if (filter.Synthetic is { } synthetic)
        {
            tests.Add((n, _) => ((Source)n).Synthetic == synthetic);
        }
    }

    /// <summary>One test passing only what every test passes (null for none).</summary>
    private static Func<Node, int, bool>? All(List<Func<Node, int, bool>> tests) =>
        tests.Count switch
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
