using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;

namespace Ecosystem.Tests.Api;

/// <summary>Profiles and sourcing requests through GraphQL: edited by editors (errors by field), matched, restricted requests hidden below analyst.</summary>
public sealed class SourcingApiTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id } } }";
    private const string SetProfile = "mutation($input: SetFirmCapabilitiesInput!) { setFirmCapabilities(input: $input) { firm { id capabilities { products { product { code } annualCapacity unit verified } processes { process { code } } certifications { standard { code } number expiresOn valid valid2030: valid(asOf: \"2030-01-01\") } exportMarkets { country } employees foundedYear } } changed } }";
    private const string Post = "mutation($input: SourcingRequestInput!) { postSourcingRequest(input: $input) { request { id status items { id } } } }";

    private async Task SetUpAsync()
    {
        await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "src-sourcing", title = "Sourcing survey (test)", publisher = "Test", url = "https://example.org/s", date = "2026-10-01" } });
        string[] sources = ["src-sourcing"];
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "sa-buyer", name = "Buyer Auto API (test)", country = "VN", ownership = "FDI", originCountry = "JP", employees = 1200, foundedYear = 2012, roles = new[] { "LEAD_FIRM" }, sectors = new[] { "29" }, lat = 20.8, lng = 106.7, sources } });
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "sa-maker", name = "Maker API (test)", country = "VN", ownership = "DOMESTIC_PRIVATE", sectors = new[] { "29" }, lat = 20.8, lng = 106.7, employees = 90, sources } });
    }

    [Fact]
    public async Task A_link_carries_an_hs_code_checked_against_hs_2022()
    {
        await SetUpAsync();
        const string Add = "mutation($input: AddSupplyLinkInput!) { addSupplyLink(input: $input) { link { id product hsCode hsProduct { code level } } } }";
        var link = (await api.DataAsAsync(Role.Editor, Add, new { input = new { supplier = "sa-maker", buyer = "sa-buyer", sector = "29", product = "seat brackets", hsCode = "870829", sources = new[] { "src-sourcing" } } }))["addSupplyLink"]!["link"]!;
        Assert.Equal(("8708.29", "8708.29", "SUBHEADING"), (link["hsCode"]!.GetValue<string>(), link["hsProduct"]!["code"]!.GetValue<string>(), link["hsProduct"]!["level"]!.GetValue<string>()));
        var id = link["id"]!.GetValue<string>();
        const string Update = "mutation($input: UpdateSupplyLinkInput!) { updateSupplyLink(input: $input) { link { hsCode } } }";
        Assert.Equal("8708", (await api.DataAsAsync(Role.Editor, Update, new { input = new { id, hsCode = "8708", sources = new[] { "src-sourcing" } } }))["updateSupplyLink"]!["link"]!["hsCode"]!.GetValue<string>());
        // Left out, the code stays; given as null, it is cleared.
        Assert.Equal("8708", (await api.DataAsAsync(Role.Editor, Update, new { input = new { id, confidence = 0.8, sources = new[] { "src-sourcing" } } }))["updateSupplyLink"]!["link"]!["hsCode"]!.GetValue<string>());
        Assert.Null((await api.DataAsAsync(Role.Editor, Update, new { input = new { id, hsCode = (string?)null, sources = new[] { "src-sourcing" } } }))["updateSupplyLink"]!["link"]!["hsCode"]);
        var bad = await api.QueryAsAsync(Role.Editor, Update, new { input = new { id, hsCode = "870890", sources = new[] { "src-sourcing" } } });
        Assert.Equal(("BAD_USER_INPUT", "input.hsCode"), (bad["errors"]![0]!["extensions"]!["code"]!.GetValue<string>(), bad["errors"]![0]!["extensions"]!["field"]!.GetValue<string>()));
        Assert.Contains("unknown HS 2022 code", bad["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_is_set_read_and_refused_field_by_field()
    {
        await SetUpAsync();
        var profile = new
        {
            firm = "sa-maker",
            products = new[] { new { code = "8708.29", annualCapacity = 50000.0, unit = "pcs", verified = true, sources = new[] { "src-sourcing" } } },
            processes = new[] { new { code = "stamping", sources = new[] { "src-sourcing" } } },
            certifications = new[] { new { standard = "IATF 16949", number = "C-1", issuedOn = "2024-01-01", expiresOn = "2027-12-31", sources = new[] { "src-sourcing" } } },
            exportMarkets = new[] { new { country = "JP", sources = new[] { "src-sourcing" } } },
        };
        var set = (await api.DataAsAsync(Role.Editor, SetProfile, new { input = profile }))["setFirmCapabilities"]!;
        var capabilities = set["firm"]!["capabilities"]!;
        Assert.Equal("8708.29", capabilities["products"]![0]!["product"]!["code"]!.GetValue<string>());
        Assert.Equal((50000.0, "pcs", true), (capabilities["products"]![0]!["annualCapacity"]!.GetValue<double>(), capabilities["products"]![0]!["unit"]!.GetValue<string>(), capabilities["products"]![0]!["verified"]!.GetValue<bool>()));
        var cert = capabilities["certifications"]![0]!;
        Assert.Equal(("IATF 16949", "2027-12-31", false), (cert["standard"]!["code"]!.GetValue<string>(), cert["expiresOn"]!.GetValue<string>(), cert["valid2030"]!.GetValue<bool>()));
        Assert.Equal((90, "JP"), (capabilities["employees"]!.GetValue<int>(), capabilities["exportMarkets"]![0]!["country"]!.GetValue<string>()));

        // Anonymous callers may not edit; bad facts are named by their place, and nothing is written.
        var anonymous = await api.QueryAsAsync(Role.Anonymous, SetProfile, new { input = profile });
        Assert.Equal("FORBIDDEN", anonymous["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        var version = await api.Store.GetVersionAsync();
        var bad = await api.QueryAsAsync(Role.Editor, SetProfile, new
        {
            input = new
            {
                firm = "sa-maker",
                products = new[] { new { code = "12", annualCapacity = 5.0, unit = (string?)null, verified = false, sources = new[] { "src-sourcing" } } },
                certifications = new[] { new { standard = "Nope 1", number = "X", issuedOn = "2026-01-01", expiresOn = "2025-01-01", sources = new[] { "src-sourcing" } } },
            },
        });
        var fields = bad["errors"]!.AsArray().Select(e => e!["extensions"]!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["input.facts[0].unit", "input.facts[1].code", "input.facts[1].validTo"], fields);
        Assert.All(bad["errors"]!.AsArray(), e => Assert.Equal("BAD_USER_INPUT", e!["extensions"]!["code"]!.GetValue<string>()));
        Assert.Equal(version, await api.Store.GetVersionAsync());
    }

    [Fact]
    public async Task A_request_is_posted_matched_and_closed_and_a_restricted_one_is_hidden_below_analyst()
    {
        await SetUpAsync();
        await api.DataAsAsync(Role.Editor, SetProfile, new
        {
            input = new { firm = "sa-maker", products = new[] { new { code = "870829", sources = new[] { "src-sourcing" } } }, certifications = new[] { new { standard = "IATF 16949", expiresOn = "2099-12-31", sources = new[] { "src-sourcing" } } } },
        });
        var item = new { key = "bracket", hsCode = "8708.29", annualQuantity = 1000.0, unit = "pcs", requiredCertifications = new[] { "IATF 16949" } };
        var posted = (await api.DataAsAsync(Role.Editor, Post, new { input = new { id = "sa-open", buyer = "sa-buyer", title = "Brackets (test)", items = new[] { item }, sources = new[] { "src-sourcing" } } }))["postSourcingRequest"]!["request"]!;
        Assert.Equal(("request:sa-open", "OPEN", "request:sa-open#bracket"), (posted["id"]!.GetValue<string>(), posted["status"]!.GetValue<string>(), posted["items"]![0]!["id"]!.GetValue<string>()));
        await api.DataAsAsync(Role.Editor, Post, new { input = new { id = "sa-secret", buyer = "sa-buyer", title = "Secret (test)", restricted = true, items = new[] { item }, sources = new[] { "src-sourcing" } } });

        const string Read = """
            { open: sourcingRequest(id: "sa-open") { title buyer { id } items { product { code } requiredCertifications { code }
                matches(first: 3) { firm { id } score productFit certificationsMet { code } alreadySuppliesBuyer distanceKm reasons scoreParts { product distance } } } }
              secret: sourcingRequest(id: "request:sa-secret") { id }
              list: sourcingRequests(where: { buyer: "sa-buyer" }) { totalCount nodes { id } }
              makers: product(code: "8708") { makers(where: { country: "VN" }) { nodes { firm { id } product { code } } } sourcingRequests { id } } }
            """;
        var anonymous = await api.DataAsAsync(Role.Anonymous, Read);
        var match = anonymous["open"]!["items"]![0]!["matches"]![0]!;
        Assert.Equal(("firm:sa-maker", "SUBHEADING", 0.0), (match["firm"]!["id"]!.GetValue<string>(), match["productFit"]!.GetValue<string>(), match["distanceKm"]!.GetValue<double>()));
        // 40 (same subheading) + 15 (no process required) + 10 (IATF held) + 0 + 15 (0 km) + 2.5 (capacity unknown) + 0 = 82.5.
        Assert.Equal(82.5, match["score"]!.GetValue<double>());
        Assert.Contains("makes 8708.29", match["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(anonymous["secret"]);
        Assert.Equal(["request:sa-open"], anonymous["list"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
        Assert.Contains("firm:sa-maker", anonymous["makers"]!["makers"]!["nodes"]!.AsArray().Select(n => n!["firm"]!["id"]!.GetValue<string>()));
        var analyst = await api.DataAsAsync(Role.Analyst, Read);
        Assert.Equal("request:sa-secret", analyst["secret"]!["id"]!.GetValue<string>());
        Assert.Equal(2, analyst["list"]!["totalCount"]!.GetValue<int>());

        var closed = await api.DataAsAsync(Role.Editor, "mutation { closeSourcingRequest(input: { id: \"sa-open\", note: \"found\" }) { request { status } changed } }");
        Assert.Equal("CLOSED", closed["closeSourcingRequest"]!["request"]!["status"]!.GetValue<string>());
        var again = await api.QueryAsAsync(Role.Editor, Post, new { input = new { id = "sa-open", buyer = "sa-buyer", title = "Again", items = new[] { item }, sources = new[] { "src-sourcing" } } });
        Assert.Equal("input.id", again["errors"]![0]!["extensions"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Product_gaps_are_for_analysts_and_agree_with_the_products_buyers_abroad()
    {
        const string Gaps = """
            { productGaps(scope: { country: true }, productLevel: SUBHEADING) {
                leadFirmCount codedLinkCount uncodedLinkCount threshold
                gaps(first: 5) { product { id code } foreignValueUsd domesticShare shareBasis foreignLinkCount buyerCount topBuyer { id } matches(first: 3) { firm { id country } score } } } }
            """;
        var anonymous = await api.QueryAsAsync(Role.Anonymous, Gaps);
        Assert.Null(anonymous["data"]!["productGaps"]);
        Assert.Equal("FORBIDDEN", anonymous["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());

        var report = (await api.DataAsAsync(Role.Analyst, Gaps))["productGaps"]!;
        var gaps = report["gaps"]!.AsArray();
        // The synthetic network codes its links, so its lead firms buy products abroad.
        Assert.True(report["codedLinkCount"]!.GetValue<int>() > 0 && gaps.Count > 0, report.ToJsonString());
        var values = gaps.Select(g => g!["foreignValueUsd"]!.GetValue<double>()).ToList();
        Assert.Equal(values.OrderByDescending(v => v), values);
        Assert.All(gaps, g =>
        {
            Assert.True(g!["domesticShare"]!.GetValue<double>() < report["threshold"]!.GetValue<double>());
            Assert.Equal(6, g["product"]!["code"]!.GetValue<string>().Replace(".", "", StringComparison.Ordinal).Length);
            Assert.All(g["matches"]!.AsArray(), m => Assert.Equal("VN", m!["firm"]!["country"]!.GetValue<string>()));
        });
        // The product page's buyers abroad: the gap's top buyer first, as many lead firms as the gap counts.
        var top = gaps[0]!;
        var buyers = (await api.DataAsAsync(Role.Analyst, "query($id: ID!) { node(id: $id) { ... on Product { buyersAbroad(first: 100) { firm { id } linkCount valueUsd } } } }",
            new { id = top["product"]!["id"]!.GetValue<string>() }))["node"]!["buyersAbroad"]!.AsArray();
        Assert.Equal(top["buyerCount"]!.GetValue<int>(), buyers.Count);
        Assert.Equal(top["topBuyer"]!["id"]!.GetValue<string>(), buyers[0]!["firm"]!["id"]!.GetValue<string>());
        Assert.Equal(top["foreignLinkCount"]!.GetValue<int>(), buyers.Sum(b => b!["linkCount"]!.GetValue<int>()));
        Assert.Equal(top["foreignValueUsd"]!.GetValue<double>(), buyers.Sum(b => b!["valueUsd"]!.GetValue<double>()), 6);

        // Without an analyst's key the values are hidden and the order follows links and ids alone.
        var open = (await api.QueryAsAsync(Role.Anonymous, "query($id: ID!) { node(id: $id) { ... on Product { buyersAbroad(first: 100) { firm { id } linkCount } } } }",
            new { id = top["product"]!["id"]!.GetValue<string>() }))["data"]!["node"]!["buyersAbroad"]!.AsArray();
        var byLinks = buyers.Select(b => (Id: b!["firm"]!["id"]!.GetValue<string>(), Links: b["linkCount"]!.GetValue<int>()))
            .OrderByDescending(b => b.Links).ThenBy(b => b.Id, StringComparer.Ordinal).Select(b => b.Id);
        Assert.Equal(byLinks, open.Select(b => b!["firm"]!["id"]!.GetValue<string>()));
    }
}
