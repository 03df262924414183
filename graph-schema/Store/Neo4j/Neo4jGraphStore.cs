using Ecosystem.Graph.Analysis;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>
/// The graph in Neo4j, through the Query API (<see cref="Neo4jQueryClient"/>). Each operation is parameterised Cypher,
/// written beside the code that runs it; reads by id are batched with UNWIND; a change set is checked whole first, then
/// written in one explicit transaction that bumps the graph version. Layout: <see cref="Neo4jGraph"/>.
/// </summary>
/// <remarks>
/// Aggregations run in Cypher. The analyses that are algorithms (shortest simple paths, common suppliers, dominators,
/// connected groups, ranked candidates) fetch the part of the graph they need with bounded patterns and run the embedded
/// store's code on it (<see cref="SubgraphBuilder"/>), so both stores answer alike.
/// </remarks>
public sealed partial class Neo4jGraphStore(Neo4jQueryClient client, int batchSize = 5000) : IGraphStore
{
    private static Dictionary<string, object?> Args(params (string Name, object? Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);

    private const string VersionCypher = "MATCH (m:GraphMeta {key: 'graph'}) RETURN m.version AS version";

    public async ValueTask<long> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        var result = await client.RunAsync(VersionCypher, null, cancellationToken).ConfigureAwait(false);
        return result.Rows.Count == 0 ? 0 : (long)result.Rows[0][0]!;
    }

    private const string NodesCypher =
        "UNWIND range(0, size($ids) - 1) AS i OPTIONAL MATCH (n:Node {id: $ids[i]}) " +
        "OPTIONAL MATCH (m:Firm) WHERE n IS NULL AND $ids[i] IN m.formerIds RETURN i, coalesce(n.json, m.json) AS json";

    public Task<AuditPage> ReadAuditAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        Neo4jAuditLog.ReadAsync(client, query, cancellationToken);

    public Task<IReadOnlyList<Node?>> GetNodesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        ByIndexAsync(NodesCypher, ids, Neo4jGraph.NodeFrom, cancellationToken);

    private const string LinksCypher =
        "UNWIND range(0, size($ids) - 1) AS i OPTIONAL MATCH (:Firm)-[r:SUPPLIES {id: $ids[i]}]->(:Firm) RETURN i, r.json AS json";

    public Task<IReadOnlyList<SupplyLink?>> GetLinksAsync(IReadOnlyList<string> linkIds, CancellationToken cancellationToken = default) =>
        ByIndexAsync(LinksCypher, linkIds, Neo4jGraph.LinkFrom, cancellationToken);

    /// <summary>One record per id asked, in order (null where none): a statement returning (index, json) rows.</summary>
    private async Task<IReadOnlyList<T?>> ByIndexAsync<T>(string cypher, IReadOnlyList<string> ids, Func<string, T> parse, CancellationToken cancellationToken)
        where T : class
    {
        var records = new T?[ids.Count];
        if (ids.Count == 0)
        {
            return records;
        }
        var result = await client.RunAsync(cypher, Args(("ids", ids)), cancellationToken).ConfigureAwait(false);
        foreach (var row in result.Rows)
        {
            if (row[1] is string json)
            {
                records[(int)(long)row[0]!] = parse(json);
            }
        }
        return records;
    }

    private const string StatsCypher =
        "MATCH (n:Node) WITH n.kind AS kind, count(*) AS nodes " +
        "WITH collect([kind, nodes]) AS kinds " +
        "OPTIONAL MATCH ()-[r:SUPPLIES]->() WITH kinds, count(r) AS links " +
        "OPTIONAL MATCH (m:GraphMeta {key: 'graph'}) RETURN kinds, links, coalesce(m.version, 0) AS version";

