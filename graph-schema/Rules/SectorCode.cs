using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Rules;

/// <summary>Sector codes as people write them: bare codes are VSIC 2025 ("2630", "26", "C"); "ISIC4:2610" is ISIC Rev.4.</summary>
public static class SectorCode
{
    public const string IsicPrefix = "ISIC4:";

    /// <summary>The sector id of a code (a full id is returned as it is).</summary>
    public static string ToId(string code)
    {
        var text = code.Trim();
        return text.StartsWith("sector:", StringComparison.Ordinal) ? text
            : text.StartsWith(IsicPrefix, StringComparison.OrdinalIgnoreCase) ? IdOf(Classification.Isic4, text[IsicPrefix.Length..].Trim().ToUpperInvariant())
            : IdOf(Classification.Vsic2025, text.ToUpperInvariant());
    }

    /// <summary>The id of the sector with this code in a classification: "sector:2630", "sector:isic4:2610".</summary>
    public static string IdOf(Classification classification, string code) =>
        classification == Classification.Vsic2025 ? $"sector:{code}" : $"sector:isic4:{code}";

    /// <summary>The code of a sector as people write it back.</summary>
    public static string Of(Sector sector) => sector.Classification == Classification.Isic4 ? IsicPrefix + sector.Code : sector.Code;
}
