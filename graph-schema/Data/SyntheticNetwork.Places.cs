using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Data;

/// <summary>Synthetic firms' wards and placements, from a random stream of their own (firms and links stay as they were).</summary>
public partial class SyntheticNetwork
{
    /// <summary>The share of synthetic firms in Vietnam given a ward (an assumption; the rest are placed by their province only).</summary>
    public const double WardShare = 0.9;

    /// <summary>
    /// Gives 90% of the firms in Vietnam a ward of their province in force (a firm in a park: a ward formed within the
    /// park's former province, when the park is placed) and derives every such firm's placement by the same rules as
    /// an import: a ward formed within one former province places it; a firm without one, in a merged province, is
    /// unplaced.
    /// </summary>
    private static void AddPlaces(SplitMix64 rng, Roster roster, IReadOnlyCollection<Node> reference)
    {
        var directory = new ProvinceDirectory(reference.OfType<Province>());
        var parks = reference.OfType<Park>().ToDictionary(p => p.Id, StringComparer.Ordinal);
        var wardsOf = reference.OfType<Ward>().Where(w => w.ValidTo is null)
            .GroupBy(w => w.ProvinceId).ToDictionary(g => g.Key, g => g.OrderBy(w => w.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var wardsFormedIn = reference.OfType<Ward>().Where(w => w.ValidTo is null && w.FormerProvinceIds.Count == 1)
            .GroupBy(w => w.FormerProvinceIds[0]).ToDictionary(g => g.Key, g => g.OrderBy(w => w.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var firms = roster.Firms;
        for (var i = 0; i < firms.Length; i++)
        {
            var firm = firms[i];
            if (firm.Country != "VN" || firm.ProvinceId is null || directory.ById(firm.ProvinceId) is not { } province)
            {
                continue;
            }
            var draw = rng.NextDouble();
            var pick = rng.NextInt(1 << 30);
            Ward? ward = null;
            if (draw < WardShare)
            {
                var pool = firm.ParkId is { } parkId && parks.GetValueOrDefault(parkId)?.Placement?.FormerProvinceId is { } former
                    && wardsFormedIn.GetValueOrDefault(former) is { Length: > 0 } within
                    ? within
                    : wardsOf.GetValueOrDefault(province.Id);
                ward = pool is { Length: > 0 } ? pool[pick % pool.Length] : null;
            }
            firms[i] = firm with { WardId = ward?.Id, Placement = PlacementRules.Place(province, ward, null, null, directory, null) };
        }
    }
}
