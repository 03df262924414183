using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>The analyses on Neo4j: aggregations in Cypher, algorithms on the part of the graph they need (fetched with bounded patterns) run by the analysis room's code.</summary>
public partial class Neo4jGraphStore
{
    private static string DisruptionCypher(string where) =>
        "MATCH (lead:Firm) WHERE 'LeadFirm' IN lead.roles " +
        $"MATCH (far:Firm)-[r:SUPPLIES]->(lead) WHERE {where} " +
        "WITH lead, coalesce(r.valueUsd, 0.0) AS value, (far.id IN $firms OR far.provinceId IN $provinces OR far.country IN $gone) AS isLost " +
        "WITH lead, sum(value) AS total, sum(CASE WHEN isLost THEN value ELSE 0.0 END) AS lost WHERE lost > 0 " +
        "RETURN lead.id AS id, lost, lost / total AS share ORDER BY share DESC, lost DESC, id";

    public async Task<IReadOnlyList<AffectedFirm>> DisruptionImpactAsync(DisruptionScenario scenario, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = await FilterAsync(scenario.Filter, cancellationToken).ConfigureAwait(false);
        parameters["firms"] = scenario.FirmIds.ToList();
        parameters["provinces"] = scenario.ProvinceIds.ToList();
        parameters["gone"] = scenario.Countries.Select(c => c.ToUpperInvariant()).ToList();
        var result = await client.RunAsync(DisruptionCypher(where), parameters, cancellationToken).ConfigureAwait(false);
        return [.. result.Rows.Select(r => new AffectedFirm((string)r[0]!, (double)r[1]!, (double)r[2]!))];
    }


    private const string CoLocatedCypher =
        "UNWIND range(0, size($ids) - 1) AS i " +
        "OPTIONAL MATCH (f:Firm {id: $ids[i]})-[:LOCATED_IN]->(:Park)<-[:LOCATED_IN]-(o:Firm) " +
        "WHERE o <> f AND (any(s IN o.sectorIds WHERE s IN f.sectorIds) OR EXISTS { (o)-[:SUPPLIES]-(f) }) " +
        "WITH i, o.id AS other ORDER BY other RETURN i, collect(DISTINCT other) AS ids";

    public async Task<IReadOnlyList<IReadOnlyList<string>>> CoLocatedAsync(IReadOnlyList<string> firmIds, CancellationToken cancellationToken = default)
    {
        var lists = new IReadOnlyList<string>[firmIds.Count];
        Array.Fill(lists, []);
        if (firmIds.Count > 0)
        {
            var result = await client.RunAsync(CoLocatedCypher, Args(("ids", firmIds)), cancellationToken).ConfigureAwait(false);
            foreach (var row in result.Rows)
            {
                lists[(int)(long)row[0]!] = [.. ((List<object?>)row[1]!).Cast<string>()];
            }
        }
        return lists;
    }

    private static string LinkedParksCypher(string where) =>
        "UNWIND range(0, size($ids) - 1) AS i MATCH (p:Park {id: $ids[i]})<-[:LOCATED_IN]-(f:Firm) " +
        $"MATCH (f)-[r:SUPPLIES]-(far:Firm)-[:LOCATED_IN]->(q:Park) WHERE q <> p AND {where} " +
        "WITH i, q.id AS park, startNode(r).id AS supplier, endNode(r).id AS buyer, count(r) AS links, sum(coalesce(r.valueUsd, 0.0)) AS value " +
        "RETURN i, park, supplier, buyer, links, value ORDER BY i, park, supplier, buyer";

