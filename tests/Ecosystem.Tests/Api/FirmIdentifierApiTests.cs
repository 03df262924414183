using System.Text.Json.Nodes;
using Ecosystem.Api.Auth;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Api;

/// <summary>
/// Identifiers besides the tax code over GraphQL: given to upsertFirm as written (spaces, dashes, case), kept canonical,
/// each checked by its register's rule and held by one firm only, found again by firm(identifier:), kept when left out
/// and cleared by an empty list.
/// </summary>
public sealed class FirmIdentifierApiTests(EcosystemApiFactory api) : IClassFixture<EcosystemApiFactory>
{
    private const string Upsert = "mutation($input: UpsertFirmInput!) { upsertFirm(input: $input) { firm { id identifiers { scheme value } } } }";
    private const string ByIdentifier = "query($i: FirmIdentifierInput!) { firm(identifier: $i) { id name identifiers { scheme value } } }";
    private const string Lei = "5493001KJTIIGC8Y1R12";

    private static readonly string Osh = "VN20231457QK2M" + Identifiers.OpenSupplyHubCheck("VN20231457QK2M");
    private static readonly string Gln = "893123456789" + Identifiers.GlnCheck("893123456789");

    /// <summary>A valid LEI from its first 18 characters: the check digits make the whole 1 mod 97.</summary>
    private static string LeiOf(string first18) => first18 + (98 - Identifiers.Mod97(first18 + "00")).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> SourceAsync(string id)
    {
        var data = await api.DataAsAsync(Role.Editor, "mutation($input: AddSourceInput!) { addSource(input: $input) { source { id } } }",
            new { input = new { id, title = $"Danh sách {id} (test)", publisher = "Test", url = "https://example.org/list", date = "2026-10-01" } });
        return data["addSource"]!["source"]!["id"]!.GetValue<string>();
    }

    private static List<(string Scheme, string Value)> Held(JsonNode firm) =>
        [.. firm["identifiers"]!.AsArray().Select(i => (i!["scheme"]!.GetValue<string>(), i["value"]!.GetValue<string>()))];

    [Fact]
    public async Task Identifiers_are_kept_canonical_found_by_any_of_them_and_kept_when_left_out()
    {
        var source = await SourceAsync("ident-1");
        var input = new
        {
            id = "ident-firm-1", name = "Công ty TNHH Định Danh", country = "VN", province = "Bắc Ninh", sources = new[] { source },
            identifiers = new object[]
            {
                new { scheme = "LEI", value = "5493 001K JTII GC8Y 1R12" },
                new { scheme = "OPEN_SUPPLY_HUB", value = $"{Osh[..2]}-{Osh[2..9]}-{Osh[9..]}".ToLowerInvariant() },
                new { scheme = "GLN", value = Gln },
            },
        };
        var firm = (await api.DataAsAsync(Role.Editor, Upsert, new { input }))["upsertFirm"]!["firm"]!;
        Assert.Equal([("LEI", Lei), ("OPEN_SUPPLY_HUB", Osh), ("GLN", Gln)], Held(firm));

        foreach (var (scheme, value) in new[] { ("LEI", Lei.ToLowerInvariant()), ("OPEN_SUPPLY_HUB", Osh), ("GLN", Gln[..6] + " " + Gln[6..]) })
        {
            var found = (await api.DataAsync(ByIdentifier, new { i = new { scheme, value } }))["firm"]!;
            Assert.Equal("firm:ident-firm-1", found["id"]!.GetValue<string>());
        }
        // A valid identifier no firm holds gives null; the same value in another register is another identifier.
        Assert.Null((await api.DataAsync(ByIdentifier, new { i = new { scheme = "GLN", value = "893123456790" + Identifiers.GlnCheck("893123456790") } }))["firm"]);

        // Left out: kept. An empty list: cleared.
        var renamed = (await api.DataAsAsync(Role.Editor, Upsert, new { input = new { input.id, name = "Công ty TNHH Định Danh Mới", input.country, input.province, input.sources } }))["upsertFirm"]!["firm"]!;
        Assert.Equal(3, Held(renamed).Count);
        var cleared = (await api.DataAsAsync(Role.Editor, Upsert, new { input = new { input.id, input.name, input.country, input.province, input.sources, identifiers = Array.Empty<object>() } }))["upsertFirm"]!["firm"]!;
        Assert.Empty(Held(cleared));
        Assert.Null((await api.DataAsync(ByIdentifier, new { i = new { scheme = "LEI", value = Lei } }))["firm"]);
    }

    [Fact]
    public async Task A_bad_or_taken_identifier_is_refused_by_name_and_nothing_is_written()
    {
        var source = await SourceAsync("ident-2");
        var lei = "529900T8BM49AURSDO55";
        Assert.True(Identifiers.TryNormalize(IdentifierScheme.Lei, lei, out _, out var why), why);
        var first = new { id = "ident-firm-2", name = "Công ty CP Mã Số", country = "VN", province = "Hà Nội", sources = new[] { source }, identifiers = new[] { new { scheme = "LEI", value = lei } } };
        await api.DataAsAsync(Role.Editor, Upsert, new { input = first });
        var before = await api.Store.GetVersionAsync();

        // Another firm with the same LEI, a LEI with wrong check digits, two LEIs, a registration number that is not the tax code.
        var cases = new (object Input, string Expected)[]
        {
            (first with { id = "ident-firm-3" }, "already held by firm:ident-firm-2"),
            (first with { id = "ident-firm-4", identifiers = new[] { new { scheme = "LEI", value = lei[..18] + "00" } } }, "check digits"),
            (first with { id = "ident-firm-5", identifiers = new[] { new { scheme = "LEI", value = LeiOf("529900ABCDEFGH0001") }, new { scheme = "LEI", value = LeiOf("529900ABCDEFGH0002") } } }, "one LEI at most"),
            (new { id = "ident-firm-6", name = "Công ty X", country = "VN", province = "Hà Nội", taxCode = "0100109106", sources = new[] { source }, identifiers = new[] { new { scheme = "ENTERPRISE_REGISTRATION", value = "0314409058" } } }, "not the enterprise's tax code"),
            (new { id = "ident-firm-7", name = "Foreign Co", country = "JP", sources = new[] { source }, identifiers = new[] { new { scheme = "CUSTOMS", value = "0314409058" } } }, "a firm abroad"),
        };
        foreach (var (input, expected) in cases)
        {
            var result = await api.QueryAsAsync(Role.Editor, Upsert, new { input });
            var error = Assert.Single(result["errors"]!.AsArray())!;
            Assert.Equal("BAD_USER_INPUT", error["extensions"]!["code"]!.GetValue<string>());
            Assert.Contains(expected, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("input.identifiers", error["extensions"]!["field"]!.GetValue<string>());
        }
        Assert.Equal(before, await api.Store.GetVersionAsync());

        // Looking up with a value its register refuses is BAD_USER_INPUT; two ways at once too.
        var bad = await api.QueryAsync(ByIdentifier, new { i = new { scheme = "GLN", value = Gln[..12] + (char)('0' + ((Gln[12] - '0' + 1) % 10)) } });
        Assert.Equal("BAD_USER_INPUT", bad["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Contains("not a valid GLN", bad["errors"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var both = await api.QueryAsync("{ firm(id: \"firm:ident-firm-2\", identifier: { scheme: LEI, value: \"" + lei + "\" }) { id } }");
        Assert.Equal("BAD_USER_INPUT", both["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }
}
