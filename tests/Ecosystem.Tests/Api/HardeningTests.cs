using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Api.Auth;
using Microsoft.AspNetCore.Hosting;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The defects a hostile review found, each as the request that broke it: wide and deep documents, infinite numbers,
/// control characters and invisible names, huge values, cache headers, bodies with a BOM or not in UTF-8, products
/// named in emoji, and who may read the metrics.
/// </summary>
public sealed class HardeningTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> SendAsync(Role role, HttpRequestMessage request)
    {
        using var client = api.ClientAs(role);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject(), response);
    }

    private static HttpRequestMessage Raw(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json");
        return request;
    }

    private static string Code(JsonObject body, int i = 0) => body["errors"]![i]!["extensions"]!["code"]!.GetValue<string>();

    private async Task<string> LeadAsync() =>
        (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();

    [Fact]
    public async Task A_document_of_19000_repeated_fields_is_refused_before_validation_and_1500_are_answered()
    {
        var lead = await LeadAsync();
        var wide = $"{{ firm(id: \"{lead}\") {{ {string.Join(' ', Enumerable.Repeat("name", 19_000))} }} }}";
        Assert.True(wide.Length < 100_000);
        var refused = await api.QueryAsync(wide, expectStatus: 400);
        Assert.Equal("LIMIT_EXCEEDED", Code(refused));
        Assert.Contains("more than 2000 fields", refused["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Under the limit the same shape is valid and answered (the merge check is linear, not by pairs).
        var answered = await api.DataAsync($"{{ firm(id: \"{lead}\") {{ {string.Join(' ', Enumerable.Repeat("name", 1_500))} }} }}");
        Assert.False(string.IsNullOrEmpty(answered["firm"]!["name"]!.GetValue<string>()));

        // Other quadratic shapes are bounded too: directives in one place, arguments on one field, fragments, variables.
        foreach (var (document, expected) in new[]
        {
            ($"{{ regions {{ code {string.Join(' ', Enumerable.Repeat("@skip(if: false)", 11))} }} }}", "directives in one place"),
            ($"{{ firm({string.Join(' ', Enumerable.Repeat("id: \"x\"", 26))}) {{ id }} }}", "arguments"),
            ("{ ...F0 } " + string.Join(' ', Enumerable.Range(0, 120).Select(i => $"fragment F{i} on Query {{ ...F{i + 1} }}")) + " fragment F120 on Query { regions { code } }", "operations and fragments"),
            ($"query({string.Join(' ', Enumerable.Range(0, 101).Select(i => $"$v{i}: Int"))}) {{ regions {{ code }} }}", "variables"),
        })
        {
            var result = await api.QueryAsync(document, expectStatus: 400);
            Assert.Equal("LIMIT_EXCEEDED", Code(result));
            Assert.Contains(expected, result["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{ firm(id: \"firm:x\") { name: id name } }", "Fields 'name' conflict")]
    [InlineData("{ firm(id: \"firm:x\") { name } firm(id: \"firm:y\") { name } }", "differing arguments")]
    [InlineData("{ a: regions { code } a: provinces { code } }", "are different fields")]
    [InlineData("{ node(id: \"x\") { ... on Firm { v: name } ... on Park { v: totalAreaHa } } }", "conflicting types")]
    [InlineData("{ firm(id: \"x\") { park { n: name } park { n: id } } }", "Fields 'n' conflict")]
    [InlineData("query { ...A ...B } fragment A on Query { x: regions { code } } fragment B on Query { x: sectors { code } }", "are different fields")]
    public async Task Fields_that_cannot_merge_are_still_refused(string document, string message)
    {
        var result = await api.QueryAsync(document, expectStatus: 400);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", Code(result));
        Assert.Contains(result["errors"]!.AsArray(), e => e!["message"]!.GetValue<string>().Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{ node(id: \"x\") { ... on Firm { v: name } ... on Park { v: name } } }")]
    [InlineData("{ firm(id: \"x\") { name ...F } } fragment F on Firm { name id }")]
    public async Task Fields_that_merge_are_accepted(string document)
    {
        var result = await api.QueryAsync(document);
        Assert.DoesNotContain(result["errors"]?.AsArray() ?? [], e => e!["extensions"]!["code"]!.GetValue<string>() == "GRAPHQL_VALIDATION_FAILED");
    }

    [Fact]
    public async Task A_document_deeper_than_the_parser_goes_is_a_400_over_POST_and_GET_and_its_log_lines_stay_short()
    {
        var deep = "{ sector(code: \"26\") { " + string.Concat(Enumerable.Repeat("parent { ", 70)) + "code" + new string('}', 71) + " }";
        var post = await api.QueryAsync(deep, expectStatus: 400);
        Assert.Equal("LIMIT_EXCEEDED", Code(post));
        using var get = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(deep));
        get.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json");
        var (status, body, _) = await SendAsync(Role.Anonymous, get);
        Assert.Equal((HttpStatusCode.BadRequest, "LIMIT_EXCEEDED"), (status, Code(body)));

        // A 99 KB document the parser gives up on (too deep, or broken) writes no log line longer than a few KB.
        var huge = "{ sector(code: \"26\") { " + string.Concat(Enumerable.Repeat("parent { ", 70)) + new string(' ', 95_000) + "code" + new string('}', 71) + " }";
        await api.QueryAsync(huge, expectStatus: 400);
        await api.QueryAsync("{ " + new string('a', 95_000) + " ( }", expectStatus: 400);
        Assert.All(api.Logs, line => Assert.True(line.Length < 8_000, $"a log line of {line.Length} characters"));
    }

    [Fact]
    public async Task Infinite_numbers_from_variables_or_literals_are_bad_user_input_before_any_cache()
    {
        foreach (var json in new[]
        {
            """{"query":"query($f: Float) { parkMatches(sectorCode: \"26\", minAvailableAreaHa: $f) { park { id } } }","variables":{"f":1e400}}""",
            """{"query":"query($t: Float) { localizationReport(scope: { province: \"31\" }, threshold: $t) { leadFirmCount } }","variables":{"t":-1e400}}""",
            """{"query":"query($w: SupplyLinkFilter) { supplyChain(firmId: \"firm:x\", where: $w) { firmCount } }","variables":{"w":{"minConfidence":1e999}}}""",
        })
        {
            var (status, body, _) = await SendAsync(Role.Analyst, Raw(json));
            Assert.Equal((HttpStatusCode.BadRequest, "BAD_USER_INPUT"), (status, Code(body)));
            Assert.Contains("not a finite number", body["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        var literal = await api.QueryAsync("{ localizationReport(scope: { province: \"31\" }, threshold: 1e400) { leadFirmCount } }", expectStatus: 400);
        Assert.Contains(literal["errors"]!.AsArray(), e => e!["extensions"]!["code"]!.GetValue<string>() == "BAD_USER_INPUT");
        // Finite numbers still work.
        var (ok, fine, _) = await SendAsync(Role.Analyst, Raw("""{"query":"query($f: Float) { parkMatches(sectorCode: \"26\", minAvailableAreaHa: $f, first: 1) { park { id } } }","variables":{"f":1e3}}"""));
        Assert.True(ok == HttpStatusCode.OK && fine["errors"] is null, fine.ToJsonString());
    }

    private const string UpsertFirm = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id name } } }";
    private const string AddLink = "mutation($input: AddSupplyLinkInput!) { addSupplyLink(input: $input) { link { id product } } }";

    private async Task<JsonObject> EditAsync(string query, object input)
    {
        using var client = api.ClientAs(Role.Editor);
        using var response = await client.SendAsync(EcosystemApiFactory.Post(query, new { input }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    private async Task<string> SourceAsync(string id)
    {
        var body = await EditAsync("mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }", new { id, title = "Hardening survey (test)", date = "2026-10-01" });
        return body["data"]!["addSource"]!["source"]!["id"]!.GetValue<string>();
    }

    private static object Firm(string id, string name, string source) =>
        new { id, name, country = "VN", province = "Hà Nội", sectors = new[] { "2592" }, sources = new[] { source } };

    [Fact]
    public async Task Control_characters_and_invisible_names_are_refused_and_zero_width_characters_do_not_hide_a_name_from_search()
    {
        var source = await SourceAsync("hard-text");
        var before = await api.Store.GetVersionAsync();
        foreach (var name in new[] { "Bad\u0000Name", "Tab\tName", "Bell\u0007", "\u200B\u200B", "\u202E\u202D", "   " })
        {
            var body = await EditAsync(UpsertFirm, Firm("hard-bad", name, source));
            Assert.Null(body["data"]!["upsertFirm"]);
            var error = body["errors"]![0]!;
            Assert.Equal(("BAD_USER_INPUT", "input.name"), (error["extensions"]!["code"]!.GetValue<string>(), error["extensions"]!["field"]!.GetValue<string>()));
        }
        Assert.Equal(before, await api.Store.GetVersionAsync());

        var written = await EditAsync(UpsertFirm, Firm("hard-vinfast", "Vin\u200Bfast Parts Hardening", source));
        Assert.Null(written["errors"]);
        var hits = await api.DataAsync("{ search(text: \"vinfast parts hardening\", first: 3) { node { id } } }");
        Assert.Contains(hits["search"]!.AsArray(), h => h!["node"]!["id"]!.GetValue<string>() == "firm:hard-vinfast");
    }

    [Fact]
    public async Task Money_past_USD_1_trillion_is_refused_and_emoji_products_get_links_of_their_own()
    {
        var source = await SourceAsync("hard-values");
        Assert.Null((await EditAsync(UpsertFirm, Firm("hard-s", "Hardening supplier", source)))["errors"]);
        Assert.Null((await EditAsync(UpsertFirm, Firm("hard-b", "Hardening buyer", source)))["errors"]);
        var link = new { supplier = "firm:hard-s", buyer = "firm:hard-b", sector = "2592", valueUsd = 1e308, sources = new[] { source } };
        var huge = await EditAsync(AddLink, link);
        var error = huge["errors"]![0]!["extensions"]!;
        Assert.Equal(("BAD_USER_INPUT", "input.valueUsd"), (error["code"]!.GetValue<string>(), error["field"]!.GetValue<string>()));

        var plain = await EditAsync(AddLink, link with { valueUsd = 1e12 });
        Assert.Equal("supply:hard-s>hard-b/2592", plain["data"]!["addSupplyLink"]!["link"]!["id"]!.GetValue<string>());
        var emoji = await EditAsync(AddLink, new { supplier = "firm:hard-s", buyer = "firm:hard-b", sector = "2592", product = "😀😀", valueUsd = 5.0, sources = new[] { source } });
        Assert.True(emoji["errors"] is null, emoji.ToJsonString());
        Assert.Equal(("supply:hard-s>hard-b/2592/_1f600_1f600", "😀😀"),
            (emoji["data"]!["addSupplyLink"]!["link"]!["id"]!.GetValue<string>(), emoji["data"]!["addSupplyLink"]!["link"]!["product"]!.GetValue<string>()));
        var invisible = await EditAsync(AddLink, new { supplier = "firm:hard-s", buyer = "firm:hard-b", sector = "2592", product = "\u200B", sources = new[] { source } });
        Assert.Equal("BAD_USER_INPUT", invisible["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        // Sums over the largest values stay finite: the buyer's localization rate is a number.
        var rate = await api.DataAsync("{ firm(id: \"firm:hard-b\") { localizationRate } }");
        Assert.Equal(1.0, rate["firm"]!["localizationRate"]!.GetValue<double>());
    }

    [Fact]
    public async Task Answers_to_a_key_are_private_every_answer_varies_on_credentials_and_an_answer_with_errors_gets_no_ETag()
    {
        var lead = await LeadAsync();
        HttpRequestMessage Get(string query)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query));
            request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json");
            return request;
        }
        var chain = $"{{ supplyChain(firmId: \"{lead}\", maxDepth: 2) {{ firmCount }} }}";
        var (_, _, anonymous) = await SendAsync(Role.Anonymous, Get(chain));
        var (_, _, analyst) = await SendAsync(Role.Analyst, Get(chain));
        Assert.True(anonymous.Headers.CacheControl!.Public, anonymous.Headers.CacheControl.ToString());
        Assert.True(analyst.Headers.CacheControl!.Private && !analyst.Headers.CacheControl.Public, analyst.Headers.CacheControl.ToString());
        foreach (var response in new[] { anonymous, analyst })
        {
            Assert.Superset(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Accept", "Authorization", "X-Api-Key" }, response.Headers.Vary.ToHashSet(StringComparer.OrdinalIgnoreCase));
            Assert.NotNull(response.Headers.ETag);
        }
        // Restricted values asked for anonymously: FORBIDDEN errors in the answer, so no ETag and nothing to keep.
        var (_, body, withErrors) = await SendAsync(Role.Anonymous, Get($"{{ supplyChain(firmId: \"{lead}\", maxDepth: 2) {{ firmCount byCountry {{ country }} }} }}"));
        Assert.Equal("FORBIDDEN", Code(body));
        Assert.Null(withErrors.Headers.ETag);
        Assert.True(withErrors.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task A_body_with_a_UTF8_BOM_is_read_and_one_that_is_not_UTF8_is_415()
    {
        var json = Encoding.UTF8.GetBytes("""{"query":"{ regions { code } }"}""");
        var bom = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. json]) };
        bom.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var (status, body, _) = await SendAsync(Role.Anonymous, bom);
        Assert.True(status == HttpStatusCode.OK && body["data"]!["regions"]!.AsArray().Count > 0, body.ToJsonString());

        var latin1 = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.Latin1.GetBytes("""{"query":"{ search(text: \"Hải Phòng\") { name } }"}""")) };
        latin1.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var (refused, error, _) = await SendAsync(Role.Anonymous, latin1);
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"), (refused, Code(error)));
    }

    [Fact]
    public async Task The_metrics_answer_admins_only_on_the_API_port()
    {
        using var anonymous = api.ClientAs(Role.Anonymous);
        using var analyst = api.ClientAs(Role.Analyst);
        using var admin = api.ClientAs(Role.Admin);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/metrics")).StatusCode);
        Assert.Contains("ecosystem_graphql_requests_total", await admin.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}

public sealed class ProductionDefaultsTests(ProductionApiFactory api) : IClassFixture<ProductionApiFactory>
{
    [Fact]
    public async Task In_production_anonymous_introspection_is_off_by_default_and_callers_with_a_key_keep_it()
    {
        using var anonymous = api.ClientAs(Role.Anonymous);
        using var response = await anonymous.SendAsync(EcosystemApiFactory.Post("{ __schema { queryType { name } } }"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("FORBIDDEN", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        var analyst = await api.DataAsync("{ __schema { queryType { name } } }");
        Assert.Equal("Query", analyst["__schema"]!["queryType"]!["name"]!.GetValue<string>());
    }
}
