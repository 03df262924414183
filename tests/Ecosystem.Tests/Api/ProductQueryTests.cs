using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Api;

/// <summary>HS 2022 products, the processes catalogue and the certification standards through GraphQL.</summary>
public sealed class ProductQueryTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private static List<string> Strings(JsonNode? array, string field) =>
        [.. array!.AsArray().Select(n => n![field]!.GetValue<string>())];

    [Fact]
    public async Task A_subheading_reads_its_heading_chapter_ISIC_classes_and_listings_by_either_way_of_writing_its_code()
    {
        var data = await api.DataAsync("""
            {
              dotted: product(code: "8708.29") { id code level name section parent { code level parent { code level } }
                sectors { sector { code } weight primary sources { id } } listings { list } }
              digits: product(code: "870829") { id }
              harness: product(code: "854430") { listings { list reconstruction group item itemEn } sources { id } }
              chapter: product(code: "87") { parent { code } children { code } }
              missing: product(code: "010100") { id }
              node(id: "product:8708") { ... on Product { code level } }
            }
            """);
        var body = data["dotted"]!;
        Assert.Equal(("product:870829", "8708.29", "SUBHEADING", "XVII"), (body["id"]!.GetValue<string>(), body["code"]!.GetValue<string>(), body["level"]!.GetValue<string>(), body["section"]!.GetValue<string>()));
        Assert.Equal("8708", body["parent"]!["code"]!.GetValue<string>());
        Assert.Equal(("87", "CHAPTER"), (body["parent"]!["parent"]!["code"]!.GetValue<string>(), body["parent"]!["parent"]!["level"]!.GetValue<string>()));
        // Primary first, then by weight: bodies (0.4167), stamping (0.3333), then the three of 0.0833 by code.
        Assert.Equal(["ISIC4:2920", "ISIC4:2591", "ISIC4:2816", "ISIC4:2910", "ISIC4:2930"], body["sectors"]!.AsArray().Select(s => s!["sector"]!["code"]!.GetValue<string>()));
        Assert.True(body["sectors"]![0]!["primary"]!.GetValue<bool>());
        Assert.Equal(0.4167, body["sectors"]![0]!["weight"]!.GetValue<double>(), 4);
        Assert.Equal("source:dataset-hs2022-isic4", body["sectors"]![0]!["sources"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(["decree111-reconstructed"], Strings(body["listings"], "list")); // chassis frames and bodies (OT)
        Assert.Equal("product:870829", data["digits"]!["id"]!.GetValue<string>());
        var listing = data["harness"]!["listings"]![0]!;
        Assert.Equal("decree111-reconstructed", listing["list"]!.GetValue<string>());
        Assert.True(listing["reconstruction"]!.GetValue<bool>());
        Assert.Equal(("OT", "Wiring harnesses"), (listing["group"]!.GetValue<string>(), listing["itemEn"]!.GetValue<string>()));
        Assert.Contains("source:reconstruction-decree111-products", Strings(data["harness"]!["sources"], "id"));
        Assert.Null(data["chapter"]!["parent"]);
        var headings = Strings(data["chapter"]!["children"], "code");
        Assert.Equal(16, headings.Count); // 8701-8716
        Assert.Equal(headings.Order(StringComparer.Ordinal), headings);
        Assert.Equal("8701", headings[0]);
        Assert.Null(data["missing"]);
        Assert.Equal("HEADING", data["node"]!["level"]!.GetValue<string>());
    }

    [Fact]
    public async Task Products_are_found_by_words_code_and_Vietnamese_list_items_and_listed_by_parent()
    {
        var data = await api.DataAsync("""
            {
              words: products(search: "wiring harness", first: 5) { code }
              code: products(search: "8708.29") { code }
              vietnamese: products(search: "bo day dien") { code }
              children: products(parentCode: "8708") { code parent { code } }
              chapters: products(first: 100) { code level }
            }
            """);
        Assert.Contains("8544.30", Strings(data["words"], "code"));
        Assert.Equal(["8708.29"], Strings(data["code"], "code"));
        Assert.Contains("8544.30", Strings(data["vietnamese"], "code"));
        var children = data["children"]!.AsArray();
        Assert.Equal(15, children.Count); // 8708.10 to 8708.99, as HS 2022 has them
        Assert.All(children, c => Assert.Equal("8708", c!["parent"]!["code"]!.GetValue<string>()));
        Assert.Equal(97, data["chapters"]!.AsArray().Count);
        Assert.All(data["chapters"]!.AsArray(), c => Assert.Equal("CHAPTER", c!["level"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_catalogues_list_processes_and_standards_by_code_in_both_languages()
    {
        var data = await api.DataAsync("""
            {
              processes { code name nameEn group sources { id } }
              certificationStandards { code name thirdPartyCertificate standardType }
            }
            """);
        var processes = data["processes"]!.AsArray();
        Assert.Equal(27, processes.Count);
        Assert.Equal(Strings(data["processes"], "code").Order(StringComparer.Ordinal), Strings(data["processes"], "code"));
        var stamping = processes.Single(p => p!["code"]!.GetValue<string>() == "stamping")!;
        Assert.Equal(("Dập kim loại", "Metal stamping", "metal"), (stamping["name"]!.GetValue<string>(), stamping["nameEn"]!.GetValue<string>(), stamping["group"]!.GetValue<string>()));
        Assert.Equal("source:catalogue-processes", stamping["sources"]![0]!["id"]!.GetValue<string>());
        var standards = data["certificationStandards"]!.AsArray();
        Assert.Equal(52, standards.Count);
        var iatf = standards.Single(s => s!["code"]!.GetValue<string>() == "IATF 16949")!;
        Assert.True(iatf["thirdPartyCertificate"]!.GetValue<bool>());
        Assert.Equal("management_system", iatf["standardType"]!.GetValue<string>());
        Assert.False(standards.Single(s => s!["code"]!.GetValue<string>() == "REACH")!["thirdPartyCertificate"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_code_that_is_not_an_HS_code_is_BAD_USER_INPUT()
    {
        foreach (var code in new[] { "87A", "870", "8708291" })
        {
            var result = await api.QueryAsync($$"""{ product(code: "{{code}}") { id } }""");
            Assert.Equal("BAD_USER_INPUT", result["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
            Assert.Contains("not an HS code", result["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        var empty = await api.QueryAsync("""{ products(search: "...") { code } }""");
        Assert.Equal("BAD_USER_INPUT", empty["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Press_reported_supporting_industry_figures_are_kept_as_stated_with_their_sources()
    {
        var data = await api.DataAsync("""
            { all: reportedFigures { figure { indicator } }
              rates: reportedFigures(indicator: "localisation_rate") { figure { covers low high value unit period kind } source { id url publisher date } } }
            """);
        // Every row of si_statistics.csv, once.
        Assert.Equal(27, data["all"]!.AsArray().Count);
        var motorcycles = data["rates"]!.AsArray().Single(r => r!["figure"]!["covers"]!.GetValue<string>() == "motorcycles")!;
        Assert.Equal((96.0, 97.0, "96-97", "2017", "actual"),
            (motorcycles["figure"]!["low"]!.GetValue<double>(), motorcycles["figure"]!["high"]!.GetValue<double>(), motorcycles["figure"]!["value"]!.GetValue<string>(),
             motorcycles["figure"]!["period"]!.GetValue<string>(), motorcycles["figure"]!["kind"]!.GetValue<string>()));
        Assert.Equal(("http://www.lefaso.org.vn/default.aspx?ZID1=518&ID8=4222&ID1=2", "MOIT (reported by LEFASO)", "2017-10-04"),
            (motorcycles["source"]!["url"]!.GetValue<string>(), motorcycles["source"]!["publisher"]!.GetValue<string>(), motorcycles["source"]!["date"]!.GetValue<string>()));
        Assert.All(data["rates"]!.AsArray(), r => Assert.StartsWith("source:press-", r!["source"]!["id"]!.GetValue<string>(), StringComparison.Ordinal));
    }
}