    /// <summary>Summed by park pair here from the rows of each pair of firms (the published values need each firm's part).</summary>
    public async Task<IReadOnlyList<IReadOnlyList<LinkedPark>>> LinkedParksAsync(IReadOnlyList<string> parkIds, LinkFilter? filter = null, ValueNoise? noise = null, CancellationToken cancellationToken = default)
    {
        var lists = new IReadOnlyList<LinkedPark>[parkIds.Count];
        Array.Fill(lists, []);
        if (parkIds.Count > 0)
        {
            var (where, parameters) = await FilterAsync(filter, cancellationToken).ConfigureAwait(false);
            parameters["ids"] = parkIds;
            var result = await client.RunAsync(LinkedParksCypher(where), parameters, cancellationToken).ConfigureAwait(false);
            var rows = result.Rows.Select(r => r is [long i, string park, string supplier, string buyer, long links, double value]
                ? (Index: (int)i, Park: park, Supplier: supplier, Buyer: buyer, Links: (int)links, Value: value)
                : throw new Neo4jProtocolException("a linked-parks row is not (index, park, supplier, buyer, links, value)"));
            foreach (var forPark in rows.GroupBy(r => r.Index))
            {
                lists[forPark.Key] = [.. forPark.GroupBy(r => r.Park, StringComparer.Ordinal).Select(pair =>
                {
                    var published = new PublishableValue.Builder(noise);
                    foreach (var r in pair)
                    {
                        published.Add(r.Buyer, r.Supplier, r.Value);
                    }
                    return new LinkedPark(pair.Key, pair.Sum(r => r.Links), pair.Sum(r => r.Value)) { Published = published.Build() };
                }).OrderByDescending(p => p.LinkCount).ThenBy(p => p.ParkId, StringComparer.Ordinal)];
            }
        }
        return lists;
    }

    public Task<LocalizationTotals> LocalizationAsync(LocalizationRequest request, CancellationToken cancellationToken = default) =>
        new Neo4jLocalization(client).TotalsAsync(request, cancellationToken);

    public Task<LocalizationContributions> LocalizationContributionsAsync(LocalizationRequest request, CancellationToken cancellationToken = default) =>
        new Neo4jLocalization(client).ContributionsAsync(request, cancellationToken);


    /// <summary>
    /// The firms within maxDepth - 1 tiers upstream (a bounded variable-length pattern whose every link passes the filter),
    /// then every link into them that passes it, each once, summed by whether its supplier is in Vietnam.
    /// </summary>
    private static string OriginsCypher(int maxDepth, string pathWhere, string where) =>
        "UNWIND range(0, size($ids) - 1) AS i OPTIONAL MATCH (root:Firm {id: $ids[i]}) " +
        $"OPTIONAL MATCH p = (root)<-[:SUPPLIES*0..{maxDepth - 1}]-(b:Firm) WHERE all(x IN relationships(p) WHERE {pathWhere}) " +
        "WITH i, collect(DISTINCT b) AS buyers UNWIND (CASE WHEN size(buyers) = 0 THEN [null] ELSE buyers END) AS b " +
        $"OPTIONAL MATCH (far:Firm)-[r:SUPPLIES]->(b) WHERE {where} " +
        "WITH i, r, far RETURN i, sum(coalesce(r.valueUsd, 0.0)) AS value, " +
        "sum(CASE WHEN far.country = 'VN' THEN coalesce(r.valueUsd, 0.0) ELSE 0.0 END) AS domestic, count(r) AS links";

    public async Task<IReadOnlyList<InputOrigin>> InputOriginsAsync(IReadOnlyList<string> firmIds, int maxDepth, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var origins = new InputOrigin[firmIds.Count];
        Array.Fill(origins, new InputOrigin(0, 0, 0));
        if (firmIds.Count == 0 || maxDepth < 1)
        {
            return origins;
        }
        var sectors = filter?.SectorIds is { } ids ? await ExpandSectorsAsync(ids, cancellationToken).ConfigureAwait(false) : null;
        var (pathWhere, _) = Filter(filter, sectors, link: "x", far: "startNode(x)");
        var (where, parameters) = Filter(filter, sectors);
        parameters["ids"] = firmIds;
        var result = await client.RunAsync(OriginsCypher(maxDepth, pathWhere, where), parameters, cancellationToken).ConfigureAwait(false);
        foreach (var row in result.Rows)
        {
            origins[(int)(long)row[0]!] = new InputOrigin((double)row[1]!, (double)row[2]!, (int)(long)row[3]!);
        }
        return origins;
    }

    /// <summary>Parks that list the sector (or an ancestor or descendant) as a priority, or host firms of it, with the priority that matches first and the count.</summary>
    private const string ParkMatchesCypher =
        "MATCH (s:Sector {id: $sector}) " +
        "CALL { WITH s MATCH (d:Sector)-[:PARENT*0..6]->(s) RETURN collect(d.id) AS subtree } " +
        "CALL { WITH s MATCH (s)-[:PARENT*0..6]->(a:Sector) RETURN collect(a.id) AS ancestors } " +
        "MATCH (p:Park) " +
        "WITH p, [x IN coalesce(p.prioritySectorIds, []) WHERE x IN subtree OR x IN ancestors] AS priorities, " +
        "COUNT { MATCH (f:Firm)-[:LOCATED_IN]->(p) WHERE any(x IN f.sectorIds WHERE x IN subtree) } AS hosted " +
        "WHERE size(priorities) > 0 OR hosted > 0 RETURN p.json AS park, priorities[0] AS priority, hosted";

