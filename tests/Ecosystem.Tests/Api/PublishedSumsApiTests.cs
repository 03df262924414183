using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Tests.Support;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Supply-chain tiers, cluster totals and park-to-park trade without an analyst's key (README, rule 5): the true value
/// for analysts; for anyone else the value with noise when it passes rule 1, else CONFIDENTIAL with the reason. The
/// differencing case: two lead firms whose first tiers differ by one supplier give, by subtracting their second tiers,
/// that supplier's purchases 10-20% off, never the true value, the same every time.
/// </summary>
public sealed class PublishedSumsApiTests(LocalizationApiFactory api) : IClassFixture<LocalizationApiFactory>
{
    private const string Park = "park:kcn-dinh-vu";

    private Task FirmAsync(string id, string? park, string role) => api.AddFirmAsync(id, park, role, "source:published");

    private Task<JsonNode> LinkAsync(string supplier, string buyer, double value) => api.AddLinkAsync($"firm:{supplier}", $"firm:{buyer}", value, "khuôn nhựa", "source:published");

    private static Dictionary<string, string> CodesByPath(JsonObject result) => EditorFixtures.CodesByPath(result);

    /// <summary>
    /// Lead firms r1 and r2 (outside the park) buy from a, b and c; r2 from s too. a, b, c and s buy from x1, x2 and x3.
    /// a, b, c and the x firms are in Đình Vũ.
    /// </summary>
    private async Task BuildAsync()
    {
        // The fixture is shared by this class's tests (one after another): the first one builds.
        if ((await api.DataAsync("{ firm(id: \"firm:pub-x3\") { id } }"))["firm"] is not null)
        {
            return;
        }
        {
            await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
                new { input = new { id = "published", title = "Khảo sát tổng (test)", publisher = "Test", url = "https://example.org/published", date = "2026-08-01" } });
            foreach (var x in new[] { "pub-a", "pub-b", "pub-c", "pub-x1", "pub-x2", "pub-x3" })
            {
                await FirmAsync(x, Park, "SUPPORTING_INDUSTRY");
            }
            await FirmAsync("pub-s", null, "SUPPORTING_INDUSTRY");
            await FirmAsync("pub-r1", null, "LEAD_FIRM");
            await FirmAsync("pub-r2", null, "LEAD_FIRM");
            foreach (var (t, i) in new[] { "pub-a", "pub-b", "pub-c" }.Select((t, i) => (t, i)))
            {
                await LinkAsync(t, "pub-r1", 2_000_000 + (i * 100_000));
                await LinkAsync(t, "pub-r2", 1_500_000 + (i * 100_000));
            }
            await LinkAsync("pub-s", "pub-r2", 1_000_000);
            foreach (var (buyer, b) in new[] { "pub-a", "pub-b", "pub-c", "pub-s" }.Select((t, i) => (t, i)))
            {
                foreach (var (x, k) in new[] { "pub-x1", "pub-x2", "pub-x3" }.Select((t, i) => (t, i)))
                {
                    await LinkAsync(x, buyer, 300_000 + (b * 70_000) + (k * 11_000));
                }
            }
        }
    }

    private const string Chain = "query($id: ID!) { supplyChain(firmId: $id, maxDepth: 2) { tiers { depth totalValueUsd } } }";

    [Fact]
    public async Task Tier_values_are_published_with_noise_and_a_difference_of_two_chains_never_gives_a_firms_purchases()
    {
        await BuildAsync();
        var analyst1 = (await api.DataAsAsync(Role.Analyst, Chain, new { id = "firm:pub-r1" }))["supplyChain"]!["tiers"]!.AsArray();
        var analyst2 = (await api.DataAsAsync(Role.Analyst, Chain, new { id = "firm:pub-r2" }))["supplyChain"]!["tiers"]!.AsArray();
        var open1 = await api.QueryAsAsync(Role.Anonymous, Chain, new { id = "firm:pub-r1" });
        var open2 = await api.QueryAsAsync(Role.Anonymous, Chain, new { id = "firm:pub-r2" });
        // Analysts: the true sums.
        Assert.Equal(2_000_000 + 2_100_000 + 2_200_000, analyst1[0]!["totalValueUsd"]!.GetValue<double>());
        var s = 300_000 + (3 * 70_000) + 300_000 + (3 * 70_000) + 11_000 + 300_000 + (3 * 70_000) + 22_000;
        Assert.Equal(s, analyst2[1]!["totalValueUsd"]!.GetValue<double>() - analyst1[1]!["totalValueUsd"]!.GetValue<double>(), 6);

        // The first tier is one firm's purchases: one buyer, withheld.
        Assert.Null(open1["data"]!["supplyChain"]!["tiers"]![0]!["totalValueUsd"]);
        Assert.Equal("CONFIDENTIAL: 1 buying firm contributes (at least 3 needed)", CodesByPath(open1)["supplyChain.tiers.0.totalValueUsd"]);
        // The second tiers pass rule 1 (3 and 4 buyers, 3 suppliers, none dominant) and come with noise.
        var t1 = open1["data"]!["supplyChain"]!["tiers"]![1]!["totalValueUsd"]!.GetValue<double>();
        var t2 = open2["data"]!["supplyChain"]!["tiers"]![1]!["totalValueUsd"]!.GetValue<double>();
        foreach (var (shown, truth) in new[] { (t1, analyst1[1]!["totalValueUsd"]!.GetValue<double>()), (t2, analyst2[1]!["totalValueUsd"]!.GetValue<double>()) })
        {
            Assert.NotEqual(truth, shown);
            Assert.InRange(Math.Abs((shown / truth) - 1), 0, 0.2 + 1e-9);
        }
        // r2's chain less r1's is s's purchases from the x firms: 10-20% off, whichever way.
        var off = ((t2 - t1) / s) - 1;
        Assert.InRange(Math.Abs(off), 0.1 - 1e-9, 0.2 + 1e-9);
        // Asked again, the same numbers: nothing averages away.
        var again = await api.QueryAsAsync(Role.Anonymous, Chain, new { id = "firm:pub-r2" });
        Assert.Equal(t2, again["data"]!["supplyChain"]!["tiers"]![1]!["totalValueUsd"]!.GetValue<double>());
    }

    private const string Clusters = """
        query($scope: ScopeInput!) {
          clusters(scope: $scope, asOf: "2026-09-01", first: 100) {
            size internalValueUsd members(first: 100) { nodes { id } }
            dependencies { valueUsd byCountry { country } }
          }
        }
        """;

    [Fact]
    public async Task Cluster_totals_and_park_trade_are_published_with_noise_or_withheld_with_the_reason()
    {
        await BuildAsync();
        var scope = new { scope = new { park = Park } };
        static JsonNode Ours(JsonNode data) => data["clusters"]!.AsArray().Single(k => k!["members"]!["nodes"]!.AsArray().Any(n => n!["id"]!.GetValue<string>() == "firm:pub-a"))!;
        var analyst = Ours(await api.DataAsAsync(Role.Analyst, Clusters, scope));
        var open = await api.QueryAsAsync(Role.Anonymous, Clusters, scope);
        var index = open["data"]!["clusters"]!.AsArray().Select((k, i) => (k, i)).Single(p => p.k!["members"]!["nodes"]!.AsArray().Any(n => n!["id"]!.GetValue<string>() == "firm:pub-a")).i;
        var shown = open["data"]!["clusters"]![index]!;
        // In the park: a, b and c buy from x1, x2 and x3 (nine links).
        var inside = Enumerable.Range(0, 3).Sum(b => Enumerable.Range(0, 3).Sum(k => 300_000 + (b * 70_000) + (k * 11_000)));
        Assert.Equal(inside, analyst["internalValueUsd"]!.GetValue<double>(), 6);
        var published = shown["internalValueUsd"]!.GetValue<double>();
        Assert.NotEqual(inside, published);
        Assert.InRange(Math.Abs((published / inside) - 1), 0, 0.2 + 1e-9);
        // What the cluster buys from outside the park is nothing (0, shown as it is); the breakdown by country stays with analysts.
        Assert.Equal(analyst["dependencies"]!["valueUsd"]!.GetValue<double>(), shown["dependencies"]!["valueUsd"]!.GetValue<double>());
        Assert.NotNull(analyst["dependencies"]!["byCountry"]);
        Assert.Null(shown["dependencies"]!["byCountry"]);
        Assert.StartsWith("FORBIDDEN", CodesByPath(open)[$"clusters.{index}.dependencies.byCountry"]);

        // In the province the cluster takes in r1, r2 and s: what r1 and r2 buy is two lead firms' purchases, what s buys
        // is one firm's, but the cluster's internal sum has seven buyers and is shown with noise.
        var province = new { scope = new { province = "Hải Phòng" } };
        var wide = Ours(await api.DataAsAsync(Role.Analyst, Clusters, province));
        var openWide = await api.QueryAsAsync(Role.Anonymous, Clusters, province);
        var wideShown = Ours(openWide["data"]!);
        var wideValue = wide["internalValueUsd"]!.GetValue<double>();
        Assert.True(wideValue > inside);
        Assert.InRange(Math.Abs((wideShown["internalValueUsd"]!.GetValue<double>() / wideValue) - 1), 0, 0.2 + 1e-9);

        // A two-firm cluster is one buyer's purchases from one supplier: withheld.
        await FirmAsync("pub-y1", "park:kcn-dai-an", "SUPPORTING_INDUSTRY");
        await FirmAsync("pub-y2", "park:kcn-dai-an", "SUPPORTING_INDUSTRY");
        await LinkAsync("pub-y1", "pub-y2", 400_000);
        var pair = await api.QueryAsAsync(Role.Anonymous, Clusters, new { scope = new { park = "park:kcn-dai-an" } });
        var at = pair["data"]!["clusters"]!.AsArray().Select((k, i) => (k, i)).Single(p => p.k!["members"]!["nodes"]!.AsArray().Any(n => n!["id"]!.GetValue<string>() == "firm:pub-y1")).i;
        Assert.Null(pair["data"]!["clusters"]![at]!["internalValueUsd"]);
        Assert.Equal("CONFIDENTIAL: 1 buying firm contributes (at least 3 needed)", CodesByPath(pair)[$"clusters.{at}.internalValueUsd"]);

        // Park-to-park trade: Đại An and Đình Vũ trade through the fixture's link (the plastics firm of Đại An supplying the
        // lead firm of Đình Vũ) and x1 supplying y2: two buying firms, withheld; the analyst sees it.
        await LinkAsync("pub-x1", "pub-y2", 250_000);
        const string Linked = "{ park(id: \"park:kcn-dai-an\") { linkedParks { park { id } linkCount valueUsd } } }";
        var openLinked = await api.QueryAsAsync(Role.Anonymous, Linked);
        var links = openLinked["data"]!["park"]!["linkedParks"]!.AsArray();
        var dinhVu = links.Select((p, i) => (p, i)).Single(p => p.p!["park"]!["id"]!.GetValue<string>() == Park);
        Assert.Null(dinhVu.p!["valueUsd"]);
        Assert.Equal("CONFIDENTIAL: 2 buying firms contribute (at least 3 needed)", CodesByPath(openLinked)[$"park.linkedParks.{dinhVu.i}.valueUsd"]);
        var analystLinked = (await api.DataAsAsync(Role.Analyst, Linked))["park"]!["linkedParks"]!.AsArray().Single(p => p!["park"]!["id"]!.GetValue<string>() == Park)!;
        Assert.Equal(250_150, analystLinked["valueUsd"]!.GetValue<double>());
    }

    [Fact]
    public async Task The_noise_key_is_made_once_in_the_data_folder_and_kept()
    {
        await BuildAsync();
        var first = (await api.QueryAsAsync(Role.Anonymous, Chain, new { id = "firm:pub-r2" }))["data"]!["supplyChain"]!["tiers"]![1]!["totalValueUsd"]!.GetValue<double>();
        var keyFile = Directory.GetFiles(api.DataDirectory, "disclosure-noise.key").Single();
        var key = Convert.FromBase64String(File.ReadAllText(keyFile));
        Assert.Equal(32, key.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
        // The key reproduces the published number from the true links (what the service did), and nothing else does.
        var noise = new Ecosystem.Graph.Store.ValueNoise(key);
        var links = (await api.DataAsAsync(Role.Analyst, "{ supplyChain(firmId: \"firm:pub-r2\", maxDepth: 2) { tiers { links { supplier { id } buyer { id } valueUsd } } } }"))
            ["supplyChain"]!["tiers"]![1]!["links"]!.AsArray();
        var expected = links.Sum(l => l!["valueUsd"]!.GetValue<double>() * noise.Factor(l["buyer"]!["id"]!.GetValue<string>(), l["supplier"]!["id"]!.GetValue<string>()));
        Assert.Equal(expected, first, 6);
    }
}

