using System.Text.Json.Nodes;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Two API replicas sharing one store folder and one private redis-server: level-2 hits across replicas, a write on
/// one seen by the other, Redis stopped and started again mid-run, persisted queries known to every replica.
/// </summary>
[Trait("Category", "Services")]
public sealed class RedisCacheTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private RedisServer? _redis;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public Task DisposeAsync()
    {
        _redis?.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private RedisServer Redis => _redis ?? throw new InvalidOperationException("redis-server not started");

    private CacheApiFactory Replica() => new(new Dictionary<string, string>
    {
        ["Redis:Configuration"] = Redis.Configuration,
        ["Cache:RedisRetrySeconds"] = "0.3",
        ["Cache:RedisTimeoutMs"] = "2000",
    }, _dir.Path);

    /// <summary>The first replica seeds the shared folder; the second starts on it after.</summary>
    private async Task<(CacheApiFactory A, CacheApiFactory B, string Lead)> ReplicasAsync()
    {
        var a = Replica();
        var lead = await a.LeadAsync();
        var b = Replica();
        Assert.Equal(lead, await b.LeadAsync());
        return (a, b, lead);
    }

    [SkippableFact]
    public async Task A_replica_answers_from_redis_what_another_computed()
    {
        var (a, b, lead) = await ReplicasAsync();
        using (a)
        using (b)
        {
            b.Counter.Reset();
            var (computed, cacheA) = await a.ChainAsync(lead);
            Assert.Equal("MISS", cacheA);
            // Level 2 is written as the answer goes out, not before: wait for it (up to 5 s) rather than race it.
            for (var wait = 0; wait < 100 && await Redis.CountKeysAsync() == 0; wait++)
            {
                await Task.Delay(50);
            }
            Assert.True(await Redis.CountKeysAsync() > 0);
            var (shared, cacheB) = await b.ChainAsync(lead);
            Assert.Equal("HIT-L2", cacheB);
            Assert.Equal(computed, shared);
            Assert.False(b.Counter.Calls.ContainsKey("TraverseAsync"));
            Assert.Equal("HIT-L1", (await b.ChainAsync(lead)).Cache);
            Assert.Contains("ecosystem_cache_hits_total{level=\"l2\"} 1\n", await b.MetricsAsync(), StringComparison.Ordinal);
            Assert.Contains("ecosystem_cache_l2_available 1\n", await b.MetricsAsync(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task A_write_through_one_replica_is_seen_by_the_other_at_once()
    {
        var (a, b, lead) = await ReplicasAsync();
        using (a)
        using (b)
        {
            var (before, _) = await b.ChainAsync(lead);
            Assert.Equal("HIT-L1", (await b.ChainAsync(lead)).Cache);
            var source = (await a.Store.GetNodesAsync([lead]))[0]!.Sources[0];
            await a.Store.ApplyAsync(new ChangeSet
            {
                UpsertNodes = [new Firm { Id = "firm:replica-supplier", Name = "Replica supplier", Country = "VN", Sources = [source] }],
                UpsertLinks = [new SupplyLink { SupplierId = "firm:replica-supplier", BuyerId = lead, SectorId = "sector:22", ValueUsd = 10, Sources = [source] }],
            });
            // B's next request reads the store's new version: its own entries and Redis's are unreachable.
            var (after, cache) = await b.ChainAsync(lead);
            Assert.Equal("MISS", cache);
            Assert.Equal(
                JsonNode.Parse(before)!["data"]!["supplyChain"]!["firmCount"]!.GetValue<int>() + 1,
                JsonNode.Parse(after)!["data"]!["supplyChain"]!["firmCount"]!.GetValue<int>());
            // At the new version the replicas share through Redis again: what B computes, A reads from there. Level 2 is
            // written as an answer goes out, and a Redis operation slowed down by a busy machine may pause level 2 for a
            // few seconds, so each try asks a question not asked before (an alias makes a new key) until A hits it.
            Assert.True(await SharedThroughRedisAsync(b, a, lead, "w"), "an answer B computed after the write was read from Redis by A");
        }
    }

    /// <summary>Whether, within 20 s, a question <paramref name="from"/> computes is answered by <paramref name="to"/> from Redis.</summary>
    private async Task<bool> SharedThroughRedisAsync(CacheApiFactory from, CacheApiFactory to, string firm, string tag)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        for (var i = 0; DateTime.UtcNow < deadline; i++)
        {
            var query = $"query($id: ID!) {{ supplyChain(firmId: $id, maxDepth: 2) {{ firmCount linkCount }} {tag}{i}: __typename }}";
            var before = await Redis.CountKeysAsync();
            Assert.Equal("MISS", (await from.ChainAsync(firm, query)).Cache);
            for (var wait = 0; wait < 40 && await Redis.CountKeysAsync() <= before; wait++)
            {
                await Task.Delay(50);
            }
            if ((await to.ChainAsync(firm, query)).Cache == "HIT-L2")
            {
                return true;
            }
            await Task.Delay(500);
        }
        return false;
    }

    [SkippableFact]
    public async Task Redis_going_away_and_coming_back_is_invisible_to_clients()
    {
        var (a, b, lead) = await ReplicasAsync();
        using (a)
        using (b)
        {
            var firms = (await a.DataAsync("{ firms(first: 6, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray()
                .Select(n => n!["id"]!.GetValue<string>()).ToList();
            Assert.True(firms.Count >= 4, "the demo data has lead firms enough");
            Assert.Equal("MISS", (await a.ChainAsync(firms[0])).Cache);
            async Task<System.Text.Json.Nodes.JsonNode> ReadyAsync()
            {
                using var client = a.CreateClient();
                using var response = await client.GetAsync("/health/ready");
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
                return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            }
            var up = await ReadyAsync();
            Assert.Equal(("ready", "up"), (up["status"]!.GetValue<string>(), up["redis"]!["status"]!.GetValue<string>()));

            await Redis.StopAsync();
            // Ready still (the API serves without Redis), but degraded, and it says why.
            var down = await ReadyAsync();
            Assert.Equal(("degraded", "down"), (down["status"]!.GetValue<string>(), down["redis"]!["status"]!.GetValue<string>()));
            // Every request still succeeds: from level 1, or computed.
            Assert.Equal("HIT-L1", (await a.ChainAsync(firms[0])).Cache);
            Assert.Equal("MISS", (await a.ChainAsync(firms[1])).Cache);
            Assert.Equal("MISS", (await a.ChainAsync(firms[2])).Cache);
            Assert.Equal("MISS", (await b.ChainAsync(firms[0])).Cache);
            Assert.Single(a.Logs, l => l.Contains("Redis (cache level 2) is unavailable", StringComparison.Ordinal));
            Assert.Contains("ecosystem_cache_l2_available 0\n", await a.MetricsAsync(), StringComparison.Ordinal);

            await Redis.StartAgainAsync();
            // Healed: once the retry interval has passed, entries reach Redis again and the other replica reads them.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            var healed = false;
            for (var i = 0; !healed && DateTime.UtcNow < deadline; i++)
            {
                await Task.Delay(400);
                // A question not asked before (its alias makes a new key): A computes and stores it, B looks it up.
                var query = $"query($id: ID!) {{ supplyChain(firmId: $id, maxDepth: 2) {{ firmCount linkCount }} n{i}: __typename }}";
                Assert.Equal("MISS", (await a.ChainAsync(firms[3], query)).Cache);
                healed = (await b.ChainAsync(firms[3], query)).Cache == "HIT-L2";
            }
            Assert.True(healed, "after Redis came back, an entry computed by one replica was read from Redis by the other");
            Assert.Single(a.Logs, l => l.Contains("Redis (cache level 2) is unavailable", StringComparison.Ordinal));
            Assert.Contains("ecosystem_cache_l2_available 1\n", await a.MetricsAsync(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task A_persisted_query_registered_on_one_replica_runs_on_the_other()
    {
        var (a, b, _) = await ReplicasAsync();
        using (a)
        using (b)
        {
            // A registration reaches Redis within the cache's time limit or not at all (then B answers "not found", as
            // the protocol allows, and the client sends the text again): under a loaded machine a write can miss the
            // limit, so fresh queries are tried until one is shared; a Redis that shares none fails the test.
            var shared = false;
            for (var i = 0; i < 6 && !shared; i++)
            {
                var query = $"{{ regions {{ code }} n{i}: __typename }}";
                var hash = PersistedQueryTests.Sha256(query);
                var registered = await a.QueryAsync(query, extensions: PersistedQueryTests.Extension(hash));
                Assert.Null(registered["errors"]);
                var fromB = await b.QueryAsync(null, extensions: PersistedQueryTests.Extension(hash));
                if (fromB["errors"] is null)
                {
                    Assert.Equal(registered["data"]!.ToJsonString(), fromB["data"]!.ToJsonString());
                    shared = true;
                }
                else
                {
                    Assert.Equal("PERSISTED_QUERY_NOT_FOUND", fromB["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
                    await Task.Delay(500);
                }
            }
            Assert.True(shared, "no persisted query registered on one replica was found by the other through Redis");
        }
    }
}
