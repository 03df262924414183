using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;

namespace Ecosystem.Api.Firms;

public sealed class OwnershipType() : DescribedEnumType<Ownership>("Ownership", "Who owns a firm.", new Dictionary<Ownership, string>
{
    [Ownership.DomesticPrivate] = "Vietnamese private capital.",
    [Ownership.State] = "State-owned or state-controlled.",
    [Ownership.Fdi] = "Foreign direct investment (wholly foreign-owned).",
    [Ownership.JointVenture] = "Joint venture of Vietnamese and foreign capital.",
});

public sealed class FirmRoleType() : DescribedEnumType<FirmRole>("FirmRole", "The parts a firm plays in an industrial ecosystem.", new Dictionary<FirmRole, string>
{
    [FirmRole.LeadFirm] = "A lead (anchor) firm that buys from tiers of suppliers.",
    [FirmRole.SupportingIndustry] = "A supporting-industry supplier (công nghiệp hỗ trợ).",
    [FirmRole.ParkDeveloper] = "An infrastructure developer of industrial parks.",
    [FirmRole.Logistics] = "A logistics provider.",
});

public sealed class FirmSizeType() : DescribedEnumType<FirmSize>("FirmSize", "Size class of a firm (Decree 80/2021/NĐ-CP bands).", new Dictionary<FirmSize, string>
{
    [FirmSize.Micro] = "Micro enterprise.",
    [FirmSize.Small] = "Small enterprise.",
    [FirmSize.Medium] = "Medium enterprise.",
    [FirmSize.Large] = "Large enterprise.",
});
