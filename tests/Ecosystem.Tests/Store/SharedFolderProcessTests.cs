using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;
using Ecosystem.Graph.Store.Embedded;
using Ecosystem.Tests.Data;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Store;

/// <summary>
/// Two processes on one data folder: the API in a process of its own takes mutations over HTTP; this process holds a store
/// on the same folder and, whenever it asks the version, applies the API's commits by their size (never reading the file
/// whole), in order, answering as a store opened fresh from the file does.
/// </summary>
public sealed class SharedFolderProcessTests
{
    private const string Upsert = "mutation($i: UpsertFirmInput!) { upsertFirm(input: $i) { version } }";
    private const string AddLink = "mutation($i: AddSupplyLinkInput!) { addSupplyLink(input: $i) { link { id } version } }";
    private const string Merge = "mutation($i: MergeFirmsInput!) { mergeFirms(input: $i) { version } }";

    private static async Task<JsonNode> MutateAsync(HttpClient http, string query, object variables)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK && body["errors"] is null, body.ToJsonString());
        return body["data"]!;
    }

    [Fact]
    public async Task The_API_process_commits_and_this_one_applies_them_in_order_without_reading_the_file_whole()
    {
        using var dir = new TempDirectory();
        using var api = new ApiProcess(dir.Path);
        await api.WaitReadyAsync();
        using (var sources = await api.Http.PostAsync("/import", Sources()))
        {
            Assert.Equal(HttpStatusCode.OK, sources.StatusCode);
        }
        var reader = await EmbeddedGraphStore.OpenAsync(dir.Path);
        try
        {
            var ids = new List<string>();
            long version = 0;
            for (var round = 0; round < 10; round++)
            {
                // One to three commits by the other process before this one looks.
                for (var c = 0; c <= round % 3; c++)
                {
                    var id = $"shared-{round}-{c}";
                    var data = await MutateAsync(api.Http, Upsert, new { i = new { id, name = $"Công ty Chia Sẻ {round} {c} (synthetic)", country = "VN", province = round % 2 == 0 ? "Hà Nội" : "Hải Phòng", sectors = new[] { "22" }, sources = new[] { "survey-2026" } } });
                    version = data["upsertFirm"]!["version"]!.GetValue<long>();
                    if (ids.Count > 0)
                    {
                        version = (await MutateAsync(api.Http, AddLink, new { i = new { supplier = ids[^1], buyer = id, sector = "22", valueUsd = 100.0 * round, sources = new[] { "survey-2026" } } }))["addSupplyLink"]!["version"]!.GetValue<long>();
                    }
                    ids.Add(id);
                }
                if (round == 6)
                {
                    version = (await MutateAsync(api.Http, Merge, new { i = new { keep = ids[0], duplicate = ids[1] } }))["mergeFirms"]!["version"]!.GetValue<long>();
                }
                Assert.Equal(version, await reader.GetVersionAsync());
                await using var fresh = await EmbeddedGraphStore.OpenAsync(dir.Path);
                await AssertSameAsync(fresh, reader, ids.Select(i => "firm:" + i).ToList(), $"round {round}");
            }
            Assert.Equal(1, reader.FullLoads);
            Assert.Equal(10, reader.ChangesApplied);
        }
        finally
        {
            await reader.DisposeAsync();
        }
    }

    private static MultipartFormDataContent Sources()
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(ImportTests.FirmsHeader + "\n", Encoding.UTF8, "text/csv"), "firms", "firms.csv");
        form.Add(new StringContent(ImportTests.LinksHeader + "\n", Encoding.UTF8, "text/csv"), "links", "links.csv");
        form.Add(new StringContent(ImportTests.Sources, Encoding.UTF8, "text/csv"), "sources", "sources.csv");
        return form;
    }

    private static async Task AssertSameAsync(IGraphStore expected, IGraphStore actual, List<string> ids, string step)
    {
        async Task Same<T>(string what, Func<IGraphStore, Task<T>> ask)
        {
            var want = JsonSerializer.Serialize(await ask(expected));
            var got = JsonSerializer.Serialize(await ask(actual));
            Assert.True(want == got, $"{step}: {what} differs\nfresh:   {want}\napplied: {got}");
        }
        await Same("stats", s => s.GetStatsAsync());
        await Same("nodes", async s => (await s.GetNodesAsync(ids)).Select(n => n is null ? null : NodeJson.Serialize(n)).ToList());
        await Same("links", async s => (await s.GetSupplyLinksAsync(ids, Direction.In)).Select(l => l.Select(x => x.Id + x.ValueUsd).ToList()).ToList());
        await Same("listing", async s => (await s.ListNodesAsync(new NodeQuery { Kind = NodeKind.Firm, First = 100, Filter = new NodeFilter { SectorIds = ["sector:22"] } })).Items.Select(i => i.Cursor).ToList());
        await Same("walk", async s => (await s.TraverseAsync(new TraversalRequest { RootIds = [ids[^1]], MaxDepth = 6 })).Tiers.Select(t => t.FirmIds.ToList()).ToList());
        await Same("search", async s => (await s.SearchAsync("chia se", first: 50)).Select(h => h.Id).ToList());
    }
}
