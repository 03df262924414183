using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>
/// Localization totals in Cypher: the inputs of the request's lead firms aggregated by input sector (rolled up to the
/// report's level through a map of the sector tree) and supplier country; each lead firm's sectors and the link sectors
/// that cover its inputs, for the expected-but-unknown inputs worked out here from the FEEDS coefficients, as the
/// embedded store does.
/// </summary>
internal sealed class Neo4jLocalization(Neo4jQueryClient client)
{
    private const string SectorsCypher = "MATCH (x:Sector) RETURN x.json AS json";

    private static string InputsCypher(string leadWhere, string asOf, string local) =>
        $"MATCH (n:Firm) WHERE {leadWhere} " +
        $"MATCH (s:Firm)-[r:SUPPLIES]->(n) WHERE {asOf} " +
        "WITH coalesce($sectorAt[r.sector], r.sector) AS input, s, r, coalesce(r.valueUsd, 0.0) AS v " +
        $"RETURN input, s.country AS country, sum(v) AS value, sum(CASE WHEN {local} THEN v ELSE 0.0 END) AS local, " +
        "count(DISTINCT s) AS suppliers, count(r) AS links";

    private static string LeadsCypher(string leadWhere, string asOf) =>
        $"MATCH (n:Firm) WHERE {leadWhere} " +
        $"OPTIONAL MATCH (s:Firm)-[r:SUPPLIES]->(n) WHERE {asOf} " +
        "RETURN n.id AS id, n.sectorIds AS sectors, n.sources AS sources, collect(DISTINCT r.sector) AS covered, collect(DISTINCT r.sources) AS linkSources";

    private static string ContributionsCypher(string leadWhere, string asOf, string local) =>
        $"MATCH (n:Firm) WHERE {leadWhere} " +
        $"OPTIONAL MATCH (s:Firm)-[r:SUPPLIES]->(n) WHERE {asOf} AND r.valueUsd > 0 " +
        $"WITH n, s, coalesce($sectorAt[r.sector], r.sector) AS input, r.valueUsd AS v, CASE WHEN s IS NULL THEN false ELSE {local} END AS isLocal " +
        "RETURN n.id AS lead, n.parkId AS park, n.sectorIds AS sectors, s.id AS supplier, s.country AS country, input, isLocal, sum(v) AS value, " +
        "[p IN [n.provinceId, n.formerProvinceId] WHERE p IS NOT NULL] AS provinces " +
        "ORDER BY lead, supplier, input";

    private const string AsOf = "(r.since IS NULL OR r.since <= $asOfDate) AND (r.until IS NULL OR $asOfDate <= r.until)";

