using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Api.Errors;
using Ecosystem.Api.Provinces;
using Ecosystem.Graph.Data.Import;
using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;
using Ecosystem.Graph.Store;

namespace Ecosystem.Api.Reconcile;

/// <summary>
/// The W3C Reconciliation Service API (version 0.2, as OpenRefine 3.x speaks it) at <c>/reconcile</c>, for firms:
/// the service manifest (GET without queries), reconciliation queries in batches (the <c>queries</c> form field or
/// query parameter, or a JSON body), with the properties <c>tax_code</c>, <c>province</c>, <c>ward</c>, <c>park</c>,
/// <c>sector</c> and <c>address</c>; each candidate with its score (0-100), whether it is a sure match and the parts
/// of its score as features. An HTML preview card at <c>/reconcile/preview?id=</c>. Open to anonymous callers: nothing
/// restricted is in a candidate.
/// </summary>
public static class ReconcileEndpoints
{
    public const string Path = "/reconcile";

    /// <summary>The most queries one batch may hold.</summary>
    public const int MaxQueries = 1_000;

    private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static readonly string[] Properties = ["tax_code", "province", "ward", "park", "sector", "address", .. CsvInputs.IdentifierColumns.Keys];

    /// <summary>What can be reconciled: firms by the matcher; parks, provinces and sectors by name or code.</summary>
    private static readonly string[] Types = ["Firm", "Park", "Province", "Sector"];

    public static WebApplication MapReconcile(this WebApplication app)
    {
        app.MapGet(Path, HandleAsync);
        app.MapPost(Path, HandleAsync);
        app.MapGet($"{Path}/preview", PreviewAsync);
        app.MapGet($"{Path}/suggest/entity", SuggestEntitiesAsync);
        app.MapGet($"{Path}/suggest/type", (string? prefix) => Results.Json(new JsonObject
        {
            ["result"] = new JsonArray([.. Types.Where(t => Starts(t, prefix) || Starts(TypeName(t), prefix)).Select(t => (JsonNode)new JsonObject { ["id"] = t, ["name"] = TypeName(t) })]),
        }));
        app.MapGet($"{Path}/suggest/property", (string? prefix) => Results.Json(new JsonObject
        {
            ["result"] = new JsonArray([.. QueryProperties.Concat(Extensions.Select(e => (e.Id, e.Name))).DistinctBy(p => p.Item1)
                .Where(p => Starts(p.Item1, prefix) || Starts(p.Item2, prefix))
                .Select(p => (JsonNode)new JsonObject { ["id"] = p.Item1, ["name"] = p.Item2 })]),
        }));
        app.MapGet($"{Path}/properties", (string? type, int? limit) => Results.Json(new JsonObject
        {
            ["type"] = type ?? "Firm",
            ["properties"] = new JsonArray([.. (type is null or "Firm" ? Extensions : []).Take(limit is > 0 ? limit.Value : Extensions.Length)
                .Select(e => (JsonNode)new JsonObject { ["id"] = e.Id, ["name"] = e.Name })]),
        }));
        return app;
    }

