using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The W3C Reconciliation Service API (0.2) at /reconcile, as OpenRefine uses it: the manifest, batches of queries in
/// the form field and in a JSON body, properties, the sure match flag and features, the preview card, and bad input.
/// Anonymous callers may reconcile.
/// </summary>
public sealed class ReconcileTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private async Task<(HttpStatusCode Status, JsonNode? Body, string Text)> SendAsync(HttpRequestMessage request)
    {
        using var client = api.ClientAs(Role.Anonymous);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/json" ? JsonNode.Parse(text) : null, text);
    }

    private Task<(HttpStatusCode Status, JsonNode? Body, string Text)> FormAsync(JsonObject queries) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/reconcile") { Content = new FormUrlEncodedContent([new("queries", queries.ToJsonString())]) });

    [Fact]
    public async Task The_manifest_names_the_service_its_spaces_types_view_and_preview()
    {
        var (status, manifest, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/reconcile"));
        Assert.Equal(HttpStatusCode.OK, status);
        ReconciliationShapes.Manifest(manifest!);
        Assert.Contains("0.2", manifest!["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(manifest["name"]!.GetValue<string>()));
        Assert.EndsWith("/id/", manifest["identifierSpace"]!.GetValue<string>());
        Assert.EndsWith("/schema/", manifest["schemaSpace"]!.GetValue<string>());
        Assert.Equal(["Firm", "Park", "Province", "Sector"], manifest["defaultTypes"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
        Assert.Contains("{{id}}", manifest["view"]!["url"]!.GetValue<string>());
        Assert.Contains("/reconcile/preview?id={{id}}", manifest["preview"]!["url"]!.GetValue<string>());
        Assert.True(manifest["preview"]!["width"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task A_batch_from_the_form_field_finds_firms_as_other_lists_write_them()
    {
        var firms = (await api.DataAsync("{ firms(first: 3, where: { role: [SUPPORTING_INDUSTRY] }) { nodes { id name province { name } } } }"))["firms"]!["nodes"]!.AsArray();
        var (id, name, province) = (firms[0]!["id"]!.GetValue<string>(), firms[0]!["name"]!.GetValue<string>(), firms[0]!["province"]!["name"]!.GetValue<string>());
        var folded = Ecosystem.Graph.Rules.VietnameseText.Fold(name).ToUpperInvariant();
        var queries = new JsonObject
        {
            ["q0"] = new JsonObject { ["query"] = name, ["type"] = "Firm", ["limit"] = 3 },
            ["q1"] = new JsonObject { ["query"] = folded, ["properties"] = new JsonArray(new JsonObject { ["pid"] = "province", ["v"] = province }) },
            ["q2"] = new JsonObject { ["query"] = "Khu công nghiệp Đình Vũ", ["type"] = "Park" },
            ["q3"] = new JsonObject { ["query"] = "Công ty TNHH" },
            ["q4"] = new JsonObject { ["query"] = "Hai Duong", ["type"] = "Province" },
            ["q5"] = new JsonObject { ["query"] = "26", ["type"] = new JsonArray("Sector") },
        };
        var (status, body, text) = await FormAsync(queries);
        Assert.True(status == HttpStatusCode.OK, text);
        ReconciliationShapes.ResultBatch(body!);
        foreach (var key in new[] { "q0", "q1" })
        {
            var result = body![key]!["result"]!.AsArray();
            Assert.True(result.Count is > 0 and <= 5, text);
            Assert.Equal(id, result[0]!["id"]!.GetValue<string>());
            Assert.Equal(name, result[0]!["name"]!.GetValue<string>());
            Assert.True(result[0]!["match"]!.GetValue<bool>(), text);
            Assert.InRange(result[0]!["score"]!.GetValue<double>(), 80, 100);
            Assert.Equal("Firm", result[0]!["type"]![0]!["id"]!.GetValue<string>());
            Assert.Contains(result[0]!["features"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "name");
            // Only the first may be a match.
            Assert.All(result.Skip(1), r => Assert.False(r!["match"]!.GetValue<bool>()));
        }
        Assert.True(body!["q0"]!["result"]!.AsArray().Count <= 3);
        Assert.Contains(body["q1"]!["result"]![0]!["features"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "province" && f["value"]!.GetValue<double>() > 0);
        // Legal forms alone tell no firm apart.
        Assert.Empty(body["q3"]!["result"]!.AsArray());
        // Parks by name, provinces by name (old or new, diacritics or none) and sectors by code.
        var park = body["q2"]!["result"]![0]!;
        Assert.Contains("dinh-vu", park["id"]!.GetValue<string>());
        Assert.Equal("Park", park["type"]![0]!["id"]!.GetValue<string>());
        var former = body["q4"]!["result"]![0]!;
        Assert.Equal(("Hải Dương", true, 100.0), (former["name"]!.GetValue<string>(), former["match"]!.GetValue<bool>(), former["score"]!.GetValue<double>()));
        var sector = body["q5"]!["result"]![0]!;
        Assert.Equal(("sector:26", true), (sector["id"]!.GetValue<string>(), sector["match"]!.GetValue<bool>()));
        var unknownType = await FormAsync(new JsonObject { ["a"] = new JsonObject { ["query"] = "x", ["type"] = "Person" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.Status);
        Assert.Contains("unknown type 'Person'", unknownType.Body!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_JSON_body_is_read_too_and_bad_input_is_refused_named()
    {
        var firm = (await api.DataAsync("{ firm(id: \"firm:phu-my-group\") { id name } }"))["firm"]!;
        var batch = new JsonObject { ["queries"] = new JsonObject { ["a"] = new JsonObject { ["query"] = "Phu My Group" } } };
        var (status, body, text) = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/reconcile") { Content = new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json") });
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal(firm["id"]!.GetValue<string>(), body!["a"]!["result"]![0]!["id"]!.GetValue<string>());

        var unknown = await FormAsync(new JsonObject { ["a"] = new JsonObject { ["query"] = "x", ["properties"] = new JsonArray(new JsonObject { ["pid"] = "colour", ["v"] = "red" }) } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("BAD_USER_INPUT", unknown.Body!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("unknown property 'colour'", unknown.Body["errors"]![0]!["message"]!.GetValue<string>());
        var province = await FormAsync(new JsonObject { ["a"] = new JsonObject { ["query"] = "x", ["properties"] = new JsonArray(new JsonObject { ["pid"] = "province", ["v"] = "Atlantis" }) } });
        Assert.Contains("no province 'Atlantis'", province.Body!["errors"]![0]!["message"]!.GetValue<string>());
        var broken = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/reconcile") { Content = new FormUrlEncodedContent([new("queries", "{not json")]) });
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Equal("BAD_REQUEST", broken.Body!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        var empty = await FormAsync(new JsonObject { ["a"] = new JsonObject { ["query"] = " " } });
        Assert.Contains("non-empty \"query\"", empty.Body!["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_identifier_in_a_query_decides_the_match_and_extension_gives_the_firms_identifiers()
    {
        var lei = "529900RECONCILE00" + "1";
        lei += (98 - Ecosystem.Graph.Rules.Identifiers.Mod97(lei + "00")).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        await api.DataAsAsync(Role.Editor, "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id } } }", new
        {
            input = new
            {
                id = "reconcile-lei", name = "Công ty TNHH Mã Định Danh (test)", country = "VN", province = "Hà Nội",
                sources = new[] { "source:article-g20-alliance-2024" }, identifiers = new[] { new { scheme = "LEI", value = lei } },
            },
        });
        // A name nothing like the firm's: the LEI alone finds it, sure, and says why.
        var (status, body, text) = await FormAsync(new JsonObject
        {
            ["q0"] = new JsonObject { ["query"] = "Unrelated Trading Name", ["properties"] = new JsonArray(new JsonObject { ["pid"] = "lei", ["v"] = lei.ToLowerInvariant() }) },
        });
        Assert.True(status == HttpStatusCode.OK, text);
        var best = body!["q0"]!["result"]![0]!;
        Assert.Equal(("firm:reconcile-lei", true, 100.0), (best["id"]!.GetValue<string>(), best["match"]!.GetValue<bool>(), best["score"]!.GetValue<double>()));
        Assert.Contains(best["features"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "identifier");
        var bad = await FormAsync(new JsonObject
        {
            ["q0"] = new JsonObject { ["query"] = "X", ["properties"] = new JsonArray(new JsonObject { ["pid"] = "lei", ["v"] = lei[..18] + "00" }) },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("check digits", bad.Text, StringComparison.Ordinal);

        var extend = Uri.EscapeDataString("{\"ids\":[\"firm:reconcile-lei\"],\"properties\":[{\"id\":\"identifiers\"}]}");
        var (_, rows, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/reconcile?extend={extend}"));
        Assert.Equal($"LEI:{lei}", rows!["rows"]!["firm:reconcile-lei"]!["identifiers"]![0]!["str"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_preview_card_shows_the_firm_escaped()
    {
        var (status, _, html) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/reconcile/preview?id=firm:phu-my-group"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Công ty Tập đoàn Phú Mỹ", html);
        Assert.Contains("<table>", html);
        var (missing, _, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/reconcile/preview?id=firm:nobody"));
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }
}

/// <summary>
/// The shapes the specification's 0.2 schemas require of each response (manifest, reconciliation results, suggest
/// responses, property proposals, data extension responses), checked field by field.
/// </summary>
internal static class ReconciliationShapes
{
    private static void Type(JsonNode? type)
    {
        // A type is an object with a string id (and maybe a name), or a string.
        Assert.True(type is JsonValue v ? v.TryGetValue(out string? _) : type is JsonObject o && o["id"] is JsonValue id && id.TryGetValue(out string? _), $"type {type}");
    }

    public static void Manifest(JsonNode manifest)
    {
        Assert.Contains("0.2", manifest["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        foreach (var field in new[] { "name", "identifierSpace", "schemaSpace" })
        {
            Assert.True(manifest[field] is JsonValue v && v.TryGetValue(out string? _), field);
        }
        Assert.Matches(".*\\{\\{id\\}\\}.*", manifest["view"]!["url"]!.GetValue<string>());
        Assert.Matches(".*\\{\\{id\\}\\}.*", manifest["preview"]!["url"]!.GetValue<string>());
        Assert.True(manifest["preview"]!["width"]!.GetValue<int>() > 0 && manifest["preview"]!["height"]!.GetValue<int>() > 0);
        var types = manifest["defaultTypes"]!.AsArray();
        Assert.All(types, Type);
        Assert.Equal(types.Count, types.Select(t => t!.ToJsonString()).Distinct().Count());
        foreach (var kind in new[] { "entity", "type", "property" })
        {
            Assert.True(manifest["suggest"]![kind]!["service_url"] is JsonValue && manifest["suggest"]![kind]!["service_path"] is JsonValue, kind);
        }
        Assert.True(manifest["extend"]!["propose_properties"]!["service_url"] is JsonValue);
    }

    public static void ResultBatch(JsonNode batch)
    {
        foreach (var (_, answer) in batch.AsObject())
        {
            foreach (var candidate in answer!["result"]!.AsArray())
            {
                Assert.True(candidate!["id"] is JsonValue && candidate["name"] is JsonValue, candidate.ToJsonString());
                Assert.True(candidate["score"] is JsonValue s && s.TryGetValue(out double _), "score is a number");
                Assert.True(candidate["match"] is null || candidate["match"]!.GetValueKind() is JsonValueKind.True or JsonValueKind.False);
                Assert.All(candidate["type"]?.AsArray() ?? [], Type);
                Assert.All(candidate["features"]?.AsArray() ?? [], f =>
                    Assert.True(f!["id"] is JsonValue && f["value"]!.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False));
            }
        }
    }

    public static void Suggest(JsonNode response, bool entities)
    {
        foreach (var item in response["result"]!.AsArray())
        {
            Assert.True(item!["id"] is JsonValue && item["name"] is JsonValue, item.ToJsonString());
            if (entities)
            {
                Assert.All(item["notable"]?.AsArray() ?? [], Type);
            }
        }
    }

    public static void Extension(JsonNode response)
    {
        Assert.All(response["meta"]!.AsArray(), m => Assert.True(m!["id"] is JsonValue && m["name"] is JsonValue));
        foreach (var (_, row) in response["rows"]!.AsObject())
        {
            foreach (var (_, values) in row!.AsObject())
            {
                foreach (var value in values!.AsArray())
                {
                    // Each value: {}, an entity { id, name[, description] }, or exactly one of str, float, int, date.
                    var keys = value!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
                    Assert.True(keys.Length == 0 || keys.SequenceEqual(["id", "name"]) || keys.SequenceEqual(["description", "id", "name"])
                        || (keys.Length == 1 && keys[0] is "str" or "float" or "int" or "date"), value.ToJsonString());
                }
            }
        }
    }
}

/// <summary>Suggest, property proposals and data extension, as OpenRefine calls them, with the roles' rules.</summary>
public sealed class ReconcileExtensionTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private async Task<JsonNode> GetAsync(string url, Role role = Role.Anonymous)
    {
        using var client = api.ClientAs(role);
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task Every_response_has_the_shape_the_specification_requires()
    {
        ReconciliationShapes.Manifest(await GetAsync("/reconcile"));
        // Each response checked holds items, so that the checks read something.
        var batch = await GetAsync("/reconcile?queries=" + Uri.EscapeDataString("{\"q\":{\"query\":\"Phu My\",\"limit\":10}}"));
        Assert.NotEmpty(batch["q"]!["result"]!.AsArray());
        ReconciliationShapes.ResultBatch(batch);
        foreach (var (url, entities) in new[] { ("/reconcile/suggest/entity?prefix=cong%20ty", true), ("/reconcile/suggest/type?prefix=p", false), ("/reconcile/suggest/property?prefix=p", false) })
        {
            var suggest = await GetAsync(url);
            Assert.NotEmpty(suggest["result"]!.AsArray());
            ReconciliationShapes.Suggest(suggest, entities);
        }
        var proposal = await GetAsync("/reconcile/properties?type=Firm&limit=3");
        Assert.Equal(3, proposal["properties"]!.AsArray().Count);
        Assert.All(proposal["properties"]!.AsArray(), p => Assert.True(p!["id"] is JsonValue && p["name"] is JsonValue));
    }

    [Fact]
    public async Task Suggest_finds_firms_by_prefix_or_id_types_and_properties()
    {
        var byName = (await GetAsync("/reconcile/suggest/entity?prefix=" + Uri.EscapeDataString("Tập đoàn Phú Mỹ")))["result"]!.AsArray();
        Assert.Contains(byName, r => r!["id"]!.GetValue<string>() == "firm:phu-my-group" && r["notable"]![0]!["id"]!.GetValue<string>() == "Firm");
        var byId = (await GetAsync("/reconcile/suggest/entity?prefix=firm:phu-my-group"))["result"]!.AsArray();
        Assert.Equal("firm:phu-my-group", byId[0]!["id"]!.GetValue<string>());
        Assert.Empty((await GetAsync("/reconcile/suggest/entity?prefix=zzqqxx"))["result"]!.AsArray());
        Assert.Equal(["Firm"], (await GetAsync("/reconcile/suggest/type?prefix=fir"))["result"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
        Assert.Equal(["Park"], (await GetAsync("/reconcile/suggest/type?prefix=indus"))["result"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
        Assert.Empty((await GetAsync("/reconcile/suggest/type?prefix=xyz"))["result"]!.AsArray());
        var properties = (await GetAsync("/reconcile/suggest/property?prefix=prov"))["result"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["province"], properties);
    }

    [Fact]
    public async Task Data_extension_gives_public_values_to_all_and_revenue_to_analysts_only()
    {
        var park = (await api.DataAsync("{ parks(first: 1, where: { province: \"Hải Phòng\" }) { nodes { id } } }"))["parks"]!["nodes"]![0]!["id"]!.GetValue<string>();
        await api.DataAsAsync(Role.Editor, "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id } } }", new
        {
            input = new
            {
                id = "reconcile-rev", name = "Công ty TNHH Doanh thu (test)", country = "VN", province = "Hải Phòng", park,
                sectors = new[] { "22190" }, roles = new[] { "SUPPORTING_INDUSTRY" }, sources = new[] { "source:article-g20-alliance-2024" },
                revenueUsd = 2_500_000.0, taxCode = "0100233488",
            },
        });
        var query = Uri.EscapeDataString("{\"ids\":[\"firm:reconcile-rev\",\"firm:nobody\"],\"properties\":[{\"id\":\"province\"},{\"id\":\"park\"},{\"id\":\"sectors\"},{\"id\":\"roles\"},{\"id\":\"tax_code\"},{\"id\":\"suppliers_count\"},{\"id\":\"revenue_usd\"}]}");
        var open = await GetAsync($"/reconcile?extend={query}");
        ReconciliationShapes.Extension(open);
        Assert.Equal(["province", "park", "sectors", "roles", "tax_code", "suppliers_count", "revenue_usd"], open["meta"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        var row = open["rows"]!["firm:reconcile-rev"]!;
        Assert.Equal(park, row["park"]![0]!["id"]!.GetValue<string>());
        Assert.StartsWith("province:", row["province"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("sector:22190", row["sectors"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("SupportingIndustry", row["roles"]![0]!["str"]!.GetValue<string>());
        Assert.Equal("0100233488", row["tax_code"]![0]!["str"]!.GetValue<string>());
        Assert.Equal(0, row["suppliers_count"]![0]!["int"]!.GetValue<int>());
        Assert.Empty(row["revenue_usd"]!.AsArray());
        Assert.All(open["rows"]!["firm:nobody"]!.AsObject(), p => Assert.Empty(p.Value!.AsArray()));
        var analyst = await GetAsync($"/reconcile?extend={query}", Role.Analyst);
        Assert.Equal(2_500_000.0, analyst["rows"]!["firm:reconcile-rev"]!["revenue_usd"]![0]!["float"]!.GetValue<double>());
        // Over POST as a form, as OpenRefine sends it; an unknown property is refused by name.
        using var client = api.ClientAs(Role.Anonymous);
        using var posted = await client.PostAsync("/reconcile", new FormUrlEncodedContent([new("extend", Uri.UnescapeDataString(query))]));
        Assert.True(JsonNode.DeepEquals(open, JsonNode.Parse(await posted.Content.ReadAsStringAsync())));
        using var unknown = await client.PostAsync("/reconcile", new FormUrlEncodedContent([new("extend", "{\"ids\":[],\"properties\":[{\"id\":\"colour\"}]}")]));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("unknown property 'colour'", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]![0]!["message"]!.GetValue<string>());
    }
}
