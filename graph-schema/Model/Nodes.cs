using System.Text.Json.Serialization;

namespace Ecosystem.Graph.Model;

/// <summary>A node of the knowledge graph. Every node names the sources that state it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(Firm), "Firm")]
[JsonDerivedType(typeof(Park), "Park")]
[JsonDerivedType(typeof(Province), "Province")]
[JsonDerivedType(typeof(Region), "Region")]
[JsonDerivedType(typeof(Corridor), "Corridor")]
[JsonDerivedType(typeof(Sector), "Sector")]
[JsonDerivedType(typeof(Alliance), "Alliance")]
[JsonDerivedType(typeof(Source), "Source")]
[JsonDerivedType(typeof(Product), "Product")]
[JsonDerivedType(typeof(Process), "Process")]
[JsonDerivedType(typeof(CertificationStandard), "CertificationStandard")]
[JsonDerivedType(typeof(SourcingRequest), "SourcingRequest")]
[JsonDerivedType(typeof(Ward), "Ward")]
public abstract record Node
{
    /// <summary>Stable, readable id "kind:local".</summary>
    public required string Id { get; init; }

    /// <summary>Display name, Vietnamese with diacritics where it has one.</summary>
    public required string Name { get; init; }

    /// <summary>Ids of the Source nodes that state this node.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    [JsonIgnore]
    public abstract NodeKind Kind { get; }

    /// <summary>The relationships this node holds, as (type, target id) pairs; the store indexes them both ways.</summary>
    public virtual IEnumerable<(RelType Type, string Target)> Edges() => [];
}

public enum Ownership
{
    DomesticPrivate = 1,
    State,
    Fdi,
    JointVenture,
}

public enum FirmSize
{
    Micro = 1,
    Small,
    Medium,
    Large,
}

public enum FirmRole
{
    LeadFirm = 1,
    SupportingIndustry,
    ParkDeveloper,
    Logistics,
}

/// <summary>An identifier a firm carries in a scheme of its own, written canonically (see <see cref="Rules.Identifiers"/>).</summary>
public sealed record FirmIdentifier(Rules.IdentifierScheme Scheme, string Value)
{
    /// <summary>"LEI:5493001KJTIIGC8Y1R12": the scheme's token and the value, as indexes and filters hold it.</summary>
    public string Key => Rules.Identifiers.Key(Scheme, Value);
}

/// <summary>A firm: in Vietnam (with a tax code when known) or abroad (country other than VN).</summary>
public sealed record Firm : Node
{
    public override NodeKind Kind => NodeKind.Firm;

    /// <summary>Canonical MST (10 digits, or 13 as "0123456789-001"), when known.</summary>
    public string? TaxCode { get; init; }

    public Ownership? Ownership { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country where the firm operates; "VN" for domestic operations.</summary>
    public required string Country { get; init; }

    /// <summary>For FDI firms and joint ventures, the investor's country (ISO alpha-2).</summary>
    public string? OriginCountry { get; init; }

    public FirmSize? Size { get; init; }

    public IReadOnlyList<FirmRole> Roles { get; init; } = [];

    public string? ProvinceId { get; init; }

    public string? ParkId { get; init; }

    public IReadOnlyList<string> SectorIds { get; init; } = [];

    public IReadOnlyList<string> AllianceIds { get; init; } = [];

    /// <summary>Street address as the source gives it.</summary>
    public string? Address { get; init; }

    /// <summary>The commune-level unit it lies in (in force or former), when known.</summary>
    public string? WardId { get; init; }

    /// <summary>Where it lies in both maps, derived from its ward, coordinates and recorded province; null for a place unknown or abroad.</summary>
    public Placement? Placement { get; init; }

    public double? Lat { get; init; }

    public double? Lng { get; init; }

    /// <summary>Annual revenue in USD, when a source states it (commercially sensitive).</summary>
    public double? RevenueUsd { get; init; }

    /// <summary>Employees, as a source states them.</summary>
    public int? Employees { get; init; }

    /// <summary>The year the firm was founded (or registered).</summary>
    public int? FoundedYear { get; init; }

    /// <summary>What the firm makes, runs, holds and where it exports; null when nothing is known.</summary>
    public FirmCapabilities? Capabilities { get; init; }

    public string? Note { get; init; }

    /// <summary>Ids of duplicate firms merged into this one (they still resolve to it); null when none.</summary>
    public IReadOnlyList<string>? FormerIds { get; init; }

    /// <summary>Identifiers besides the tax code (Open Supply Hub, LEI, GLN, registration number, customs code), each canonical; null when none.</summary>
    public IReadOnlyList<FirmIdentifier>? Identifiers { get; init; }

    public override IEnumerable<(RelType Type, string Target)> Edges()
    {
        if (ProvinceId is not null)
        {
            yield return (RelType.InProvince, ProvinceId);
        }
        if (ParkId is not null)
        {
            yield return (RelType.LocatedIn, ParkId);
        }
        if (WardId is not null)
        {
            yield return (RelType.InWard, WardId);
        }
        foreach (var s in SectorIds)
        {
            yield return (RelType.InSector, s);
        }
        foreach (var a in AllianceIds)
        {
            yield return (RelType.MemberOf, a);
        }
        if (Capabilities is { } c)
        {
            foreach (var p in c.Products)
            {
                yield return (RelType.Makes, p.ProductId);
            }
            foreach (var p in c.Processes)
            {
                yield return (RelType.Runs, p.ProcessId);
            }
            foreach (var cert in c.Certifications)
            {
                yield return (RelType.Holds, cert.StandardId);
            }
        }
    }
}

public enum ParkKind
{
    /// <summary>Khu công nghiệp (KCN).</summary>
    IndustrialPark = 1,
    /// <summary>Cụm công nghiệp (CCN).</summary>
    IndustrialCluster,
    /// <summary>Khu kinh tế (KKT), including coastal and border-gate zones.</summary>
    EconomicZone,
    /// <summary>Khu công nghệ cao (KCNC).</summary>
    HighTechPark,
    /// <summary>Khu chế xuất (KCX).</summary>
    ExportProcessingZone,
}

public enum ParkStatus
{
    Unknown = 0,
    Planned,
    UnderConstruction,
    Operating,
}

/// <summary>Which source states which value of a node ("*" for the values no other citation names).</summary>
public sealed record Citation(string Field, string SourceId, string? Note = null);

/// <summary>A number a source states about a node, with its unit, date and source.</summary>
public sealed record Figure(string Metric, double Value, string Unit, DateOnly? AsOf, string SourceId, string? Note = null);

/// <summary>A sector a park prioritises, with the phrase of the source it was read from.</summary>
public sealed record PrioritySector(string SectorId, string? Phrase, IReadOnlyList<string> Sources);

/// <summary>An industrial park, cluster or zone. Unknown values stay null: nothing is estimated.</summary>
public sealed record Park : Node
{
    public override NodeKind Kind => NodeKind.Park;

