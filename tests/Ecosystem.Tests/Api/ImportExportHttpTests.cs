using Ecosystem.Api.Auth;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Ecosystem.Tests.Data;

namespace Ecosystem.Tests.Api;

/// <summary>Import into a running API (the next query sees the new version) and subgraph downloads over HTTP.</summary>
public sealed class ImportExportHttpTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private static MultipartFormDataContent Files(string firms, string links, string? sources = ImportTests.Sources)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(firms, Encoding.UTF8, "text/csv"), "firms", "firms.csv");
        form.Add(new StringContent(links, Encoding.UTF8, "text/csv"), "links", "links.csv");
        if (sources is not null)
        {
            form.Add(new StringContent(sources, Encoding.UTF8, "text/csv"), "sources", "sources.csv");
        }
        return form;
    }

    [Fact]
    public async Task An_import_over_HTTP_is_served_by_the_next_query_without_a_restart()
    {
        using var client = api.ClientAs(Role.Admin);
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var firms = $"{ImportTests.FirmsHeader}\nhttp-new,Công ty Mới HTTP,,,VN,Hà Nội,,22,SUPPORTING_INDUSTRY,,,survey-2026\n";
        var links = $"{ImportTests.LinksHeader}\nhttp-new,{lead},22,,4321,2024-01-01,,,survey-2026\n";

        using var dry = await client.PostAsync("/import?dryRun=true", Files(firms, links));
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.Null((await api.DataAsync("{ firm(id: \"firm:http-new\") { id } }"))["firm"]);

        using var bad = await client.PostAsync("/import", Files(firms.Replace("Hà Nội", "Atlantis", StringComparison.Ordinal), links));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var report = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        Assert.Equal("unknown province", report["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(2, report["errors"]![0]!["line"]!.GetValue<int>());

        using var ok = await client.PostAsync("/import", Files(firms, links));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["written"]!.GetValue<bool>());
        var data = await api.DataAsync("query($id: ID!) { firm(id: \"firm:http-new\") { name province { name } customers { nodes { buyer { id } valueUsd } } } lead: firm(id: $id) { suppliers(where: { minValueUsd: 4321 }) { nodes { supplier { id } } } } }", new { id = lead });
        Assert.Equal("Công ty Mới HTTP", data["firm"]!["name"]!.GetValue<string>());
        Assert.Equal(lead, data["firm"]!["customers"]!["nodes"]![0]!["buyer"]!["id"]!.GetValue<string>());
        Assert.Contains(data["lead"]!["suppliers"]!["nodes"]!.AsArray(), n => n!["supplier"]!["id"]!.GetValue<string>() == "firm:http-new");

        using var notForm = await client.PostAsync("/import", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notForm.StatusCode);
    }

    [Fact]
    public async Task A_matching_import_over_HTTP_updates_the_firm_a_row_means_and_reports_every_decision()
    {
        using var client = api.ClientAs(Role.Admin);
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id name province { name } } } }"))["firms"]!["nodes"]![0]!;
        var (id, name, province) = (lead["id"]!.GetValue<string>(), lead["name"]!.GetValue<string>(), lead["province"]!["name"]!.GetValue<string>());
        // The lead firm's name without its diacritics and in capitals; and a firm the graph has nothing like.
        var folded = Ecosystem.Graph.Rules.VietnameseText.Fold(name).ToUpperInvariant();
        var firms = $"name,province,source\n\"{folded}\",{province},survey-2026\nCông ty TNHH Hoàn Toàn Mới Qua HTTP Zeta,Hà Nội,survey-2026\n";

        using var bad = await client.PostAsync("/import?match=true&format=xlsx", Files(firms, ImportTests.LinksHeader + "\n"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("BAD_USER_INPUT", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        using var response = await client.PostAsync("/import?match=true", Files(firms, ImportTests.LinksHeader + "\n"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var match = JsonNode.Parse(body)!["match"]!;
        var decisions = match["decisions"]!.AsArray();
        Assert.Equal(("MATCHED", id), (decisions[0]!["outcome"]!.GetValue<string>(), decisions[0]!["firmId"]!.GetValue<string>()));
        Assert.Equal(("NEW", "firm:cong-ty-tnhh-hoan-toan-moi-qua-http-zeta"), (decisions[1]!["outcome"]!.GetValue<string>(), decisions[1]!["firmId"]!.GetValue<string>()));
        Assert.Empty(match["review"]!.AsArray());
        var data = await api.DataAsync("query($id: ID!) { firm(id: $id) { name sources { id } } }", new { id });
        Assert.Equal(name, data["firm"]!["name"]!.GetValue<string>());
        Assert.Contains(data["firm"]!["sources"]!.AsArray(), s => s!["id"]!.GetValue<string>() == "source:survey-2026");
    }

    [Theory]
    [InlineData(Role.Anonymous, HttpStatusCode.Unauthorized, "UNAUTHENTICATED")]
    [InlineData(Role.Analyst, HttpStatusCode.Forbidden, "FORBIDDEN")]
    [InlineData(Role.Editor, HttpStatusCode.Forbidden, "FORBIDDEN")]
    public async Task Only_admins_import_through_the_API(Role role, HttpStatusCode status, string code)
    {
        using var client = api.ClientAs(role);
        var before = await api.Store.GetVersionAsync();
        var firms = $"{ImportTests.FirmsHeader}\nrole-test-{role},Công ty Thử,,,VN,Hà Nội,,22,SUPPORTING_INDUSTRY,,,survey-2026\n";
        using var response = await client.PostAsync("/import", Files(firms, ImportTests.LinksHeader + "\n"));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(before, await api.Store.GetVersionAsync());
        Assert.Null((await api.DataAsync($"{{ firm(id: \"firm:role-test-{role}\") {{ id }} }}"))["firm"]);
    }

    [Theory]
    [InlineData("graphml", "application/graphml+xml", ".graphml")]
    [InlineData("json", "application/json", ".json")]
    [InlineData("firms.csv", "text/csv", ".firms.csv")]
    [InlineData("links.csv", "text/csv", ".links.csv")]
    public async Task A_supply_chain_downloads_in_every_format(string format, string contentType, string extension)
    {
        using var client = api.CreateClient();
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var chain = (await api.DataAsync("query($id: ID!) { supplyChain(firmId: $id, maxDepth: 2) { firmCount } }", new { id = lead }))["supplyChain"]!["firmCount"]!.GetValue<int>();
        using var response = await client.GetAsync($"/export/supply-chain?firmId={lead}&maxDepth=2&format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(extension + "\"", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        switch (format)
        {
            case "graphml":
                XNamespace g = "http://graphml.graphdrawing.org/xmlns";
                Assert.Equal(chain + 1, XDocument.Parse(body).Descendants(g + "node").Count(n => n.Elements(g + "data").Any(d => d.Value == "firm")));
                break;
            case "json":
                Assert.Equal(chain + 1, JsonNode.Parse(body)!["firms"]!.AsArray().Count);
                break;
            case "firms.csv":
                Assert.Equal(chain + 2, body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
                break;
            default:
                Assert.StartsWith(ImportTests.LinksHeader, body, StringComparison.Ordinal);
                break;
        }
    }

    [Theory]
    [InlineData("/export/supply-chain?firmId=firm:nobody", HttpStatusCode.NotFound)]
    [InlineData("/export/supply-chain?format=graphml", HttpStatusCode.BadRequest)]
    [InlineData("/export/supply-chain?firmId=firm:dtj&maxDepth=9", HttpStatusCode.BadRequest)]
    [InlineData("/export/supply-chain?firmId=firm:dtj&format=xlsx", HttpStatusCode.BadRequest)]
    [InlineData("/export/scope?province=Atlantis", HttpStatusCode.NotFound)]
    [InlineData("/export/scope?province=31&park=park:kcn-dinh-vu-hai-phong", HttpStatusCode.BadRequest)]
    [InlineData("/export/scope?park=park:kcn-dinh-vu-hai-phong&format=json", HttpStatusCode.OK)]
    [InlineData("/export/scope?corridor=corridor:eastern-expressway&format=links.csv", HttpStatusCode.OK)]
    public async Task Export_arguments_are_checked(string url, HttpStatusCode status)
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
    }
}