    private const string ProvincesCypher = "MATCH (v:Province) RETURN v.json AS json";

    private static string LeadPlacesCypher(string where) =>
        $"MATCH (n:Firm) WHERE 'LeadFirm' IN n.roles AND {where} OPTIONAL MATCH (n)-[:LOCATED_IN]->(k:Park) RETURN n.json AS firm, k.json AS park";

    public async Task<IReadOnlyList<ParkMatch>> ParkMatchesAsync(ParkMatchRequest request, CancellationToken cancellationToken = default)
    {
        var parks = await client.RunAsync(ParkMatchesCypher, Args(("sector", request.SectorId)), cancellationToken).ConfigureAwait(false);
        var places = new Places((await client.RunAsync(ProvincesCypher, null, cancellationToken).ConfigureAwait(false)).Rows.Select(r => (Province)Neo4jGraph.NodeFrom((string)r[0]!)));
        var leads = new List<(double Lat, double Lng)>();
        if (request.LeadScope is { } scope)
        {
            var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
            var where = await new Neo4jNodeLister(client).WhereAsync(NodeKind.Firm, scope, parameters, cancellationToken).ConfigureAwait(false);
            var rows = await client.RunAsync(LeadPlacesCypher(where), parameters, cancellationToken).ConfigureAwait(false);
            leads = [.. rows.Rows
                .Select(r => places.Of((Firm)Neo4jGraph.NodeFrom((string)r[0]!), r[1] is string park ? (Park)Neo4jGraph.NodeFrom(park) : null))
                .OfType<(double Lat, double Lng)>().Distinct()];
        }
        var matches = new List<ParkMatch>();
        foreach (var row in parks.Rows)
        {
            var park = (Park)Neo4jGraph.NodeFrom((string)row[0]!);
            if (request.MinAvailableAreaHa is { } min && !(park.AvailableAreaHa >= min))
            {
                continue;
            }
            double? distance = leads.Count > 0 && places.Of(park) is { } at
                ? Math.Round(leads.Min(p => LocalizationScoring.DistanceKm(at.Lat, at.Lng, p.Lat, p.Lng)), 1, MidpointRounding.AwayFromZero)
                : null;
            matches.Add(LocalizationScoring.Match(park, row[1] as string, (int)(long)row[2]!, distance));
        }
        matches.Sort(LocalizationScoring.ParkOrder);
        return matches;
    }

    /// <summary>Places as the embedded store finds them: own coordinates, else the park's, else the province's centroid or its successor's.</summary>
    private sealed class Places(IEnumerable<Province> provinces)
    {
        private readonly Dictionary<string, Province> _provinces = provinces.ToDictionary(p => p.Id, StringComparer.Ordinal);

        public (double Lat, double Lng)? Of(Firm firm, Park? park) =>
            firm is { Lat: { } lat, Lng: { } lng } ? (lat, lng) : park is not null && Of(park) is { } p ? p : OfProvince(firm.ProvinceId);

        public (double Lat, double Lng)? Of(Park park) => park is { Lat: { } lat, Lng: { } lng } ? (lat, lng) : OfProvince(park.ProvinceId);

        private (double Lat, double Lng)? OfProvince(string? id)
        {
            for (var hops = 0; id is not null && hops < 8 && _provinces.TryGetValue(id, out var p); hops++)
            {
                if (p is { Lat: { } lat, Lng: { } lng })
                {
                    return (lat, lng);
                }
                id = p.SuccessorId;
            }
            return null;
        }
    }

    // --- Analyses that are algorithms: the part of the graph they need, fetched with bounded patterns. ---

    private const string SectorNodesCypher = "MATCH (x:Sector) RETURN x.json AS json";

    private const string ProvinceNodesCypher = "MATCH (x:Province) RETURN x.json AS json";

    private async Task<List<Node>> NodesAsync(string cypher, CancellationToken cancellationToken) =>
        [.. (await client.RunAsync(cypher, null, cancellationToken).ConfigureAwait(false)).Rows.Select(r => Neo4jGraph.NodeFrom((string)r[0]!))];

