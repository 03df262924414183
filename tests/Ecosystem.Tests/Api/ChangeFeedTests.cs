using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The change feed: mutations made over HTTP come back in version order with the items they touched and the fields that
/// changed; kind and node filters; roles (the actor for admins, a restricted request for analysts); a version before an
/// unrecorded bulk load is CHANGES_NOT_KEPT with the version to resume after; GET /changes gives the same as NDJSON.
/// </summary>
public sealed class ChangeFeedTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id } version } }";
    private const string Feed = "query($after: Int, $kinds: [ChangeKind!], $nodeId: ID) { changes(after: $after, kinds: $kinds, nodeId: $nodeId) { nodes { version operation itemCount items { id kind action fields } nodeIds } pageInfo { hasNextPage endCursor } endVersion graphVersion } }";

    private async Task<string> SourceAsync(string id)
    {
        var data = await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id, title = $"Feed {id} (test)", publisher = "Test", url = "https://example.org/feed", date = "2026-10-01" } });
        return data["addSource"]!["source"]!["id"]!.GetValue<string>();
    }

    private async Task<int> VersionAsync() => checked((int)await api.Store.GetVersionAsync());

    [Fact]
    public async Task Mutations_come_back_in_order_with_their_items_and_changed_fields()
    {
        var source = await SourceAsync("feed-1");
        var start = await VersionAsync();
        var firm = new { id = "feed-firm", name = "Công ty Theo Dõi (test)", country = "VN", province = "Hà Nội", sectors = new[] { "22" }, sources = new[] { source } };
        await api.DataAsAsync(Role.Editor, Upsert, new { input = firm });
        await api.DataAsAsync(Role.Editor, Upsert, new { input = firm with { name = "Công ty Theo Dõi Mới (test)" } });
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]![0]!["id"]!.GetValue<string>();
        var link = (await api.DataAsAsync(Role.Editor, "mutation($input: AddSupplyLinkInput!) { addSupplyLink(input: $input) { link { id } } }",
            new { input = new { supplier = "feed-firm", buyer = lead, sector = "22", valueUsd = 5000.0, sources = new[] { source } } }))["addSupplyLink"]!["link"]!["id"]!.GetValue<string>();

        var page = (await api.DataAsync(Feed, new { after = start }))["changes"]!;
        var nodes = page["nodes"]!.AsArray();
        Assert.Equal([start + 1, start + 2, start + 3], nodes.Select(n => n!["version"]!.GetValue<int>()));
        Assert.Equal(["upsertFirm", "upsertFirm", "addSupplyLink"], nodes.Select(n => n!["operation"]!.GetValue<string>()));
        var created = nodes[0]!["items"]![0]!;
        Assert.Equal(("firm:feed-firm", "FIRM", "CREATED"), (created["id"]!.GetValue<string>(), created["kind"]!.GetValue<string>(), created["action"]!.GetValue<string>()));
        Assert.Contains("name", created["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        var renamed = nodes[1]!["items"]![0]!;
        Assert.Equal("UPDATED", renamed["action"]!.GetValue<string>());
        Assert.Equal(["name"], renamed["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        var linked = nodes[2]!["items"]![0]!;
        Assert.Equal((link, "SUPPLY_LINK", "CREATED"), (linked["id"]!.GetValue<string>(), linked["kind"]!.GetValue<string>(), linked["action"]!.GetValue<string>()));
        // A link's value is named as a field, never given.
        Assert.Contains("valueUsd", linked["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.DoesNotContain("5000", page.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(new[] { "firm:feed-firm", lead }.Order(StringComparer.Ordinal), nodes[2]!["nodeIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal(start + 3, page["endVersion"]!.GetValue<int>());

        // Resumed from the end: nothing new. Filters: links only; one node only.
        Assert.Empty((await api.DataAsync(Feed, new { after = start + 3 }))["changes"]!["nodes"]!.AsArray());
        var links = (await api.DataAsync(Feed, new { after = start, kinds = new[] { "SUPPLY_LINK" } }))["changes"]!["nodes"]!.AsArray();
        Assert.Equal([start + 3], links.Select(n => n!["version"]!.GetValue<int>()));
        var ofFirm = (await api.DataAsync(Feed, new { after = start - 1, nodeId = "firm:feed-firm" }))["changes"]!["nodes"]!.AsArray();
        Assert.Equal([start + 1, start + 2, start + 3], ofFirm.Select(n => n!["version"]!.GetValue<int>()));

        // Who made it: admins only (the default client is an analyst's).
        const string Actor = "query($after: Int) { changes(after: $after, first: 1) { nodes { actor } } }";
        var anonymous = await api.QueryAsAsync(Role.Anonymous, Actor, new { after = start });
        Assert.Equal("FORBIDDEN", anonymous["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", (await api.QueryAsync(Actor, new { after = start }))["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal("key:test-editor", (await api.DataAsAsync(Role.Admin, Actor, new { after = start }))["changes"]!["nodes"]![0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_version_before_an_unrecorded_load_is_not_kept_and_says_where_to_resume()
    {
        // The test graph was loaded by the seed's unrecorded bulk loads: the feed starts after the last of them.
        var result = await api.QueryAsync(Feed, new { after = 0 });
        var error = result["errors"]![0]!;
        Assert.Equal("CHANGES_NOT_KEPT", error["extensions"]!["code"]!.GetValue<string>());
        var resumeAfter = error["extensions"]!["resumeAfter"]!.GetValue<long>();
        Assert.InRange(resumeAfter, 1, await api.Store.GetVersionAsync());
        Assert.Contains($"after version {resumeAfter}", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null((await api.QueryAsync(Feed, new { after = resumeAfter }))["errors"]);

        var ahead = await api.QueryAsync(Feed, new { after = 1_000_000 });
        Assert.Equal("BAD_USER_INPUT", ahead["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        using var client = api.ClientAs(Role.Anonymous);
        using var gone = await client.GetAsync("/changes?after=0");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var body = JsonNode.Parse(await gone.Content.ReadAsStringAsync())!;
        Assert.Equal(resumeAfter, body["errors"]![0]!["extensions"]!["resumeAfter"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_restricted_request_is_in_the_feed_of_analysts_only_and_the_NDJSON_lines_follow_the_same_rules()
    {
        var source = await SourceAsync("feed-2");
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "feed-buyer", name = "Feed Buyer (test)", country = "VN", sectors = new[] { "29" }, roles = new[] { "LEAD_FIRM" }, sources = new[] { source } } });
        var start = await VersionAsync();
        var item = new { key = "bracket", hsCode = "8708.29" };
        const string Post = "mutation($input: SourcingRequestInput!) { postSourcingRequest(input: $input) { request { id } } }";
        await api.DataAsAsync(Role.Editor, Post, new { input = new { id = "feed-secret", buyer = "feed-buyer", title = "Secret (test)", restricted = true, items = new[] { item }, sources = new[] { source } } });
        await api.DataAsAsync(Role.Editor, Post, new { input = new { id = "feed-open", buyer = "feed-buyer", title = "Open (test)", items = new[] { item }, sources = new[] { source } } });

        string Ids(JsonNode page) => string.Join(",", page["changes"]!["nodes"]!.AsArray().SelectMany(n => n!["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal("request:feed-open", Ids(await api.DataAsAsync(Role.Anonymous, Feed, new { after = start })));
        Assert.Equal("request:feed-secret,request:feed-open", Ids(await api.DataAsAsync(Role.Analyst, Feed, new { after = start })));

        using var anonymous = api.ClientAs(Role.Anonymous);
        using var response = await anonymous.GetAsync($"/changes?after={start}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        var line = Assert.Single(lines);
        Assert.Equal((start + 2, "request:feed-open", "CREATED"), (line["version"]!.GetValue<long>(), line["items"]![0]!["id"]!.GetValue<string>(), line["items"]![0]!["action"]!.GetValue<string>()));
        Assert.Null(line["actor"]);
        Assert.Equal((start + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-End-Version").Single());
        Assert.Equal("false", response.Headers.GetValues("X-Has-More").Single());

        using var admin = api.ClientAs(Role.Admin);
        var adminLines = (await admin.GetStringAsync($"/changes?after={start}&kinds=SourcingRequest")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, adminLines.Count);
        Assert.Equal("key:test-editor", adminLines[0]["actor"]!.GetValue<string>());
        using var bad = await admin.GetAsync("/changes?kinds=Planet");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unknown kind 'Planet'", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_change_set_is_counted_in_full_only_for_callers_who_may_see_restricted_requests()
    {
        var source = await SourceAsync("feed-3");
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "feed-bulk-buyer", name = "Feed Bulk Buyer (test)", country = "VN", sectors = new[] { "29" }, roles = new[] { "LEAD_FIRM" }, sources = new[] { source } } });
        var start = await VersionAsync();
        // One change set of four items, one of them a restricted request: read two items at a time, the other two are
        // not read, so nobody can tell whether they are restricted.
        var request = new Ecosystem.Graph.Model.SourcingRequest
        {
            Id = "request:feed-bulk-secret", Name = "Secret bulk (test)", BuyerId = "firm:feed-bulk-buyer", PostedOn = new DateOnly(2026, 11, 1),
            Restricted = true, Items = [new Ecosystem.Graph.Model.SourcingItem { Key = "bracket", SectorId = "sector:29" }], Sources = [source],
        };
        var firms = Enumerable.Range(1, 3).Select(i => (Ecosystem.Graph.Model.Node)new Ecosystem.Graph.Model.Firm { Id = $"firm:feed-bulk-{i}", Name = $"Feed Bulk {i} (test)", Country = "VN", Sources = [source] });
        await api.Store.ApplyAsync(new Ecosystem.Graph.Store.ChangeSet { UpsertNodes = [request, .. firms], Audit = new("key:test-editor", "import", DateTimeOffset.UtcNow) });
        const string Bulk = "query($after: Int) { changes(after: $after, itemsPerChange: 2) { nodes { itemCount moreItems items { id } } } }";
        JsonNode Entry(JsonNode page) => Assert.Single(page["changes"]!["nodes"]!.AsArray())!;

        var analyst = Entry(await api.DataAsAsync(Role.Analyst, Bulk, new { after = start }));
        Assert.Equal((4, true, 2), (analyst["itemCount"]!.GetValue<int>(), analyst["moreItems"]!.GetValue<bool>(), analyst["items"]!.AsArray().Count));
        var anonymous = Entry(await api.DataAsAsync(Role.Anonymous, Bulk, new { after = start }));
        var shown = anonymous["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain("request:feed-bulk-secret", shown);
        // Only the items read and shown are counted: 4 would give away that a restricted item was among them.
        Assert.Equal((shown.Count, true), (anonymous["itemCount"]!.GetValue<int>(), anonymous["moreItems"]!.GetValue<bool>()));
    }

    [Fact]
    public void A_change_read_for_every_reader_is_given_without_its_restricted_and_unread_items_to_others()
    {
        var change = new Ecosystem.Graph.Store.GraphChange
        {
            Version = 7, At = DateTimeOffset.UnixEpoch, Operation = "import", Actor = "key:test", ItemCount = 5, Unread = 2, RestrictedRead = 1,
            Items = [new("request:r", "SourcingRequest", Ecosystem.Graph.Store.ChangeAction.Created, []) { Restricted = true }, new("firm:a", "Firm", Ecosystem.Graph.Store.ChangeAction.Created, []), new("firm:b", "Firm", Ecosystem.Graph.Store.ChangeAction.Created, [])],
            NodeIds = ["firm:a", "firm:b", "request:r"],
        };
        Assert.Same(change, change.ForReader(readsRestricted: true));
        var other = change.ForReader(readsRestricted: false)!;
        Assert.Equal((2, true, "firm:a,firm:b", "firm:a,firm:b"), (other.ItemCount, other.MoreItems, string.Join(",", other.Items.Select(i => i.Id)), string.Join(",", other.NodeIds)));
    }
}
