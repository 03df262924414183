using System.Text.Json;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>
/// Node listings in Cypher with the embedded store's contract: the filter as a WHERE clause on indexed properties (see
/// graph-schema/neo4j/schema.cypher: place, park, country, ownership, tax code and each role are index seeks, a sector or
/// an alliance is reached by its relationship from the node the index gave), the order as ORDER BY on the stored sort key
/// (nulls last either way, ties by id), keyset cursors (the same opaque form) as conditions on the sort keys, the page
/// fetched with one row more than asked to know whether more follow, and the total and the flags from COUNT and EXISTS
/// subqueries in one statement.
/// </summary>
internal sealed class Neo4jNodeLister(Neo4jQueryClient client)
{
    public async Task<Page<Node>> ListAsync(NodeQuery query, CancellationToken cancellationToken)
    {
        if (query.First is < 0 || query.Last is < 0)
        {
            throw new ArgumentException("first and last must not be negative");
        }
        var filter = query.Filter ?? new NodeFilter();
        filter.CheckAppliesTo(query.Kind);
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        var where = await WhereAsync(query.Kind, filter, parameters, cancellationToken).ConfigureAwait(false);
        var order = query.OrderBy.Count == 0 ? [new SortOrder(SortField.Name)] : query.OrderBy;
        var keys = order.Select(o => KeyExpression(query.Kind, o.Field)).ToArray();
        var label = Neo4jGraph.Label(query.Kind);

        string? after = null, before = null;
        if (query.After is not null)
        {
            var (values, id) = PageCursor.Decode(query.After, order.Count);
            after = Beyond(keys, order, values, id, strict: true, "a", parameters);
        }
        if (query.Before is not null)
        {
            var (values, id) = PageCursor.Decode(query.Before, order.Count);
            before = Beyond(keys, order, values, id, strict: false, "b", parameters);
        }
        var window = string.Join(" AND ", new[] { where, after, before is null ? null : $"NOT ({before})" }.OfType<string>());

        var backwards = query.First is null && query.Last is not null;
        var limit = query.First ?? query.Last;
        var orderBy = string.Join(", ", keys.Select((k, i) => (k, d: order[i].Descending ^ backwards))
            .SelectMany(x => new[] { $"({x.k} IS NULL){(backwards ? " DESC" : "")}", x.d ? $"{x.k} DESC" : x.k })
            .Append(backwards ? "n.id DESC" : "n.id"));
        var page = $"MATCH (n:{label}) WHERE {window} " +
            $"RETURN n.json AS json, [{string.Join(", ", keys)}] AS keys ORDER BY {orderBy}" +
            (limit is { } l ? $" LIMIT {l + 1}" : "");
        var flags = $"RETURN COUNT {{ MATCH (n:{label}) WHERE {where} }} AS total, " +
            (before is null ? "false" : $"EXISTS {{ MATCH (n:{label}) WHERE {where} AND {before} }}") + " AS beyondBefore, " +
            (after is null ? "false" : $"EXISTS {{ MATCH (n:{label}) WHERE {where} AND NOT ({after}) }}") + " AS beforeAfter";

        var rows = await client.RunAsync(page, parameters, cancellationToken).ConfigureAwait(false);
        var counts = await client.RunAsync(flags, parameters, cancellationToken).ConfigureAwait(false);
        var items = rows.Rows.Select(r => (Node: Neo4jGraph.NodeFrom((string)r[0]!), Keys: ((List<object?>)r[1]!).Select(Normalize).ToArray())).ToList();
        var more = limit is { } max && items.Count > max;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }
        if (backwards)
        {
            items.Reverse();
        }
        var trimmedFront = false;
        if (query.First is not null && query.Last is { } last && items.Count > last)
        {
            items.RemoveRange(0, items.Count - last);
            trimmedFront = true;
        }
        var hasNext = (!backwards && more) || (bool)counts.Get(0, "beyondBefore")!;
        var hasPrevious = (backwards && more) || trimmedFront || (bool)counts.Get(0, "beforeAfter")!;
        return new Page<Node>(
            [.. items.Select(i => new PageItem<Node>(i.Node, PageCursor.Encode(i.Keys, i.Node.Id)))],
            (int)(long)counts.Get(0, "total")!,
            hasNext,
            hasPrevious);
    }

    /// <summary>Cursor values as the embedded store writes them: strings, doubles, nulls.</summary>
    private static object? Normalize(object? value) => value switch
    {
        long l => (double)l,
        _ => value,
    };

    private static string KeyExpression(NodeKind kind, SortField field) => field switch
    {
        SortField.Id => "n.id",
        SortField.Name => "n.sortKey",
        SortField.Code => kind == NodeKind.Firm ? "n.taxCode" : kind is NodeKind.Province or NodeKind.Sector or NodeKind.Region or NodeKind.Product or NodeKind.Process or NodeKind.CertificationStandard or NodeKind.Ward ? "n.code" : "null",
        SortField.Country => kind == NodeKind.Firm ? "n.country" : "null",
        SortField.TotalAreaHa => kind == NodeKind.Park ? "n.totalAreaHa" : "null",
        SortField.AvailableAreaHa => kind == NodeKind.Park ? "n.availableAreaHa" : "null",
        _ => "null",
    };

    /// <summary>
    /// "The row comes after the cursor" (strict) or "at or after it", in the listing's order: key by key, nulls last in
    /// either direction, ties by id ascending.
    /// </summary>
    private static string Beyond(string[] keys, IReadOnlyList<SortOrder> order, object?[] values, string id, bool strict, string prefix, Dictionary<string, object?> parameters)
    {
        parameters[$"{prefix}id"] = id;
        var condition = strict ? $"n.id > ${prefix}id" : $"n.id >= ${prefix}id";
        for (var i = keys.Length - 1; i >= 0; i--)
        {
            var key = keys[i];
            if (values[i] is null)
            {
                condition = $"({key} IS NULL AND {condition})";
                continue;
            }
            var p = $"{prefix}{i}";
            parameters[p] = values[i] is JsonElement e ? (e.ValueKind == JsonValueKind.Number ? e.GetDouble() : e.GetString()) : values[i];
            var beyond = order[i].Descending ? "<" : ">";
            condition = $"({key} IS NULL OR {key} {beyond} ${p} OR ({key} = ${p} AND {condition}))";
        }
        return condition;
    }

    /// <summary>The filter as a WHERE clause over <c>n</c> (sets are "any of", members combine with "and").</summary>
    internal async Task<string> WhereAsync(NodeKind kind, NodeFilter f, Dictionary<string, object?> p, CancellationToken cancellationToken, string v = "n")
    {
        var w = new Where(p, v);
        if (!string.IsNullOrWhiteSpace(f.NameContains))
        {
            w.Add("needle", VietnameseText.Fold(f.NameContains), $"{v}.folded CONTAINS $needle");
        }
        var sectors = f.SectorIds is { } s ? await Neo4jGraph.ExpandSectorsAsync(client, s, cancellationToken).ConfigureAwait(false) : null;
        AddFirmConditions(w, f, sectors);
        var priority = f.PrioritySectorIds is { } ps ? await Neo4jGraph.ExpandSectorsAsync(client, ps, cancellationToken).ConfigureAwait(false) : null;
        AddParkConditions(w, f, priority);
        AddReferenceConditions(w, f);
        _ = kind;
        return w.Clause;
    }

    /// <summary>Province (firms and parks), park, sector, ownership, tax code, alliance, country, role.</summary>
    private static void AddFirmConditions(Where w, NodeFilter f, List<string>? sectors)
    {
        if (f.ProvinceIds is { } provinces)
        {
            // A firm or park counts in its recorded province and in the former province it is placed in (a ward has no placement).
            w.Add("provinces", provinces.ToList(), $"({w.Node}.provinceId IN $provinces OR {w.Node}.formerProvinceId IN $provinces)");
        }
        if (f.WardIds is { } wards)
        {
            w.In("wardId", "wards", wards);
        }
        if (f.Unplaced is { } unplaced)
        {
            w.Add(unplaced ? $"{w.Node}.placementMethod = 'Unplaced'" : $"coalesce({w.Node}.placementMethod, '') <> 'Unplaced'");
        }
        if (f.ParkIds is { } parks)
        {
            w.In("parkId", "parks", parks);
        }
        if (sectors is not null)
        {
            w.Add("sectors", sectors, $"EXISTS {{ ({w.Node})-[:IN_SECTOR]->({w.Node}Sector:Sector) WHERE {w.Node}Sector.id IN $sectors }}");
        }
        if (f.Ownerships is { } ownerships)
        {
            w.In("ownership", "ownerships", ownerships.Select(o => o.ToString()));
        }
        if (f.TaxCodes is { } taxCodes)
        {
            w.In("taxCode", "taxCodes", taxCodes);
        }
        if (f.IdentifierKeys is { } keys)
        {
            // One key is a CONTAINS the text index answers; several an any() over them.
            var padded = keys.Distinct(StringComparer.Ordinal).Select(k => $" {k} ").ToList();
            if (padded.Count == 1)
            {
                w.Add("identifier", padded[0], $"{w.Node}.identifierText CONTAINS $identifier");
            }
            else
            {
                w.Add("identifiers", padded, padded.Count == 0 ? "false" : $"any(k IN $identifiers WHERE {w.Node}.identifierText CONTAINS k)");
            }
        }
        if (f.AllianceIds is { } alliances)
        {
            w.Add("alliances", alliances.ToList(), $"EXISTS {{ ({w.Node})-[:MEMBER_OF]->({w.Node}Alliance:Alliance) WHERE {w.Node}Alliance.id IN $alliances }}");
        }
        if (f.Countries is { } countries)
        {
            w.In("country", "countries", countries.Select(x => x.ToUpperInvariant()));
        }
        if (f.Roles is { } roles)
        {
            var any = string.Join(" OR ", roles.Distinct().Order().Select(r => $"{w.Node}.{Neo4jGraph.RoleProperty(r)} = true"));
            w.Add(any.Length == 0 ? "false" : $"({any})");
        }
    }

    /// <summary>Kind, status, priority sector and available land.</summary>
    private static void AddParkConditions(Where w, NodeFilter f, List<string>? priority)
    {
        if (f.ParkKinds is { } kinds)
        {
            w.In("parkKind", "parkKinds", kinds.Select(k => k.ToString()));
        }
        if (f.ParkStatuses is { } statuses)
        {
            w.In("status", "statuses", statuses.Select(s => s.ToString()));
        }
        if (priority is not null)
        {
            w.Any("prioritySectorIds", "priority", priority);
        }
        if (f.MinAvailableAreaHa is { } minArea)
        {
            w.Add("minArea", minArea, $"{w.Node}.availableAreaHa >= $minArea");
        }
    }

    /// <summary>Provinces by date and region, sectors by classification, level and parent, sources by being synthetic.</summary>
    private static void AddReferenceConditions(Where w, NodeFilter f)
    {
        var v = w.Node;
        if (f.ValidOn is { } date)
        {
            w.Add("validOn", date, $"({v}.validFrom IS NULL OR {v}.validFrom <= $validOn) AND ({v}.validTo IS NULL OR $validOn < {v}.validTo)");
        }
        if (f.RegionIds is { } regions)
        {
            w.In("regionId", "regions", regions);
        }
        if (f.Classification is { } classification)
        {
            w.Add("classification", classification.ToString(), $"{v}.classification = $classification");
        }
        if (f.Level is { } level)
        {
            w.Add("level", level.ToString(), $"{v}.level = $level");
        }
        if (f.ParentId is { } parent)
        {
            w.Add("parent", parent, $"{v}.parentId = $parent");
        }
        if (f.Synthetic is { } synthetic)
        {
            w.Add("synthetic", synthetic, $"{v}.synthetic = $synthetic");
        }
    }

    /// <summary>The conditions of a WHERE clause over one node variable, with their parameters.</summary>
    private sealed class Where(Dictionary<string, object?> parameters, string node)
    {
        private readonly List<string> _conditions = [];

        public string Node => node;

        public string Clause => _conditions.Count == 0 ? "true" : string.Join(" AND ", _conditions);

        /// <summary>
        /// A condition with its parameter. Clauses over another variable than n name their parameters after it ($s_sectors),
        /// so that two filters can share one statement without one's values replacing the other's.
        /// </summary>
        public void Add(string name, object? value, string condition)
        {
            var key = node == "n" ? name : $"{node}_{name}";
            parameters[key] = value;
            _conditions.Add(key == name ? condition : System.Text.RegularExpressions.Regex.Replace(condition, $@"\${name}\b", _ => "$" + key));
        }

        /// <summary>A condition with no parameter of its own.</summary>
        public void Add(string condition) => _conditions.Add(condition);

        public void In(string property, string name, IEnumerable<string> values) => Add(name, values.ToList(), $"{node}.{property} IN ${name}");

        public void Any(string property, string name, IEnumerable<string> values) => Add(name, values.ToList(), $"any(x IN coalesce({node}.{property}, []) WHERE x IN ${name})");
    }
}