    /// <summary>
    /// The upstream cone of some firms: every link that passes the filter into a firm within maxDepth - 1 tiers above one of
    /// them (reached through passing links), with both firms.
    /// </summary>
    private static string ConeCypher(int maxDepth, string pathWhere, string where) =>
        "UNWIND $ids AS id MATCH (root:Firm {id: id}) " +
        $"MATCH p = (root)<-[:SUPPLIES*0..{maxDepth - 1}]-(b:Firm) WHERE all(x IN relationships(p) WHERE {pathWhere}) " +
        "WITH DISTINCT b " +
        $"OPTIONAL MATCH (far:Firm)-[r:SUPPLIES]->(b) WHERE {where} " +
        "RETURN b.json AS buyer, far.json AS supplier, r.json AS link";

    private async Task<SupplyGraph> ConeAsync(IReadOnlyList<string> roots, int maxDepth, LinkFilter? filter, CancellationToken cancellationToken)
    {
        var sectors = filter?.SectorIds is { } ids ? await ExpandSectorsAsync(ids, cancellationToken).ConfigureAwait(false) : null;
        var (pathWhere, _) = Filter(filter, sectors, link: "x", far: "startNode(x)");
        var (where, parameters) = Filter(filter, sectors);
        parameters["ids"] = roots;
        var rows = await client.RunAsync(ConeCypher(Math.Max(1, maxDepth), pathWhere, where), parameters, cancellationToken).ConfigureAwait(false);
        var nodes = await NodesAsync(SectorNodesCypher, cancellationToken).ConfigureAwait(false);
        var links = new List<SupplyLink>();
        foreach (var row in rows.Rows)
        {
            nodes.Add(Neo4jGraph.NodeFrom((string)row[0]!));
            if (row[1] is string supplier && row[2] is string link)
            {
                nodes.Add(Neo4jGraph.NodeFrom(supplier));
                links.Add(Neo4jGraph.LinkFrom(link));
            }
        }
        return SubgraphBuilder.Build(nodes, links);
    }

    private static int FirmIn(SupplyGraph snap, string id) => snap.NidOf(id) is >= 0 and var nid && snap.Nodes[nid] is Firm ? nid : -1;

    public async Task<IReadOnlyList<SupplyPath>> FindSupplyPathsAsync(string fromId, string toId, int maxDepth, int first, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        TraversalDepth.Check(maxDepth);
        var snap = await ConeAsync([toId], maxDepth, filter, cancellationToken).ConfigureAwait(false);
        return SupplyAnalysis.Paths(snap, FirmIn(snap, fromId), FirmIn(snap, toId), maxDepth, first, CompiledLinkFilter.Compile(snap, filter), cancellationToken);
    }

    public async Task<IReadOnlyList<CommonSupplier>> CommonSuppliersAsync(IReadOnlyList<string> firmIds, int maxDepth, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        TraversalDepth.Check(maxDepth);
        var snap = await ConeAsync(firmIds, maxDepth, filter, cancellationToken).ConfigureAwait(false);
        return SupplyAnalysis.Common(snap, [.. firmIds.Select(id => FirmIn(snap, id))], maxDepth, CompiledLinkFilter.Compile(snap, filter));
    }

    public async Task<IReadOnlyList<CriticalSupplier>> CriticalSuppliersAsync(string firmId, int maxDepth, int first, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        TraversalDepth.Check(maxDepth);
        var snap = await ConeAsync([firmId], maxDepth, filter, cancellationToken).ConfigureAwait(false);
        return SupplyAnalysis.Critical(snap, FirmIn(snap, firmId), maxDepth, first, CompiledLinkFilter.Compile(snap, filter), cancellationToken);
    }

    /// <summary>The scope's firms and every link into them that passes the filter, with its supplier.</summary>
    private static string ScopeCypher(string scopeWhere, string where) =>
        $"MATCH (n:Firm) WHERE {scopeWhere} " +
        $"OPTIONAL MATCH (far:Firm)-[r:SUPPLIES]->(n) WHERE {where} " +
        "RETURN n.json AS firm, far.json AS supplier, r.json AS link";