    private static string Base(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    /// <summary>The manifest: name, identifier and schema spaces, default types, view and preview.</summary>
    public static JsonObject Manifest(string baseUrl) => new()
    {
        ["versions"] = new JsonArray("0.2"),
        ["name"] = "Ecosystem: firms of Vietnam's industrial ecosystems",
        ["identifierSpace"] = $"{baseUrl}/id/",
        ["schemaSpace"] = $"{baseUrl}/schema/",
        ["defaultTypes"] = new JsonArray([.. Types.Select(t => (JsonNode)new JsonObject { ["id"] = t, ["name"] = TypeName(t) })]),
        ["view"] = new JsonObject { ["url"] = $"{baseUrl}/explorer/#/firm/{{{{id}}}}" },
        ["preview"] = new JsonObject { ["url"] = $"{baseUrl}{Path}/preview?id={{{{id}}}}", ["width"] = 420, ["height"] = 180 },
        ["suggest"] = new JsonObject
        {
            ["entity"] = new JsonObject { ["service_url"] = baseUrl, ["service_path"] = $"{Path}/suggest/entity" },
            ["type"] = new JsonObject { ["service_url"] = baseUrl, ["service_path"] = $"{Path}/suggest/type" },
            ["property"] = new JsonObject { ["service_url"] = baseUrl, ["service_path"] = $"{Path}/suggest/property" },
        },
        ["extend"] = new JsonObject
        {
            ["propose_properties"] = new JsonObject { ["service_url"] = baseUrl, ["service_path"] = $"{Path}/properties" },
            ["property_settings"] = new JsonArray(),
        },
    };

    /// <summary>What data extension can fetch of a firm: id, name, and whether only analysts get its values.</summary>
    public static readonly (string Id, string Name, bool Restricted)[] Extensions =
    [
        ("province", "Province", false), ("park", "Park", false), ("sectors", "Sectors (VSIC)", false), ("roles", "Roles", false),
        ("ownership", "Ownership", false), ("tax_code", "Tax code", false), ("suppliers_count", "Suppliers (links valid today)", false),
        ("revenue_usd", "Yearly revenue, USD (analysts)", true), ("employees", "Employees", false),
        ("identifiers", "Identifiers in other registers (OSH, LEI, GLN, ERN, CUSTOMS)", false),
    ];

    private static readonly (string Id, string Name)[] QueryProperties =
    [
        ("tax_code", "Tax code (a branch code matches its parent)"), ("province", "Province, by name or code, old or new"),
        ("ward", "Ward (2025 commune-level unit), by code"), ("park", "Industrial park or cluster, by id or name"),
        ("sector", "Sector, VSIC code at any level"), ("address", "Address"),
        ("osh_id", "Open Supply Hub ID (the same decides)"), ("lei", "LEI (the same decides)"), ("gln", "GS1 GLN (the same decides)"),
        ("registration_number", "Enterprise registration number"), ("customs_code", "Customs code"),
    ];

    /// <summary>Whether the text, or one of its words, starts with the prefix (folded); no prefix matches all.</summary>
    private static bool Starts(string text, string? prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return true;
        }
        var (folded, start) = (VietnameseText.Fold(text), VietnameseText.Fold(prefix));
        return folded.StartsWith(start, StringComparison.Ordinal) || folded.Contains(' ' + start, StringComparison.Ordinal);
    }

    /// <summary>
    /// One query of a batch: the record to match for a firm (null for another type), how many candidates, the problem
    /// with it (null when none), its type, and the candidates already found for a park, province or sector.
    /// </summary>
    private sealed record Query(string Key, MatchRecord? Record, int Limit, string? Problem, string Type, MatchResult? Other);

