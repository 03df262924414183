using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>Sourcing matches and product makers on Neo4j: the part of the graph they read, fetched by bounded patterns, run by the analysis room's code.</summary>
public partial class Neo4jGraphStore
{
    /// <summary>The products of a chapter (or under a code), and the domestic firms that make one, with their parks.</summary>
    private const string MakersCypher =
        "MATCH (p:Product) WHERE p.code STARTS WITH $code " +
        "OPTIONAL MATCH (f:Firm)-[:MAKES]->(p) WHERE $anyCountry OR f.country = 'VN' " +
        "OPTIONAL MATCH (f)-[:LOCATED_IN]->(k:Park) RETURN p.json AS product, f.json AS firm, k.json AS park";

    /// <summary>Domestic firms in sectors whose code starts with one of the divisions, or in one of the sectors given, with their parks.</summary>
    private const string SectorFirmsCypher =
        "MATCH (f:Firm) WHERE f.country = 'VN' AND any(x IN f.sectorIds WHERE x IN $sectors OR any(d IN $divisions WHERE x STARTS WITH d)) " +
        "OPTIONAL MATCH (f)-[:LOCATED_IN]->(k:Park) RETURN f.json AS firm, k.json AS park";

    /// <summary>The links out of the given firms with their buyers.</summary>
    private const string OutLinksCypher =
        "MATCH (f:Firm)-[r:SUPPLIES]->(b:Firm) WHERE f.id IN $ids RETURN r.json AS link, b.json AS buyer";

    private const string BuyerCypher =
        "MATCH (b:Firm {id: $id}) OPTIONAL MATCH (b)-[:LOCATED_IN]->(k:Park) RETURN b.json AS firm, k.json AS park";

    private const string CatalogueCypher = "MATCH (x) WHERE x:CertificationStandard OR x:Process OR x:Alliance RETURN x.json AS json";

    public async Task<IReadOnlyList<IReadOnlyList<SourcingMatch>>> MatchSourcingAsync(IReadOnlyList<SourcingMatchRequest> requests, CancellationToken cancellationToken = default)
    {
        var result = new List<IReadOnlyList<SourcingMatch>>(requests.Count);
        var reference = await ReferenceNodesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var request in requests)
        {
            var nodes = new List<Node>(reference);
            var item = request.Item;
            foreach (var row in (await client.RunAsync(BuyerCypher, Args(("id", request.BuyerId)), cancellationToken).ConfigureAwait(false)).Rows)
            {
                AddNodes(nodes, row);
            }
            var divisions = new List<string>();
            if (item.ProductId is { } productId)
            {
                var code = NodeIds.Local(productId);
                foreach (var row in (await client.RunAsync(MakersCypher, Args(("code", code[..2]), ("anyCountry", false)), cancellationToken).ConfigureAwait(false)).Rows)
                {
                    AddNodes(nodes, row);
                }
                divisions = [.. LocalizationAnalysis.DivisionIds(nodes.OfType<Product>().Where(p => p.Code.StartsWith(code, StringComparison.Ordinal)))];
            }
            var sectors = item.SectorId is { } sector ? await ExpandSectorsAsync([sector], cancellationToken).ConfigureAwait(false) : [];
            if (sectors.Count > 0 || divisions.Count > 0)
            {
                foreach (var row in (await client.RunAsync(SectorFirmsCypher, Args(("sectors", sectors), ("divisions", item.SectorId is null ? divisions : [])), cancellationToken).ConfigureAwait(false)).Rows)
                {
                    AddNodes(nodes, row);
                }
            }
            var firmIds = nodes.OfType<Firm>().Select(f => f.Id).Distinct(StringComparer.Ordinal).ToList();
            var links = new List<SupplyLink>();
            foreach (var row in (await client.RunAsync(OutLinksCypher, Args(("ids", firmIds)), cancellationToken).ConfigureAwait(false)).Rows)
            {
                links.Add(Neo4jGraph.LinkFrom((string)row[0]!));
                nodes.Add(Neo4jGraph.NodeFrom((string)row[1]!));
            }
            var have = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            var named = links.Select(l => l.HsProductId).OfType<string>().Where(id => !have.Contains(id)).Distinct(StringComparer.Ordinal).ToList();
            if (named.Count > 0)
            {
                // A link's HS code outside the chapter still tells that the link is not of the requested product.
                nodes.AddRange((await GetNodesAsync(named, cancellationToken).ConfigureAwait(false)).OfType<Product>());
            }
            var snap = SubgraphBuilder.Build(nodes, links);
            result.Add(LocalizationAnalysis.Match(snap, [request], cancellationToken)[0]);
        }
        return result;
    }

    /// <summary>The valid links into the lead firms, with what the tally needs of each.</summary>
    private static string PurchasesCypher(string leadWhere) =>
        $"MATCH (n:Firm) WHERE {leadWhere} " +
        "OPTIONAL MATCH (s:Firm)-[r:SUPPLIES]->(n) WHERE (r.since IS NULL OR r.since <= $asOfDate) AND (r.until IS NULL OR $asOfDate <= r.until) " +
        "AND ($under IS NULL OR r.hsProduct STARTS WITH $under) " +
        "RETURN n.id AS lead, s.id AS supplier, s.country AS country, r.hsProduct AS hs, r.valueUsd AS value";

    public async Task<ProductPurchases> ProductPurchasesAsync(ProductPurchaseRequest request, CancellationToken cancellationToken = default)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["asOfDate"] = request.AsOf, ["under"] = request.Under };
        var leadFilter = request.Scope with { Roles = [FirmRole.LeadFirm], SectorIds = request.LeadSectorIds ?? request.Scope.SectorIds };
        var leadWhere = await new Neo4jNodeLister(client).WhereAsync(NodeKind.Firm, leadFilter, parameters, cancellationToken).ConfigureAwait(false);
        var tally = new ProductPurchaseTally(request.Level);
        var leads = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in (await client.RunAsync(PurchasesCypher(leadWhere), parameters, cancellationToken).ConfigureAwait(false)).Rows)
        {
            leads.Add((string)row[0]!);
            if (row[1] is string supplier)
            {
                tally.Add((string)row[0]!, supplier, row[2] as string, row[3] as string, row[4] is null ? null : Convert.ToDouble(row[4], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return tally.Result(leads.Count);
    }

    public async Task<IReadOnlyList<ProductMaker>> ProductMakersAsync(string productId, NodeFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var nodes = await ReferenceNodesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in (await client.RunAsync(MakersCypher, Args(("code", NodeIds.Local(productId)), ("anyCountry", true)), cancellationToken).ConfigureAwait(false)).Rows)
        {
            AddNodes(nodes, row);
        }
        return LocalizationAnalysis.Makers(SubgraphBuilder.Build(nodes, []), productId, filter);
    }

    /// <summary>Sectors, provinces, standards, processes and alliances: what a match or a filter names.</summary>
    private async Task<List<Node>> ReferenceNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = await NodesAsync(SectorNodesCypher, cancellationToken).ConfigureAwait(false);
        nodes.AddRange(await NodesAsync(ProvinceNodesCypher, cancellationToken).ConfigureAwait(false));
        nodes.AddRange(await NodesAsync(CatalogueCypher, cancellationToken).ConfigureAwait(false));
        return nodes;
    }

    private static void AddNodes(List<Node> nodes, IReadOnlyList<object?> row)
    {
        foreach (var cell in row)
        {
            if (cell is string json)
            {
                nodes.Add(Neo4jGraph.NodeFrom(json));
            }
        }
    }
}
