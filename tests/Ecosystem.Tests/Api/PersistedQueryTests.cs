using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>Automatic persisted queries (Apollo protocol) and the trusted-documents mode.</summary>
public sealed class PersistedQueryTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static object Extension(string hash, int version = 1) => new { persistedQuery = new { version, sha256Hash = hash } };

    [Fact]
    public void The_hash_is_the_SHA256_hex_of_the_exact_text()
    {
        Assert.Equal("ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38", Sha256("{__typename}"));
        Assert.Equal(Sha256("{__typename}"), Ecosystem.Api.PersistedQueries.AutomaticPersistedQueries.Sha256Hex("{__typename}"));
    }

    [Fact]
    public async Task An_unknown_hash_asks_for_the_text_then_the_hash_alone_runs_it()
    {
        const string query = "{ provinces(includeFormer: false) { code } }";
        var hash = Sha256(query);
        var unknown = await api.QueryAsync(null, extensions: Extension(hash), expectStatus: 200);
        Assert.Null(unknown["data"]);
        Assert.Equal("PersistedQueryNotFound", unknown["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknown["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        var registered = await api.QueryAsync(query, extensions: Extension(hash));
        Assert.Equal(34, registered["data"]!["provinces"]!.AsArray().Count);
        var byHash = await api.QueryAsync(null, extensions: Extension(hash));
        Assert.Equal(registered.ToJsonString(), byHash.ToJsonString());

        // Over GET, extensions in the query string.
        using var client = api.CreateClient();
        var url = "/graphql?extensions=" + Uri.EscapeDataString(JsonSerializer.Serialize(Extension(hash)));
        var overGet = JsonNode.Parse(await client.GetStringAsync(url))!;
        Assert.Equal(registered["data"]!.ToJsonString(), overGet["data"]!.ToJsonString());
    }

    [Fact]
    public async Task A_text_that_does_not_match_its_hash_is_refused()
    {
        var result = await api.QueryAsync("{ regions { code } }", extensions: Extension(Sha256("{ regions { id } }")), expectStatus: 400);
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        // Nothing was registered under that hash.
        var after = await api.QueryAsync(null, extensions: Extension(Sha256("{ regions { id } }")));
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", after["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0)]
    public async Task Only_version_1_is_served(int version)
    {
        var result = await api.QueryAsync("{__typename}", extensions: Extension(Sha256("{__typename}"), version), expectStatus: 400);
        Assert.Equal("PERSISTED_QUERY_NOT_SUPPORTED", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_hash_is_a_bad_request()
    {
        var result = await api.QueryAsync(null, extensions: Extension("not-a-hash"), expectStatus: 400);
        Assert.Equal("BAD_REQUEST", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Trusted_documents_mode_runs_only_the_documents_of_its_file()
    {
        using var dir = new TempDirectory();
        const string known = "query Regions { regions { code } }";
        var file = Path.Combine(dir.Path, "documents.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, string> { ["sha256:" + Sha256(known)] = known }));
        using var trusted = new CacheApiFactory(new Dictionary<string, string>
        {
            ["PersistedDocuments:File"] = file,
            ["PersistedDocuments:TrustedOnly"] = "true",
        });

        using var client = trusted.CreateClient();
        async Task<(HttpStatusCode Status, JsonNode Body)> Send(object body)
        {
            using var response = await client.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        var byId = await Send(new { documentId = "sha256:" + Sha256(known) });
        Assert.Equal(HttpStatusCode.OK, byId.Status);
        Assert.True(byId.Body["data"]!["regions"]!.AsArray().Count > 0);

        // The same document by its APQ hash runs too; an ad-hoc query, known text or not, does not.
        var byApq = await Send(new { extensions = Extension(Sha256(known)) });
        Assert.Equal(byId.Body.ToJsonString(), byApq.Body.ToJsonString());
        var adHoc = await Send(new { query = "{ regions { code } }" });
        Assert.Null(adHoc.Body["data"]);
        Assert.Equal("DOCUMENT_ID_MISSING", adHoc.Body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        var registering = await Send(new { query = "{ regions { id } }", extensions = Extension(Sha256("{ regions { id } }")) });
        Assert.Null(registering.Body["data"]);
        var unknown = await Send(new { documentId = "sha256:" + Sha256("{ regions { id } }") });
        Assert.Equal("DOCUMENT_NOT_FOUND", unknown.Body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_trusted_file_whose_hash_does_not_match_stops_the_start()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "documents.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, string> { ["sha256:" + Sha256("{ a }")] = "{ b }" }));
        using var broken = new CacheApiFactory(new Dictionary<string, string> { ["PersistedDocuments:File"] = file, ["PersistedDocuments:TrustedOnly"] = "true" });
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("is not the SHA-256 of its document", error.ToString(), StringComparison.Ordinal);
    }
}