    public async Task<GraphStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        var result = await client.RunAsync(StatsCypher, null, cancellationToken).ConfigureAwait(false);
        var nodes = Enum.GetValues<NodeKind>().ToDictionary(k => k, _ => 0);
        if (result.Rows.Count == 0)
        {
            return new GraphStats(0, nodes, 0);
        }
        foreach (var pair in (List<object?>)result.Get(0, "kinds")!)
        {
            var kv = (List<object?>)pair!;
            if (Enum.TryParse<NodeKind>((string)kv[0]!, out var kind))
            {
                nodes[kind] = (int)(long)kv[1]!;
            }
        }
        return new GraphStats((long)result.Get(0, "version")!, nodes, (long)result.Get(0, "links")!);
    }

    // The far side of supply links, by id; other references out of (Out) or into (In) the node, by id.
    private const string SuppliersCypher =
        "UNWIND range(0, size($ids) - 1) AS i OPTIONAL MATCH (s:Firm)-[:SUPPLIES]->(:Firm {id: $ids[i]}) " +
        "WITH i, s.id AS far ORDER BY far RETURN i, collect(DISTINCT far) AS ids";

    private const string BuyersCypher =
        "UNWIND range(0, size($ids) - 1) AS i OPTIONAL MATCH (:Firm {id: $ids[i]})-[:SUPPLIES]->(b:Firm) " +
        "WITH i, b.id AS far ORDER BY far RETURN i, collect(DISTINCT far) AS ids";

    private static string ReferencesCypher(RelType type, Direction direction) =>
        "UNWIND range(0, size($ids) - 1) AS i OPTIONAL MATCH (:Node {id: $ids[i]})" +
        (direction == Direction.Out ? $"-[:{Neo4jGraph.TypeName(type)}]->" : $"<-[:{Neo4jGraph.TypeName(type)}]-") +
        "(m:Node) WITH i, m.id AS far ORDER BY far RETURN i, collect(DISTINCT far) AS ids";

    public async Task<IReadOnlyList<IReadOnlyList<string>>> GetNeighboursAsync(
        IReadOnlyList<string> ids, RelType type, Direction direction, CancellationToken cancellationToken = default)
    {
        var neighbours = new IReadOnlyList<string>[ids.Count];
        Array.Fill(neighbours, []);
        if (ids.Count == 0)
        {
            return neighbours;
        }
        var cypher = type == RelType.Supplies ? (direction == Direction.In ? SuppliersCypher : BuyersCypher) : ReferencesCypher(type, direction);
        var result = await client.RunAsync(cypher, Args(("ids", ids)), cancellationToken).ConfigureAwait(false);
        foreach (var row in result.Rows)
        {
            neighbours[(int)(long)row[0]!] = [.. ((List<object?>)row[1]!).Cast<string>()];
        }
        return neighbours;
    }

    /// <summary>
    /// A link filter as a Cypher condition on a link (<paramref name="link"/>, <c>r</c> by default) and the firm it reaches
    /// (<paramref name="far"/>, <c>far</c>), with its parameters. Sector sets are expanded to their descendants first.
    /// </summary>
    internal async Task<(string Where, Dictionary<string, object?> Parameters)> FilterAsync(LinkFilter? filter, CancellationToken cancellationToken, string link = "r", string far = "far") =>
        Filter(filter, filter?.SectorIds is { } sectors ? await ExpandSectorsAsync(sectors, cancellationToken).ConfigureAwait(false) : null, link, far);

    /// <summary>The same with the sector set already expanded.</summary>
    internal static (string Where, Dictionary<string, object?> Parameters) Filter(LinkFilter? filter, List<string>? expandedSectors, string link = "r", string far = "far")
    {
        var conditions = new List<string>();
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (filter is null)
        {
            return ("true", parameters);
        }
        if (expandedSectors is not null)
        {
            parameters["sectors"] = expandedSectors;
            conditions.Add($"{link}.sector IN $sectors");
        }
        if (filter.Countries is { } countries)
        {
            parameters["countries"] = countries.Select(c => c.ToUpperInvariant()).ToList();
            conditions.Add($"{far}.country IN $countries");
        }
        if (filter.DomesticOnly)
        {
            conditions.Add($"{far}.country = 'VN'");
        }
        if (filter.MinValueUsd is { } minValue)
        {
            parameters["minValue"] = minValue;
            conditions.Add($"{link}.valueUsd >= $minValue");
        }
        if (filter.AsOf is { } asOf)
        {
            parameters["asOf"] = asOf;
            conditions.Add($"({link}.since IS NULL OR {link}.since <= $asOf) AND ({link}.until IS NULL OR $asOf <= {link}.until)");
        }
        if (filter.MinConfidence is { } minConfidence)
        {
            parameters["minConfidence"] = minConfidence - 1e-6;
            conditions.Add($"{link}.confidence >= $minConfidence");
        }
        return (conditions.Count == 0 ? "true" : string.Join(" AND ", conditions), parameters);
    }

    private Task<List<string>> ExpandSectorsAsync(IEnumerable<string> sectorIds, CancellationToken cancellationToken) =>
        Neo4jGraph.ExpandSectorsAsync(client, sectorIds, cancellationToken);

    private static string SupplyLinksCypher(Direction direction, string where) =>
        "UNWIND range(0, size($ids) - 1) AS i MATCH (f:Firm {id: $ids[i]}) " +
        (direction == Direction.In ? "MATCH (far:Firm)-[r:SUPPLIES]->(f) " : "MATCH (f)-[r:SUPPLIES]->(far:Firm) ") +
        $"WHERE {where} " +
        "RETURN i, r.json AS json ORDER BY i, far.id, r.sector, coalesce(r.product, '')";

    public async Task<IReadOnlyList<IReadOnlyList<SupplyLink>>> GetSupplyLinksAsync(
        IReadOnlyList<string> firmIds, Direction direction, LinkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var lists = new List<SupplyLink>[firmIds.Count];
        for (var i = 0; i < lists.Length; i++)
        {
            lists[i] = [];
        }
        if (firmIds.Count == 0)
        {
            return lists;
        }
        var (where, parameters) = await FilterAsync(filter, cancellationToken).ConfigureAwait(false);
        parameters["ids"] = firmIds;
        var result = await client.RunAsync(SupplyLinksCypher(direction, where), parameters, cancellationToken).ConfigureAwait(false);
        foreach (var row in result.Rows)
        {
            lists[(int)(long)row[0]!].Add(Neo4jGraph.LinkFrom((string)row[1]!));
        }
        return lists;
    }

    /// <summary>
    /// One tier per request: the links from the firms first reached at the last tier to firms not reached yet (upstream
    /// the suppliers, downstream the customers). Each firm is kept at its shortest depth; a tier that would pass the cap is
    /// left out whole and the walk reports itself truncated. Bounded by MaxDepth requests, each by the frontier's links.
    /// </summary>
    private static string TierCypher(Direction direction, string where) =>
        "UNWIND $frontier AS id MATCH (f:Firm {id: id}) " +
        (direction == Direction.In ? "MATCH (far:Firm)-[r:SUPPLIES]->(f) " : "MATCH (f)-[r:SUPPLIES]->(far:Firm) ") +
        $"WHERE NOT far.id IN $seen AND {where} " +
        "RETURN far.id AS far, far.country AS country, far.provinceId AS province, r.json AS json ORDER BY far, json";

    public async Task<TraversalResult> TraverseAsync(TraversalRequest request, CancellationToken cancellationToken = default)
    {
        TraversalDepth.Check(request.MaxDepth);
        var (where, parameters) = await FilterAsync(request.Filter, cancellationToken).ConfigureAwait(false);
        var cypher = TierCypher(request.Direction, where);
        var seen = new HashSet<string>(request.RootIds, StringComparer.Ordinal);
        var frontier = request.RootIds.ToList();
        var tiers = new List<TraversalTier>();
        var byCountry = new Dictionary<string, double>(StringComparer.Ordinal);
        var byProvince = new Dictionary<string, double>(StringComparer.Ordinal);
        var truncated = false;
        long visited = 0;
        var found = 0;
        for (var depth = 1; depth <= request.MaxDepth && frontier.Count > 0; depth++)
        {
            parameters["frontier"] = frontier;
            parameters["seen"] = seen.ToList();
            var result = await client.RunAsync(cypher, parameters, cancellationToken).ConfigureAwait(false);
            visited += result.Rows.Count;
            var tier = Tier.Of(result.Rows);
            if (tier.Firms.Count == 0)
            {
                break;
            }
            if (found + tier.Firms.Count > request.MaxFirms)
            {
                truncated = true;
                break;
            }
            found += tier.Firms.Count;
            tiers.Add(new TraversalTier(depth, tier.Firms, tier.Links, tier.Value));
            Add(byCountry, tier.ByCountry);
            Add(byProvince, tier.ByProvince);
            seen.UnionWith(tier.Firms);
            frontier = tier.Firms;
        }
        return new TraversalResult(tiers, truncated, visited) { ValueByCountry = Sorted(byCountry), ValueByProvince = Sorted(byProvince) };

        static void Add(Dictionary<string, double> into, Dictionary<string, double> values)
        {
            foreach (var (k, v) in values)
            {
                into[k] = into.GetValueOrDefault(k) + v;
            }
        }

        static IReadOnlyList<GroupValue> Sorted(Dictionary<string, double> groups) =>
            [.. groups.Where(g => g.Value > 0).Select(g => new GroupValue(g.Key, g.Value)).OrderByDescending(g => g.ValueUsd).ThenBy(g => g.Key, StringComparer.Ordinal)];
    }

    /// <summary>One tier of a walk from the rows of its statement (far firm, its country and province, the link), far firms in order.</summary>
    private sealed record Tier(List<string> Firms, List<SupplyLink> Links, double Value, Dictionary<string, double> ByCountry, Dictionary<string, double> ByProvince)
    {
        public static Tier Of(IEnumerable<IReadOnlyList<object?>> rows)
        {
            var tier = new Tier([], [], 0, new Dictionary<string, double>(StringComparer.Ordinal), new Dictionary<string, double>(StringComparer.Ordinal));
            var value = 0.0;
            foreach (var row in rows)
            {
                var far = (string)row[0]!;
                if (tier.Firms.Count == 0 || tier.Firms[^1] != far)
                {
                    tier.Firms.Add(far);
                }
                var link = Neo4jGraph.LinkFrom((string)row[3]!);
                tier.Links.Add(link);
                var v = link.ValueUsd ?? 0;
                value += v;
                if (row[1] is string country)
                {
                    tier.ByCountry[country] = tier.ByCountry.GetValueOrDefault(country) + v;
                }
                if (row[2] is string province)
                {
                    tier.ByProvince[province] = tier.ByProvince.GetValueOrDefault(province) + v;
                }
            }
            return tier with { Value = value };
        }
    }

    public Task<ChangeResult> ApplyAsync(ChangeSet changes, CancellationToken cancellationToken = default) =>
        new Neo4jChangeWriter(client, batchSize).ApplyAsync(changes, cancellationToken);

    /// <summary>Loads a large set of upserts batch by batch, each in its own transaction (see <see cref="Neo4jChangeWriter.LoadAsync"/>).</summary>
    public Task<ChangeResult> LoadAsync(ChangeSet changes, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        new Neo4jChangeWriter(client, batchSize).LoadAsync(changes, progress, cancellationToken);

    public Task<Page<Node>> ListNodesAsync(NodeQuery query, CancellationToken cancellationToken = default) =>
        new Neo4jNodeLister(client).ListAsync(query, cancellationToken);

    public async Task<IReadOnlyList<Page<Node>>> ListNodesAsync(IReadOnlyList<NodeQuery> queries, CancellationToken cancellationToken = default)
    {
        var lister = new Neo4jNodeLister(client);
        var pages = new Page<Node>[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            pages[i] = await lister.ListAsync(queries[i], cancellationToken).ConfigureAwait(false);
        }
        return pages;
    }

    /// <summary>The full-text index over folded names and codes (whitespace analyzer: the same words the embedded index has).</summary>
    private const string SearchCypher =
        "CALL db.index.fulltext.queryNodes('node_search', $query, {limit: 10000}) YIELD node " +
        "WHERE $kinds IS NULL OR node.kind IN $kinds RETURN node.id AS id, node.kind AS kind, node.name AS name, node.folded AS folded, node.searchText AS words";

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, IReadOnlyCollection<NodeKind>? kinds = null, int first = 20, CancellationToken cancellationToken = default)
    {
        var words = VietnameseText.Tokens(text);
        if (words.Length == 0 || first <= 0)
        {
            return [];
        }
        // Every word, the last as a prefix when it has two characters or more: as a Lucene query over the words.
        var lucene = string.Join(' ', words.Select((w, i) => "+" + Escape(w) + (i == words.Length - 1 && w.Length >= 2 ? "*" : "")));
        var result = await client.RunAsync(SearchCypher, Args(("query", lucene), ("kinds", kinds is { Count: > 0 } ? kinds.Select(k => k.ToString()).ToList() : null)), cancellationToken).ConfigureAwait(false);
        var query = string.Join(' ', words);
        var hits = new List<SearchHit>();
        foreach (var row in result.Rows)
        {
            // The same rule as the embedded index, checked on the words themselves.
            var tokens = ((string)row[4]!).Split(' ');
            var matches = words.Select((w, i) => i == words.Length - 1 && w.Length >= 2 ? tokens.Any(t => t.StartsWith(w, StringComparison.Ordinal)) : tokens.Contains(w)).All(m => m);
            if (matches && Enum.TryParse<NodeKind>((string)row[1]!, out var kind))
            {
                hits.Add(new SearchHit((string)row[0]!, kind, (string)row[2]!, SearchRanking.Score((string)row[3]!, query, words.Length)));
            }
        }
        hits.Sort(SearchRanking.HitOrder);
        return hits.Take(first).ToList();
    }

    private static string Escape(string word) =>
        string.Concat(word.Select(c => "+-&|!(){}[]^\"~*?:\\/".Contains(c, StringComparison.Ordinal) ? "\\" + c : c.ToString()));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
