using System.Globalization;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Api.Auth;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Data;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The API killed (SIGKILL) in the middle of a large import over HTTP, at several moments, and in the middle of a burst of
/// mutations while its snapshot is folded again and again: after a restart on the same folder the store opens cleanly,
/// everything acknowledged before the kill is there, and the interrupted change is there whole or not at all.
/// </summary>
public sealed class CrashSafetyTests
{
    private static MultipartFormDataContent Files(string firms, string links)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(firms, Encoding.UTF8, "text/csv"), "firms", "firms.csv");
        form.Add(new StringContent(links, Encoding.UTF8, "text/csv"), "links", "links.csv");
        form.Add(new StringContent(ImportTests.Sources, Encoding.UTF8, "text/csv"), "sources", "sources.csv");
        return form;
    }

    /// <summary>A batch of firms named by a tag, each supplying the next: firms, links and how many of each.</summary>
    private static (string Firms, string Links) Batch(string tag, int firms)
    {
        var f = new StringBuilder(ImportTests.FirmsHeader).Append('\n');
        var l = new StringBuilder(ImportTests.LinksHeader).Append('\n');
        for (var i = 0; i < firms; i++)
        {
            f.Append(CultureInfo.InvariantCulture, $"{tag}-{i:D6},Công ty {tag} {i} (synthetic),,,VN,Hà Nội,,22,SUPPORTING_INDUSTRY,,,survey-2026\n");
            if (i > 0)
            {
                l.Append(CultureInfo.InvariantCulture, $"{tag}-{i - 1:D6},{tag}-{i:D6},22,,{1000 + i},2024-01-01,,0.9,survey-2026\n");
                l.Append(CultureInfo.InvariantCulture, $"{tag}-{i:D6},{tag}-{(i * 7) % i:D6},22,phụ tùng,{2000 + i},2024-01-01,,0.8,survey-2026\n");
            }
        }
        return (f.ToString(), l.ToString());
    }

    [Fact]
    public async Task Killing_the_API_during_an_import_loses_nothing_acknowledged_and_leaves_no_half_import()
    {
        using var dir = new TempDirectory();
        var acknowledged = new List<string>();
        foreach (var (round, delayMs) in new[] { (0, 150), (1, 600), (2, 900), (3, 1200), (4, 1700), (5, 2500) })
        {
            using (var api = new ApiProcess(dir.Path))
            {
                await api.WaitReadyAsync();
                // An import that is answered before the kill: it must survive.
                var (smallFirms, smallLinks) = Batch($"ack{round}", 20);
                using (var small = await api.Http.PostAsync("/import", Files(smallFirms, smallLinks)))
                {
                    Assert.Equal(HttpStatusCode.OK, small.StatusCode);
                }
                acknowledged.Add($"ack{round}");
                // A large import, killed part of the way through.
                var (bigFirms, bigLinks) = Batch($"big{round}", 40_000);
                var pending = api.Http.PostAsync("/import", Files(bigFirms, bigLinks));
                await Task.Delay(delayMs);
                api.Kill();
                try
                {
                    (await pending).Dispose();
                }
                catch (HttpRequestException)
                {
                    // The connection died with the process: the client was never told it was written.
                }
                catch (TaskCanceledException)
                {
                }
            }

            // The store opens cleanly in a new process, with every acknowledged import, and each big one whole or absent.
            await using var store = await EmbeddedGraphStore.OpenAsync(dir.Path);
            var firms = (await store.ListNodesAsync(new Ecosystem.Graph.Store.NodeQuery { Kind = NodeKind.Firm, First = 0 })).TotalCount;
            foreach (var tag in acknowledged)
            {
                Assert.All(await store.GetNodesAsync([$"firm:{tag}-000000", $"firm:{tag}-000019"]), n => Assert.NotNull(n));
            }
            for (var r = 0; r <= round; r++)
            {
                var ends = await store.GetNodesAsync([$"firm:big{r}-000000", $"firm:big{r}-039999"]);
                Assert.True(ends[0] is null == ends[1] is null, $"round {r}: the interrupted import is half there");
                if (ends[1] is not null)
                {
                    var links = await store.GetSupplyLinksAsync([$"firm:big{r}-039999"], Direction.In);
                    Assert.NotEmpty(links[0]);
                }
            }
            Assert.True(firms >= acknowledged.Count * 20);
        }
    }

    private static async Task<JsonNode?> MutateAsync(HttpClient http, string query, object variables)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(System.Text.Json.JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK && body["errors"] is null, body.ToJsonString());
        return body["data"];
    }

    [Fact]
    public async Task Killing_the_API_during_a_burst_of_mutations_loses_nothing_acknowledged_and_no_change_set_is_half_there()
    {
        using var dir = new TempDirectory();
        const string upsert = "mutation($i: UpsertFirmInput!) { upsertFirm(input: $i) { version } }";
        const string link = "mutation($i: AddSupplyLinkInput!) { addSupplyLink(input: $i) { link { id } version } }";
        const string merge = "mutation($i: MergeFirmsInput!) { mergeFirms(input: $i) { version } }";
        var acknowledgedFirms = new System.Collections.Concurrent.ConcurrentBag<string>();
        var acknowledgedLinks = new System.Collections.Concurrent.ConcurrentBag<string>();
        var acknowledgedMerges = new System.Collections.Concurrent.ConcurrentBag<(string Keep, string Duplicate)>();
        var attemptedMerges = new System.Collections.Concurrent.ConcurrentBag<(string Keep, string Duplicate)>();
        var acknowledgedVersions = new System.Collections.Concurrent.ConcurrentBag<long>();
        long firstAuditedVersion = 0;
        // Folds every five changed nodes: with four editors, a fold is under way (or just swapped in) most of the time, so
        // the kill lands during one as often as not. The rounds together must have logged folds (a round may be killed
        // before its first fold is done, or before the logger wrote it).
        var folding = new Dictionary<string, string> { ["Store__FoldNodes"] = "5" };
        var foldsLogged = 0;
        foreach (var (round, killAfterMs) in new[] { (0, 1500), (1, 2500), (2, 800) })
        {
            using (var api = new ApiProcess(dir.Path, folding))
            {
                await api.WaitReadyAsync();
                api.Http.DefaultRequestHeaders.Remove(Authentication.ApiKeyHeader);
                api.Http.DefaultRequestHeaders.Add(Authentication.ApiKeyHeader, TestKeys.Admin);
                if (round == 0)
                {
                    await api.Http.PostAsync("/import", Files(ImportTests.FirmsHeader + "\n", ImportTests.LinksHeader + "\n"));
                    firstAuditedVersion = long.Parse(JsonNode.Parse(await api.Http.GetStringAsync("/health/ready"))!["version"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture) + 1;
                }
                using var stop = new CancellationTokenSource();
                // Four editors at once, each adding firms, linking them in a chain and folding a duplicate in now and then.
                var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    string? previous = null;
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        try
                        {
                            var id = $"burst-{round}-{w}-{i}";
                            var v = (await MutateAsync(api.Http, upsert, new { i = new { id, name = $"Công ty {id} (synthetic)", country = "VN", province = "Hà Nội", sectors = new[] { "22" }, sources = new[] { "survey-2026" } } }))!["upsertFirm"]!["version"]!.GetValue<long>();
                            acknowledgedFirms.Add("firm:" + id);
                            acknowledgedVersions.Add(v);
                            if (previous is not null)
                            {
                                var added = (await MutateAsync(api.Http, link, new { i = new { supplier = previous, buyer = id, sector = "22", valueUsd = 1000.0 + i, sources = new[] { "survey-2026" } } }))!["addSupplyLink"]!;
                                acknowledgedLinks.Add(added["link"]!["id"]!.GetValue<string>());
                                acknowledgedVersions.Add(added["version"]!.GetValue<long>());
                            }
                            if (i % 4 == 3)
                            {
                                var dup = $"dup-{round}-{w}-{i}";
                                acknowledgedVersions.Add((await MutateAsync(api.Http, upsert, new { i = new { id = dup, name = $"Cty {id} (synthetic)", country = "VN", sectors = new[] { "22" }, sources = new[] { "survey-2026" } } }))!["upsertFirm"]!["version"]!.GetValue<long>());
                                acknowledgedVersions.Add((await MutateAsync(api.Http, link, new { i = new { supplier = dup, buyer = previous, sector = "22", product = "khuôn", sources = new[] { "survey-2026" } } }))!["addSupplyLink"]!["version"]!.GetValue<long>());
                                attemptedMerges.Add(("firm:" + id, "firm:" + dup));
                                acknowledgedVersions.Add((await MutateAsync(api.Http, merge, new { i = new { keep = id, duplicate = dup } }))!["mergeFirms"]!["version"]!.GetValue<long>());
                                acknowledgedMerges.Add(("firm:" + id, "firm:" + dup));
                            }
                            previous = id;
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                        {
                            return;
                        }
                    }
                })).ToList();
                // Killed once the editors have had some of their writes acknowledged (however loaded the machine), a
                // little after that, at a different moment each round.
                var before = acknowledgedFirms.Count;
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (acknowledgedFirms.Count < before + 12 && waited.ElapsedMilliseconds < 60_000)
                {
                    await Task.Delay(20);
                }
                await Task.Delay(killAfterMs / 4);
                api.Kill();
                stop.Cancel();
                await Task.WhenAll(workers);
                foldsLogged += api.Output.Count(line => line.Contains("Folded the store", StringComparison.Ordinal));
            }

            await using var store = await EmbeddedGraphStore.OpenAsync(dir.Path);
            Assert.True(acknowledgedFirms.Count > 10 * (round + 1), $"only {acknowledgedFirms.Count} firms were written before the kill");
            Assert.All(await store.GetNodesAsync([.. acknowledgedFirms]), n => Assert.NotNull(n));
            Assert.All(await store.GetLinksAsync([.. acknowledgedLinks]), l => Assert.NotNull(l));
            foreach (var (keep, duplicate) in attemptedMerges)
            {
                // A merge is all there or not at all: the duplicate resolves to the firm kept and its link moved with it,
                // or it is still itself with its link.
                var found = (await store.GetNodesAsync([duplicate]))[0];
                var moved = await store.GetSupplyLinksAsync([duplicate, keep], Direction.Out);
                if (found?.Id == keep)
                {
                    Assert.Empty(moved[0]);
                    Assert.Contains(moved[1], l => l.Product == "khuôn");
                }
                else if (found is not null)
                {
                    Assert.DoesNotContain(moved[1], l => l.Product == "khuôn");
                }
                Assert.True(found is null || found.Id == keep || found.Id == duplicate);
                if (acknowledgedMerges.Contains((keep, duplicate)))
                {
                    Assert.Equal(keep, found?.Id);
                }
            }
            // Every write since the first has its audit entry, and every entry its write: no version without one.
            var version = await store.GetVersionAsync();
            var audited = (await store.ReadAuditAsync(new AuditQuery { First = 100_000, MaxChanges = 0 })).Entries.Select(e => e.Version).Where(v => v >= firstAuditedVersion).Order().ToList();
            Assert.Equal(Enumerable.Range((int)firstAuditedVersion, (int)(version - firstAuditedVersion + 1)).Select(v => (long)v), audited);
            Assert.All(acknowledgedVersions, v => Assert.Contains(v, audited));
        }
        Assert.True(foldsLogged > 0, "no fold was logged in any round");
    }
}
