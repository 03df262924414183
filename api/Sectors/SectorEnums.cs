using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;

namespace Ecosystem.Api.Sectors;

public sealed class SectorLevelType() : DescribedEnumType<SectorLevel>("SectorLevel", "Levels of an activity classification.", new Dictionary<SectorLevel, string>
{
    [SectorLevel.Section] = "Section: one letter (C = manufacturing).",
    [SectorLevel.Division] = "Division: two digits.",
    [SectorLevel.Group] = "Group: three digits.",
    [SectorLevel.Class] = "Class: four digits.",
    [SectorLevel.Subclass] = "Subclass: five digits (VSIC only).",
});

public sealed class ClassificationType() : DescribedEnumType<Classification>("Classification", "Activity classifications in the graph.", new Dictionary<Classification, string>
{
    [Classification.Vsic2025] = "VSIC 2025 (Decision 36/2025/QĐ-TTg), the default: bare codes mean VSIC 2025.",
    [Classification.Isic4] = "ISIC Rev.4, beside it for English labels and international comparison; codes are written \"ISIC4:2610\".",
})
{
    /// <summary>VSIC2025 and ISIC4, as the classifications are named, not VSIC_2025.</summary>
    protected override string ChangeEnumCase(string val) => val.ToUpperInvariant();
}
