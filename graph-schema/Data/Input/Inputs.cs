using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Data.Input;

/// <summary>
/// A firm as an import row or an upsertFirm mutation gives it: references by id, code or name, not yet checked. Both
/// become a <see cref="Firm"/> through <see cref="InputPlanner"/>, with the same rules and messages.
/// </summary>
public sealed record FirmInput
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? TaxCode { get; init; }
    public Ownership? Ownership { get; init; }
    public required string Country { get; init; }
    public string? Province { get; init; }
    public string? Park { get; init; }
    /// <summary>Street address as the source gives it.</summary>
    public string? Address { get; init; }
    /// <summary>The ward (commune-level unit) by code ("00004"), id, or name within the province.</summary>
    public string? Ward { get; init; }
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public IReadOnlyList<FirmRole> Roles { get; init; } = [];
    public double? Lat { get; init; }
    public double? Lng { get; init; }
    public string? OriginCountry { get; init; }
    public FirmSize? Size { get; init; }
    public int? Employees { get; init; }
    public int? FoundedYear { get; init; }
    public double? RevenueUsd { get; init; }
    /// <summary>Alliances by id ("g20" or "alliance:g20"); null when not given (an upsert keeps what the firm had).</summary>
    public IReadOnlyList<string>? Alliances { get; init; }
    /// <summary>Identifiers besides the tax code, as given (made canonical by the checks); null when not given (an upsert keeps what the firm had).</summary>
    public IReadOnlyList<FirmIdentifier>? Identifiers { get; init; }
    /// <summary>Remarks an import keeps about the firm (what its file has no field for); upsertFirm leaves notes as they are.</summary>
    public string? Note { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>What a capability row states.</summary>
public enum CapabilityKind
{
    Product = 1,
    Process,
    Certification,
    ExportMarket,
}

/// <summary>
/// One fact of a firm's profile, as a capabilities.csv row or a setFirmCapabilities item gives it: a product by HS code,
/// a process by catalogue code, a certificate by the standard's code, an export market by country code.
/// </summary>
public sealed record CapabilityInput
{
    /// <summary>The firm by id or tax code.</summary>
    public required string Firm { get; init; }
    public required CapabilityKind Kind { get; init; }
    public required string Code { get; init; }
    /// <summary>A product's description, a process's detail, a certificate's number.</summary>
    public string? Detail { get; init; }
    /// <summary>A certificate's issuing body.</summary>
    public string? Issuer { get; init; }
    public double? Capacity { get; init; }
    public string? Unit { get; init; }
    /// <summary>A certificate's issue date.</summary>
    public DateOnly? ValidFrom { get; init; }
    /// <summary>A certificate's expiry date.</summary>
    public DateOnly? ValidTo { get; init; }
    public bool Verified { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>A sourcing request with its items, as a mutation gives it (a sourcing.csv file gives one row per item).</summary>
public sealed record SourcingRequestInput
{
    public required string Id { get; init; }
    /// <summary>The buyer by id or tax code.</summary>
    public required string Buyer { get; init; }
    public required string Title { get; init; }
    public DateOnly? PostedOn { get; init; }
    public DateOnly? NeededBy { get; init; }
    public SourcingStatus? Status { get; init; }
    public bool Restricted { get; init; }
    public IReadOnlyList<SourcingItemInput> Items { get; init; } = [];
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>One item of a sourcing request: product by HS code and/or sector by VSIC code; certificates by standard code, processes by catalogue code, provinces old or new.</summary>
public sealed record SourcingItemInput
{
    public required string Key { get; init; }
    public string? HsCode { get; init; }
    public string? Sector { get; init; }
    public string? Description { get; init; }
    public double? AnnualQuantity { get; init; }
    public string? Unit { get; init; }
    public IReadOnlyList<string> RequiredCertifications { get; init; } = [];
    public IReadOnlyList<string> RequiredProcesses { get; init; } = [];
    public double? MaxDistanceKm { get; init; }
    public IReadOnlyList<string> Provinces { get; init; } = [];
}

/// <summary>A park, cluster or zone as an upsertPark mutation gives it; values no source states stay null.</summary>
public sealed record ParkInput
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? NameEn { get; init; }
    public required ParkKind Kind { get; init; }
    public ParkStatus Status { get; init; }
    public required string Province { get; init; }
    /// <summary>Street address as the source gives it.</summary>
    public string? Address { get; init; }
    /// <summary>The ward (commune-level unit) by code ("00004"), id, or name within the province.</summary>
    public string? Ward { get; init; }
    public double? TotalAreaHa { get; init; }
    public double? IndustrialAreaHa { get; init; }
    public double? LeasedAreaHa { get; init; }
    public double? OccupancyPercent { get; init; }
    public int? EstablishedYear { get; init; }
    public string? DeveloperName { get; init; }
    public string? Developer { get; init; }
    public double? Lat { get; init; }
    public double? Lng { get; init; }
    public IReadOnlyList<string> PrioritySectors { get; init; } = [];
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>A supply link as an import row or an addSupplyLink mutation gives it: firms by id or tax code, the sector by VSIC code.</summary>
public sealed record LinkInput
{
    public required string Supplier { get; init; }
    public required string Buyer { get; init; }
    public required string Sector { get; init; }
    public string? Product { get; init; }

    /// <summary>The HS 2022 code of what is supplied ("8708.29", "870829", "8708"), checked against the HS tree.</summary>
    public string? HsCode { get; init; }
    public double? ValueUsd { get; init; }
    public DateOnly? Since { get; init; }
    public DateOnly? Until { get; init; }
    public double? Confidence { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>New values for an existing link; a value left out stays as it is.</summary>
public sealed record LinkUpdate
{
    public required string Id { get; init; }
    public Maybe<double?> ValueUsd { get; init; }
    public Maybe<DateOnly?> Since { get; init; }
    public Maybe<DateOnly?> Until { get; init; }
    public Maybe<double?> Confidence { get; init; }
    public Maybe<string?> Product { get; init; }
    public Maybe<string?> HsCode { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>A value that may be given (even as null) or left out.</summary>
public readonly record struct Maybe<T>(bool IsSet, T Value)
{
    public static implicit operator Maybe<T>(T value) => new(true, value);

    public T Or(T fallback) => IsSet ? Value : fallback;
}

/// <summary>A source as an import row or an addSource mutation gives it.</summary>
public sealed record SourceInput
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public string? Publisher { get; init; }
    public string? Url { get; init; }
    public DateOnly? Date { get; init; }
}
