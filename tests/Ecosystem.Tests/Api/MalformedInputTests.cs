using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Api;

/// <summary>
/// A seeded corpus of 10,000 malformed requests (broken documents, wrong variables, bodies that are not the protocol's,
/// odd headers, huge strings, deep nesting, invalid UTF-8, Unicode confusables): not one answer is a 5xx, and every
/// answer is a JSON error with a code and no internals. The seed makes a failure reproducible.
/// </summary>
public sealed class MalformedInputTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const int Seed = 20261123;
    private const int Count = 10_000;

    private static readonly string[] Documents =
    [
        "{ firms(first: 3, where: { province: \"Hải Phòng\" }) { totalCount nodes { id name } } }",
        "query($id: ID!) { firm(id: $id) { name suppliers(first: 2) { nodes { valueUsd } } } }",
        "{ supplyChain(firmId: \"firm:syn-0000050\", maxDepth: 2) { firmCount tiers { depth } } }",
        "{ localizationReport(scope: { province: \"31\" }) { leadFirmCount gaps { sector { code } } } }",
        "{ search(text: \"dinh vu\", first: 3) { name score } }",
        "{ parks(first: 2, orderBy: [{ field: AVAILABLE_AREA_HA, direction: DESC }]) { nodes { name } } }",
    ];

    private static readonly string[] Confusables =
    [
        "Hаi Phòng", "Ηải Phòng", "Hải\u200dPhòng", "\u202eHải Phòng", "Ｈải Ｐhòng", "Hải Phòng\u0000", "firm:syn\u2010000050", "\ud800", "𝐇ải",
    ];

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_clear_errors_and_never_a_5xx()
    {
        var random = new Random(Seed);
        // Half the corpus as an analyst (every field answers), half anonymous (restricted ones are FORBIDDEN, and the
        // credentials the corpus sends are read).
        using var analyst = api.CreateClient();
        using var anonymous = api.ClientAs(Ecosystem.Api.Auth.Role.Anonymous);
        var failures = new List<string>();
        for (var i = 0; i < Count && failures.Count < 10; i++)
        {
            var (request, what) = Make(random, i);
            using (request)
            using (var response = await (i % 2 == 0 ? analyst : anonymous).SendAsync(request))
            {
                var status = (int)response.StatusCode;
                var bytes = await response.Content.ReadAsByteArrayAsync();
                var body = Encoding.UTF8.GetString(bytes);
                if (status >= 500)
                {
                    failures.Add($"#{i} {what}: HTTP {status}: {body[..Math.Min(300, body.Length)]}");
                    continue;
                }
                if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal))
                {
                    failures.Add($"#{i} {what}: internals in the answer: {body[..Math.Min(300, body.Length)]}");
                    continue;
                }
                if (status >= 400 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
                {
                    var errors = JsonNode.Parse(body)?["errors"]?.AsArray();
                    if (errors is null || errors.Count == 0 || errors.Any(e => e?["extensions"]?["code"] is null))
                    {
                        failures.Add($"#{i} {what}: HTTP {status} without coded errors: {body[..Math.Min(300, body.Length)]}");
                    }
                }
                else if (status == 200)
                {
                    var root = JsonNode.Parse(body)!;
                    if (root["errors"]?.AsArray() is { } errors && errors.Any(e => e?["extensions"]?["code"] is null))
                    {
                        failures.Add($"#{i} {what}: an error without a code: {body[..Math.Min(300, body.Length)]}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, $"seed {Seed}:\n" + string.Join("\n", failures));
    }

    private static (HttpRequestMessage Request, string What) Make(Random random, int i)
    {
        var kind = i % 10;
        return kind switch
        {
            0 => Post(Mutate(random, Pick(random, Documents)), null, "mutated document"),
            1 => Post(Pick(random, Documents), RandomJson(random, 0), "variables of any shape"),
            2 => Raw(RandomBody(random), "application/json", "a body that is not a GraphQL request"),
            3 => Raw(InvalidUtf8(random), "application/json", "invalid UTF-8"),
            4 => Post($"{{ search(text: {Quote(Pick(random, Confusables) + Mutate(random, "dinh vu"))}, first: {random.Next(-5, 200)}) {{ name }} }}", null, "confusable search"),
            5 => Post($"{{ firms(first: {random.Next(-3, 500)}, where: {{ province: {Quote(Pick(random, Confusables))} }}) {{ totalCount }} }}", null, "confusable province"),
            6 => Post(Deep(random), null, "deep or wide document"),
            7 => Headers(random),
            8 => Post(new string('x', random.Next(0, 3)) + Huge(random), null, "huge string"),
            _ => Get(random),
        };
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Mutate(Random random, string text)
    {
        var chars = new StringBuilder(text);
        var edits = random.Next(1, 6);
        const string noise = "{}[]()$!:@#\"\\,.…\u0000\uFFFF\u00A0é€";
        for (var e = 0; e < edits && chars.Length > 0; e++)
        {
            var at = random.Next(chars.Length);
            switch (random.Next(3))
            {
                case 0:
                    chars.Remove(at, 1);
                    break;
                case 1:
                    chars.Insert(at, noise[random.Next(noise.Length)]);
                    break;
                default:
                    chars[at] = noise[random.Next(noise.Length)];
                    break;
            }
        }
        return chars.ToString();
    }

    private static JsonNode? RandomJson(Random random, int depth) => (depth > 4 ? random.Next(5) : random.Next(8)) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        2 => JsonValue.Create(random.NextDouble() * 1e300),
        3 => JsonValue.Create(Pick(random, Confusables)),
        4 => JsonValue.Create(random.Next(2) == 0),
        5 => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(k => KeyValuePair.Create(Pick(random, new[] { "id", "first", "where", "x", "" }) + k, RandomJson(random, depth + 1)))),
    };

    private static string RandomBody(Random random) => random.Next(8) switch
    {
        0 => "",
        1 => "[]",
        2 => "null",
        3 => "{\"query\": 42}",
        4 => "{\"query\": \"{ regions { code } }\", \"variables\": [1,2]}",
        5 => new string('[', random.Next(1, 5000)),
        6 => "{\"query\": \"{ regions { code } }\", \"extensions\": {\"persistedQuery\": {\"version\": " + random.Next(-2, 4) + ", \"sha256Hash\": \"zz\"}}}",
        _ => "{\"query\": \"" + new string('{', random.Next(1, 3000)) + "\"}",
    };

    private static byte[] InvalidUtf8(Random random)
    {
        var prefix = Encoding.UTF8.GetBytes("{\"query\": \"{ search(text: \\\"");
        var bad = new byte[random.Next(1, 20)];
        random.NextBytes(bad);
        bad[0] = 0xC3;
        var suffix = Encoding.UTF8.GetBytes("\\\") { name } }\"}");
        return [.. prefix, .. bad.Select(b => b is (byte)'"' or (byte)'\\' ? (byte)0xFF : b), .. suffix];
    }

    private static string Deep(Random random) => random.Next(4) switch
    {
        0 => new string('{', 500) + " regions { code } " + new string('}', 500),
        1 => "{ " + string.Join(" ", Enumerable.Range(0, random.Next(50, 500)).Select(k => $"a{k}: regions {{ code }}")) + " }",
        2 => "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        _ => "{ firms(first: " + random.Next(1000, int.MaxValue) + ") { nodes { suppliers(first: 100) { nodes { supplier { suppliers(first: 100) { totalCount } } } } } } }",
    };

    private static string Huge(Random random) => "{ search(text: \"" + new string('ả', random.Next(10_000, 60_000)) + "\") { name } }";

    private static (HttpRequestMessage, string) Post(string? query, JsonNode? variables, string what)
    {
        var body = new JsonObject { ["query"] = query, ["variables"] = variables?.DeepClone() }.ToJsonString();
        return Raw(Encoding.UTF8.GetBytes(body), "application/json", what);
    }

    private static (HttpRequestMessage, string) Raw(string body, string contentType, string what) => Raw(Encoding.UTF8.GetBytes(body), contentType, what);

    private static (HttpRequestMessage, string) Raw(byte[] body, string contentType, string what)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json");
        return (request, what);
    }

    private static (HttpRequestMessage, string) Headers(Random random)
    {
        var (request, _) = Post(Pick(random, Documents), null, "");
        var accept = Pick(random, new[] { "text/html", "*/*", "application/json;q=0", "image/png", "application/graphql-response+json; charset=latin1", "", "application/json, text/plain;q=abc" });
        request.Headers.Remove("Accept");
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var contentType = Pick(random, new[] { "text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "application/graphql", "application/json; charset=utf-8", "multipart/form-data" });
        request.Content!.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var credential = random.Next(4);
        if (credential == 0)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", Pick(random, Confusables));
        }
        else if (credential == 1)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Pick(random, new[] { "Bearer not.a.jwt", "Bearer ", "ApiKey ", "ApiKey \u0000", "Basic dXNlcjpwYXNz", "Bearer " + new string('a', 5000), "ApiKey " + Pick(random, Confusables) }));
        }
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", Pick(random, Confusables));
        return (request, $"headers Accept '{accept}' Content-Type '{contentType}' credential {credential}");
    }

    private static (HttpRequestMessage, string) Get(Random random)
    {
        var query = Uri.EscapeDataString(Mutate(random, Pick(random, Documents)));
        var variables = Uri.EscapeDataString(RandomJson(random, 0)?.ToJsonString() ?? "null");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/graphql?query={query}&variables={variables}&extensions={Uri.EscapeDataString(Mutate(random, "{}"))}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return (request, "GET with broken parameters");
    }
}
