using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Api;

/// <summary>The result cache with level 1 only (no Redis configured: the embedded default).</summary>
public sealed class CacheTests
{
    [Fact]
    public async Task An_expensive_query_is_computed_once_then_answered_from_memory()
    {
        using var api = new CacheApiFactory();
        var lead = await api.LeadAsync();
        api.Counter.Reset();
        var (first, firstCache) = await api.ChainAsync(lead);
        var (second, secondCache) = await api.ChainAsync(lead);
        Assert.Equal("MISS", firstCache);
        Assert.Equal("HIT-L1", secondCache);
        Assert.Equal(first, second);
        Assert.Equal(1, api.Counter.Calls["TraverseAsync"]);
        var metrics = await api.MetricsAsync();
        Assert.Contains("ecosystem_cache_lookups_total 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("ecosystem_cache_hits_total{level=\"l1\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("ecosystem_cache_misses_total 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("ecosystem_cache_entry_bytes_count 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("ecosystem_cache_l2_available 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cheap_queries_are_not_kept_unless_the_operator_marks_them()
    {
        const string card = "query FirmCard($id: ID!) { firm(id: $id) { name } }";
        using var api = new CacheApiFactory(new Dictionary<string, string> { ["Cache:Operations:0"] = "FirmCard" });
        var lead = await api.LeadAsync();
        Assert.Null((await api.ChainAsync(lead, "query($id: ID!) { firm(id: $id) { name } }")).Cache);
        Assert.Null((await api.ChainAsync(lead, "query($id: ID!) { firm(id: $id) { name } }")).Cache);
        Assert.Equal("MISS", (await api.ChainAsync(lead, card)).Cache);
        Assert.Equal("HIT-L1", (await api.ChainAsync(lead, card)).Cache);
    }

    [Fact]
    public async Task A_committed_write_makes_every_older_entry_unreachable()
    {
        using var api = new CacheApiFactory();
        var lead = await api.LeadAsync();
        var (before, _) = await api.ChainAsync(lead);
        Assert.Equal("HIT-L1", (await api.ChainAsync(lead)).Cache);

        // A new direct supplier of the lead firm: the chain grows by one firm and one link.
        var source = (await api.Store.GetNodesAsync([lead]))[0]!.Sources[0];
        var supplier = new Firm { Id = "firm:cache-new-supplier", Name = "Cache test supplier", Country = "VN", Sources = [source] };
        await api.Store.ApplyAsync(new ChangeSet
        {
            UpsertNodes = [supplier],
            UpsertLinks = [new SupplyLink { SupplierId = supplier.Id, BuyerId = lead, SectorId = "sector:22", ValueUsd = 1000, Confidence = 1, Sources = [source] }],
        });
        var (after, cache) = await api.ChainAsync(lead);
        Assert.Equal("MISS", cache);
        var oldChain = JsonNode.Parse(before)!["data"]!["supplyChain"]!;
        var newChain = JsonNode.Parse(after)!["data"]!["supplyChain"]!;
        Assert.Equal(oldChain["firmCount"]!.GetValue<int>() + 1, newChain["firmCount"]!.GetValue<int>());
        Assert.Equal(oldChain["linkCount"]!.GetValue<int>() + 1, newChain["linkCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Concurrent_identical_requests_are_computed_once()
    {
        using var api = new CacheApiFactory();
        var lead = await api.LeadAsync();
        api.Counter.Reset();
        api.Counter.TraverseDelay = TimeSpan.FromMilliseconds(400);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.ChainAsync(lead)));
        Assert.Equal(1, api.Counter.Calls["TraverseAsync"]);
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Single(answers, a => a.Cache == "MISS");
    }

    [Fact]
    public async Task Answers_with_errors_are_given_but_not_kept()
    {
        using var api = new CacheApiFactory();
        for (var i = 0; i < 2; i++)
        {
            using var response = await api.SendAsync(EcosystemApiFactory.Post(CacheApiFactory.ChainQuery, new { id = "firm:nobody" }));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("NOT_FOUND", body["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
            Assert.Equal("MISS", response.Headers.GetValues("X-Cache").Single());
        }
        Assert.Contains("ecosystem_cache_uncacheable_total 2\n", await api.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_over_the_size_limit_are_answered_but_not_kept()
    {
        using var api = new CacheApiFactory(new Dictionary<string, string> { ["Cache:MaximumPayloadBytes"] = "64" });
        var lead = await api.LeadAsync();
        api.Counter.Reset();
        var (first, firstCache) = await api.ChainAsync(lead);
        var (second, secondCache) = await api.ChainAsync(lead);
        Assert.True(first.Length > 64);
        Assert.Equal(first, second);
        Assert.Equal(("MISS", "MISS"), (firstCache, secondCache));
        Assert.Equal(2, api.Counter.Calls["TraverseAsync"]);
    }

    [Fact]
    public async Task GET_answers_carry_a_validator_and_are_revalidated_after_a_write()
    {
        using var api = new CacheApiFactory();
        var lead = await api.LeadAsync();
        var url = "/graphql?query=" + Uri.EscapeDataString(CacheApiFactory.ChainQuery) + "&variables=" + Uri.EscapeDataString($$"""{"id":"{{lead}}"}""");
        HttpRequestMessage Get(string? etag = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", "application/graphql-response+json");
            if (etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }
            return request;
        }
        using var first = await api.SendAsync(Get());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.CacheControl is { Private: true, MustRevalidate: true } cc && cc.MaxAge == TimeSpan.Zero, first.Headers.CacheControl?.ToString());
        var etag = first.Headers.ETag!.ToString();
        using var again = await api.SendAsync(Get(etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        var source = (await api.Store.GetNodesAsync([lead]))[0]!.Sources[0];
        await api.Store.ApplyAsync(new ChangeSet { UpsertNodes = [new Firm { Id = "firm:etag-bump", Name = "ETag bump", Country = "VN", Sources = [source] }] });
        using var afterWrite = await api.SendAsync(Get(etag));
        Assert.Equal(HttpStatusCode.OK, afterWrite.StatusCode);
        Assert.NotEqual(etag, afterWrite.Headers.ETag!.ToString());

        using var cheap = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ provinces { id } }")));
        Assert.Equal(HttpStatusCode.OK, cheap.StatusCode);
        Assert.True(cheap.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task Exports_that_fit_an_entry_are_kept_until_the_graph_changes()
    {
        using var api = new CacheApiFactory();
        var lead = await api.LeadAsync();
        using var client = api.CreateClient();
        var url = $"/export/supply-chain?firmId={Uri.EscapeDataString(lead)}&format=json";
        async Task<(string Body, string Cache, string? File)> Export()
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadAsStringAsync(), response.Headers.GetValues("X-Cache").Single(), response.Content.Headers.ContentDisposition?.FileName);
        }
        api.Counter.Reset();
        var first = await Export();
        var second = await Export();
        Assert.Equal(("MISS", "HIT"), (first.Cache, second.Cache));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.File, second.File);
        Assert.Equal(1, api.Counter.Calls["TraverseAsync"]);

        var source = (await api.Store.GetNodesAsync([lead]))[0]!.Sources[0];
        await api.Store.ApplyAsync(new ChangeSet { UpsertNodes = [new Firm { Id = "firm:export-bump", Name = "Export bump", Country = "VN", Sources = [source] }] });
        Assert.Equal("MISS", (await Export()).Cache);
    }

    [Fact]
    public async Task Concurrent_identical_exports_are_made_once_and_the_others_served_what_was_kept()
    {
        using var api = new CacheApiFactory();
        var lead = await api.LeadAsync();
        using var client = api.CreateClient();
        var url = $"/export/supply-chain?firmId={Uri.EscapeDataString(lead)}&format=links.csv&maxDepth=2";
        api.Counter.Reset();
        api.Counter.TraverseDelay = TimeSpan.FromMilliseconds(400);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (Body: await response.Content.ReadAsStringAsync(), Cache: response.Headers.GetValues("X-Cache").Single());
        }));
        Assert.Equal(1, api.Counter.Calls["TraverseAsync"]);
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Single(answers, a => a.Cache == "MISS");
    }
}
