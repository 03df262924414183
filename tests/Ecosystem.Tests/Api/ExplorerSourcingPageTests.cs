using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Tests.Support;
using Microsoft.Playwright;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Profiles, products and sourcing requests in the explorer, in Debian's Chromium: a firm's profile, a product's makers
/// and buyers abroad, a request's matches with the parts of their scores and their CSV, and an editor posting a request
/// from the form (errors by field, nothing posted then); in both languages.
/// </summary>
[Collection(nameof(ExplorerBrowser))]
[Trait("Category", "Browser")]
public sealed class ExplorerSourcingPageTests(KestrelApiFactory api) : ExplorerPageTests(api)
{
    private async Task<JsonNode> EditAsync(string query, object variables)
    {
        using var client = Api.ClientAs(Role.Editor);
        using var response = await client.SendAsync(EcosystemApiFactory.Post(query, variables));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK && body["errors"] is null, body.ToJsonString());
        return body["data"]!;
    }

    /// <summary>A buyer in Hải Phòng, a maker beside it with a full profile, and a request for the part the maker makes.</summary>
    private async Task SetUpAsync()
    {
        await EditAsync("mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "src-explorer-sourcing", title = "Sourcing survey (browser test)", publisher = "Test", url = "https://example.org/sourcing", date = "2026-10-01" } });
        string[] sources = ["src-explorer-sourcing"];
        const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id } } }";
        await EditAsync(Upsert, new { input = new { id = "xs-buyer", name = "Xe Buyer Explorer (test)", country = "VN", ownership = "FDI", originCountry = "JP", roles = new[] { "LEAD_FIRM" }, sectors = new[] { "29" }, lat = 20.86, lng = 106.68, sources } });
        await EditAsync(Upsert, new { input = new { id = "xs-maker", name = "=Dap Explorer (test)", country = "VN", ownership = "DOMESTIC_PRIVATE", sectors = new[] { "29" }, lat = 20.86, lng = 106.68, employees = 140, foundedYear = 2009, sources } });
        await EditAsync("mutation($input: SetFirmCapabilitiesInput!) { setFirmCapabilities(input: $input) { firm { id } } }", new
        {
            input = new
            {
                firm = "xs-maker",
                products = new[] { new { code = "8708.29", description = "Seat brackets", annualCapacity = 500000.0, unit = "pcs", verified = true, sources } },
                processes = new[] { new { code = "stamping", sources } },
                certifications = new[] { new { standard = "IATF 16949", number = "IATF-XS-1", issuedOn = "2025-01-01", expiresOn = "2028-01-01", sources } },
                exportMarkets = new[] { new { country = "JP", sources } },
            },
        });
        if ((await Api.DataAsync("{ sourcingRequest(id: \"xs-2026\") { id } }"))["sourcingRequest"] is not null)
        {
            return; // posted by the other test of this class, on the same API
        }
        await EditAsync("mutation($input: SourcingRequestInput!) { postSourcingRequest(input: $input) { request { id } } }", new
        {
            input = new
            {
                id = "xs-2026",
                buyer = "xs-buyer",
                title = "Parts still imported (browser test)",
                postedOn = "2026-10-01",
                items = new[] { new { key = "bracket", hsCode = "8708.29", description = "Seat bracket", annualQuantity = 100000.0, unit = "pcs", requiredCertifications = new[] { "IATF 16949" }, requiredProcesses = new[] { "stamping" } } },
                sources,
            },
        });
    }

    [SkippableFact]
    public async Task Profiles_products_and_a_requests_matches_are_shown_and_downloaded_in_both_languages()
    {
        await SetUpAsync();
        var expected = (await Api.DataAsync("""
            { sourcingRequest(id: "xs-2026") { items { matches(first: 10) { firm { id } score scoreParts { product processes certifications provenSupply distance capacity verified } } } } }
            """))["sourcingRequest"]!["items"]![0]!["matches"]!.AsArray();
        Assert.Equal("firm:xs-maker", expected[0]!["firm"]!["id"]!.GetValue<string>());
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);

        // The maker's page: its profile, in Vietnamese (the default), then in English.
        await page.GotoAsync($"{Api.Address}#/firm/firm:xs-maker");
        var products = page.Locator("#profile-products");
        await Assertions.Expect(products).ToContainTextAsync("8708.29", new() { Timeout = 15_000 });
        await Assertions.Expect(products).ToContainTextAsync("500.000 pcs /năm");
        await Assertions.Expect(products).ToContainTextAsync("đã xác minh");
        await Assertions.Expect(page.Locator("#profile-certifications")).ToContainTextAsync("IATF 16949 IATF-XS-1 đến 2028-01-01 — còn hiệu lực");
        await Assertions.Expect(page.Locator("#profile-heading")).ToHaveTextAsync("Hồ sơ năng lực");
        await page.ClickAsync("#lang-toggle");
        await Assertions.Expect(page.Locator("#profile-heading")).ToHaveTextAsync("Capability profile", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#profile-products")).ToContainTextAsync("500,000 pcs a year", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#profile-processes")).ToContainTextAsync("Metal stamping");
        await HeadlessBrowser.ShotAsync(page, "firm-profile");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "firm profile");

        // Search finds the product by its dotted code; its page lists the maker and the open request.
        await page.GotoAsync($"{Api.Address}#/search/8708.29");
        await page.Locator("a[href='#/node/product%3A870829']").First.ClickAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("8708.29", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#makers-list")).ToContainTextAsync("=Dap Explorer (test)");
        await Assertions.Expect(page.Locator("#makers-heading")).ToContainTextAsync("Makers");
        await Assertions.Expect(page.Locator("#product-requests")).ToContainTextAsync("Parts still imported (browser test)");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "product page");

        // The request: the same matches as GraphQL, score and parts; in English now, then in Vietnamese.
        await page.ClickAsync("#product-requests a[href^='#/request/']");
        var rows = page.Locator("#matches-bracket tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Count, new() { Timeout = 15_000 });
        var shown = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.querySelector('a').getAttribute('href') + '|' + [...r.cells].slice(1, 9).map(c => c.textContent).join('|'))");
        string Num(JsonNode n) => n.GetValue<double>().ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected.Select(m => $"#/firm/{Uri.EscapeDataString(m!["firm"]!["id"]!.GetValue<string>())}|{Num(m["score"]!)}|" +
            string.Join('|', new[] { "product", "processes", "certifications", "provenSupply", "distance", "capacity", "verified" }.Select(p => Num(m["scoreParts"]![p]!)))), shown);
        await Assertions.Expect(page.Locator("table.matches thead")).ToContainTextAsync("Proven");
        await HeadlessBrowser.ShotAsync(page, "sourcing-request");
        await HeadlessBrowser.NoSeriousViolationsAsync(page, "sourcing request");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-matches"));
        var lines = await File.ReadAllLinesAsync((await csv.PathAsync())!);
        Assert.Equal("request,item,rank,firm,firm_name,score,points_product,points_processes,points_certifications,points_provenSupply,points_distance,points_capacity,points_verified,product_fit,already_supplies_buyer,distance_km,missing_certifications,reasons", lines[0]);
        Assert.Equal(expected.Count + 1, lines.Length);
        // The maker's name begins with "=": a spreadsheet would take it for a formula, so it is written with a quote.
        Assert.StartsWith("request:xs-2026,bracket,1,firm:xs-maker,'=Dap Explorer (test),", lines[1], StringComparison.Ordinal);
        await page.ClickAsync("#lang-toggle");
        await Assertions.Expect(page.Locator("table.matches thead")).ToContainTextAsync("Đã cung ứng", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("label[for='include-partial']")).ToHaveTextAsync("Gồm cả doanh nghiệp thiếu chứng nhận");
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task An_editor_posts_a_request_from_the_form_and_bad_values_come_back_by_field()
    {
        await SetUpAsync();
        await using var browser = await HeadlessBrowser.LaunchAsync();
        var (page, errors) = await browser.NewPageAsync(Api.Address);
        await page.GotoAsync($"{Api.Address}#/firm/firm:xs-buyer");
        await page.ClickAsync("#to-post-request", new() { Timeout = 15_000 });
        Assert.Equal("firm:xs-buyer", await page.InputValueAsync("#request-buyer"));

        // Without a key: refused, and the form says an editor's key is needed.
        await page.FillAsync("#request-id", "xs-form");
        await page.FillAsync("#request-title", "Posted from the form (browser test)");
        await page.FillAsync("#item-1-hs", "8708.29");
        await page.FillAsync("#item-1-certs", "IATF 16949");
        await page.FillAsync("#request-sources", "src-explorer-sourcing");
        await page.ClickAsync("#submit-request");
        await Assertions.Expect(page.Locator("#request-errors")).ToContainTextAsync("Cần khóa API của biên tập viên", new() { Timeout = 15_000 });

        // With an editor's key: a bad HS code and a quantity without a unit are named by field; nothing is posted.
        await page.FillAsync("#api-key", TestKeys.Editor);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#request-form");
        await page.FillAsync("#request-id", "xs-form");
        await page.FillAsync("#request-title", "Posted from the form (browser test)");
        await page.FillAsync("#item-1-hs", "8708.29");
        await page.ClickAsync("#add-item");
        await page.FillAsync("#item-2-hs", "870890");
        await page.FillAsync("#item-2-quantity", "500");
        await page.FillAsync("#request-sources", "src-explorer-sourcing");
        await page.ClickAsync("#submit-request");
        var problems = page.Locator("#request-errors li");
        await Assertions.Expect(problems.First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var texts = await problems.AllInnerTextsAsync();
        Assert.Contains(texts, x => x.StartsWith("input.items[1].hsCode:", StringComparison.Ordinal) && x.Contains("unknown HS 2022 code", StringComparison.Ordinal));
        Assert.Contains(texts, x => x.StartsWith("input.items[1].unit:", StringComparison.Ordinal));
        Assert.Null((await Api.DataAsync("{ sourcingRequest(id: \"xs-form\") { id } }"))["sourcingRequest"]);

        // Corrected, it is posted, and the page goes on to the request.
        await page.FillAsync("#item-2-hs", "8708.30");
        await page.FillAsync("#item-2-unit", "sets");
        await page.ClickAsync("#submit-request");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Posted from the form (browser test)", new() { Timeout = 15_000 });
        var posted = (await Api.DataAsync("{ sourcingRequest(id: \"xs-form\") { buyer { id } items { key product { code } annualQuantity unit } } }"))["sourcingRequest"]!;
        Assert.Equal("firm:xs-buyer", posted["buyer"]!["id"]!.GetValue<string>());
        Assert.Equal(["1:8708.29", "2:8708.30:500:sets"], posted["items"]!.AsArray().Select(i =>
            i!["annualQuantity"] is null ? $"{i["key"]}:{i["product"]!["code"]}" : $"{i["key"]}:{i["product"]!["code"]}:{i["annualQuantity"]}:{i["unit"]}"));
        Assert.Empty(errors);
    }
}
