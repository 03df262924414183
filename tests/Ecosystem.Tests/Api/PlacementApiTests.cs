using System.Net;
using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Firms recorded under today's Hải Phòng, placed in the former map by coordinates, by ward (given by code or name), or
/// not at all; a report and listings over the former Hải Phòng and Hải Dương count the placed ones and list the rest
/// as unplaced instead of dropping them.
/// </summary>
public sealed class PlacementApiTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const string UpsertFirm = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id address ward { id fullName } province { id } placement { province { id name } formerProvince { id name } ward { code } method } } } }";

    private const string Report = """
        query($asOf: Date) {
          localizationReport(scope: { province: "Hải Phòng" }, asOf: $asOf) { leadFirmCount unplacedLeadFirms(first: 100) { totalCount nodes { id } } }
        }
        """;

    private async Task<JsonNode> FirmAsync(string id, string source, object extra)
    {
        var input = new JsonObject
        {
            ["id"] = id,
            ["name"] = $"Công ty Thử {id} (test)",
            ["country"] = "VN",
            ["province"] = "Hải Phòng",
            ["roles"] = new JsonArray("LEAD_FIRM"),
            ["sectors"] = new JsonArray("2930"),
            ["sources"] = new JsonArray(source),
        };
        foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject())
        {
            input[key] = value?.DeepClone();
        }
        return (await api.DataAsAsync(Role.Editor, UpsertFirm, new { input }))["upsertFirm"]!["firm"]!;
    }

    private static List<string> Ids(JsonNode? connection) => [.. connection!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>())];

    [Fact]
    public async Task Firms_recorded_under_a_new_province_are_placed_in_the_old_map_or_listed_as_unplaced()
    {
        await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "placement-survey", title = "Khảo sát vị trí (test)", publisher = "Test", url = "https://example.org/placement", date = "2026-10-01" } });
        const string source = "source:placement-survey";
        var before = (await api.DataAsync(Report, new { asOf = "2025-01-01" }))["localizationReport"]!;
        var beforeCount = before["leadFirmCount"]!.GetValue<int>();
        var beforeUnplaced = Ids(before["unplacedLeadFirms"]);

        var byCoordinates = await FirmAsync("place-coords", source, new { lat = 20.86, lng = 106.68, address = "Số 1 Lê Hồng Phong" });
        Assert.Equal("COORDINATES", byCoordinates["placement"]!["method"]!.GetValue<string>());
        Assert.Equal("Hải Phòng", byCoordinates["placement"]!["formerProvince"]!["name"]!.GetValue<string>());
        Assert.EndsWith("-pre2025", byCoordinates["placement"]!["formerProvince"]!["id"]!.GetValue<string>());
        Assert.Equal("Số 1 Lê Hồng Phong", byCoordinates["address"]!.GetValue<string>());

        var unplaced = await FirmAsync("place-none", source, new { });
        Assert.Equal("UNPLACED", unplaced["placement"]!["method"]!.GetValue<string>());
        Assert.Null(unplaced["placement"]!["formerProvince"]);
        Assert.Equal(unplaced["province"]!["id"]!.GetValue<string>(), unplaced["placement"]!["province"]!["id"]!.GetValue<string>());

        // Phường Thành Đông (10507) lies in today's Hải Phòng and was formed from former Hải Dương communes.
        var byWardCode = await FirmAsync("place-ward", source, new { ward = "10507" });
        Assert.Equal(("WARD", "Hải Dương", "10507"), (byWardCode["placement"]!["method"]!.GetValue<string>(),
            byWardCode["placement"]!["formerProvince"]!["name"]!.GetValue<string>(), byWardCode["placement"]!["ward"]!["code"]!.GetValue<string>()));
        var byWardName = await FirmAsync("place-ward-name", source, new { ward = "thanh dong" });
        Assert.Equal("ward:10507", byWardName["ward"]!["id"]!.GetValue<string>());

        // The report on the former Hải Phòng before the merger counts the firm placed there by coordinates and lists the unplaced one.
        var old = (await api.DataAsync(Report, new { asOf = "2025-01-01" }))["localizationReport"]!;
        Assert.Equal(beforeCount + 1, old["leadFirmCount"]!.GetValue<int>());
        var unplacedNow = Ids(old["unplacedLeadFirms"]);
        Assert.Equal(beforeUnplaced.Append("firm:place-none").Order(StringComparer.Ordinal), unplacedNow.Order(StringComparer.Ordinal));
        Assert.Equal(unplacedNow.Count, old["unplacedLeadFirms"]!["totalCount"]!.GetValue<int>());
        Assert.DoesNotContain("firm:place-coords", unplacedNow);
        // Today the same name is the province in force: every firm counts there and nothing is unplaced.
        var today = (await api.DataAsync(Report, new { asOf = "2026-12-01" }))["localizationReport"]!;
        Assert.Null(today["unplacedLeadFirms"]);

        // Listings over the former Hải Dương: the ward-placed firms are in it, the unplaced one is listed beside it.
        var listing = await api.DataAsync("""
            {
              duong: firms(where: { province: "Hải Dương", role: [LEAD_FIRM], name: "(test)" }, first: 50) { nodes { id } unplaced(first: 50) { totalCount nodes { id } } }
              phong: firms(where: { province: "Hải Phòng", name: "Công ty Thử place" }, first: 50) { nodes { id } unplaced { totalCount } }
              formerPhong: province(name: "Hải Phòng", asOf: "2025-01-01") { firms(first: 100) { nodes { id } unplaced(first: 100) { nodes { id } } } }
              ward(code: "10507") { fullName formerProvinces { name } firms(first: 100) { nodes { id } } }
              onlyUnplaced: firms(where: { unplaced: true, name: "Công ty Thử place" }) { nodes { id } }
            }
            """);
        Assert.Equal(["firm:place-ward", "firm:place-ward-name"], Ids(listing["duong"]).Order(StringComparer.Ordinal));
        Assert.Contains("firm:place-none", Ids(listing["duong"]!["unplaced"]));
        Assert.Equal(4, Ids(listing["phong"]).Count);
        Assert.Null(listing["phong"]!["unplaced"]);
        Assert.Contains("firm:place-coords", Ids(listing["formerPhong"]!["firms"]));
        Assert.DoesNotContain("firm:place-ward", Ids(listing["formerPhong"]!["firms"]));
        Assert.Contains("firm:place-none", Ids(listing["formerPhong"]!["firms"]!["unplaced"]));
        Assert.Equal(["Hải Dương"], listing["ward"]!["formerProvinces"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal(["firm:place-ward", "firm:place-ward-name"], Ids(listing["ward"]!["firms"]).Where(id => id.StartsWith("firm:place", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(["firm:place-none"], Ids(listing["onlyUnplaced"]));

        // Coordinates given later place the unplaced firm: its placement is derived again on every write.
        var moved = await FirmAsync("place-none", source, new { lat = 20.94, lng = 106.33 });
        Assert.Equal(("COORDINATES", "Hải Dương"), (moved["placement"]!["method"]!.GetValue<string>(), moved["placement"]!["formerProvince"]!["name"]!.GetValue<string>()));
        var after = (await api.DataAsync(Report, new { asOf = "2025-01-01" }))["localizationReport"]!;
        Assert.DoesNotContain("firm:place-none", Ids(after["unplacedLeadFirms"]));
    }

    [Fact]
    public async Task A_ward_outside_the_province_or_unknown_is_refused_by_field_and_nothing_is_written()
    {
        await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "placement-bad", title = "Khảo sát sai (test)", publisher = "Test", url = "https://example.org/bad", date = "2026-10-01" } });
        foreach (var (ward, message) in new[] { ("00004", "lies in"), ("99999", "unknown ward code"), ("không có phường này", "no ward of this name"), ("Ba Đình", "no ward of this name") })
        {
            var input = new { id = "place-bad", name = "Công ty Sai (test)", country = "VN", province = "Hải Phòng", ward, sources = new[] { "source:placement-bad" } };
            var result = await api.QueryAsAsync(Role.Editor, UpsertFirm, new { input });
            var error = result["errors"]![0]!;
            Assert.Equal("BAD_USER_INPUT", error["extensions"]!["code"]!.GetValue<string>());
            Assert.Equal("input.ward", error["extensions"]!["field"]!.GetValue<string>());
            Assert.Contains(message, error["message"]!.GetValue<string>());
        }
        Assert.Null((await api.DataAsync("{ firm(id: \"firm:place-bad\") { id } }"))["firm"]);
        // A ward by name needs a province to look in.
        var noProvince = await api.QueryAsAsync(Role.Editor, UpsertFirm, new { input = new { id = "place-bad", name = "Công ty Sai (test)", country = "VN", ward = "Thành Đông", sources = new[] { "source:placement-bad" } } });
        Assert.Contains("needs the province", noProvince["errors"]![0]!["message"]!.GetValue<string>());
    }
}