    public string? NameEn { get; init; }

    public required ParkKind ParkKind { get; init; }

    public ParkStatus Status { get; init; }

    /// <summary>The province the source places it in (pre- or post-2025).</summary>
    public required string ProvinceId { get; init; }

    public double? TotalAreaHa { get; init; }

    /// <summary>Industrial (leasable) land in ha.</summary>
    public double? IndustrialAreaHa { get; init; }

    /// <summary>Leased land in ha, only when a source states it.</summary>
    public double? LeasedAreaHa { get; init; }

    /// <summary>Occupancy in percent (0-100) as the source states it, usually of leasable land.</summary>
    public double? OccupancyPercent { get; init; }

    public int? EstablishedYear { get; init; }

    /// <summary>The infrastructure developer as the source names it.</summary>
    public string? DeveloperName { get; init; }

    public string? DeveloperFirmId { get; init; }

    /// <summary>Street address as the source gives it.</summary>
    public string? Address { get; init; }

    /// <summary>The commune-level unit it lies in (in force or former), when known.</summary>
    public string? WardId { get; init; }

    /// <summary>Where it lies in both maps, derived from its ward, coordinates and recorded province; null for a place unknown or abroad.</summary>
    public Placement? Placement { get; init; }

    public double? Lat { get; init; }

    public double? Lng { get; init; }

    public bool? EcoIndustrial { get; init; }

    /// <summary>The date of the data as the source states it: yyyy, yyyy-MM or yyyy-MM-dd; null when not stated.</summary>
    public string? DataDate { get; init; }

    public IReadOnlyList<PrioritySector> PrioritySectors { get; init; } = [];

    /// <summary>
    /// Industrial land not yet leased, in ha: industrial area minus leased area when both are stated, else industrial
    /// area times (1 - occupancy) when both are stated; null otherwise. Derived from cited values, never estimated.
    /// </summary>
    [JsonIgnore]
    public double? AvailableAreaHa => IndustrialAreaHa is not { } industrial
        ? null
        : LeasedAreaHa is { } leased
            ? Math.Max(0, industrial - leased)
            : OccupancyPercent is { } occupancy ? Math.Round(industrial * (1 - (occupancy / 100)), 2) : null;

    public IReadOnlyList<Citation> Citations { get; init; } = [];

    public string? Note { get; init; }

    public override IEnumerable<(RelType Type, string Target)> Edges()
    {
        yield return (RelType.InProvince, ProvinceId);
        if (WardId is not null)
        {
            yield return (RelType.InWard, WardId);
        }
        if (DeveloperFirmId is not null)
        {
            yield return (RelType.DevelopedBy, DeveloperFirmId);
        }
        foreach (var p in PrioritySectors)
        {
            yield return (RelType.Prioritizes, p.SectorId);
        }
    }
}

/// <summary>
/// A province-level unit. Former provinces (before 2025-07-01) keep their own node with <see cref="ValidTo"/> set and
/// point to their successor; provinces the merger left unchanged are one node valid on both sides.
/// </summary>
public sealed record Province : Node
{
    public override NodeKind Kind => NodeKind.Province;

    /// <summary>Official GSO code, two digits. Ambiguous without a date: 24 was Bắc Giang and is now Bắc Ninh.</summary>
    public required string Code { get; init; }

