using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>
/// Filter for listing nodes. Only the members that apply to the listed kind are used; a member that does not apply to it
/// is an error (<see cref="ArgumentException"/>), so a typo never silently widens a result.
/// Sets are "any of"; different members combine with "and".
/// </summary>
public sealed record NodeFilter
{
    /// <summary>Folded substring of the name ("hai duong" matches "Hải Dương").</summary>
    public string? NameContains { get; init; }

    /// <summary>
    /// Firm, park: recorded in one of these provinces or placed in one of them in the former map (callers resolve old/new
    /// names to the ids to include); ward: in one of these provinces.
    /// </summary>
    public IReadOnlyCollection<string>? ProvinceIds { get; init; }

    /// <summary>Firm, park: in one of these wards.</summary>
    public IReadOnlyCollection<string>? WardIds { get; init; }

    /// <summary>Firm, park: true keeps only those that could not be placed in the former map, false only those placed (or with no place at all).</summary>
    public bool? Unplaced { get; init; }

    /// <summary>Firm: located in one of these parks.</summary>
    public IReadOnlyCollection<string>? ParkIds { get; init; }

    /// <summary>Firm: in one of these sectors or any of their descendants.</summary>
    public IReadOnlyCollection<string>? SectorIds { get; init; }

    public IReadOnlyCollection<Ownership>? Ownerships { get; init; }

    /// <summary>Firm: one of these canonical tax codes (see <see cref="Rules.TaxCode.Normalize"/>).</summary>
    public IReadOnlyCollection<string>? TaxCodes { get; init; }

    /// <summary>Firm: holding one of these identifiers, as keys ("LEI:5493001KJTIIGC8Y1R12", see <see cref="Model.FirmIdentifier.Key"/>).</summary>
    public IReadOnlyCollection<string>? IdentifierKeys { get; init; }

    /// <summary>Firm: a member of one of these alliances.</summary>
    public IReadOnlyCollection<string>? AllianceIds { get; init; }

    /// <summary>Firm: ISO alpha-2 countries.</summary>
    public IReadOnlyCollection<string>? Countries { get; init; }

    public IReadOnlyCollection<FirmRole>? Roles { get; init; }

    public IReadOnlyCollection<ParkKind>? ParkKinds { get; init; }

    public IReadOnlyCollection<ParkStatus>? ParkStatuses { get; init; }

    /// <summary>Park: prioritises one of these sectors or a descendant of one.</summary>
    public IReadOnlyCollection<string>? PrioritySectorIds { get; init; }

    /// <summary>Park: available area (industrial area minus leased area, both known) at least this many ha.</summary>
    public double? MinAvailableAreaHa { get; init; }

    /// <summary>Province: in force on this date.</summary>
    public DateOnly? ValidOn { get; init; }

    /// <summary>Province: in one of these regions.</summary>
    public IReadOnlyCollection<string>? RegionIds { get; init; }

    public Classification? Classification { get; init; }

    public SectorLevel? Level { get; init; }

    /// <summary>Sector: direct children of this sector.</summary>
    public string? ParentId { get; init; }

    /// <summary>Source: synthetic or not.</summary>
    public bool? Synthetic { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first member set that does not apply to nodes of this kind.</summary>
    public void CheckAppliesTo(NodeKind kind)
    {
        var f = this;
        void Require(bool given, string member, params NodeKind[] kinds)
        {
            if (given && !kinds.Contains(kind))
            {
                throw new ArgumentException($"filter '{member}' does not apply to {kind}");
            }
        }
        Require(f.ProvinceIds is not null, "province", NodeKind.Firm, NodeKind.Park, NodeKind.Ward);
        Require(f.WardIds is not null, "ward", NodeKind.Firm, NodeKind.Park);
        Require(f.Unplaced is not null, "unplaced", NodeKind.Firm, NodeKind.Park);
        Require(f.ParkIds is not null, "park", NodeKind.Firm);
        Require(f.SectorIds is not null, "sector", NodeKind.Firm);
        Require(f.Ownerships is not null, "ownership", NodeKind.Firm);
        Require(f.TaxCodes is not null, "taxCode", NodeKind.Firm);
        Require(f.IdentifierKeys is not null, "identifier", NodeKind.Firm);
        Require(f.AllianceIds is not null, "alliance", NodeKind.Firm);
        Require(f.Countries is not null, "country", NodeKind.Firm);
        Require(f.Roles is not null, "role", NodeKind.Firm);
        Require(f.ParkKinds is not null, "kind", NodeKind.Park);
        Require(f.ParkStatuses is not null, "status", NodeKind.Park);
        Require(f.PrioritySectorIds is not null, "prioritySector", NodeKind.Park);
        Require(f.MinAvailableAreaHa is not null, "minAvailableAreaHa", NodeKind.Park);
        Require(f.ValidOn is not null, "validOn", NodeKind.Province, NodeKind.Ward);
        Require(f.RegionIds is not null, "region", NodeKind.Province);
        Require(f.Classification is not null, "classification", NodeKind.Sector);
        Require(f.Level is not null, "level", NodeKind.Sector);
        Require(f.ParentId is not null, "parent", NodeKind.Sector, NodeKind.Product);
        Require(f.Synthetic is not null, "synthetic", NodeKind.Source);
    }
}

public enum SortField
{
    Id = 0,
    Name,
    Code,
    Country,
    TotalAreaHa,
    AvailableAreaHa,
}

public sealed record SortOrder(SortField Field, bool Descending = false);

/// <summary>A page request over one kind of node: forwards with First/After, backwards with Last/Before.</summary>
public sealed record NodeQuery
{
    public required NodeKind Kind { get; init; }

