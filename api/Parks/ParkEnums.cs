using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;

namespace Ecosystem.Api.Parks;

public sealed class ParkKindType() : DescribedEnumType<ParkKind>("ParkKind", "Kinds of industrial area; different things with different owners and rules.", new Dictionary<ParkKind, string>
{
    [ParkKind.IndustrialPark] = "Khu công nghiệp (KCN): an industrial park.",
    [ParkKind.IndustrialCluster] = "Cụm công nghiệp (CCN): an industrial cluster, smaller and run by the district or province.",
    [ParkKind.EconomicZone] = "Khu kinh tế (KKT): an economic zone, coastal or at a border gate.",
    [ParkKind.HighTechPark] = "Khu công nghệ cao (KCNC): a high-tech park.",
    [ParkKind.ExportProcessingZone] = "Khu chế xuất (KCX): an export processing zone.",
});

public sealed class ParkStatusType() : DescribedEnumType<ParkStatus>("ParkStatus", "Where a park stands.", new Dictionary<ParkStatus, string>
{
    [ParkStatus.Unknown] = "No source states it.",
    [ParkStatus.Planned] = "Planned, not yet built.",
    [ParkStatus.UnderConstruction] = "Under construction.",
    [ParkStatus.Operating] = "Operating.",
});