    /// <summary>What every report statement needs: the sector tree, the date and the sector at the report's level, and the lead firms' and local suppliers' conditions.</summary>
    private async Task<(SectorTree Tree, Dictionary<string, object?> Parameters, string LeadWhere, string Local)> PrepareAsync(LocalizationRequest request, CancellationToken cancellationToken)
    {
        var tree = new SectorTree((await client.RunAsync(SectorsCypher, null, cancellationToken).ConfigureAwait(false)).Rows
            .Select(r => (Sector)Neo4jGraph.NodeFrom((string)r[0]!)), request.Level);
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["asOfDate"] = request.AsOf,
            ["sectorAt"] = tree.Ids.ToDictionary(k => k, k => (object?)tree.At(k), StringComparer.Ordinal),
        };
        var lister = new Neo4jNodeLister(client);
        var leadFilter = request.Scope with { Roles = [FirmRole.LeadFirm], SectorIds = request.LeadSectorIds ?? request.Scope.SectorIds };
        var leadWhere = await lister.WhereAsync(NodeKind.Firm, leadFilter, parameters, cancellationToken).ConfigureAwait(false);
        var local = await lister.WhereAsync(NodeKind.Firm, request.Scope, parameters, cancellationToken, "s").ConfigureAwait(false);
        return (tree, parameters, leadWhere, local);
    }

    /// <summary>The (lead firm, supplier, input sector) pairs with known value, from one statement grouped by Cypher.</summary>
    public async Task<LocalizationContributions> ContributionsAsync(LocalizationRequest request, CancellationToken cancellationToken)
    {
        var (_, parameters, leadWhere, local) = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var rows = await client.RunAsync(ContributionsCypher(leadWhere, AsOf, local), parameters, cancellationToken).ConfigureAwait(false);
        var leads = new List<ContributingLead>();
        var leadIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var (suppliers, sectors, countries) = (new Table(), new Table(), new Table());
        var pairs = new List<ContributionRow>();
        foreach (var row in rows.Rows)
        {
            var lead = (string)row[0]!;
            if (!leadIndex.TryGetValue(lead, out var k))
            {
                k = leads.Count;
                leadIndex[lead] = k;
                leads.Add(new ContributingLead(lead, (string?)row[1], row[2] is List<object?> ids ? [.. ids.Cast<string>()] : [],
                    row[8] is List<object?> places ? [.. places.Cast<string>().Distinct(StringComparer.Ordinal)] : []));
            }
            if (row[3] is string supplier && row[7] is double value && value > 0)
            {
                pairs.Add(new ContributionRow(k, suppliers.Of(supplier), sectors.Of((string)row[5]!), countries.Of((string?)row[4] ?? ""), row[6] is true, value));
            }
        }
        return new LocalizationContributions(leads, suppliers.Names, sectors.Names, countries.Names, pairs);
    }

    /// <summary>Strings numbered in the order first met.</summary>
    private sealed class Table
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public List<string> Names { get; } = [];

        public int Of(string name)
        {
            if (!_index.TryGetValue(name, out var i))
            {
                i = Names.Count;
                _index[name] = i;
                Names.Add(name);
            }
            return i;
        }
    }

    public async Task<LocalizationTotals> TotalsAsync(LocalizationRequest request, CancellationToken cancellationToken)
    {
        var (tree, parameters, leadWhere, local) = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var rows = await client.RunAsync(InputsCypher(leadWhere, AsOf, local), parameters, cancellationToken).ConfigureAwait(false);
        var inputs = InputTotals(rows.Rows);
        // Per lead firm: what its sectors need by FEEDS and no valid link covers; and the sources of what was used.
        var leads = await client.RunAsync(LeadsCypher(leadWhere, AsOf), parameters, cancellationToken).ConfigureAwait(false);
        var (unknownIds, sources) = UnknownInputs(leads.Rows, tree);
        return new LocalizationTotals(leads.Rows.Count, inputs, unknownIds, sources);
    }

    /// <summary>The rows of the inputs statement (input, country, value, local, suppliers, links) summed by input sector.</summary>
    private static List<InputSectorTotals> InputTotals(IEnumerable<IReadOnlyList<object?>> rows)
    {
        var groups = new Dictionary<string, (double Value, double Domestic, double Local, Dictionary<string, double> ByCountry, int Suppliers, int Links)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var input = (string)row[0]!;
            var country = (string)row[1]!;
            var value = (double)row[2]!;
            var g = groups.TryGetValue(input, out var existing) ? existing : (0, 0, 0, new Dictionary<string, double>(StringComparer.Ordinal), 0, 0);
            g.Value += value;
            g.Domestic += country == "VN" ? value : 0;
            g.Local += (double)row[3]!;
            g.ByCountry[country] = g.ByCountry.GetValueOrDefault(country) + value;
            g.Suppliers += (int)(long)row[4]!;
            g.Links += (int)(long)row[5]!;
            groups[input] = g;
        }
        return groups.Select(kv => new InputSectorTotals(
                kv.Key, kv.Value.Value, kv.Value.Domestic, kv.Value.Local,
                [.. kv.Value.ByCountry.Where(c => c.Value > 0).Select(c => new GroupValue(c.Key, c.Value)).OrderByDescending(c => c.ValueUsd).ThenBy(c => c.Key, StringComparer.Ordinal)],
                kv.Value.Suppliers, kv.Value.Links))
            .OrderByDescending(i => i.ValueUsd).ThenBy(i => i.SectorId, StringComparer.Ordinal).ToList();
    }

    /// <summary>From the lead rows (id, sectors, sources, covered sectors, link sources): the inputs needed and not covered, most often first, and every source used.</summary>
    private static (List<string> UnknownIds, List<string> Sources) UnknownInputs(IEnumerable<IReadOnlyList<object?>> leads, SectorTree tree)
    {
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var unknown = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in leads)
        {
            sources.UnionWith(((List<object?>)row[2]!).Cast<string>());
            foreach (var list in ((List<object?>)row[4]!).OfType<List<object?>>())
            {
                sources.UnionWith(list.Cast<string>());
            }
            var covered = ((List<object?>)row[3]!).Cast<string>().SelectMany(tree.AncestorsOrSelf).ToHashSet(StringComparer.Ordinal);
            var needed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (input, feedSources) in ((List<object?>)row[1]!).Cast<string>().SelectMany(tree.AncestorsOrSelf).SelectMany(tree.InputsOf))
            {
                if (!covered.Contains(input) && needed.Add(input))
                {
                    var shown = tree.At(input);
                    unknown[shown] = unknown.GetValueOrDefault(shown) + 1;
                    sources.UnionWith(feedSources);
                }
            }
        }
        return ([.. unknown.OrderByDescending(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal).Select(u => u.Key)], [.. sources]);
    }

    /// <summary>The sector tree read from Neo4j: ancestors, the sector at the report's level, and the inputs that FEED each sector.</summary>
    private sealed class SectorTree
    {
        private readonly Dictionary<string, Sector> _sectors;
        private readonly Dictionary<string, List<(string Input, IReadOnlyList<string> Sources)>> _inputsOf;
        private readonly SectorLevel _level;

        public SectorTree(IEnumerable<Sector> sectors, SectorLevel level)
        {
            _sectors = sectors.ToDictionary(s => s.Id, StringComparer.Ordinal);
            _level = level;
            _inputsOf = _sectors.Values.SelectMany(s => s.Feeds.Select(f => (Target: f.TargetId, Input: s.Id, f.Sources)))
                .GroupBy(f => f.Target, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => (f.Input, f.Sources)).ToList(), StringComparer.Ordinal);
        }

        public IEnumerable<string> Ids => _sectors.Keys;

        public IEnumerable<string> AncestorsOrSelf(string id)
        {
            for (var (current, hops) = ((string?)id, 0); current is not null && hops < 8 && _sectors.TryGetValue(current, out var sector); hops++)
            {
                yield return current;
                current = sector.ParentId;
            }
        }

        public string At(string id) => AncestorsOrSelf(id).FirstOrDefault(a => _sectors[a].Level == _level) ?? id;

        public List<(string Input, IReadOnlyList<string> Sources)> InputsOf(string sector) => _inputsOf.GetValueOrDefault(sector) ?? [];
    }
}