    public NodeFilter? Filter { get; init; }

    /// <summary>Sort keys in order; ties are always broken by id ascending. Empty means by name.</summary>
    public IReadOnlyList<SortOrder> OrderBy { get; init; } = [];

    public int? First { get; init; }

    public string? After { get; init; }

    public int? Last { get; init; }

    public string? Before { get; init; }
}

/// <summary>A cursor that is not one this store gave out for the same kind and ordering.</summary>
public sealed class InvalidCursorException : ArgumentException
{
    public InvalidCursorException(string message)
        : base(message)
    {
    }

    public InvalidCursorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

public sealed record PageItem<T>(T Node, string Cursor);

public sealed record Page<T>(
    IReadOnlyList<PageItem<T>> Items,
    int TotalCount,
    bool HasNextPage,
    bool HasPreviousPage)
{
    public string? StartCursor => Items.Count > 0 ? Items[0].Cursor : null;

    public string? EndCursor => Items.Count > 0 ? Items[^1].Cursor : null;
}

/// <summary>Which supply links a read or traversal follows. Null members do not filter.</summary>
public sealed record LinkFilter
{
    /// <summary>Links whose sector is one of these or a descendant of one.</summary>
    public IReadOnlyCollection<string>? SectorIds { get; init; }

    /// <summary>Links whose far firm (the one reached) is in one of these countries.</summary>
    public IReadOnlyCollection<string>? Countries { get; init; }

    /// <summary>Links whose far firm's country is VN.</summary>
    public bool DomesticOnly { get; init; }

    public double? MinValueUsd { get; init; }

    /// <summary>Links valid on this date (since &lt;= date &lt;= until, unknown bounds open).</summary>
    public DateOnly? AsOf { get; init; }

    public double? MinConfidence { get; init; }
}

public sealed record TraversalRequest
{
    public required IReadOnlyList<string> RootIds { get; init; }

    /// <summary>In walks upstream (suppliers), Out walks downstream (customers).</summary>
    public Direction Direction { get; init; } = Direction.In;

    public int MaxDepth { get; init; } = 3;

    public LinkFilter? Filter { get; init; }

    /// <summary>Cap on firms found (roots excluded); the walk ends at the last tier that fits.</summary>
    public int MaxFirms { get; init; } = 100_000;
}

/// <summary>
/// The firms first reached at one depth and the links from depth-1 firms that reach them, with the sum of their known
/// values. Stores may materialise <see cref="Links"/> lazily, as it is read.
/// </summary>
public sealed record TraversalTier(int Depth, IReadOnlyList<string> FirmIds, IReadOnlyList<SupplyLink> Links, double TotalValueUsd);

/// <summary>A value summed over a group: links by the country or province of the firm they reach.</summary>
public sealed record GroupValue(string Key, double ValueUsd);

/// <summary>
/// A walk's tiers, and the known values of all its links grouped by the far firm (the supplier upstream, the customer
/// downstream): by country (ISO alpha-2) and by the province id it is recorded in (firms without one are left out),
/// each largest first.
/// </summary>
public sealed record TraversalResult(IReadOnlyList<TraversalTier> Tiers, bool Truncated, long LinksVisited)
{
    public IReadOnlyList<GroupValue> ValueByCountry { get; init; } = [];

    public IReadOnlyList<GroupValue> ValueByProvince { get; init; } = [];

    public int FirmCount => Tiers.Sum(t => t.FirmIds.Count);

    public int LinkCount => Tiers.Sum(t => t.Links.Count);

    public double TotalValueUsd => Tiers.Sum(t => t.TotalValueUsd);
}

public sealed record SearchHit(string Id, NodeKind Kind, string Name, double Score);

public sealed record GraphStats(long Version, IReadOnlyDictionary<NodeKind, int> Nodes, long SupplyLinks);

/// <summary>
/// How far a walk or a chain analysis may reach: 1 to <see cref="Max"/> tiers, the same in every store and face (the
/// API, downloads, the CLI). Checked at each store's entry so that no store can be asked for more.
/// </summary>
public static class TraversalDepth
{
    public const int Max = 6;

    public static bool IsValid(int depth) => depth is >= 1 and <= Max;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a depth out of range.</summary>
    public static void Check(int depth)
    {
        if (!IsValid(depth))
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, $"maxDepth must be between 1 and {Max}");
        }
    }
}