    public required string FullName { get; init; }

    public string? NameEn { get; init; }

    /// <summary>municipality or province.</summary>
    public string? UnitType { get; init; }

    public string? RegionId { get; init; }

    /// <summary>First day in force; null when it predates the data (all units existing on 2025-03-01).</summary>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>First day no longer in force (exclusive); null while in force.</summary>
    public DateOnly? ValidTo { get; init; }

    public string? SuccessorId { get; init; }

    /// <summary>How the 2025 merger treated this unit: unchanged, code_retained or merged_into (null for new units).</summary>
    public string? MergerRelation { get; init; }

    public double? Lat { get; init; }

    public double? Lng { get; init; }

    public double? AreaKm2 { get; init; }

    /// <summary>Figures sources state about the province (park counts, areas, investment), each dated and cited.</summary>
    public IReadOnlyList<Figure> Figures { get; init; } = [];

    public bool IsValidOn(DateOnly date) =>
        (ValidFrom is null || ValidFrom <= date) && (ValidTo is null || date < ValidTo);

    public override IEnumerable<(RelType Type, string Target)> Edges()
    {
        if (RegionId is not null)
        {
            yield return (RelType.InRegion, RegionId);
        }
        if (SuccessorId is not null)
        {
            yield return (RelType.MergedInto, SuccessorId);
        }
    }
}

/// <summary>One of the eight geographic regions.</summary>
public sealed record Region : Node
{
    public override NodeKind Kind => NodeKind.Region;

    public required string Code { get; init; }

    public string? NameEn { get; init; }
}

/// <summary>A development corridor joining several provinces, such as the Eastern expressway axis.</summary>
public sealed record Corridor : Node
{
    public override NodeKind Kind => NodeKind.Corridor;

    public string? NameEn { get; init; }

    public IReadOnlyList<string> ProvinceIds { get; init; } = [];

    public string? Description { get; init; }

    public override IEnumerable<(RelType Type, string Target)> Edges() =>
        ProvinceIds.Select(p => (RelType.Includes, p));
}

public enum Classification
{
    /// <summary>VSIC 2025 (Decision 36/2025/QĐ-TTg), the default: a bare code means VSIC 2025.</summary>
    Vsic2025 = 1,
    /// <summary>ISIC Rev.4, addressed with the "ISIC4:" prefix.</summary>
    Isic4,
}

public enum SectorLevel
{
    Section = 1,
    Division,
    Group,
    Class,
    Subclass,
}

/// <summary>Sector A feeds sector B: A's output is an input of B, with B's coefficient for it.</summary>
public sealed record Feed(string TargetId, double Coefficient, IReadOnlyList<string> Sources);

/// <summary>An activity of a classification (VSIC 2025 or ISIC Rev.4).</summary>
public sealed record Sector : Node
{
    public override NodeKind Kind => NodeKind.Sector;

    public required Classification Classification { get; init; }

    public required string Code { get; init; }

    public required SectorLevel Level { get; init; }

    public string? NameEn { get; init; }

    public string? ParentId { get; init; }

    /// <summary>Whether the sector counts as supporting industry (công nghiệp hỗ trợ).</summary>
    public bool SupportingIndustry { get; init; }

    /// <summary>The sectors this one is an input of.</summary>
    public IReadOnlyList<Feed> Feeds { get; init; } = [];

    public override IEnumerable<(RelType Type, string Target)> Edges()
    {
        if (ParentId is not null)
        {
            yield return (RelType.Parent, ParentId);
        }
        foreach (var f in Feeds)
        {
            yield return (RelType.Feeds, f.TargetId);
        }
    }
}

/// <summary>An alliance or association of firms.</summary>
public sealed record Alliance : Node
{
    public override NodeKind Kind => NodeKind.Alliance;

    public string? NameEn { get; init; }

    public string? Acronym { get; init; }

    public DateOnly? Founded { get; init; }

    public string? Scope { get; init; }

    public string? Description { get; init; }
}

/// <summary>A document or dataset that states facts. Synthetic data is a source too, and says so.</summary>
public sealed record Source : Node
{
    public override NodeKind Kind => NodeKind.Source;

    public string? Publisher { get; init; }

    public string? Url { get; init; }

    public DateOnly? Date { get; init; }

    public bool Synthetic { get; init; }

    /// <summary>article, dataset, web page, rule or synthetic.</summary>
    public string? SourceType { get; init; }

    public string? Licence { get; init; }

    public string? Note { get; init; }

    /// <summary>Figures the source reports (press-reported statistics), each as it states it.</summary>
    public IReadOnlyList<ReportedFigure> Figures { get; init; } = [];
}

/// <summary>
/// A figure a source reports, as it states it: the indicator, what it covers (a sector in the source's words), the
/// value (a range "96-97" kept as low and high; the text as written), its unit, the period, and whether it is an actual
/// or a target.
/// </summary>
public sealed record ReportedFigure(string Indicator, string Covers, double? Low, double? High, string Value, string Unit, string Period, string Kind, string? Note);
