namespace Ecosystem.Graph.Model;

/// <summary>
/// What a firm can make, as its profile states it: products (HS codes) with capacity, manufacturing processes,
/// certificates and export markets. Each fact names its sources (which the firm's own sources include) and whether it
/// was checked (verified) or only stated by the firm.
/// </summary>
public sealed record FirmCapabilities
{
    public IReadOnlyList<FirmProduct> Products { get; init; } = [];

    public IReadOnlyList<FirmProcess> Processes { get; init; } = [];

    public IReadOnlyList<FirmCertification> Certifications { get; init; } = [];

    public IReadOnlyList<ExportMarket> ExportMarkets { get; init; } = [];

    /// <summary>Whether no list holds anything.</summary>
    public bool IsEmpty => Products.Count == 0 && Processes.Count == 0 && Certifications.Count == 0 && ExportMarkets.Count == 0;

    /// <summary>Every source the facts name.</summary>
    public IEnumerable<string> AllSources() =>
        Products.SelectMany(p => p.Sources).Concat(Processes.SelectMany(p => p.Sources))
            .Concat(Certifications.SelectMany(c => c.Sources)).Concat(ExportMarkets.SelectMany(m => m.Sources));
}

/// <summary>A product a firm makes: an HS product node (chapter, heading or subheading), its own words, and its annual capacity in a unit.</summary>
public sealed record FirmProduct(
    string ProductId, string? Description, double? AnnualCapacity, string? Unit, bool Verified, IReadOnlyList<string> Sources);

/// <summary>A manufacturing process a firm runs (a catalogue entry), with a detail in its own words.</summary>
public sealed record FirmProcess(string ProcessId, string? Detail, bool Verified, IReadOnlyList<string> Sources);

/// <summary>A certificate a firm holds: the standard, the certificate's number, who issued it, and the days it holds.</summary>
public sealed record FirmCertification(
    string StandardId, string? Number, string? Issuer, DateOnly? IssuedOn, DateOnly? ExpiresOn, bool Verified, IReadOnlyList<string> Sources)
{
    /// <summary>Whether the certificate holds on a day: issued by then (when the date is known) and not expired.</summary>
    public bool ValidOn(DateOnly day) => (IssuedOn is null || IssuedOn <= day) && (ExpiresOn is null || day <= ExpiresOn);
}

/// <summary>A country a firm exports to (ISO 3166 alpha-2).</summary>
public sealed record ExportMarket(string Country, bool Verified, IReadOnlyList<string> Sources);
