using Ecosystem.Graph.Data;
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
            : text.StartsWith(IsicPrefix, StringComparison.OrdinalIgnoreCase) ? ReferenceData.SectorId(Classification.Isic4, text[IsicPrefix.Length..].Trim().ToUpperInvariant())
            : ReferenceData.SectorId(Classification.Vsic2025, text.ToUpperInvariant());
    }

    /// <summary>The code of a sector as people write it back.</summary>
    public static string Of(Sector sector) => sector.Classification == Classification.Isic4 ? IsicPrefix + sector.Code : sector.Code;
}
