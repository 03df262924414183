namespace Ecosystem.Graph.Model;

public enum SourcingStatus
{
    Open = 1,
    Closed,
}

/// <summary>
/// A buyer's call for suppliers: a list of items (parts it buys, often abroad) with what a supplier must meet. Its
/// name is its title. Public by default; a restricted request is read by analysts and up only.
/// </summary>
public sealed record SourcingRequest : Node
{
    public override NodeKind Kind => NodeKind.SourcingRequest;

    /// <summary>The firm that posted it.</summary>
    public required string BuyerId { get; init; }

    public required DateOnly PostedOn { get; init; }

    public DateOnly? NeededBy { get; init; }

    public SourcingStatus Status { get; init; } = SourcingStatus.Open;

    /// <summary>Whether only analysts and up may read it.</summary>
    public bool Restricted { get; init; }

    public IReadOnlyList<SourcingItem> Items { get; init; } = [];

    public override IEnumerable<(RelType Type, string Target)> Edges()
    {
        yield return (RelType.PostedBy, BuyerId);
        foreach (var product in Items.Select(i => i.ProductId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            yield return (RelType.Requests, product);
        }
        foreach (var standard in Items.SelectMany(i => i.RequiredStandardIds).Distinct(StringComparer.Ordinal))
        {
            yield return (RelType.RequiresCertificate, standard);
        }
        foreach (var process in Items.SelectMany(i => i.RequiredProcessIds).Distinct(StringComparer.Ordinal))
        {
            yield return (RelType.RequiresProcess, process);
        }
    }
}

/// <summary>
/// One item of a sourcing request: a product (HS code) and/or a sector, what the buyer needs of it, and what a
/// supplier must meet (certificates held, processes run, how far from the buyer or in which provinces).
/// </summary>
public sealed record SourcingItem
{
    /// <summary>The item's key within its request ("1", "bracket-a"); the item's id is the request's id, '#', the key.</summary>
    public required string Key { get; init; }

    public string? ProductId { get; init; }

    public string? SectorId { get; init; }

    public string? Description { get; init; }

    public double? AnnualQuantity { get; init; }

    public string? Unit { get; init; }

    public IReadOnlyList<string> RequiredStandardIds { get; init; } = [];

    public IReadOnlyList<string> RequiredProcessIds { get; init; } = [];

    public double? MaxDistanceKm { get; init; }

    /// <summary>When given, suppliers must be in one of these provinces (old or new names, resolved to ids).</summary>
    public IReadOnlyList<string> ProvinceIds { get; init; } = [];

    public static string IdOf(string requestId, string key) => $"{requestId}#{key}";
}
