using Ecosystem.Api.Auth;

namespace Ecosystem.Tests.Api;

/// <summary>duplicateFirms over GraphQL: admins only; a firm entered twice under two spellings comes out as a pair with its evidence.</summary>
public sealed class DuplicateFirmsApiTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const string Query = "query($min: Float) { duplicateFirms(first: 10, minScore: $min, where: { province: \"Bắc Kạn\" }) { firm { id } other { id } score evidence { id value evidence } } }";

    [Fact]
    public async Task A_firm_entered_twice_is_listed_with_its_evidence_for_admins_only()
    {
        var source = (await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id = "dup-api", title = "Danh sách (test)", publisher = "Test", url = "https://example.org/d", date = "2026-10-01" } }))["addSource"]!["source"]!["id"]!.GetValue<string>();
        const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id } } }";
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "dup-api-1", name = "Công ty TNHH Cơ khí Đại Việt Bắc Kạn", country = "VN", province = "Bắc Kạn", sources = new[] { source } } });
        await api.DataAsAsync(Role.Editor, Upsert, new { input = new { id = "dup-api-2", name = "CTY TNHH CO KHI DAI VIET BAC KAN", country = "VN", province = "Bac Kan", sources = new[] { source } } });

        var pairs = (await api.DataAsAsync(Role.Admin, Query, new { min = 80.0 }))["duplicateFirms"]!.AsArray();
        var pair = Assert.Single(pairs, p => p!["firm"]!["id"]!.GetValue<string>() == "firm:dup-api-1")!;
        Assert.Equal("firm:dup-api-2", pair["other"]!["id"]!.GetValue<string>());
        Assert.InRange(pair["score"]!.GetValue<double>(), 80, 100);
        var evidence = pair["evidence"]!.AsArray();
        Assert.Equal("name", evidence[0]!["id"]!.GetValue<string>());
        Assert.Contains(evidence, e => e!["id"]!.GetValue<string>() == "province" && e["evidence"]!.GetValue<string>() == "the same province");

        var anonymous = await api.QueryAsync(Query, new { min = 80.0 });
        Assert.Null(anonymous["data"]?["duplicateFirms"]);
        Assert.Contains(anonymous["errors"]![0]!["extensions"]!["code"]!.GetValue<string>(), new[] { "UNAUTHENTICATED", "FORBIDDEN" });
        var bad = await api.QueryAsAsync(Role.Admin, Query, new { min = 101.0 });
        Assert.Equal("BAD_USER_INPUT", bad["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}