    public async Task<IReadOnlyList<SupplyCluster>> ClustersAsync(ClusterRequest request, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = await FilterAsync(request.Filter, cancellationToken).ConfigureAwait(false);
        var scopeWhere = await new Neo4jNodeLister(client).WhereAsync(NodeKind.Firm, request.Scope, parameters, cancellationToken, "n").ConfigureAwait(false);
        var rows = await client.RunAsync(ScopeCypher(scopeWhere, where), parameters, cancellationToken).ConfigureAwait(false);
        var nodes = await NodesAsync(SectorNodesCypher, cancellationToken).ConfigureAwait(false);
        nodes.AddRange(await NodesAsync(ProvinceNodesCypher, cancellationToken).ConfigureAwait(false));
        var links = new List<SupplyLink>();
        foreach (var row in rows.Rows)
        {
            nodes.Add(Neo4jGraph.NodeFrom((string)row[0]!));
            if (row[1] is string supplier && row[2] is string link)
            {
                nodes.Add(Neo4jGraph.NodeFrom(supplier));
                links.Add(Neo4jGraph.LinkFrom(link));
            }
        }
        var snap = SubgraphBuilder.Build(nodes, links);
        return ClusterAnalysis.Clusters(snap, request, CompiledLinkFilter.Compile(snap, request.Filter), cancellationToken);
    }

    /// <summary>Every lead firm's links valid on the date in the input sectors, with both firms and the lead firm's park.</summary>
    private const string LeadInputsCypher =
        "MATCH (lead:Firm) WHERE 'LeadFirm' IN lead.roles " +
        "OPTIONAL MATCH (lead)-[:LOCATED_IN]->(lp:Park) " +
        "OPTIONAL MATCH (far:Firm)-[r:SUPPLIES]->(lead) WHERE r.sector IN $inputs AND (r.since IS NULL OR r.since <= $asOf) AND (r.until IS NULL OR $asOf <= r.until) " +
        "RETURN lead.json AS lead, lp.json AS park, far.json AS supplier, r.json AS link";

    /// <summary>The domestic firms of the input sectors (the candidates) with their parks.</summary>
    private const string DomesticFirmsCypher =
        "MATCH (f:Firm) WHERE f.country = 'VN' AND any(x IN f.sectorIds WHERE x IN $inputs) " +
        "OPTIONAL MATCH (f)-[:LOCATED_IN]->(k:Park) RETURN f.json AS firm, k.json AS park";

    public async Task<IReadOnlyList<IReadOnlyList<SupplierCandidate>>> SupplierCandidatesAsync(LocalizationRequest request, IReadOnlyList<string> inputSectorIds, int first, CancellationToken cancellationToken = default)
    {
        var inputs = await ExpandSectorsAsync(inputSectorIds, cancellationToken).ConfigureAwait(false);
        var parameters = Args(("inputs", inputs), ("asOf", request.AsOf));
        var nodes = await NodesAsync(SectorNodesCypher, cancellationToken).ConfigureAwait(false);
        nodes.AddRange(await NodesAsync(ProvinceNodesCypher, cancellationToken).ConfigureAwait(false));
        var links = new List<SupplyLink>();
        foreach (var row in (await client.RunAsync(LeadInputsCypher, parameters, cancellationToken).ConfigureAwait(false)).Rows)
        {
            nodes.Add(Neo4jGraph.NodeFrom((string)row[0]!));
            if (row[1] is string park)
            {
                nodes.Add(Neo4jGraph.NodeFrom(park));
            }
            if (row[2] is string supplier && row[3] is string link)
            {
                nodes.Add(Neo4jGraph.NodeFrom(supplier));
                links.Add(Neo4jGraph.LinkFrom(link));
            }
        }
        foreach (var row in (await client.RunAsync(DomesticFirmsCypher, parameters, cancellationToken).ConfigureAwait(false)).Rows)
        {
            nodes.Add(Neo4jGraph.NodeFrom((string)row[0]!));
            if (row[1] is string park)
            {
                nodes.Add(Neo4jGraph.NodeFrom(park));
            }
        }
        // The products the candidates' profiles list, for the fit a profile gives.
        var made = nodes.OfType<Firm>().SelectMany(f => f.Capabilities?.Products.Select(p => p.ProductId) ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (made.Count > 0)
        {
            nodes.AddRange((await GetNodesAsync(made, cancellationToken).ConfigureAwait(false)).OfType<Product>());
        }
        var snap = SubgraphBuilder.Build(nodes, links);
        return LocalizationAnalysis.Candidates(snap, request, inputSectorIds, first, cancellationToken);
    }
}
