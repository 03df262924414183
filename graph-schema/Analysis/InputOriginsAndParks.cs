using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Graph.Analysis;

/// <summary>Where firms' inputs come from, and which parks suit a sector.</summary>
internal static partial class LocalizationAnalysis
{
    public static IReadOnlyList<InputOrigin> Origins(SupplyGraph snap, IReadOnlyList<int> firms, int maxDepth, CompiledLinkFilter filter, CancellationToken cancellationToken)
    {
        var result = new InputOrigin[firms.Count];
        var visited = new HashSet<int>();
        for (var k = 0; k < firms.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var root = firms[k];
            if (root < 0)
            {
                result[k] = new InputOrigin(0, 0, 0);
                continue;
            }
            visited.Clear();
            visited.Add(root);
            var frontier = new List<int> { root };
            double value = 0, domestic = 0;
            var links = 0;
            for (var depth = 0; depth < maxDepth && frontier.Count > 0; depth++)
            {
                var next = new List<int>();
                foreach (var buyer in frontier)
                {
                    foreach (var i in snap.InLinks(buyer))
                    {
                        var supplier = snap.LinkSupplier[i];
                        if (!filter.IsEmpty && !filter.Pass(snap, i, supplier))
                        {
                            continue;
                        }
                        links++;
                        var v = double.IsNaN(snap.LinkValue[i]) ? 0 : snap.LinkValue[i];
                        value += v;
                        if (snap.FirmCountry[supplier] == snap.DomesticCountry)
                        {
                            domestic += v;
                        }
                        if (depth + 1 < maxDepth && visited.Add(supplier))
                        {
                            next.Add(supplier);
                        }
                    }
                }
                frontier = next;
            }
            result[k] = new InputOrigin(value, domestic, links);
        }
        return result;
    }

    public static IReadOnlyList<ParkMatch> Parks(SupplyGraph snap, ParkMatchRequest request, CancellationToken cancellationToken)
    {
        var sector = snap.NidOf(request.SectorId);
        if (sector < 0 || snap.Nodes[sector] is not Sector)
        {
            return [];
        }
        var subtree = snap.ExpandSectors([request.SectorId]);
        var ancestors = snap.SectorPath(sector).Where(a => a >= 0).ToHashSet();
        var locator = new Locator(snap);
        var leadPoints = new List<(double Lat, double Lng)>();
        if (request.LeadScope is { } scope)
        {
            var inScope = FirmTest(snap, scope);
            foreach (var lead in snap.LeadFirms)
            {
                if (inScope(lead) && locator.Of(lead) is { } p)
                {
                    leadPoints.Add(p);
                }
            }
            leadPoints = [.. leadPoints.Distinct()];
        }
        var matches = new List<ParkMatch>();
        foreach (var nid in snap.KindOrder(NodeKind.Park))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var park = (Park)snap.Nodes[nid]!;
            var priority = park.PrioritySectors.FirstOrDefault(p => snap.NidOf(p.SectorId) is >= 0 and var ps && (subtree.Contains(ps) || ancestors.Contains(ps)));
            var hosted = 0;
            foreach (var firm in snap.InNeighbours(RelType.LocatedIn, nid))
            {
                if (snap.Nodes[firm] is Firm f && f.SectorIds.Any(s => subtree.Contains(snap.NidOf(s))))
                {
                    hosted++;
                }
            }
            if (priority is null && hosted == 0)
            {
                continue;
            }
            if (request.MinAvailableAreaHa is { } min && !(park.AvailableAreaHa >= min))
            {
                continue;
            }
            double? distance = null;
            if (leadPoints.Count > 0 && locator.OfPark(nid) is { } at)
            {
                distance = Math.Round(leadPoints.Min(p => LocalizationScoring.DistanceKm(at.Lat, at.Lng, p.Lat, p.Lng)), 1, MidpointRounding.AwayFromZero);
            }
            matches.Add(LocalizationScoring.Match(park, priority?.SectorId, hosted, distance));
        }
        matches.Sort(LocalizationScoring.ParkOrder);
        return matches;
    }

    /// <summary>
    /// Where a firm or park is, for distances: its own coordinates; else its park's; else the centroid of the province it is
    /// recorded in, or (a former province without one) of the province that took it in.
    /// </summary>
    private sealed class Locator(SupplyGraph snap)
    {
        private readonly Dictionary<int, (double, double)?> _places = [];

        public (double Lat, double Lng)? Of(int firm)
        {
            if (snap.Nodes[firm] is not Firm f)
            {
                return null;
            }
            if (f.Lat is { } lat && f.Lng is { } lng)
            {
                return (lat, lng);
            }
            if (snap.FirmPark[firm] is >= 0 and var park && OfPark(park) is { } p)
            {
                return p;
            }
            return OfProvince(snap.FirmProvince[firm]);
        }

        public (double Lat, double Lng)? OfPark(int park)
        {
            if (_places.TryGetValue(park, out var cached))
            {
                return cached;
            }
            var p = snap.Nodes[park] as Park;
            var place = p is { Lat: { } lat, Lng: { } lng } ? (lat, lng) : p is null ? null : OfProvince(snap.NidOf(p.ProvinceId));
            _places[park] = place;
            return place;
        }

        private (double Lat, double Lng)? OfProvince(int province)
        {
            if (province < 0)
            {
                return null;
            }
            if (_places.TryGetValue(province, out var cached))
            {
                return cached;
            }
            (double, double)? place = null;
            for (var (current, hops) = (province, 0); current >= 0 && hops < 8 && snap.Nodes[current] is Province p; hops++)
            {
                if (p is { Lat: { } lat, Lng: { } lng })
                {
                    place = (lat, lng);
                    break;
                }
                current = p.SuccessorId is { } next ? snap.NidOf(next) : -1;
            }
            _places[province] = place;
            return place;
        }
    }
}
