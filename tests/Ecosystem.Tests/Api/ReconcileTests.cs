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
        Assert.Contains("0.2", manifest!["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(manifest["name"]!.GetValue<string>()));
        Assert.EndsWith("/id/", manifest["identifierSpace"]!.GetValue<string>());
        Assert.EndsWith("/schema/", manifest["schemaSpace"]!.GetValue<string>());
        Assert.Equal("Firm", manifest["defaultTypes"]![0]!["id"]!.GetValue<string>());
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
            ["q2"] = new JsonObject { ["query"] = "Đình Vũ", ["type"] = "Park" },
            ["q3"] = new JsonObject { ["query"] = "Công ty TNHH" },
        };
        var (status, body, text) = await FormAsync(queries);
        Assert.True(status == HttpStatusCode.OK, text);
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
        // Only firms are reconciled; legal forms alone tell no firm apart.
        Assert.Empty(body["q2"]!["result"]!.AsArray());
        Assert.Empty(body["q3"]!["result"]!.AsArray());
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
