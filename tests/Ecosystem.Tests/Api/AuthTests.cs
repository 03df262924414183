using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Ecosystem.Tests.Store.LocalizationGraph;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Roles over HTTP: commercial values (link values, chain and report values, value filters, exports, CSV reports) reach
/// analysts only; anonymous callers get the rest of the answer with FORBIDDEN on each restricted path; credentials are
/// API keys by SHA-256 or JWTs; bad credentials are 401.
/// </summary>
public sealed class AuthTests(JwtApiFactory api) : IClassFixture<JwtApiFactory>
{
    private const string LinksQuery = """
        query($id: ID!) { firm(id: $id) { name suppliers(first: 50) { totalCount nodes { supplier { id } product valueUsd } } } }
        """;

    private static async Task<JsonObject> PostAsync(HttpClient client, string query, object? variables = null)
    {
        using var response = await client.SendAsync(EcosystemApiFactory.Post(query, variables));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static List<(string Path, string Code)> Errors(JsonObject result) =>
        result["errors"]?.AsArray().Select(e => (string.Join('.', e!["path"]?.AsArray().Select(p => p!.ToString()) ?? []), e!["extensions"]!["code"]!.GetValue<string>())).ToList() ?? [];

    [Fact]
    public async Task Anonymous_callers_get_the_public_facts_and_FORBIDDEN_on_each_value()
    {
        using var anonymous = api.ClientAs(Role.Anonymous);
        using var analyst = api.ClientAs(Role.Analyst);
        var open = await PostAsync(anonymous, LinksQuery, new { id = L1 });
        var full = await PostAsync(analyst, LinksQuery, new { id = L1 });

        // The analyst sees every value and no error.
        Assert.Empty(Errors(full));
        var fullLinks = full["data"]!["firm"]!["suppliers"]!["nodes"]!.AsArray();
        Assert.Contains(fullLinks, l => l!["valueUsd"] is not null);

        // Anonymous: the same firm, name, suppliers and products; every value null with FORBIDDEN on its own path.
        var openFirm = open["data"]!["firm"]!;
        Assert.Equal(full["data"]!["firm"]!["name"]!.ToString(), openFirm["name"]!.ToString());
        var openLinks = openFirm["suppliers"]!["nodes"]!.AsArray();
        Assert.Equal(fullLinks.Count, openLinks.Count);
        for (var i = 0; i < openLinks.Count; i++)
        {
            Assert.Equal(fullLinks[i]!["supplier"]!["id"]!.ToString(), openLinks[i]!["supplier"]!["id"]!.ToString());
            Assert.Null(openLinks[i]!["valueUsd"]);
        }
        var errors = Errors(open);
        Assert.Equal(openLinks.Count, errors.Count);
        Assert.All(errors, e => Assert.Equal("FORBIDDEN", e.Code));
        Assert.Equal(Enumerable.Range(0, openLinks.Count).Select(i => $"firm.suppliers.nodes.{i}.valueUsd"), errors.Select(e => e.Path));
    }

    [Fact]
    public async Task Values_cannot_leak_through_filters_reports_or_rankings()
    {
        using var anonymous = api.ClientAs(Role.Anonymous);
        var result = await PostAsync(anonymous, """
            query($id: ID!) {
              a: firm(id: $id) { name big: suppliers(where: { minValueUsd: 1000000 }) { totalCount } all: suppliers { totalCount } }
              r: localizationReport(scope: { province: "Hải Phòng" }, asOf: "2026-09-01") { leadFirmCount inputValueUsd domesticShare inputs { valueUsd } gaps { valueUsd } unknownInputs { code } }
              c: criticalSuppliers(firmId: $id) { firm { id } }
              s: supplyChain(firmId: $id, maxDepth: 2) { firmCount byCountry { country } tiers { depth totalValueUsd } }
            }
            """, new { id = L1 });
        var data = result["data"]!;
        Assert.True(data["a"] is not null, result.ToJsonString());
        Assert.NotNull(data["a"]!["name"]);
        Assert.Null(data["a"]!["big"]);
        Assert.True(data["a"]!["all"]!["totalCount"]!.GetValue<int>() > 0);
        Assert.Equal(2, data["r"]!["leadFirmCount"]!.GetValue<int>()); // L1 and L2 (the former Hải Dương is in the new Hải Phòng)
        Assert.NotNull(data["r"]!["unknownInputs"]);
        // Two lead firms are too few to publish the report's values: each is withheld as CONFIDENTIAL (not FORBIDDEN);
        // the input sectors are listed, their values withheld; gaps stay for analysts.
        foreach (var field in new[] { "inputValueUsd", "domesticShare", "gaps" })
        {
            Assert.Null(data["r"]![field]);
        }
        Assert.NotEmpty(data["r"]!["inputs"]!.AsArray());
        Assert.All(data["r"]!["inputs"]!.AsArray(), i => Assert.Null(i!["valueUsd"]));
        Assert.Null(data["c"]);
        Assert.True(data["s"]!["firmCount"]!.GetValue<int>() > 0);
        Assert.Null(data["s"]!["byCountry"]);
        Assert.All(data["s"]!["tiers"]!.AsArray(), t => Assert.Null(t!["totalValueUsd"]));
        var errors = Errors(result).ToHashSet();
        Assert.Contains(("a.big", "FORBIDDEN"), errors);
        Assert.Contains(("r.inputValueUsd", "CONFIDENTIAL"), errors);
        Assert.Contains(("r.inputs.0.valueUsd", "CONFIDENTIAL"), errors);
        Assert.Contains(("r.gaps", "FORBIDDEN"), errors);
        Assert.Contains(("c", "FORBIDDEN"), errors);
        Assert.Contains(("s.byCountry", "FORBIDDEN"), errors);
        // A chain's first tier is the root's own purchases: one buying firm, withheld under the disclosure rules.
        Assert.Contains(("s.tiers.0.totalValueUsd", "CONFIDENTIAL"), errors);
        Assert.All(errors, e => Assert.Equal((e.Path.StartsWith("r.", StringComparison.Ordinal) && e.Path != "r.gaps") || e.Path.StartsWith("s.tiers.", StringComparison.Ordinal) ? "CONFIDENTIAL" : "FORBIDDEN", e.Code));
        Assert.Contains("2 lead firms contribute", result["errors"]!.AsArray().First(e => e!["extensions"]!["code"]!.GetValue<string>() == "CONFIDENTIAL" && e["path"]![0]!.GetValue<string>() == "r")!["extensions"]!["reason"]!.GetValue<string>());

        // The analyst asking the same gets it all.
        using var analyst = api.ClientAs(Role.Analyst);
        var full = await PostAsync(analyst, "query($id: ID!) { criticalSuppliers(firmId: $id) { firm { id } } firm(id: $id) { suppliers(where: { minValueUsd: 1 }) { totalCount } } }", new { id = L1 });
        Assert.Empty(Errors(full));
        Assert.NotEmpty(full["data"]!["criticalSuppliers"]!.AsArray());
    }

    [Fact]
    public async Task A_cached_answer_for_one_role_is_never_served_to_another()
    {
        var query = "query($id: ID!) { supplyChain(firmId: $id, maxDepth: 2) { firmCount tiers { totalValueUsd } } }";
        using var analyst = api.ClientAs(Role.Analyst);
        using var anonymous = api.ClientAs(Role.Anonymous);
        var full = await PostAsync(analyst, query, new { id = L2 });
        Assert.NotNull(full["data"]!["supplyChain"]!["tiers"]![0]!["totalValueUsd"]);
        var again = await PostAsync(analyst, query, new { id = L2 });
        Assert.Equal(full.ToJsonString(), again.ToJsonString());
        var open = await PostAsync(anonymous, query, new { id = L2 });
        Assert.Null(open["data"]!["supplyChain"]!["tiers"]![0]!["totalValueUsd"]);
        Assert.Equal(full["data"]!["supplyChain"]!["firmCount"]!.ToString(), open["data"]!["supplyChain"]!["firmCount"]!.ToString());
    }

    [Fact]
    public async Task Keys_are_read_from_either_header_and_an_unknown_key_is_401()
    {
        using var client = api.ClientAs(Role.Anonymous);
        using var byAuthorization = EcosystemApiFactory.Post("{ firm(id: \"firm:lead-hp\") { suppliers { nodes { valueUsd } } } }");
        byAuthorization.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", TestKeys.Analyst);
        using var ok = await client.SendAsync(byAuthorization);
        var body = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!.AsObject();
        Assert.Empty(Errors(body));

        using var wrong = EcosystemApiFactory.Post("{ regions { code } }");
        wrong.Headers.Add(Authentication.ApiKeyHeader, TestKeys.Analyst + "x");
        using var refused = await client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("ApiKey", refused.Headers.WwwAuthenticate.ToString());
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("UNAUTHENTICATED", error["extensions"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain(TestKeys.Analyst, error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_JWT_gives_the_role_in_its_claim_and_a_bad_one_is_401()
    {
        using var client = api.ClientAs(Role.Anonymous);
        async Task<HttpResponseMessage> Send(string token)
        {
            var request = EcosystemApiFactory.Post("{ firm(id: \"firm:lead-hp\") { name suppliers { nodes { valueUsd } } } }");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.SendAsync(request);
        }

        using var analyst = await Send(JwtApiFactory.Token("researcher@example.org", ["analyst"]));
        Assert.Equal(HttpStatusCode.OK, analyst.StatusCode);
        Assert.Empty(Errors(JsonNode.Parse(await analyst.Content.ReadAsStringAsync())!.AsObject()));

        // A valid token without a role reads as anonymous.
        using var noRole = await Send(JwtApiFactory.Token("viewer@example.org", []));
        Assert.Equal(HttpStatusCode.OK, noRole.StatusCode);
        Assert.All(Errors(JsonNode.Parse(await noRole.Content.ReadAsStringAsync())!.AsObject()), e => Assert.Equal("FORBIDDEN", e.Code));

        foreach (var bad in new[]
        {
            JwtApiFactory.Token("late@example.org", ["admin"], expires: DateTime.UtcNow.AddMinutes(-5)),
            JwtApiFactory.Token("forger@example.org", ["admin"], key: "another-signing-key-of-at-least-32-bytes!"),
            JwtApiFactory.Token("elsewhere@example.org", ["admin"], issuer: "https://other.test"),
            "not.a.token",
        })
        {
            using var refused = await Send(bad);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("UNAUTHENTICATED", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Introspection_can_be_kept_from_anonymous_callers()
    {
        const string query = "{ __schema { queryType { name } } }";
        using var refused = await api.ClientAs(Role.Anonymous).SendAsync(EcosystemApiFactory.Post(query));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var open = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!.AsObject();
        Assert.Null(open["data"]);
        Assert.Equal("FORBIDDEN", Errors(open).Single().Code);
        var keyed = await PostAsync(api.ClientAs(Role.Analyst), query);
        Assert.Equal("Query", keyed["data"]!["__schema"]!["queryType"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exports_leave_values_out_and_the_candidates_report_needs_the_analyst_role()
    {
        var url = $"/export/supply-chain?firmId={L1}&maxDepth=1&format=links.csv";
        var open = await (await api.ClientAs(Role.Anonymous).GetAsync(url)).Content.ReadAsStringAsync();
        var full = await (await api.ClientAs(Role.Analyst).GetAsync(url)).Content.ReadAsStringAsync();
        static List<string[]> Rows(string csv) => [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(','))];
        Assert.Equal(Rows(full).Count, Rows(open).Count);
        Assert.Contains(Rows(full), r => r[4].Length > 0);
        Assert.All(Rows(open), r => Assert.Equal("", r[4]));

        // The inputs report is published under the disclosure rules (see DisclosureApiTests); the candidates are for analysts.
        var report = "/reports/localization-candidates.csv?province=H%E1%BA%A3i%20Ph%C3%B2ng&asOf=2026-09-01";
        using var anonymous = await api.ClientAs(Role.Anonymous).GetAsync(report);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var analyst = await api.ClientAs(Role.Analyst).GetAsync(report);
        Assert.Equal(HttpStatusCode.OK, analyst.StatusCode);
    }

    [Fact]
    public void Settings_that_cannot_work_are_named_at_the_start()
    {
        var problems = Authentication.Problems(new AuthOptions
        {
            ApiKeys =
            [
                new ApiKeyEntry { Name = "a", Role = "analyst", Sha256 = Authentication.HashKey("k1") },
                new ApiKeyEntry { Name = "a", Role = "owner", Sha256 = "plain-secret" },
                new ApiKeyEntry { Name = "", Role = "anonymous", Sha256 = Authentication.HashKey("k1") },
            ],
            Jwt = new JwtAuthOptions { SigningKey = "short" },
        });
        Assert.Contains("Auth:ApiKeys:1:Name 'a' is used by another key.", problems);
        Assert.Contains(problems, p => p.StartsWith("Auth:ApiKeys:1:Role", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:ApiKeys:1:Sha256 must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:ApiKeys:2:Name is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth:ApiKeys:2:Role", StringComparison.Ordinal));
        Assert.Contains("Auth:ApiKeys:2:Sha256 is the same as another key's.", problems);
        Assert.Contains("Auth:Jwt:SigningKey must be at least 32 bytes.", problems);
        Assert.Equal(7, problems.Count);
        Assert.Empty(Authentication.Problems(new AuthOptions()));
    }

    [Fact]
    public void The_role_is_the_highest_one_held()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(Roles.ClaimType, "analyst"), new Claim(Roles.ClaimType, "admin"), new Claim(Roles.ClaimType, "3")], "test"));
        Assert.Equal(Role.Admin, Roles.Of(principal));
        Assert.Equal(Role.Anonymous, Roles.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim(Roles.ClaimType, "admin")]))));
        Assert.False(Roles.TryParse("3", out _));
    }
}

public sealed class AnonymousOnlyTests(AnonymousOnlyApiFactory api) : IClassFixture<AnonymousOnlyApiFactory>
{
    [Fact]
    public async Task Without_keys_the_API_says_at_start_how_to_add_one_and_answers_public_facts_only()
    {
        using var client = api.CreateClient();
        var start = api.Logs.Single(l => l.Contains("Anonymous access only", StringComparison.Ordinal));
        Assert.Contains("Auth__ApiKeys__0__Sha256", start, StringComparison.Ordinal);
        Assert.Contains("seed key --name", start, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Logs, l => l.Contains("API key(s)", StringComparison.Ordinal));

        // Public facts answer; a restricted value is FORBIDDEN; any key sent is not one this API knows.
        using var response = await client.SendAsync(EcosystemApiFactory.Post("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { name revenueUsd } } }"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(body["data"]!["firms"]!["nodes"]![0]!["name"]);
        Assert.Equal("FORBIDDEN", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = EcosystemApiFactory.Post("{ regions { code } }").Content };
        keyed.Headers.Add(Authentication.ApiKeyHeader, TestKeys.Analyst);
        using var refused = await client.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