    private static async Task HandleAsync(HttpContext http, IGraphStore store, FirmMatcherCache matchers, ProvinceCatalog catalog, CancellationToken cancellationToken)
    {
        string? text = http.Request.Query["queries"];
        string? extend = http.Request.Query["extend"];
        if (text is null && extend is null && HttpMethods.IsPost(http.Request.Method))
        {
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
                text = form["queries"];
                extend = form["extend"];
            }
            else
            {
                using var reader = new StreamReader(http.Request.Body);
                var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                text = body.Length == 0 ? null : body;
            }
        }
        if (extend is not null)
        {
            await ExtendAsync(http, extend, store, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (text is null)
        {
            await http.Response.WriteAsJsonAsync(Manifest(Base(http)), cancellationToken).ConfigureAwait(false);
            return;
        }
        JsonObject queries;
        try
        {
            queries = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
            // A JSON body may wrap the batch: { "queries": { ... } }.
            if (queries["queries"] is JsonObject wrapped)
            {
                queries = wrapped;
            }
        }
        catch (JsonException e)
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, $"queries must be a JSON object of queries by key: {e.Message}").ConfigureAwait(false);
            return;
        }
        if (queries.Count > MaxQueries)
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.LimitExceeded, $"a batch holds at most {MaxQueries} queries, not {queries.Count}").ConfigureAwait(false);
            return;
        }
        var version = await store.GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var today = VietnamTime.Today(TimeProvider.System);
        var directory = await catalog.GetAsync(version, cancellationToken).ConfigureAwait(false);
        var records = new List<Query>();
        foreach (var (key, node) in queries)
        {
            records.Add(await RecordAsync(key, node, store, directory, today, cancellationToken).ConfigureAwait(false));
        }
        if (records.FirstOrDefault(r => r.Problem is not null) is { } problem)
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadUserInput, $"query '{problem.Key}': {problem.Problem}").ConfigureAwait(false);
            return;
        }
        // The firms' index (seconds to build at a million firms) only when some query is for a firm.
        var matcher = records.Any(r => r.Record is not null) ? await matchers.GetAsync(version, cancellationToken).ConfigureAwait(false) : null;
        var results = new JsonObject[records.Count];
        Parallel.For(0, records.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (_, record, limit, _, type, other) = records[i];
            var result = other ?? (record is null || matcher is null ? new MatchResult([], false) : matcher.Match(record, limit));
            results[i] = new JsonObject
            {
                ["result"] = new JsonArray([.. result.Candidates.Select((c, rank) => (JsonNode)new JsonObject
                {
                    ["id"] = c.FirmId,
                    ["name"] = c.Name,
                    ["score"] = Math.Round(c.Score * 100, 2),
                    ["match"] = rank == 0 && result.Sure,
                    ["type"] = new JsonArray(new JsonObject { ["id"] = type, ["name"] = TypeName(type) }),
                    ["features"] = new JsonArray([.. c.Features.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["value"] = Math.Round(f.Value, 4) })]),
                    ["description"] = string.Join("; ", c.Features.Select(f => f.Evidence)),
                })]),
            };
        });
        var answer = new JsonObject();
        for (var i = 0; i < records.Count; i++)
        {
            answer[records[i].Key] = results[i];
        }
        await http.Response.WriteAsJsonAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A query made into a record to match (null when it is not for firms), or the problem with it.</summary>
    private static async Task<Query> RecordAsync(
        string key, JsonNode? node, IGraphStore store, ProvinceDirectory directory, DateOnly today, CancellationToken cancellationToken)
    {
        if (node is not JsonObject query || query["query"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name) || string.IsNullOrWhiteSpace(name))
        {
            return new(key, null, 0, "each query needs a non-empty \"query\" string", "Firm", null);
        }
        var limit = 5;
        if (query["limit"] is JsonValue limitValue)
        {
            if (!limitValue.TryGetValue(out int given) || given is < 1 or > 100)
            {
                return new(key, null, 0, "\"limit\" must be a whole number from 1 to 100", "Firm", null);
            }
            limit = given;
        }
        var type = query["type"] switch
        {
            JsonValue v when v.TryGetValue(out string? t) => t,
            JsonArray { Count: > 0 } a => a[0]?.ToString(),
            _ => "Firm",
        };
        if (type is "Park" or "Province" or "Sector")
        {
            return new(key, null, limit, null, type, await ReferenceAsync(type, name, limit, store, directory, today, cancellationToken).ConfigureAwait(false));
        }
        if (type != "Firm")
        {
            return new(key, null, 0, $"unknown type '{type}' (known: Firm, Park, Province, Sector)", "Firm", null);
        }
        var record = new MatchRecord { Name = name };
        foreach (var property in query["properties"] as JsonArray ?? [])
        {
            var pid = property?["pid"]?.GetValue<string>();
            var values = property?["v"] switch
            {
                JsonArray many => many.Select(Text).OfType<string>().ToList(),
                var one => Text(one) is { } single ? [single] : [],
            };
            if (pid is null || !Properties.Contains(pid))
            {
                return new(key, null, 0, $"unknown property '{pid}' (known: {string.Join(", ", Properties)})", type, null);
            }
            if (values.Count == 0)
            {
                continue;
            }
            var v = values[0].Trim();
            switch (pid)
            {
                case "tax_code":
                    record = record with { TaxCode = v };
                    break;
                case var column when CsvInputs.IdentifierColumns.TryGetValue(column, out var scheme):
                    if (!Identifiers.TryNormalize(scheme, v, out var canonical, out var why))
                    {
                        return new(key, null, 0, $"{column} '{v}': {why}", type, null);
                    }
                    record = record with { Identifiers = [.. record.Identifiers, new FirmIdentifier(scheme, canonical)] };
                    break;
                case "address":
                    record = record with { Address = v };
                    break;
                case "sector":
                    record = record with { SectorIds = [.. values.Select(s => SectorCode.ToId(s.Trim()))] };
                    break;
                case "province":
                    if (directory.Resolve(v, today) is not { } province)
                    {
                        return new(key, null, 0, $"no province '{v}'", type, null);
                    }
                    record = record with { ProvinceIds = MatchRecords.ProvinceIds(directory, province, today) };
                    break;
                case "ward":
                    record = record with { WardId = MatchRecords.WardId(v) };
                    break;
                case "park":
                    var park = v.StartsWith("park:", StringComparison.Ordinal)
                        ? v
                        : (await store.SearchAsync(v, [NodeKind.Park], 1, cancellationToken).ConfigureAwait(false)) is [var hit, ..] ? hit.Id : null;
                    if (park is null)
                    {
                        return new(key, null, 0, $"no park '{v}'", type, null);
                    }
                    record = record with { ParkId = park };
                    break;
            }
        }
        return new(key, record, limit, null, type, null);
    }

    private static string TypeName(string type) => type switch
    {
        "Park" => "Industrial park or cluster",
        "Sector" => "Sector (VSIC)",
        _ => type,
    };

    /// <summary>
    /// A park, province or sector by name: a province's name or code (old or new) and a sector's VSIC code are exact; else
    /// the names found by search, scored by the share of folded words they have in common (sure at 0.8 and 0.1 ahead).
    /// </summary>
    private static async Task<MatchResult> ReferenceAsync(string type, string name, int limit, IGraphStore store, ProvinceDirectory directory, DateOnly today, CancellationToken cancellationToken)
    {
        MatchCandidate Exact(Node node) => new(node.Id, node.Name, 1, [new MatchFeature("name", 1, type == "Sector" ? "the same code" : "the same name or code")]);
        if (type == "Province" && directory.Resolve(name, today) is { } province)
        {
            return new MatchResult([Exact(province)], true);
        }
        if (type == "Sector" && name.Trim().All(char.IsAsciiDigit)
            && (await store.GetNodesAsync([SectorCode.ToId(name.Trim())], cancellationToken).ConfigureAwait(false))[0] is Sector sector)
        {
            return new MatchResult([Exact(sector)], true);
        }
        var kind = type switch { "Park" => NodeKind.Park, "Province" => NodeKind.Province, _ => NodeKind.Sector };
        var words = VietnameseText.Tokens(name).ToHashSet(StringComparer.Ordinal);
        var hits = await store.SearchAsync(name, [kind], 50, cancellationToken).ConfigureAwait(false);
        var scored = hits.Select(h =>
        {
            var theirs = VietnameseText.Tokens(h.Name).ToHashSet(StringComparer.Ordinal);
            var dice = words.Count + theirs.Count == 0 ? 0 : 2.0 * words.Count(theirs.Contains) / (words.Count + theirs.Count);
            return new MatchCandidate(h.Id, h.Name, dice, [new MatchFeature("name", dice, $"{Math.Round(dice * 100)}% of the words shared")]);
        }).OrderByDescending(c => c.Score).ThenBy(c => c.FirmId, StringComparer.Ordinal).Take(limit).ToList();
        var sure = scored.Count > 0 && scored[0].Score >= 0.8 && (scored.Count == 1 || scored[0].Score - scored[1].Score >= 0.1);
        return new MatchResult(scored, sure);
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out string? s) => s,
        JsonValue value => value.ToJsonString(),
        JsonObject o when o["id"] is JsonValue id => id.ToString(),
        _ => null,
    };

    /// <summary>A card for OpenRefine's preview: the firm's name, tax code, province, park and sectors.</summary>
    private static async Task PreviewAsync(HttpContext http, IGraphStore store, CancellationToken cancellationToken)
    {
        string? id = http.Request.Query["id"];
        if (string.IsNullOrEmpty(id) || (await store.GetNodesAsync([id], cancellationToken).ConfigureAwait(false))[0] is not Firm firm)
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"no firm '{id}'").ConfigureAwait(false);
            return;
        }
        var related = await store.GetNodesAsync([.. new[] { firm.ProvinceId, firm.ParkId }.OfType<string>(), .. firm.SectorIds], cancellationToken).ConfigureAwait(false);
        string NameOf(string? nodeId) => related.FirstOrDefault(n => n?.Id == nodeId)?.Name ?? nodeId ?? "";
        // Markup characters escaped, Vietnamese letters kept as they are.
        static string E(string? s) => Encoder.Encode(s ?? "");
        var rows = new List<(string, string)> { ("Tax code", firm.TaxCode ?? "—"), ("Province", NameOf(firm.ProvinceId)) };
        if (firm.ParkId is not null)
        {
            rows.Add(("Park", NameOf(firm.ParkId)));
        }
        rows.Add(("Sectors", string.Join(", ", firm.SectorIds.Select(s => $"{NodeIds.Local(s)} {NameOf(s)}"))));
        if (firm.Address is not null)
        {
            rows.Add(("Address", firm.Address));
        }
        var html = $"""
            <!doctype html>
            <html lang="vi"><head><meta charset="utf-8"><title>{E(firm.Name)}</title>
            <style>body{"{"}font:14px system-ui,sans-serif;margin:8px{"}"} th{"{"}text-align:left;padding-right:8px;color:#555{"}"}</style></head>
            <body><h1 style="font-size:16px;margin:0 0 6px">{E(firm.Name)}</h1><table>
            {string.Join("\n", rows.Select(r => $"<tr><th>{E(r.Item1)}</th><td>{E(r.Item2)}</td></tr>"))}
            </table><p style="color:#555;margin:6px 0 0">{E(firm.Id)}</p></body></html>
            """;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Firms whose name starts with (a word starting with) the prefix, or the firm of that id; <c>cursor</c> skips some.</summary>
    private static async Task<IResult> SuggestEntitiesAsync(string? prefix, int? cursor, IGraphStore store, CancellationToken cancellationToken)
    {
        var skip = Math.Max(0, cursor ?? 0);
        var items = new List<JsonNode>();
        if (!string.IsNullOrWhiteSpace(prefix))
        {
            if ((await store.GetNodesAsync([prefix.Trim()], cancellationToken).ConfigureAwait(false))[0] is Firm byId)
            {
                items.Add(Suggested(byId.Id, byId.Name));
            }
            var hits = await store.SearchAsync(prefix, [NodeKind.Firm], Math.Min(skip + 10, 200), cancellationToken).ConfigureAwait(false);
            items.AddRange(hits.Skip(skip).Where(h => items.Count == 0 || h.Id != items[0]["id"]!.GetValue<string>()).Select(h => Suggested(h.Id, h.Name)));
        }
        return Results.Json(new JsonObject { ["result"] = new JsonArray([.. items.Take(10)]) });
    }

    private static JsonObject Suggested(string id, string name) => new()
    {
        ["id"] = id, ["name"] = name, ["notable"] = new JsonArray(new JsonObject { ["id"] = "Firm", ["name"] = "Firm" }),
    };

    /// <summary>
    /// Data extension: for each firm asked about, the values of the properties asked for, as entities (province, park,
    /// sectors), strings or numbers; a restricted property (revenue) has values only for analysts.
    /// </summary>
    private static async Task ExtendAsync(HttpContext http, string text, IGraphStore store, CancellationToken cancellationToken)
    {
        List<string> ids;
        List<string> properties;
        try
        {
            var query = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
            ids = [.. (query["ids"] as JsonArray ?? throw new JsonException("\"ids\" must be an array")).Select(i => i?.GetValue<string>() ?? "")];
            properties = [.. (query["properties"] as JsonArray ?? throw new JsonException("\"properties\" must be an array")).Select(p => p?["id"]?.GetValue<string>() ?? "")];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, $"extend must be a data extension query {{ ids, properties }}: {e.Message}").ConfigureAwait(false);
            return;
        }
        if (properties.FirstOrDefault(p => !Extensions.Any(e => e.Id == p)) is { } unknown)
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadUserInput, $"unknown property '{unknown}' (known: {string.Join(", ", Extensions.Select(e => e.Id))})").ConfigureAwait(false);
            return;
        }
        if (ids.Count > MaxQueries)
        {
            await ErrorResponses.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.LimitExceeded, $"at most {MaxQueries} ids, not {ids.Count}").ConfigureAwait(false);
            return;
        }
        var analyst = http.User.Has(Role.Analyst);
        var firms = (await store.GetNodesAsync(ids, cancellationToken).ConfigureAwait(false)).Select(n => n as Firm).ToList();
        var related = (await store.GetNodesAsync([.. firms.OfType<Firm>().SelectMany(f => new[] { f.ProvinceId, f.ParkId }.OfType<string>().Concat(f.SectorIds)).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false))
            .OfType<Node>().ToDictionary(n => n.Id, StringComparer.Ordinal);
        var suppliers = properties.Contains("suppliers_count")
            ? await store.GetSupplyLinksAsync([.. firms.OfType<Firm>().Select(f => f.Id)], Direction.In, new LinkFilter { AsOf = VietnamTime.Today(TimeProvider.System) }, cancellationToken).ConfigureAwait(false)
            : [];
        JsonNode Entity(string id) => new JsonObject { ["id"] = id, ["name"] = related.TryGetValue(id, out var n) ? n.Name : id };
        var rows = new JsonObject();
        var withLinks = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            var row = new JsonObject();
            var firm = firms[i];
            var links = firm is null ? null : suppliers.Count > 0 ? suppliers[withLinks++] : null;
            foreach (var p in properties)
            {
                row[p] = firm is null ? new JsonArray() : p switch
                {
                    "province" => new JsonArray([.. new[] { firm.ProvinceId }.OfType<string>().Select(Entity)]),
                    "park" => new JsonArray([.. new[] { firm.ParkId }.OfType<string>().Select(Entity)]),
                    "sectors" => new JsonArray([.. firm.SectorIds.Select(Entity)]),
                    "roles" => new JsonArray([.. firm.Roles.Select(r => (JsonNode)new JsonObject { ["str"] = r.ToString() })]),
                    "ownership" => new JsonArray([.. new[] { firm.Ownership?.ToString() }.OfType<string>().Select(o => (JsonNode)new JsonObject { ["str"] = o })]),
                    "tax_code" => new JsonArray([.. new[] { firm.TaxCode }.OfType<string>().Select(c => (JsonNode)new JsonObject { ["str"] = c })]),
                    "suppliers_count" => new JsonArray(new JsonObject { ["int"] = links?.Select(l => l.SupplierId).Distinct(StringComparer.Ordinal).Count() ?? 0 }),
                    "identifiers" => new JsonArray([.. (firm.Identifiers ?? []).Select(x => (JsonNode)new JsonObject { ["str"] = x.Key })]),
                    "employees" => new JsonArray([.. new[] { firm.Employees }.OfType<int>().Select(e => (JsonNode)new JsonObject { ["int"] = e })]),
                    "revenue_usd" => new JsonArray([.. new[] { analyst ? firm.RevenueUsd : null }.OfType<double>().Select(r => (JsonNode)new JsonObject { ["float"] = r })]),
                    _ => new JsonArray(),
                };
            }
            rows[ids[i]] = row;
        }
        var meta = new JsonArray([.. properties.Select(p => Extensions.First(e => e.Id == p)).Select(e => (JsonNode)new JsonObject
        {
            ["id"] = e.Id,
            ["name"] = e.Name,
        })]);
        await http.Response.WriteAsJsonAsync(new JsonObject { ["meta"] = meta, ["rows"] = rows }, cancellationToken).ConfigureAwait(false);
    }

    public static IServiceCollection AddReconcile(this IServiceCollection services) => services.AddSingleton<FirmMatcherCache>();
}
