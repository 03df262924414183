using System.Text.Json.Nodes;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Store;

namespace Ecosystem.Tests.Api;

/// <summary>Exact answers a person can check against the reference data and the rules.</summary>
public sealed class QueryTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private static List<string> Strings(JsonNode? array, string field) =>
        [.. array!.AsArray().Select(n => n![field]!.GetValue<string>())];

    [Fact]
    public async Task Provinces_are_34_today_63_before_the_merger_and_86_with_the_former_units()
    {
        var data = await api.DataAsync("""
            {
              today: provinces { code }
              before: provinces(asOf: "2025-06-30") { code }
              all: provinces(includeFormer: true) { code isCurrent }
              mergerDay: provinces(asOf: "2025-07-01") { code }
            }
            """);
        Assert.Equal(34, data["today"]!.AsArray().Count);
        Assert.Equal(63, data["before"]!.AsArray().Count);
        Assert.Equal(34, data["mergerDay"]!.AsArray().Count);
        Assert.Equal(86, data["all"]!.AsArray().Count);
        Assert.Equal(34, data["all"]!.AsArray().Count(p => p!["isCurrent"]!.GetValue<bool>()));
        Assert.Equal(34, Strings(data["today"], "code").Distinct().Count());
    }

    [Fact]
    public async Task Province_codes_and_names_resolve_as_of_a_date_across_the_merger()
    {
        var data = await api.DataAsync("""
            {
              code24: province(code: "24") { name isCurrent }
              code24before: province(code: "24", asOf: "2025-06-30") { name isCurrent successor { name code } }
              code27: province(code: "27") { name isCurrent validTo current { name code } }
              haiDuong: province(name: "hai duong") { name isCurrent validTo successor { name } current { name } }
              haiPhong: province(name: "Thành phố Hải Phòng") { code isCurrent predecessors { name code } }
              bacGiang: province(name: "BẮC GIANG") { name isCurrent successor { name } }
              hanoi: province(code: "1") { name isCurrent validFrom validTo predecessors { name } }
            }
            """);
        Assert.Equal("Bắc Ninh", data["code24"]!["name"]!.GetValue<string>());
        Assert.True(data["code24"]!["isCurrent"]!.GetValue<bool>());
        Assert.Equal("Bắc Giang", data["code24before"]!["name"]!.GetValue<string>());
        Assert.Equal("Bắc Ninh", data["code24before"]!["successor"]!["name"]!.GetValue<string>());
        Assert.Equal("24", data["code24before"]!["successor"]!["code"]!.GetValue<string>());
        // 27 was the old Bắc Ninh; no unit has it today, so the one that last had it is found.
        Assert.Equal("Bắc Ninh", data["code27"]!["name"]!.GetValue<string>());
        Assert.False(data["code27"]!["isCurrent"]!.GetValue<bool>());
        Assert.Equal("2025-07-01", data["code27"]!["validTo"]!.GetValue<string>());
        Assert.Equal("24", data["code27"]!["current"]!["code"]!.GetValue<string>());
        Assert.Equal("Hải Dương", data["haiDuong"]!["name"]!.GetValue<string>());
        Assert.False(data["haiDuong"]!["isCurrent"]!.GetValue<bool>());
        Assert.Equal("Hải Phòng", data["haiDuong"]!["successor"]!["name"]!.GetValue<string>());
        Assert.Equal("Hải Phòng", data["haiDuong"]!["current"]!["name"]!.GetValue<string>());
        Assert.Equal("31", data["haiPhong"]!["code"]!.GetValue<string>());
        Assert.Equal(["Hải Dương", "Hải Phòng"], Strings(data["haiPhong"]!["predecessors"], "name"));
        Assert.Equal("Bắc Giang", data["bacGiang"]!["name"]!.GetValue<string>());
        Assert.False(data["bacGiang"]!["isCurrent"]!.GetValue<bool>());
        Assert.Equal("Hà Nội", data["hanoi"]!["name"]!.GetValue<string>());
        Assert.True(data["hanoi"]!["isCurrent"]!.GetValue<bool>());
        Assert.Null(data["hanoi"]!["validTo"]);
        Assert.Empty(data["hanoi"]!["predecessors"]!.AsArray());
    }

    [Fact]
    public async Task Province_lookups_that_cannot_work_are_BAD_USER_INPUT_and_unknown_names_null()
    {
        var both = await api.QueryAsync("{ province(code: \"01\", name: \"Hà Nội\") { name } }");
        Assert.Equal("BAD_USER_INPUT", both["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        var badCode = await api.QueryAsync("{ province(code: \"ABC\") { name } }");
        Assert.Equal("BAD_USER_INPUT", badCode["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        var unknown = await api.DataAsync("{ province(name: \"Atlantis\") { name } }");
        Assert.Null(unknown["province"]);
    }

    [Fact]
    public async Task Search_folds_diacritics_and_d()
    {
        var data = await api.DataAsync("""
            {
              dakLak: search(text: "dak lak", kinds: [PROVINCE]) { name kind node { id } }
              dinhVu: search(text: "dinh vu", kinds: [PARK], first: 5) { name kind score }
              upper: search(text: "ĐÌNH VŨ", kinds: [PARK], first: 5) { name }
            }
            """);
        Assert.NotEmpty(data["dakLak"]!.AsArray());
        Assert.All(data["dakLak"]!.AsArray(), h => Assert.Equal("Đắk Lắk", h!["name"]!.GetValue<string>()));
        Assert.All(data["dakLak"]!.AsArray(), h => Assert.StartsWith("province:", h!["node"]!["id"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal("Khu công nghiệp Đình Vũ", data["dinhVu"]![0]!["name"]!.GetValue<string>());
        Assert.All(data["dinhVu"]!.AsArray(), h => Assert.Contains("Đình Vũ", h!["name"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(Strings(data["dinhVu"], "name"), Strings(data["upper"], "name"));
    }

    [Theory]
    [InlineData("0100233480", "check digit")]
    [InlineData("12345", "")]
    [InlineData("01002334881", "")]
    [InlineData("abcdefghij", "")]
    public async Task A_malformed_or_check_digit_invalid_tax_code_is_BAD_USER_INPUT(string taxCode, string reason)
    {
        var result = await api.QueryAsync("query($t: String) { firm(taxCode: $t) { name } }", new { t = taxCode });
        var error = result["errors"]![0]!;
        Assert.Equal("BAD_USER_INPUT", error["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains(taxCode, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(reason, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(result["data"]!["firm"]);
    }

    [Fact]
    public async Task A_well_formed_tax_code_no_firm_has_is_null()
    {
        var data = await api.DataAsync("{ firm(taxCode: \"0100233488\") { name } }");
        Assert.Null(data["firm"]);
    }

    [Fact]
    public async Task Every_kind_of_node_is_found_by_node_id_with_its_type()
    {
        var ids = new Dictionary<string, string>
        {
            ["firm:dtj"] = "Firm",
            ["park:kcn-dinh-vu-hai-phong"] = "Park",
            ["province:01-ha-noi"] = "Province",
            ["sector:2630"] = "Sector",
            ["alliance:g20"] = "Alliance",
            ["source:article-g20-alliance-2024"] = "Source",
        };
        var region = await api.DataAsync("{ regions { id } }");
        ids[region["regions"]![0]!["id"]!.GetValue<string>()] = "Region";
        var corridor = await api.DataAsync("{ corridors { nodes { id } } }");
        ids[corridor["corridors"]!["nodes"]![0]!["id"]!.GetValue<string>()] = "Corridor";

        var data = await api.DataAsync("query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } missing: node(id: \"firm:nobody\") { id } }", new { ids = ids.Keys.Append("park:none").ToArray() });
        var nodes = data["nodes"]!.AsArray();
        Assert.Equal(ids.Count + 1, nodes.Count);
        foreach (var (node, (id, type)) in nodes.Zip(ids))
        {
            Assert.Equal(id, node!["id"]!.GetValue<string>());
            Assert.Equal(type, node["__typename"]!.GetValue<string>());
        }
        Assert.Null(nodes[^1]);
        Assert.Null(data["missing"]);
    }

    [Fact]
    public async Task Paging_forwards_and_backwards_visits_every_firm_once_in_order()
    {
        var total = (await api.DataAsync("{ firms { totalCount } }"))["firms"]!["totalCount"]!.GetValue<int>();
        Assert.Equal(EcosystemApiFactory.DemoFirms + 3, total);

        var forward = new List<string>();
        string? after = null;
        var pages = 0;
        while (true)
        {
            var page = (await api.DataAsync("query($a: String) { firms(first: 97, after: $a) { pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }", new { a = after }))["firms"]!;
            forward.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()));
            Assert.Equal(pages > 0, page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
            pages++;
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>())
            {
                break;
            }
            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }
        Assert.Equal((total + 96) / 97, pages);
        Assert.Equal(total, forward.Count);
        Assert.Equal(total, forward.Distinct().Count());

        var backward = new List<string>();
        string? before = null;
        while (true)
        {
            var page = (await api.DataAsync("query($b: String) { firms(last: 100, before: $b) { pageInfo { hasPreviousPage startCursor } nodes { id } } }", new { b = before }))["firms"]!;
            backward.InsertRange(0, page["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            if (!page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>())
            {
                break;
            }
            before = page["pageInfo"]!["startCursor"]!.GetValue<string>();
        }
        Assert.Equal(forward, backward);
    }

    [Fact]
    public async Task A_cursor_that_is_not_one_is_BAD_USER_INPUT()
    {
        var result = await api.QueryAsync("{ firms(first: 2, after: \"bm90IGEgY3Vyc29y\") { totalCount } }");
        Assert.Equal("BAD_USER_INPUT", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_province_filter_on_a_current_province_includes_the_former_ones_merged_into_it()
    {
        var data = await api.DataAsync("""
            {
              now: firms(where: { province: "Hải Phòng" }) { totalCount }
              oldHaiPhong: province(code: "31", asOf: "2025-06-30") { firms { totalCount } }
              haiDuong: firms(where: { province: "hai duong" }) { totalCount }
              parksNow: parks(where: { province: "31" }) { totalCount }
              parksHaiDuong: parks(where: { province: "Hải Dương" }) { totalCount }
              parksOld: province(code: "31", asOf: "2025-06-30") { parks { totalCount } }
              parksNew: province(code: "31") { parks { totalCount } }
            }
            """);
        int Count(string key, params string[] path)
        {
            JsonNode node = data[key]!;
            foreach (var p in path)
            {
                node = node[p]!;
            }
            return node["totalCount"]!.GetValue<int>();
        }
        Assert.True(Count("now") >= Count("oldHaiPhong", "firms") + Count("haiDuong"));
        var scope = await api.DataAsync("{ province(code: \"31\") { id predecessors { id } } }");
        var ids = Strings(scope["province"]!["predecessors"], "id").Append(scope["province"]!["id"]!.GetValue<string>()).ToHashSet();
        var inScope = 0;
        string? after = null;
        do
        {
            var page = (await api.DataAsync("query($a: String) { firms(first: 100, after: $a) { pageInfo { hasNextPage endCursor } nodes { province { id } } } }", new { a = after }))["firms"]!;
            inScope += page["nodes"]!.AsArray().Count(n => n!["province"]?["id"]?.GetValue<string>() is { } id && ids.Contains(id));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);
        Assert.Equal(inScope, Count("now"));
        Assert.True(inScope > 0);
        Assert.Equal(Count("parksOld", "parks") + Count("parksHaiDuong"), Count("parksNow"));
        Assert.Equal(Count("parksNow"), Count("parksNew", "parks"));
        Assert.True(Count("parksHaiDuong") > 0);
    }

    [Fact]
    public async Task A_sector_filter_takes_in_every_level_below_the_code()
    {
        var all = new List<(string Id, List<string> Codes)>();
        string? after = null;
        do
        {
            var page = (await api.DataAsync("query($a: String) { firms(first: 100, after: $a) { pageInfo { hasNextPage endCursor } nodes { id sectors { code } } } }", new { a = after }))["firms"]!;
            all.AddRange(page["nodes"]!.AsArray().Select(n => (n!["id"]!.GetValue<string>(), Strings(n["sectors"], "code"))));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);

        foreach (var code in new[] { "26", "261", "C", "22" })
        {
            var expected = all.Where(f => f.Codes.Any(c => c.StartsWith(code == "C" ? "" : code, StringComparison.Ordinal) && (code != "C" || int.Parse(c[..2], System.Globalization.CultureInfo.InvariantCulture) is >= 10 and <= 33))).Select(f => f.Id).Order().ToList();
            var data = await api.DataAsync("query($s: String) { firms(first: 100, where: { sector: $s }, orderBy: [{ field: ID }]) { totalCount nodes { id } } }", new { s = code });
            Assert.Equal(expected.Count, data["firms"]!["totalCount"]!.GetValue<int>());
            Assert.Equal(expected.Take(100), Strings(data["firms"]!["nodes"], "id"));
        }
        var unknown = await api.QueryAsync("{ firms(where: { sector: \"9999\" }) { totalCount } }");
        Assert.Equal("NOT_FOUND", unknown["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Suppliers_page_forward_without_gaps_and_match_customers_the_other_way()
    {
        var lead = (await api.DataAsync("{ firms(first: 1, where: { role: [LEAD_FIRM] }) { nodes { id suppliers(first: 1) { totalCount } } } }"))["firms"]!["nodes"]![0]!;
        var leadId = lead["id"]!.GetValue<string>();
        var total = lead["suppliers"]!["totalCount"]!.GetValue<int>();
        Assert.True(total > 3);
        var links = new List<string>();
        string? after = null;
        do
        {
            var page = (await api.DataAsync("query($id: ID!, $a: String) { firm(id: $id) { suppliers(first: 3, after: $a) { pageInfo { hasNextPage endCursor } nodes { id buyer { id } supplier { id customers(first: 100) { nodes { id } } } } } } }", new { id = leadId, a = after }))["firm"]!["suppliers"]!;
            foreach (var link in page["nodes"]!.AsArray())
            {
                Assert.Equal(leadId, link!["buyer"]!["id"]!.GetValue<string>());
                Assert.Contains(link["id"]!.GetValue<string>(), Strings(link["supplier"]!["customers"]!["nodes"], "id"));
                links.Add(link["id"]!.GetValue<string>());
            }
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (after is not null);
        Assert.Equal(total, links.Count);
        Assert.Equal(total, links.Distinct().Count());
        Assert.Equal(links.OrderBy(l => l, StringComparer.Ordinal), links);
    }

    [Fact]
    public async Task Supplier_filters_narrow_the_links()
    {
        var data = await api.DataAsync("""
            {
              firms(first: 20, where: { role: [LEAD_FIRM] }) {
                nodes {
                  all: suppliers(first: 100) { totalCount nodes { valueUsd supplier { country } } }
                  domestic: suppliers(where: { domesticOnly: true }) { totalCount }
                  foreign: suppliers(where: { countries: ["CN", "JP", "KR", "TW", "TH", "US", "DE", "SG"] }) { totalCount }
                  big: suppliers(where: { minValueUsd: 1000000 }) { totalCount }
                }
              }
            }
            """);
        foreach (var firm in data["firms"]!["nodes"]!.AsArray())
        {
            var all = firm!["all"]!["nodes"]!.AsArray();
            Assert.Equal(all.Count(l => l!["supplier"]!["country"]!.GetValue<string>() == "VN"), firm["domestic"]!["totalCount"]!.GetValue<int>());
            Assert.Equal(all.Count(l => l!["valueUsd"]?.GetValue<double>() >= 1_000_000), firm["big"]!["totalCount"]!.GetValue<int>());
            Assert.True(firm["foreign"]!["totalCount"]!.GetValue<int>() <= all.Count - firm["domestic"]!["totalCount"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Errors_never_carry_exception_text_or_stack_traces()
    {
        var result = await api.QueryAsync("{ firms(first: 1, after: \"!!\") { totalCount } firm(taxCode: \"x\") { id } }");
        var text = result.ToJsonString();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs", text, StringComparison.Ordinal);
    }
}

/// <summary>Firms looked up by tax code, on a store that has firms with tax codes (the demo data has none).</summary>
public sealed class TaxCodeLookupTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    [Fact]
    public async Task A_firm_is_found_by_its_tax_code_written_with_or_without_separators()
    {
        await api.Store.ApplyAsync(new ChangeSet
        {
            UpsertNodes =
            [
                new Firm { Id = "firm:test-head", Name = "Head office (test)", Country = "VN", TaxCode = "0100233488", Sources = ["source:article-g20-alliance-2024"] },
                new Firm { Id = "firm:test-branch", Name = "Branch (test)", Country = "VN", TaxCode = "0314409058-002", Sources = ["source:article-g20-alliance-2024"] },
            ],
        });
        var data = await api.DataAsync("""
            {
              plain: firm(taxCode: "0100233488") { id taxCode }
              spaced: firm(taxCode: "0100 233 488") { id }
              branch: firm(taxCode: "0314409058-002") { id taxCode }
              headOfBranch: firm(taxCode: "0314409058") { id }
            }
            """);
        Assert.Equal("firm:test-head", data["plain"]!["id"]!.GetValue<string>());
        Assert.Equal("0100233488", data["plain"]!["taxCode"]!.GetValue<string>());
        Assert.Equal("firm:test-head", data["spaced"]!["id"]!.GetValue<string>());
        Assert.Equal("firm:test-branch", data["branch"]!["id"]!.GetValue<string>());
        Assert.Null(data["headOfBranch"]);
    }
}

/// <summary>An unexpected failure reaches the client as INTERNAL with a correlation id, and the log has the details.</summary>
public sealed class InternalErrorTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    [Fact]
    public async Task An_unexpected_error_is_INTERNAL_with_a_correlation_id_that_the_log_has_with_the_exception()
    {
        api.Counter.Fault = method => method == "SearchAsync" ? new InvalidOperationException("secret detail of the store") : null;
        try
        {
            var result = await api.QueryAsync("{ regions { code } search(text: \"hanoi\") { name } }");
            var error = result["errors"]![0]!;
            Assert.Equal("INTERNAL", error["extensions"]!["code"]!.GetValue<string>());
            var correlationId = error["extensions"]!["correlationId"]!.GetValue<string>();
            Assert.Matches("^[0-9a-f]{32}$", correlationId);
            Assert.DoesNotContain("secret", result.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("InvalidOperationException", result.ToJsonString(), StringComparison.Ordinal);
            Assert.Equal(["search"], error["path"]!.AsArray().Select(p => p!.GetValue<string>()));
            Assert.Contains(api.Logs, line => line.Contains(correlationId, StringComparison.Ordinal) && line.Contains("secret detail of the store", StringComparison.Ordinal));
        }
        finally
        {
            api.Counter.Fault = null;
        }
    }

    [Fact]
    public async Task Every_answer_carries_its_correlation_id_and_a_sane_one_from_the_caller_is_kept()
    {
        using var client = api.CreateClient();
        using var plain = await client.SendAsync(EcosystemApiFactory.Post("{ regions { code } }"));
        Assert.Matches("^[0-9a-f]{32}$", plain.Headers.GetValues("X-Correlation-Id").Single());
        using var given = EcosystemApiFactory.Post("{ regions { code } }");
        given.Headers.Add("X-Correlation-Id", "client-req-000123");
        using var kept = await client.SendAsync(given);
        Assert.Equal("client-req-000123", kept.Headers.GetValues("X-Correlation-Id").Single());
        using var odd = EcosystemApiFactory.Post("{ regions { code } }");
        odd.Headers.Add("X-Correlation-Id", "<script>alert(1)</script>");
        using var replaced = await client.SendAsync(odd);
        Assert.Matches("^[0-9a-f]{32}$", replaced.Headers.GetValues("X-Correlation-Id").Single());
    }
}
