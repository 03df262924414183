namespace Ecosystem.Graph.Model;

/// <summary>
/// A commune-level unit (phường, xã, đặc khu). The 3,321 units in force from 2025-07-01 (id <c>ward:CODE</c>) and the
/// 10,035 units before them (id <c>ward:CODE-pre2025</c>, <see cref="ValidTo"/> set): codes repeat across the two maps
/// (00004 was Phường Trúc Bạch and is now Phường Ba Đình), so a code alone is read as of a date, like a province's.
/// </summary>
public sealed record Ward : Node
{
    public override NodeKind Kind => NodeKind.Ward;

    /// <summary>Official GSO code, five digits.</summary>
    public required string Code { get; init; }

    public required string FullName { get; init; }

    public string? NameEn { get; init; }

    /// <summary>ward, commune, special_zone (from 2025); ward, commune, commune_level_town (before).</summary>
    public string? UnitType { get; init; }

    /// <summary>The province it belongs to: one of the 34 for a unit in force, one of the 63 for a former unit.</summary>
    public required string ProvinceId { get; init; }

    /// <summary>For a former unit, the district it belonged to (districts were abolished on 2025-07-01).</summary>
    public string? District { get; init; }

    /// <summary>First day in force; null when it predates the data.</summary>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>First day no longer in force (exclusive); null while in force.</summary>
    public DateOnly? ValidTo { get; init; }

    /// <summary>
    /// For a unit in force, the former units it was formed from (all or part of each), by the 2025 commune mapping; for
    /// a former unit, the units it went into.
    /// </summary>
    public IReadOnlyList<WardLink> Links { get; init; } = [];

    /// <summary>
    /// For a unit in force, the former provinces its former units lay in: one for almost every unit, two for the few
    /// formed across a former provincial border (a firm there cannot be placed in the old map by its ward alone).
    /// </summary>
    public IReadOnlyList<string> FormerProvinceIds { get; init; } = [];

    /// <summary>Label point (not an administrative centre), for units in force.</summary>
    public double? Lat { get; init; }

    public double? Lng { get; init; }

    public double? AreaKm2 { get; init; }

    public bool IsValidOn(DateOnly date) =>
        (ValidFrom is null || ValidFrom <= date) && (ValidTo is null || date < ValidTo);

    public override IEnumerable<(RelType Type, string Target)> Edges()
    {
        yield return (RelType.InProvince, ProvinceId);
        if (ValidTo is not null)
        {
            foreach (var link in Links)
            {
                yield return (RelType.WentInto, link.WardId);
            }
        }
    }
}

/// <summary>One pair of the 2025 commune mapping: the other unit, and whether all of the former unit went there.</summary>
public sealed record WardLink(string WardId, bool Whole);

/// <summary>How a firm's or park's place in the pre-2025 map was decided, in the order the rules are tried.</summary>
public enum PlacementMethod
{
    /// <summary>Its ward: a former unit, or a unit in force formed within one former province.</summary>
    Ward = 1,
    /// <summary>Its coordinates, inside a former province's boundary (one that became its recorded province).</summary>
    Coordinates,
    /// <summary>The former province recorded for it (a pre-2025 unit, or one the merger left unchanged).</summary>
    Stated,
    /// <summary>None of the three decides: it lies in a merged province and its former province is not known.</summary>
    Unplaced,
}

/// <summary>
/// Where a firm or park lies in both maps: the province in force since 2025-07-01 and the former province (null when
/// unplaced), with the rule that decided. Derived from the ward, coordinates and recorded province whenever they are
/// written; never stated by hand.
/// </summary>
public sealed record Placement(string? ProvinceId, string? FormerProvinceId, PlacementMethod Method);
