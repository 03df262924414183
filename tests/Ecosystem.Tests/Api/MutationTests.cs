using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Graph.Data.Input;
using Ecosystem.Api.Auth;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Api;

/// <summary>
/// The mutations over HTTP: each checked whole (BAD_USER_INPUT per invalid field, nothing written), applied as one
/// change set that bumps the version, kept in the audit log with the caller's name; editors only, the log admins only.
/// </summary>
public sealed class MutationTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    /// <summary>A valid tax code from nine digits: the tenth is the check digit.</summary>
    private static string Tax(string nine) => nine + TaxCode.CheckDigit(nine);

    private static List<(string Field, string Code)> Errors(JsonObject result) =>
        [.. result["errors"]!.AsArray().Select(e => (e!["extensions"]!["field"]?.GetValue<string>() ?? "", e["extensions"]!["code"]!.GetValue<string>()))];

    private const string UpsertFirm = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id name taxCode province { name } sectors { code } location { lat lng } } version changed } }";
    private const string AddLink = "mutation($input: AddSupplyLinkInput!) { addSupplyLink(input: $input) { link { id valueUsd since until confidence sources { id } } version changed } }";

    private async Task<string> SourceAsync(string id)
    {
        var data = await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id title } } }",
            new { input = new { id, title = $"Khảo sát {id} (test)", publisher = "Test", url = "https://example.org/survey", date = "2026-10-01" } });
        return data["addSource"]!["source"]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_firm_is_added_and_replaced_and_each_write_is_in_the_audit_log()
    {
        var source = await SourceAsync("mut-firm");
        var before = await api.Store.GetVersionAsync();
        var input = new { id = "mut-firm-1", name = "Công ty Cơ khí Thử", taxCode = Tax("010203040"), ownership = "DOMESTIC_PRIVATE", country = "VN", province = "Hải Dương", sectors = new[] { "2592" }, roles = new[] { "SUPPORTING_INDUSTRY" }, lat = 20.94, lng = 106.33, sources = new[] { source } };
        var created = (await api.DataAsAsync(Role.Editor, UpsertFirm, new { input }))["upsertFirm"]!;
        Assert.Equal("firm:mut-firm-1", created["firm"]!["id"]!.GetValue<string>());
        Assert.Equal("Hải Dương", created["firm"]!["province"]!["name"]!.GetValue<string>());
        Assert.True(created["changed"]!.GetValue<bool>());
        Assert.Equal(before + 1, created["version"]!.GetValue<long>());

        // The same again changes nothing; a new name is one more version.
        var again = (await api.DataAsAsync(Role.Editor, UpsertFirm, new { input }))["upsertFirm"]!;
        Assert.False(again["changed"]!.GetValue<bool>());
        Assert.Equal(before + 1, again["version"]!.GetValue<long>());
        var renamed = (await api.DataAsAsync(Role.Editor, UpsertFirm, new { input = input with { name = "Công ty Cơ khí Thử Mới" } }))["upsertFirm"]!;
        Assert.Equal(before + 2, renamed["version"]!.GetValue<long>());
        Assert.Equal("Công ty Cơ khí Thử Mới", (await api.DataAsync("{ firm(id: \"firm:mut-firm-1\") { name } }"))["firm"]!["name"]!.GetValue<string>());

        var log = (await api.DataAsAsync(Role.Admin, "{ auditLog(first: 5, nodeId: \"firm:mut-firm-1\") { nodes { version actor operation sources changeCount changes { id kind before after } } pageInfo { hasNextPage endCursor } } }"))["auditLog"]!;
        var entries = log["nodes"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.Equal(before + 2, entries[0]!["version"]!.GetValue<long>());
        Assert.Equal(("key:test-editor", "upsertFirm"), (entries[0]!["actor"]!.GetValue<string>(), entries[0]!["operation"]!.GetValue<string>()));
        Assert.Equal([source], entries[0]!["sources"]!.AsArray().Select(s => s!.GetValue<string>()));
        var change = entries[0]!["changes"]![0]!;
        Assert.Equal("Công ty Cơ khí Thử", JsonNode.Parse(change["before"]!.GetValue<string>())!["name"]!.GetValue<string>());
        Assert.Equal("Công ty Cơ khí Thử Mới", JsonNode.Parse(change["after"]!.GetValue<string>())!["name"]!.GetValue<string>());
        Assert.Null(entries[1]!["changes"]![0]!["before"]);
        Assert.False(log["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Every_invalid_field_is_named_and_nothing_is_written()
    {
        var source = await SourceAsync("mut-invalid");
        var before = await api.Store.GetVersionAsync();
        var badTax = "0102030401";
        if (TaxCode.IsValid(badTax))
        {
            badTax = "0102030402";
        }
        var result = await api.QueryAsAsync(Role.Editor, UpsertFirm, new
        {
            input = new { id = "mut-bad", name = "Công ty Sai", taxCode = badTax, country = "VN", province = "Atlantis", sectors = new[] { "9999" }, lat = 48.85, lng = 2.35, sources = new[] { source, "source:nowhere" } },
        });
        Assert.Null(result["data"]!["upsertFirm"]);
        var errors = Errors(result);
        Assert.All(errors, e => Assert.Equal("BAD_USER_INPUT", e.Code));
        Assert.Equal(["input.lat", "input.province", "input.sectors", "input.sources", "input.taxCode"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(result["errors"]!.AsArray(), e => Assert.Equal(["upsertFirm"], e!["path"]!.AsArray().Select(p => p!.GetValue<string>())));
        Assert.Equal(before, await api.Store.GetVersionAsync());
        Assert.Null((await api.DataAsync("{ firm(id: \"firm:mut-bad\") { id } }"))["firm"]);

        // Links: self-supply, dates the wrong way round, confidence and value out of range, an unknown firm, no source.
        var firm = (await api.DataAsync("{ firms(first: 2, where: { country: [\"VN\"] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        var link = await api.QueryAsAsync(Role.Editor, AddLink, new { input = new { supplier = firm[0], buyer = firm[0], sector = "2592", since = "2025-01-01", until = "2024-01-01", confidence = 1.5, valueUsd = -1.0, sources = Array.Empty<string>() } });
        Assert.Null(link["data"]!["addSupplyLink"]);
        Assert.Equal(["input.buyer", "input.confidence", "input.sources", "input.until", "input.valueUsd"], Errors(link).Select(e => e.Field).Order(StringComparer.Ordinal));
        var unknown = await api.QueryAsAsync(Role.Editor, AddLink, new { input = new { supplier = "firm:nobody", buyer = firm[1], sector = "2592", sources = new[] { source } } });
        Assert.Equal([("input.supplier", "BAD_USER_INPUT")], Errors(unknown));
        Assert.Equal(before, await api.Store.GetVersionAsync());
    }

    [Fact]
    public async Task A_link_is_added_updated_and_removed_with_its_before_and_after_in_the_log()
    {
        var source = await SourceAsync("mut-link");
        var firms = (await api.DataAsync("{ firms(first: 2, where: { country: [\"VN\"], role: [SUPPORTING_INDUSTRY] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();
        var input = new { supplier = firms[0], buyer = firms[1], sector = "2592", product = "bu lông thử", valueUsd = 125000.0, since = "2026-01-01", sources = new[] { source } };
        var added = (await api.DataAsAsync(Role.Editor, AddLink, new { input }))["addSupplyLink"]!;
        var id = added["link"]!["id"]!.GetValue<string>();
        Assert.Equal(125000.0, added["link"]!["valueUsd"]!.GetValue<double>());
        var twice = await api.QueryAsAsync(Role.Editor, AddLink, new { input });
        Assert.Equal([("input.product", "BAD_USER_INPUT")], Errors(twice));

        const string update = "mutation($input: UpdateSupplyLinkInput!) { updateSupplyLink(input: $input) { link { id valueUsd since until } version } }";
        var updated = (await api.DataAsAsync(Role.Editor, update, new { input = new { id, valueUsd = 150000.0, until = "2027-12-31", sources = new[] { source } } }))["updateSupplyLink"]!["link"]!;
        Assert.Equal((150000.0, "2026-01-01", "2027-12-31"), (updated["valueUsd"]!.GetValue<double>(), updated["since"]!.GetValue<string>(), updated["until"]!.GetValue<string>()));
        var badUpdate = await api.QueryAsAsync(Role.Editor, update, new { input = new { id, until = "2025-06-30", sources = new[] { source } } });
        Assert.Equal([("input.until", "BAD_USER_INPUT")], Errors(badUpdate));
        var missing = await api.QueryAsAsync(Role.Editor, update, new { input = new { id = id + "-x", valueUsd = 1.0, sources = new[] { source } } });
        Assert.Equal([("input.id", "BAD_USER_INPUT")], Errors(missing));

        var removed = (await api.DataAsAsync(Role.Editor, "mutation($id: ID!) { removeSupplyLink(input: { id: $id, note: \"duplicate of a customs record\" }) { link { id } version } }", new { id }))["removeSupplyLink"]!;
        Assert.Equal(id, removed["link"]!["id"]!.GetValue<string>());
        Assert.Empty((await api.Store.GetLinksAsync([id])).OfType<object>());

        var log = (await api.DataAsAsync(Role.Admin, "query($n: ID!) { auditLog(first: 3, nodeId: $n) { nodes { operation note changes { id before after } } } }", new { n = firms[0] }))["auditLog"]!["nodes"]!.AsArray();
        Assert.Equal(["removeSupplyLink", "updateSupplyLink", "addSupplyLink"], log.Select(e => e!["operation"]!.GetValue<string>()));
        Assert.Equal("duplicate of a customs record", log[0]!["note"]!.GetValue<string>());
        Assert.Null(log[0]!["changes"]![0]!["after"]);
        Assert.Equal(125000.0, JsonNode.Parse(log[1]!["changes"]![0]!["before"]!.GetValue<string>())!["valueUsd"]!.GetValue<double>());
        Assert.Equal(150000.0, JsonNode.Parse(log[1]!["changes"]![0]!["after"]!.GetValue<string>())!["valueUsd"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_park_is_checked_and_written()
    {
        var source = await SourceAsync("mut-park");
        const string upsert = "mutation($input: UpsertParkInput!) { upsertPark(input: $input) { park { id name kind status province { name } availableAreaHa prioritySectors { sector { code } } } changed } }";
        var bad = await api.QueryAsAsync(Role.Editor, upsert, new { input = new { id = "kcn-thu", name = "KCN Thử", kind = "INDUSTRIAL_PARK", province = "Nowhere", totalAreaHa = 100.0, industrialAreaHa = 150.0, occupancyPercent = 120.0, lat = 21.0, sources = new[] { source } } });
        Assert.Equal(["input.industrialAreaHa", "input.lng", "input.occupancyPercent", "input.province"], Errors(bad).Select(e => e.Field).Order(StringComparer.Ordinal));
        var park = (await api.DataAsAsync(Role.Editor, upsert, new { input = new { id = "kcn-thu", name = "KCN Thử", kind = "INDUSTRIAL_PARK", status = "OPERATING", province = "31", totalAreaHa = 200.0, industrialAreaHa = 150.0, leasedAreaHa = 90.0, prioritySectors = new[] { "26" }, lat = 20.85, lng = 106.7, sources = new[] { source } } }))["upsertPark"]!["park"]!;
        Assert.Equal(("park:kcn-thu", 60.0), (park["id"]!.GetValue<string>(), park["availableAreaHa"]!.GetValue<double>()));
        Assert.Equal("26", park["prioritySectors"]![0]!["sector"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Merging_a_duplicate_repoints_its_links_and_its_id_still_resolves()
    {
        var source = await SourceAsync("mut-merge");
        async Task Firm(string id, string name) =>
            await api.DataAsAsync(Role.Editor, UpsertFirm, new { input = new { id, name, country = "VN", province = "Hà Nội", sectors = new[] { "2592" }, sources = new[] { source } } });
        await Firm("merge-keep", "Công ty Hợp Nhất");
        await Firm("merge-dup", "Cty Hop Nhat");
        await Firm("merge-buyer", "Công ty Mua");
        await Firm("merge-supplier", "Công ty Bán");
        async Task Link(string s, string b, string product, double? value) =>
            await api.DataAsAsync(Role.Editor, AddLink, new { input = new { supplier = s, buyer = b, sector = "2592", product, valueUsd = value, sources = new[] { source } } });
        await Link("merge-dup", "merge-buyer", "ốc vít", null);
        await Link("merge-keep", "merge-buyer", "ốc vít", 1000.0);
        await Link("merge-supplier", "merge-dup", "thép", 500.0);
        await Link("merge-dup", "merge-keep", "khuôn", 10.0);

        const string merge = "mutation($input: MergeFirmsInput!) { mergeFirms(input: $input) { firm { id } mergedId relinkedLinks version } }";
        var self = await api.QueryAsAsync(Role.Editor, merge, new { input = new { keep = "merge-keep", duplicate = "merge-keep" } });
        Assert.Equal([("input.duplicate", "BAD_USER_INPUT")], Errors(self));
        var merged = (await api.DataAsAsync(Role.Editor, merge, new { input = new { keep = "merge-keep", duplicate = "merge-dup", note = "same tax registration" } }))["mergeFirms"]!;
        Assert.Equal(("firm:merge-keep", "firm:merge-dup", 2), (merged["firm"]!["id"]!.GetValue<string>(), merged["mergedId"]!.GetValue<string>(), merged["relinkedLinks"]!.GetValue<int>()));

        var data = await api.DataAsync("""
            { old: firm(id: "firm:merge-dup") { id name }
              keep: firm(id: "firm:merge-keep") { suppliers { nodes { supplier { id } product valueUsd } } customers { nodes { buyer { id } product valueUsd sources { id } } } } }
            """);
        Assert.Equal("firm:merge-keep", data["old"]!["id"]!.GetValue<string>());
        var suppliers = data["keep"]!["suppliers"]!["nodes"]!.AsArray();
        Assert.Equal(["firm:merge-supplier"], suppliers.Select(s => s!["supplier"]!["id"]!.GetValue<string>()));
        var customers = data["keep"]!["customers"]!["nodes"]!.AsArray();
        var screws = Assert.Single(customers);
        Assert.Equal(("firm:merge-buyer", 1000.0), (screws!["buyer"]!["id"]!.GetValue<string>(), screws["valueUsd"]!.GetValue<double>()));

        // A new firm cannot take the merged id.
        var reuse = await api.QueryAsAsync(Role.Editor, UpsertFirm, new { input = new { id = "merge-dup", name = "Khác", country = "VN", sources = new[] { source } } });
        Assert.Equal("input.id", Errors(reuse).Single().Field);
        var entry = (await api.DataAsAsync(Role.Admin, "{ auditLog(first: 1) { nodes { operation note changeCount } } }"))["auditLog"]!["nodes"]![0]!;
        Assert.Equal("mergeFirms", entry["operation"]!.GetValue<string>());
        Assert.Contains("same tax registration", entry["note"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Anonymous)]
    [InlineData(Role.Analyst)]
    public async Task Only_editors_write_and_only_admins_read_the_log(Role role)
    {
        var before = await api.Store.GetVersionAsync();
        var result = await api.QueryAsAsync(role, "mutation { addSource(input: { id: \"mut-forbidden\", title: \"Không được\" }) { source { id } } }");
        Assert.Null(result["data"]!["addSource"]);
        Assert.Equal("FORBIDDEN", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(before, await api.Store.GetVersionAsync());
        var log = await api.QueryAsAsync(Role.Editor, "{ auditLog { nodes { version } } }");
        Assert.Null(log["data"]!["auditLog"]);
        Assert.Equal("FORBIDDEN", log["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_log_pages_from_its_cursor_and_holds_imports_too()
    {
        await SourceAsync("mut-page-a");
        await SourceAsync("mut-page-b");
        const string query = "query($after: String) { auditLog(first: 1, after: $after, changesPerEntry: 0) { nodes { version changeCount changes { id } } pageInfo { hasNextPage endCursor } } }";
        var first = (await api.DataAsAsync(Role.Admin, query, new { after = (string?)null }))["auditLog"]!;
        var second = (await api.DataAsAsync(Role.Admin, query, new { after = first["pageInfo"]!["endCursor"]!.GetValue<string>() }))["auditLog"]!;
        Assert.True(first["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.True(second["nodes"]![0]!["version"]!.GetValue<long>() < first["nodes"]![0]!["version"]!.GetValue<long>());
        Assert.Empty(first["nodes"]![0]!["changes"]!.AsArray());
        Assert.Equal(1, first["nodes"]![0]!["changeCount"]!.GetValue<int>());
        var bad = await api.QueryAsAsync(Role.Admin, "{ auditLog(after: \"abc\") { nodes { version } } }");
        Assert.Equal("BAD_USER_INPUT", bad["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        using var admin = api.ClientAs(Role.Admin);
        var firms = $"{Data.ImportTests.FirmsHeader}\nimport-audited,Công ty Nhập Khẩu,,,VN,Hà Nội,,22,SUPPORTING_INDUSTRY,,,survey-2026\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(firms, System.Text.Encoding.UTF8, "text/csv"), "firms", "firms.csv" },
            { new StringContent(Data.ImportTests.LinksHeader + "\n", System.Text.Encoding.UTF8, "text/csv"), "links", "links.csv" },
            { new StringContent("id,title,publisher,url,date\nsurvey-2026,Khảo sát 2026 (test),Test,,2026-01-01\n", System.Text.Encoding.UTF8, "text/csv"), "sources", "sources.csv" },
        };
        using var imported = await admin.PostAsync("/import", form);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var entry = (await api.DataAsAsync(Role.Admin, "{ auditLog(first: 1, nodeId: \"firm:import-audited\") { nodes { actor operation note changes { id } } } }"))["auditLog"]!["nodes"]![0]!;
        Assert.Equal(("key:test-admin", "import"), (entry["actor"]!.GetValue<string>(), entry["operation"]!.GetValue<string>()));
        Assert.Contains("firms.csv", entry["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["firm:import-audited"], entry["changes"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
    }
}