/// <summary>The noise key from the setting <c>Disclosure:NoiseKey</c>: no file made, the published values follow it; a key that cannot work stops the start.</summary>
public sealed class NoiseKeySettingTests
{
    [Fact]
    public async Task The_setting_gives_the_key_and_a_bad_one_stops_the_start()
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        using var api = new CacheApiFactory(new Dictionary<string, string> { ["Disclosure:NoiseKey"] = Convert.ToBase64String(key) });
        var leads = (await api.DataAsync("{ firms(first: 30, where: { role: [LEAD_FIRM] }) { nodes { id } } }"))["firms"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>());
        const string Tiers = "query($id: ID!) { supplyChain(firmId: $id, maxDepth: 2) { tiers { totalValueUsd links { supplier { id } buyer { id } valueUsd } } } }";
        var noise = new Ecosystem.Graph.Store.ValueNoise(key);
        var checkedTiers = 0;
        foreach (var lead in leads)
        {
            var open = (await api.QueryAsAsync(Role.Anonymous, Tiers, new { id = lead }))["data"]!["supplyChain"]!["tiers"]!.AsArray();
            var truth = (await api.DataAsAsync(Role.Analyst, Tiers, new { id = lead }))["supplyChain"]!["tiers"]!.AsArray();
            for (var t = 0; t < open.Count; t++)
            {
                if (open[t]!["totalValueUsd"] is { } shown)
                {
                    var expected = truth[t]!["links"]!.AsArray().Where(l => l!["valueUsd"] is not null)
                        .Sum(l => l!["valueUsd"]!.GetValue<double>() * noise.Factor(l["buyer"]!["id"]!.GetValue<string>(), l["supplier"]!["id"]!.GetValue<string>()));
                    Assert.Equal(expected, shown.GetValue<double>(), 6);
                    Assert.NotEqual(truth[t]!["totalValueUsd"]!.GetValue<double>(), shown.GetValue<double>());
                    checkedTiers++;
                }
            }
        }
        Assert.True(checkedTiers > 0, "no tier passed rule 1 in the demo graph");
        Assert.Empty(Directory.GetFiles(api.DataDirectory, "disclosure-noise.key"));

        using var broken = new CacheApiFactory(new Dictionary<string, string> { ["Disclosure:NoiseKey"] = Convert.ToBase64String(new byte[8]) });
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        Assert.Contains("Disclosure:NoiseKey must be at least 32 bytes in base64", error.ToString(), StringComparison.Ordinal);
    }
}
