using System.Text.Json;
using System.Text.Json.Serialization;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>
/// How the graph is laid out in Neo4j. Every node is <c>(:Node:Kind {id, kind, name, folded, sortKey, json, ...})</c>:
/// <c>json</c> is the whole record (read back exactly), the other properties are what filters, orders and indexes use. Every reference a node
/// holds is a relationship of its type (<c>IN_PROVINCE</c>, <c>LOCATED_IN</c>, ...; a node's sources as
/// <c>CITED_BY</c>); a supply link is <c>(supplier:Firm)-[:SUPPLIES {id, supplierId, buyerId, sector, product, hsProduct, valueUsd,
/// since, until, confidence, sources, json}]-&gt;(buyer:Firm)</c>. The graph's version lives on <c>(:GraphMeta {key:
/// 'graph'})</c>.
/// </summary>
public static class Neo4jGraph
{
    private static readonly JsonSerializerOptions LinkJsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>The relationship type of a reference: InProvince is IN_PROVINCE.</summary>
    public static string TypeName(RelType type) =>
        string.Concat(type.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();

    /// <summary>The node's label: its kind's name.</summary>
    public static string Label(NodeKind kind) => kind.ToString();

    public static string NodeJsonOf(Node node) => NodeJson.Serialize(node);

    public static Node NodeFrom(string json) => NodeJson.Deserialize(json);

    public static string LinkJsonOf(SupplyLink link) => JsonSerializer.Serialize(link, LinkJsonOptions);

    public static SupplyLink LinkFrom(string json) =>
        JsonSerializer.Deserialize<SupplyLink>(json, LinkJsonOptions) ?? throw new JsonException("link JSON is null");

    /// <summary>A firm's or park's ward and placement: the former province a province filter also matches, and whether it is unplaced.</summary>
    private static void AddPlace(Dictionary<string, object?> p, string? wardId, Placement? placement)
    {
        p["wardId"] = wardId;
        p["formerProvinceId"] = placement?.FormerProvinceId;
        p["placementMethod"] = placement?.Method.ToString();
    }

    /// <summary>The properties a node is stored with.</summary>
    public static Dictionary<string, object?> Properties(Node node)
    {
        var p = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = node.Id,
            ["kind"] = node.Kind.ToString(),
            ["name"] = node.Name,
            ["folded"] = VietnameseText.Fold(node.Name),
            ["sortKey"] = PageCursor.NameKey(VietnameseText.Fold(node.Name), node.Name),
            ["searchText"] = SearchText(node),
            ["json"] = NodeJsonOf(node),
            ["sources"] = node.Sources,
        };
        switch (node)
        {
            case Firm f:
                p["country"] = f.Country;
                p["provinceId"] = f.ProvinceId;
                p["parkId"] = f.ParkId;
                AddPlace(p, f.WardId, f.Placement);
                p["taxCode"] = f.TaxCode;
                p["ownership"] = f.Ownership?.ToString();
                p["roles"] = f.Roles.Select(r => r.ToString()).ToList();
                foreach (var role in f.Roles.Distinct())
                {
                    p[RoleProperty(role)] = true;
                }
                p["sectorIds"] = f.SectorIds;
                p["allianceIds"] = f.AllianceIds;
                if (f.FormerIds is { Count: > 0 } former)
                {
                    p["formerIds"] = former;
                }
                if (f.Identifiers is { Count: > 0 } identifiers)
                {
                    // One text, keys between spaces, so a text index answers "holds this identifier" (CONTAINS " key ").
                    p["identifierText"] = $" {string.Join(' ', identifiers.Select(i => i.Key))} ";
                }
                break;
            case Park k:
                p["provinceId"] = k.ProvinceId;
                AddPlace(p, k.WardId, k.Placement);
                p["parkKind"] = k.ParkKind.ToString();
                p["status"] = k.Status.ToString();
                p["totalAreaHa"] = k.TotalAreaHa;
                p["availableAreaHa"] = k.AvailableAreaHa;
                p["prioritySectorIds"] = k.PrioritySectors.Select(s => s.SectorId).ToList();
                break;
            case Province v:
                p["code"] = v.Code;
                p["regionId"] = v.RegionId;
                p["validFrom"] = v.ValidFrom;
                p["validTo"] = v.ValidTo;
                p["successorId"] = v.SuccessorId;
                break;
            case Ward wd:
                p["code"] = wd.Code;
                p["provinceId"] = wd.ProvinceId;
                p["validFrom"] = wd.ValidFrom;
                p["validTo"] = wd.ValidTo;
                break;
            case Region r:
                p["code"] = r.Code;
                break;
            case Sector s:
                p["code"] = s.Code;
                p["level"] = s.Level.ToString();
                p["classification"] = s.Classification.ToString();
                p["parentId"] = s.ParentId;
                break;
            case Source s:
                p["synthetic"] = s.Synthetic;
                break;
            case Product pd:
                p["code"] = pd.Code;
                p["level"] = pd.Level.ToString();
                p["parentId"] = pd.ParentId;
                break;
            case Process pr:
                p["code"] = pr.Code;
                break;
            case CertificationStandard cs:
                p["code"] = cs.Code;
                break;
            case SourcingRequest sr:
                p["buyerId"] = sr.BuyerId;
                p["status"] = sr.Status.ToString();
                p["postedOn"] = sr.PostedOn;
                p["restricted"] = sr.Restricted;
                break;
        }
        return WithoutNulls(p);
    }

