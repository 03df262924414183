using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Rules;

/// <summary>
/// Places a firm or park in both maps. The province in force since 2025-07-01 is its ward's, else its recorded
/// province's successor, else the one its coordinates fall in. Its former province (the 63-province map) is decided
/// by the first rule that settles it: (1) its ward, when that is a former unit or a unit formed within one former
/// province; (2) its coordinates, when they lie inside a former province that became its province; (3) the province
/// recorded for it, when that is a pre-2025 unit (or one the merger left unchanged). Otherwise it is unplaced: it
/// counts in its province today and in no former province, and reports over a former province list it as such.
/// </summary>
public static class PlacementRules
{
    /// <summary>
    /// The placement, or null when nothing places it (no province, ward or coordinates). <paramref name="ward"/> must
    /// lie in the recorded province (see <see cref="Conflict"/>); <paramref name="boundaries"/> are the 63 former
    /// provinces' (null: coordinates are not used).
    /// </summary>
    public static Placement? Place(Province? recorded, Ward? ward, double? lat, double? lng, ProvinceDirectory provinces, ProvinceBoundaries? boundaries)
    {
        // The point is located only when a rule reads it (a ward that decides makes it unneeded).
        Province? located = null;
        var looked = false;
        Province? Located()
        {
            if (!looked)
            {
                looked = true;
                located = lat is { } la && lng is { } ln && boundaries?.Locate(la, ln) is { } code
                    ? provinces.Resolve(code, ProvinceDirectory.MergerDate.AddDays(-1))
                    : null;
            }
            return located;
        }
        var current = ward is not null ? Current(provinces.ById(ward.ProvinceId), provinces)
            : recorded is not null ? Current(recorded, provinces)
            : Located() is { } point ? Current(point, provinces)
            : null;
        if (current is null)
        {
            return null;
        }
        if (ward is not null)
        {
            if (ward.ValidTo is not null)
            {
                return new Placement(current.Id, ward.ProvinceId, PlacementMethod.Ward);
            }
            if (ward.FormerProvinceIds.Count == 1)
            {
                return new Placement(current.Id, ward.FormerProvinceIds[0], PlacementMethod.Ward);
            }
        }
        if (Located() is { } inside && Current(inside, provinces)?.Id == current.Id)
        {
            return new Placement(current.Id, inside.Id, PlacementMethod.Coordinates);
        }
        if (recorded is not null && IsFormerMap(recorded))
        {
            return new Placement(current.Id, recorded.Id, PlacementMethod.Stated);
        }
        return new Placement(current.Id, null, PlacementMethod.Unplaced);
    }

    /// <summary>
    /// Why a ward cannot be a firm's or park's given its recorded province (it lies in another province), or null when
    /// it can. A former ward must lie in the recorded former province itself.
    /// </summary>
    public static string? Conflict(Province recorded, Ward ward, ProvinceDirectory provinces)
    {
        var wardProvince = provinces.ById(ward.ProvinceId);
        if (wardProvince is null)
        {
            return $"ward {ward.Code} has no province";
        }
        var same = ward.ValidTo is not null && recorded.ValidTo is not null
            ? wardProvince.Id == recorded.Id
            : Current(wardProvince, provinces)?.Id == Current(recorded, provinces)?.Id;
        return same ? null : $"ward {ward.Code} ({ward.FullName}) lies in {wardProvince.FullName}, not in {recorded.FullName}";
    }

    /// <summary>A folded name without the unit word: "Phường Ba Đình", "ba dinh" and "Ba Dinh Ward" all give "badinh".</summary>
    public static string WardNameKey(string? name)
    {
        var folded = VietnameseText.Fold(name);
        foreach (var prefix in new[] { "phuong ", "xa ", "thi tran ", "dac khu " })
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal))
            {
                folded = folded[prefix.Length..];
                break;
            }
        }
        foreach (var suffix in new[] { " ward", " commune", " special zone", " township" })
        {
            if (folded.EndsWith(suffix, StringComparison.Ordinal))
            {
                folded = folded[..^suffix.Length];
                break;
            }
        }
        return folded.Replace(" ", "", StringComparison.Ordinal);
    }

    /// <summary>Whether a province is one of the 63 units of the map before 2025-07-01.</summary>
    public static bool IsFormerMap(Province province) => province.ValidFrom is null || province.ValidFrom < ProvinceDirectory.MergerDate;

    private static Province? Current(Province? province, ProvinceDirectory provinces) =>
        province is null ? null : provinces.RollUp(province, ProvinceDirectory.MergerDate);
}
