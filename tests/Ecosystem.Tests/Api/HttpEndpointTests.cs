using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Api;

/// <summary>GraphQL over HTTP: methods, media types, status codes and request limits at the HTTP level.</summary>
public sealed class HttpEndpointTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const string GraphQLResponse = "application/graphql-response+json";

    private async Task<(HttpStatusCode Status, string? ContentType, JsonObject? Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        using var client = api.CreateClient();
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : null;
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response);
    }

    private static string? Code(JsonObject? body) => body?["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

    [Fact]
    public async Task A_query_over_POST_answers_200_in_the_requested_media_type()
    {
        var (status, type, body, _) = await SendAsync(EcosystemApiFactory.Post("{ regions { code } }"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(GraphQLResponse, type);
        Assert.Equal(8, body!["data"]!["regions"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("{ regions { code ", "GRAPHQL_PARSE_FAILED")]
    [InlineData("{ regions { nope } }", "GRAPHQL_VALIDATION_FAILED")]
    public async Task Documents_that_cannot_run_are_400_without_data_for_graphql_response_json_and_200_for_legacy_json(string query, string code)
    {
        var modern = await SendAsync(EcosystemApiFactory.Post(query));
        Assert.Equal(HttpStatusCode.BadRequest, modern.Status);
        Assert.Null(modern.Body!["data"]);
        Assert.Equal(code, Code(modern.Body));

        var legacy = await SendAsync(EcosystemApiFactory.Post(query, accept: "application/json"));
        Assert.Equal(HttpStatusCode.OK, legacy.Status);
        Assert.Equal("application/json", legacy.ContentType);
        Assert.Equal(code, Code(legacy.Body));
    }

    [Fact]
    public async Task A_variable_of_the_wrong_type_is_a_400_BAD_USER_INPUT()
    {
        var (status, _, body, _) = await SendAsync(EcosystemApiFactory.Post("query($n: Int) { firms(first: $n) { totalCount } }", new { n = "ten" }));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_USER_INPUT", Code(body));
    }

    [Fact]
    public async Task A_resolver_error_is_200_with_data_and_the_error_code()
    {
        var (status, _, body, _) = await SendAsync(EcosystemApiFactory.Post("{ firm(taxCode: \"0100233480\") { name } }"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!.ContainsKey("data"));
        Assert.Equal("BAD_USER_INPUT", Code(body));
    }

    [Fact]
    public async Task GET_runs_queries_from_the_url()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("query($c: String!) { sector(code: $c) { name } }") + "&variables=" + Uri.EscapeDataString("{\"c\":\"C\"}"));
        request.Headers.Accept.ParseAdd(GraphQLResponse);
        var (status, _, body, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("CÔNG NGHIỆP CHẾ BIẾN, CHẾ TẠO", body!["data"]!["sector"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_mutation_over_GET_is_405_with_Allow_POST()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("mutation { anything }"));
        request.Headers.Accept.ParseAdd("*/*");
        var (status, _, _, response) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Other_methods_are_405_with_Allow_GET_and_POST()
    {
        var (status, _, body, response) = await SendAsync(new HttpRequestMessage(HttpMethod.Put, "/graphql"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.SelectMany(a => a.Split(',', StringSplitOptions.TrimEntries)));
        Assert.Equal("METHOD_NOT_ALLOWED", Code(body));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml, image/png")]
    public async Task An_Accept_we_cannot_serve_is_406(string accept)
    {
        var (status, _, body, _) = await SendAsync(EcosystemApiFactory.Post("{ regions { code } }", accept: accept));
        Assert.Equal(HttpStatusCode.NotAcceptable, status);
        Assert.Equal("NOT_ACCEPTABLE", Code(body));
    }

    [Theory]
    [InlineData(null, "application/json")]
    // A wildcard or no Accept at all is a legacy client: application/json (the GraphQL-over-HTTP specification, 6.4.1).
    [InlineData("*/*", "application/json")]
    [InlineData("application/*", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("application/graphql-response+json, application/json", GraphQLResponse)]
    [InlineData("application/json, application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/graphql-response+json, */*", GraphQLResponse)]
    [InlineData("application/json;q=0.9, application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/graphql-response+json;q=0.5, application/json", "application/json")]
    public async Task Accept_negotiation_picks_the_preferred_type(string? accept, string expected)
    {
        var request = EcosystemApiFactory.Post("{ regions { code } }");
        request.Headers.Accept.Clear();
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        var (status, type, _, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected, type);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task A_body_we_cannot_read_is_415(string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"query\":\"{ regions { code } }\"}")) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var (status, _, body, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", Code(body));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[{\"query\":\"{ regions { code } }\"}]")]
    [InlineData("{\"query\": 42}")]
    [InlineData("{\"variables\": {}}")]
    public async Task A_body_that_is_not_a_GraphQL_request_is_400(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        var (status, _, body, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("BAD_REQUEST", Code(body));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_and_is_not_read_further()
    {
        var padding = new string('x', 120_000);
        var (status, _, body, _) = await SendAsync(EcosystemApiFactory.Post("{ regions { code } } # " + padding));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("LIMIT_EXCEEDED", Code(body));
        Assert.Contains("100000 bytes", body!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browsers_get_GraphiQL_with_its_files_served_from_here()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var (status, type, _, response) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", type);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
        using var client = api.CreateClient();
        foreach (var asset in new[] { "/lib/graphiql.min.js", "/lib/graphiql.min.css", "/lib/react.production.min.js", "/lib/react-dom.production.min.js" })
        {
            Assert.Contains(asset, html, StringComparison.Ordinal);
            using var file = await client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.True((await file.Content.ReadAsByteArrayAsync()).Length > 1000, asset);
        }
    }
}