    /// <summary>
    /// A firm's role as a property of its own, true when it holds the role (absent otherwise), so that a role filter is an
    /// index seek (a list property cannot be indexed): isLeadFirm, isSupportingIndustry, ...
    /// </summary>
    public static string RoleProperty(FirmRole role) => "is" + role;

    /// <summary>Neo4j stores no null property: they are left out.</summary>
    private static Dictionary<string, object?> WithoutNulls(Dictionary<string, object?> properties)
    {
        foreach (var key in properties.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            properties.Remove(key);
        }
        return properties;
    }

    private const string DescendantsCypher =
        "UNWIND $ids AS id MATCH (s:Sector {id: id}) MATCH (d:Sector)-[:PARENT*0..6]->(s) RETURN DISTINCT d.id AS id";

    /// <summary>The ids of the given sectors and all their descendants.</summary>
    public static async Task<List<string>> ExpandSectorsAsync(Neo4jQueryClient client, IEnumerable<string> sectorIds, CancellationToken cancellationToken)
    {
        var result = await client.RunAsync(DescendantsCypher, new Dictionary<string, object?> { ["ids"] = sectorIds.ToList() }, cancellationToken).ConfigureAwait(false);
        return [.. result.Rows.Select(r => (string)r[0]!)];
    }

    /// <summary>The words a node is found by: its folded name, then its codes, tax code, English name, acronym (each once).</summary>
    public static string SearchText(Node node)
    {
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in VietnameseText.Tokens(node.Name).Concat(SearchRanking.ExtraTerms(node).SelectMany(VietnameseText.Tokens)))
        {
            if (seen.Add(w))
            {
                words.Add(w);
            }
        }
        return string.Join(' ', words);
    }

    /// <summary>The references of a node as (type, target id), its sources included (CITED_BY).</summary>
    public static IEnumerable<(RelType Type, string Target)> References(Node node) =>
        node.Edges().Concat(node.Sources.Select(s => (RelType.CitedBy, s))).Distinct();

    /// <summary>The properties a supply link is stored with.</summary>
    public static Dictionary<string, object?> Properties(SupplyLink link)
    {
        var p = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = link.Id,
            ["supplierId"] = link.SupplierId,
            ["buyerId"] = link.BuyerId,
            ["sector"] = link.SectorId,
            ["product"] = link.Product,
            ["hsProduct"] = link.HsProductId,
            ["valueUsd"] = link.ValueUsd,
            ["since"] = link.Since,
            ["until"] = link.Until,
            ["confidence"] = link.Confidence,
            ["sources"] = link.Sources,
            ["json"] = LinkJsonOf(link),
        };
        return WithoutNulls(p);
    }
}
