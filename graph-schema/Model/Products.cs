namespace Ecosystem.Graph.Model;

/// <summary>The levels of the Harmonized System kept as products.</summary>
public enum ProductLevel
{
    /// <summary>Two digits ("87").</summary>
    Chapter = 1,
    /// <summary>Four digits ("8708").</summary>
    Heading,
    /// <summary>Six digits ("870829").</summary>
    Subheading,
}

/// <summary>
/// An ISIC Rev.4 class a product corresponds to: the share of the product's tariff lines allocated to it (an
/// approximation, not a share of trade value) and whether it is the product's primary class.
/// </summary>
public sealed record ProductSector(string SectorId, double Weight, bool Primary, IReadOnlyList<string> Sources);

/// <summary>
/// A product's entry on a list of priority products, as the list states it: the list's group (e.g. a Decree 111
/// sector code), its item in Vietnamese and English, and how the product's code was assigned to the item.
/// </summary>
public sealed record ProductListing(string ListId, string Group, string Item, string? ItemEn, string? CodeBasis, IReadOnlyList<string> Sources);

/// <summary>A product of the Harmonized System 2022: a chapter, a heading or a subheading.</summary>
public sealed record Product : Node
{
    public override NodeKind Kind => NodeKind.Product;

    /// <summary>The HS code, digits only: "87", "8708", "870829".</summary>
    public required string Code { get; init; }

    public required ProductLevel Level { get; init; }

    /// <summary>The English description of the nomenclature.</summary>
    public string? NameEn { get; init; }

    /// <summary>The HS section (Roman numeral, "XVII").</summary>
    public string? Section { get; init; }

    /// <summary>The heading of a subheading, the chapter of a heading; null for a chapter.</summary>
    public string? ParentId { get; init; }

    /// <summary>The ISIC Rev.4 classes the product corresponds to (subheadings only).</summary>
    public IReadOnlyList<ProductSector> Sectors { get; init; } = [];

    /// <summary>The lists of priority products that name this product.</summary>
    public IReadOnlyList<ProductListing> Listings { get; init; } = [];

    public override IEnumerable<(RelType Type, string Target)> Edges()
    {
        if (ParentId is not null)
        {
            yield return (RelType.PartOf, ParentId);
        }
        foreach (var s in Sectors)
        {
            yield return (RelType.CorrespondsTo, s.SectorId);
        }
    }

    /// <summary>The HS code written as customs write it: "87", "8708", "8708.29".</summary>
    public static string Display(string code) => code.Length == 6 ? $"{code[..4]}.{code[4..]}" : code;
}

/// <summary>A manufacturing process of supporting industries (stamping, plastic injection, PCB assembly, ...).</summary>
public sealed record Process : Node
{
    public override NodeKind Kind => NodeKind.Process;

    /// <summary>The catalogue's code ("stamping").</summary>
    public required string Code { get; init; }

    public string? NameEn { get; init; }

    /// <summary>The catalogue's group: metal, plastics_rubber, electronics, textile_leather, other.</summary>
    public string? Group { get; init; }
}

/// <summary>A certification standard or compliance scheme a buyer may require (ISO 9001, IATF 16949, ...).</summary>
public sealed record CertificationStandard : Node
{
    public override NodeKind Kind => NodeKind.CertificationStandard;

    /// <summary>The code as written in the catalogue ("IATF 16949").</summary>
    public required string Code { get; init; }

    public string? NameEn { get; init; }

    /// <summary>The owner of the scheme and who certifies.</summary>
    public string? Owner { get; init; }

    /// <summary>management_system, product_certification, lab_accreditation, supplier_program, regulatory_compliance, ...</summary>
    public string? StandardType { get; init; }

    /// <summary>Whether a certificate actually exists (RoHS or REACH are compliance regimes, not certificates).</summary>
    public bool ThirdPartyCertificate { get; init; }

    /// <summary>ISIC Rev.4 divisions the standard applies to, as the catalogue states them ("10-33", "29;30").</summary>
    public string? IsicDivisions { get; init; }

    /// <summary>Why it matters for Vietnamese suppliers.</summary>
    public string? Relevance { get; init; }

    /// <summary>The scheme owner's page.</summary>
    public string? Url { get; init; }

    public string? Note { get; init; }
}
