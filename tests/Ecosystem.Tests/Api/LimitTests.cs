using Ecosystem.Api.Auth;
using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Api;

/// <summary>Request limits: a document over any of them is rejected with LIMIT_EXCEEDED before a single resolver runs.</summary>
public sealed class LimitTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private async Task AssertRejectedUnexecutedAsync(string query, object? variables, string messagePart)
    {
        api.Counter.Reset();
        var result = await api.QueryAsync(query, variables, expectStatus: 400);
        Assert.Null(result["data"]);
        Assert.Equal("LIMIT_EXCEEDED", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains(messagePart, result["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, api.Counter.TotalCalls);
    }

    [Fact]
    public Task A_page_larger_than_the_limit_is_rejected() =>
        AssertRejectedUnexecutedAsync("{ firms(first: 101) { totalCount } }", null, "page-size limit of 100");

    [Fact]
    public Task A_page_size_from_a_variable_is_checked_too() =>
        AssertRejectedUnexecutedAsync("query($n: Int) { parks(last: $n) { totalCount } }", new { n = 1000 }, "page-size limit of 100");

    [Fact]
    public Task Too_deep_a_document_is_rejected() =>
        AssertRejectedUnexecutedAsync(
            "{ province(code: \"01\") { " + string.Concat(Enumerable.Repeat("current { ", 15)) + "name" + string.Concat(Enumerable.Repeat(" }", 16)) + " }",
            null, "depth");

    [Fact]
    public Task Too_complex_a_document_is_rejected_with_first_counting_as_the_list_size() =>
        AssertRejectedUnexecutedAsync(
            "{ firms(first: 100) { nodes { suppliers(first: 100) { nodes { supplier { name } } } } } }",
            null, "too complex");

    [Fact]
    public async Task The_same_shape_with_small_pages_runs()
    {
        var data = await api.DataAsync("{ firms(first: 10) { nodes { suppliers(first: 10) { nodes { supplier { name } } } } } }");
        Assert.Equal(10, data["firms"]!["nodes"]!.AsArray().Count);
    }

    [Fact]
    public Task Too_many_aliases_are_rejected() =>
        AssertRejectedUnexecutedAsync(
            "{ " + string.Join(' ', Enumerable.Range(0, 31).Select(i => $"a{i}: regions {{ code }}")) + " }",
            null, "more than 30 aliased fields");

    [Fact]
    public async Task The_introspection_query_of_GraphiQL_stays_available()
    {
        var data = await api.DataAsync(IntrospectionQuery);
        var types = data["__schema"]!["types"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("Firm", types);
        Assert.Contains("SupplyLinkConnection", types);
    }

    public const string IntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;
}

public sealed class TimeoutTests(TightTimeApiFactory api) : IClassFixture<TightTimeApiFactory>
{
    [Fact]
    public async Task Execution_past_the_time_limit_stops_with_LIMIT_EXCEEDED()
    {
        // The limit is 1 ms, but a timer fires late on a loaded machine while a small query runs straight through; each
        // store call is made busy for far longer, so the limit has passed (and been noticed) before the answer is complete.
        api.Counter.BusyBeforeEachCall = TimeSpan.FromMilliseconds(100);
        try
        {
            var result = await api.QueryAsync(expectStatus: 503, query:
                "{ firms(first: 100) { nodes { customers(first: 100) { nodes { buyer { suppliers(first: 100) { nodes { supplier { name customers(first: 100) { totalCount } } } } } } } } } }");
            var errors = result["errors"]!.AsArray();
            Assert.Contains(errors, e => e!["extensions"]!["code"]!.GetValue<string>() == "LIMIT_EXCEEDED");
            Assert.DoesNotContain(errors, e => e!["message"]!.GetValue<string>().Contains("   at ", StringComparison.Ordinal));
            Assert.True(result["data"] is null or JsonValue || result["data"]!["firms"] is null, "a timed-out query returns no data");
        }
        finally
        {
            api.Counter.BusyBeforeEachCall = TimeSpan.Zero;
        }
    }
}

/// <summary>Abuse: documents built to cost much are refused before they run; a slow one is stopped and its store work cancelled.</summary>
public sealed class AbuseTests(ShortTimeApiFactory api) : IClassFixture<ShortTimeApiFactory>
{
    [Fact]
    public async Task A_fragment_cycle_is_refused_before_anything_runs()
    {
        api.Counter.Reset();
        var result = await api.QueryAsync("query { ...A } fragment A on Query { regions { code } ...B } fragment B on Query { ...A }", expectStatus: 400);
        Assert.Null(result["data"]);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(0, api.Counter.TotalCalls);
    }

    [Fact]
    public async Task A_slow_query_is_stopped_at_the_time_limit_and_its_store_work_is_cancelled()
    {
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        api.Counter.TraverseDelay = TimeSpan.FromSeconds(30);
        try
        {
            var cancelledBefore = api.Counter.TraversalsCancelled;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await api.QueryAsync($"{{ supplyChain(firmId: \"{lead}\", maxDepth: 2) {{ firmCount }} }}", expectStatus: 503);
            clock.Stop();
            Assert.Contains(result["errors"]!.AsArray(), e => e!["extensions"]!["code"]!.GetValue<string>() == "LIMIT_EXCEEDED");
            // The answer came at the limit, not after the 30 s the store would have taken, and the store call was cancelled.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"answered after {clock.Elapsed.TotalSeconds:N1} s");
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (api.Counter.TraversalsCancelled == cancelledBefore && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.Equal(cancelledBefore + 1, api.Counter.TraversalsCancelled);
        }
        finally
        {
            api.Counter.TraverseDelay = TimeSpan.Zero;
        }
    }
}

public sealed class RateLimitTests(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task Past_the_limit_an_address_gets_429_with_retry_after_and_health_checks_are_not_counted()
    {
        using var client = api.ClientAs(Role.Anonymous);
        for (var i = 0; i < 5; i++)
        {
            using var ok = await client.SendAsync(EcosystemApiFactory.Post("{ regions { code } }"));
            Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
            using var health = await client.GetAsync("/health/ready");
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        }
        using var refused = await client.SendAsync(EcosystemApiFactory.Post("{ regions { code } }"));
        Assert.Equal((System.Net.HttpStatusCode)429, refused.StatusCode);
        var seconds = int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("RATE_LIMITED", error["extensions"]!["code"]!.GetValue<string>());
        using var export = await client.GetAsync("/export/scope?province=31&format=links.csv");
        Assert.Equal((System.Net.HttpStatusCode)429, export.StatusCode);
        using var stillHealthy = await client.GetAsync("/health/live");
        Assert.Equal(System.Net.HttpStatusCode.OK, stillHealthy.StatusCode);
    }
}

public sealed class KeyRateLimitTests(KeyRateLimitedApiFactory api) : IClassFixture<KeyRateLimitedApiFactory>
{
    [Fact]
    public async Task Each_key_has_its_own_limit_and_a_wrong_key_counts_against_the_address()
    {
        // The analyst's key: 3 requests, then 429, whatever the address has left.
        using var analyst = api.ClientAs(Role.Analyst);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await analyst.SendAsync(EcosystemApiFactory.Post("{ regions { code } }"));
            Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
        }
        using var over = await analyst.SendAsync(EcosystemApiFactory.Post("{ regions { code } }"));
        Assert.Equal((System.Net.HttpStatusCode)429, over.StatusCode);
        Assert.NotNull(over.Headers.RetryAfter);

        // Another key is not affected by the first one's use.
        using var editor = api.ClientAs(Role.Editor);
        using var editorOk = await editor.SendAsync(EcosystemApiFactory.Post("{ regions { code } }"));
        Assert.Equal(System.Net.HttpStatusCode.OK, editorOk.StatusCode);

        // A wrong key is refused with 401 and counted against the address (so guessing keys is limited too).
        using var guesser = api.CreateClient();
        guesser.DefaultRequestHeaders.Remove(Authentication.ApiKeyHeader);
        guesser.DefaultRequestHeaders.Add(Authentication.ApiKeyHeader, "not-a-key");
        var statuses = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            using var response = await guesser.SendAsync(EcosystemApiFactory.Post("{ regions { code } }"));
            statuses.Add((int)response.StatusCode);
        }
        Assert.Contains(401, statuses);
        Assert.Equal(429, statuses[^1]);
        Assert.True(statuses.Count(s => s == 401) <= 5, string.Join(',', statuses));
    }
}
