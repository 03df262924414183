using Ecosystem.Api.Schema;
using Ecosystem.Graph.Model;

namespace Ecosystem.Api.Nodes;

public sealed class NodeKindType() : DescribedEnumType<NodeKind>("NodeKind", "The kinds of node in the graph.", new Dictionary<NodeKind, string>
{
    [NodeKind.Firm] = "A firm, in Vietnam or abroad.",
    [NodeKind.Park] = "An industrial park, cluster or zone.",
    [NodeKind.Province] = "A province-level unit, current or former.",
    [NodeKind.Region] = "One of the eight geographic regions.",
    [NodeKind.Corridor] = "A development corridor joining provinces.",
    [NodeKind.Sector] = "An activity of VSIC 2025 or ISIC Rev.4.",
    [NodeKind.Alliance] = "An alliance or association of firms.",
    [NodeKind.Source] = "A document or dataset that states facts.",
    [NodeKind.Product] = "A product of the Harmonized System 2022 (chapter, heading or subheading).",
    [NodeKind.Process] = "A manufacturing process from the catalogue.",
    [NodeKind.CertificationStandard] = "A certification standard or compliance scheme from the catalogue.",
    [NodeKind.SourcingRequest] = "A buyer's sourcing request: parts it looks for suppliers of.",
    [NodeKind.Ward] = "A commune-level unit (phường, xã, đặc khu), current or former.",
});
