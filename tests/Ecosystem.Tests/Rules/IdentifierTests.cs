using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Rules;

/// <summary>Each identifier scheme's rule: a valid value comes out canonical; a value with one character changed is refused, named.</summary>
public sealed class IdentifierTests
{
    [Fact]
    public void Open_Supply_Hub_ids_carry_their_check_character()
    {
        // CN, 2019-303, BQ3FZ, check P: (67 + 78 + 2+0+1+9+3+0+3 + 11+23+3+15+31) mod 32 = 22, P.
        Assert.True(Identifiers.TryNormalize(IdentifierScheme.OpenSupplyHub, "cn2019303bq3fzp", out var id, out _));
        Assert.Equal("CN2019303BQ3FZP", id);
        Assert.True(Identifiers.TryNormalize(IdentifierScheme.OpenSupplyHub, "VN-2023145-7QK2M-" + Identifiers.OpenSupplyHubCheck("VN20231457QK2M"), out var hyphenated, out _));
        Assert.StartsWith("VN20231457QK2M", hyphenated);
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.OpenSupplyHub, "CN2019303BQ3FZQ", out _, out var wrong));
        Assert.Contains("check character", wrong);
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.OpenSupplyHub, "CN2019303BQ3FIP", out _, out var letter));
        Assert.Contains("no I, L, O or U", letter);
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.OpenSupplyHub, "CN2019303BQ3F", out _, out var shorter));
        Assert.Contains("15 characters", shorter);
    }

    [Fact]
    public void An_LEI_passes_mod_97_10_and_a_changed_character_is_caught()
    {
        // Check digits made for a base: 98 - (base + "00") mod 97; for this base they are 12, as registered.
        const string Base = "5493001KJTIIGC8Y1R";
        var check = 98 - Identifiers.Mod97(Base + "00");
        var lei = Base + check.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("5493001KJTIIGC8Y1R12", lei);
        Assert.True(Identifiers.TryNormalize(IdentifierScheme.Lei, lei.ToLowerInvariant(), out var canonical, out _));
        Assert.Equal(lei, canonical);
        for (var i = 0; i < lei.Length; i++)
        {
            // A digit for another digit, a letter for another letter (MOD 97-10 catches every such change).
            var other = char.IsDigit(lei[i]) ? (char)('0' + ((lei[i] - '0' + 1) % 10)) : (char)('A' + ((lei[i] - 'A' + 1) % 26));
            var changed = lei[..i] + other + lei[(i + 1)..];
            Assert.False(Identifiers.TryNormalize(IdentifierScheme.Lei, changed, out _, out _), changed);
        }
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.Lei, "5493001KJTIIGC8Y1R1", out _, out var length));
        Assert.Contains("18 letters or digits and 2 check digits", length);
    }

    [Fact]
    public void A_GLN_carries_the_GS1_check_digit()
    {
        // 061414100003 from the right: 3*(3+0+0+4+4+6) + (0+0+1+1+1+0) = 51 + 3 = 54; check 6.
        Assert.Equal('6', Identifiers.GlnCheck("061414100003"));
        Assert.True(Identifiers.TryNormalize(IdentifierScheme.Gln, "0614141 000036", out var gln, out _));
        Assert.Equal("0614141000036", gln);
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.Gln, "0614141000038", out _, out var wrong));
        Assert.Contains("check digit", wrong);
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.Gln, "061414100003", out _, out _));
    }

    [Fact]
    public void Registration_numbers_and_customs_codes_are_tax_codes()
    {
        var code = "010023348" + TaxCode.CheckDigit("010023348");
        Assert.True(Identifiers.TryNormalize(IdentifierScheme.EnterpriseRegistration, code, out var ern, out _));
        Assert.Equal(code, ern);
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.EnterpriseRegistration, code + "-002", out _, out var branch));
        Assert.Contains("not a branch's", branch);
        Assert.True(Identifiers.TryNormalize(IdentifierScheme.Customs, code + "-002", out var customs, out _));
        Assert.Equal(code + "-002", customs);
        var wrongCheck = "010023348" + ((TaxCode.CheckDigit("010023348") + 1) % 10);
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.Customs, wrongCheck, out _, out var refused));
        Assert.StartsWith("a customs code is the declarant's tax code: ", refused);
        Assert.False(Identifiers.TryNormalize(IdentifierScheme.Gln, " ", out _, out var empty));
        Assert.Equal("the identifier is empty", empty);
    }
}
