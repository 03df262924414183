using System.Security.Claims;
using Ecosystem.Api.Auth;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Rules;

/// <summary>The small rules behind the hardening: roles by exact name, branch numbers, text, CSV cells, product keys.</summary>
public sealed class HardeningRuleTests
{
    [Theory]
    [InlineData("analyst", true)]
    [InlineData("Admin", true)]
    [InlineData("analyst,editor", false)]
    [InlineData("+3", false)]
    [InlineData("3", false)]
    [InlineData("-1", false)]
    [InlineData("Analyst, Admin", false)]
    [InlineData("", false)]
    public void A_role_is_read_by_its_exact_name_only(string text, bool valid) =>
        Assert.Equal(valid, Roles.TryParse(text, out _));

    [Fact]
    public void A_key_configured_with_a_list_or_a_number_as_its_role_stops_the_start_and_a_token_with_one_reads_as_anonymous()
    {
        foreach (var role in new[] { "analyst,editor", "+3", "2" })
        {
            var options = new AuthOptions { ApiKeys = [new ApiKeyEntry { Name = "k", Role = role, Sha256 = new string('a', 64) }] };
            Assert.Contains(Authentication.Problems(options), p => p.Contains("Role must be analyst, editor or admin", StringComparison.Ordinal));
        }
        var identity = new ClaimsIdentity("Bearer", ClaimTypes.Name, Roles.ClaimType);
        identity.AddClaim(new Claim(Roles.ClaimType, "analyst,editor"));
        identity.AddClaim(new Claim(Roles.ClaimType, "+3"));
        Assert.Equal(Role.Anonymous, Roles.Of(new ClaimsPrincipal(identity)));
    }

    [Fact]
    public void Audit_actors_say_whether_a_key_or_a_token_made_the_change()
    {
        ClaimsPrincipal User(string scheme)
        {
            var identity = new ClaimsIdentity(scheme, ClaimTypes.Name, Roles.ClaimType);
            identity.AddClaim(new Claim(ClaimTypes.Name, "nguyen"));
            return new ClaimsPrincipal(identity);
        }
        Assert.Equal("key:nguyen", Roles.Actor(User(Authentication.ApiKeyScheme)));
        Assert.Equal("jwt:nguyen", Roles.Actor(User(Authentication.BearerScheme)));
        Assert.Equal("anonymous", Roles.Actor(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Theory]
    [InlineData("0314409058-000", false)]
    [InlineData("0314409058-001", true)]
    [InlineData("0314409058-999", true)]
    public void A_branch_is_numbered_001_to_999(string code, bool valid) => Assert.Equal(valid, TaxCode.IsValid(code));

    [Theory]
    [InlineData("Công ty A", null)]
    [InlineData("Bad\u0000", "U+0000")]
    [InlineData("Tab\there", "U+0009")]
    [InlineData("C1\u0085", "U+0085")]
    [InlineData("nonchar \uFFFF", "noncharacter")]
    [InlineData("😀 emoji and שלום", null)]
    public void Text_may_not_hold_control_characters_or_broken_surrogates(string text, string? problem)
    {
        var found = TextRules.Problem(text);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
            Assert.Null(TextRules.Problem(TextRules.Printable(text, multiline: false)));
        }
        Assert.Null(TextRules.Problem("two\nlines\tand a tab", multiline: true));
    }

    [Fact]
    public void Half_a_surrogate_pair_is_not_text()
    {
        var text = "half " + (char)0xDC00 + " pair";
        Assert.Contains("surrogate", TextRules.Problem(text), StringComparison.Ordinal);
        Assert.Equal("half \uFFFD pair", TextRules.Printable(text));
    }

    [Theory]
    [InlineData("\u200B\u200B", true)]
    [InlineData("\u202E\u202D \u2066", true)]
    [InlineData(" \u00AD ", true)]
    [InlineData("A\u200B", false)]
    public void A_name_of_invisible_characters_only_is_blank(string name, bool blank)
    {
        Assert.Equal(blank, TextRules.IsBlank(name));
        Assert.Equal(blank, TextRules.NameProblem(name) is not null);
    }

    [Fact]
    public void Zero_width_characters_are_folded_away()
    {
        Assert.Equal("vinfast", VietnameseText.Fold("Vin\u200Bfast"));
        Assert.Equal("hai phong", VietnameseText.Fold("\u202EHải\u200D Phòng"));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("'=1", "''=1")]
    [InlineData("-106.5", "-106.5")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("Công ty", "Công ty")]
    public void A_cell_a_spreadsheet_would_run_is_written_as_text_and_read_back_as_it_was(string value, string written)
    {
        Assert.Equal(written, Csv.Neutralise(value));
        Assert.Equal(value, Csv.Restore(Csv.Neutralise(value)));
        var row = Csv.Read(new StringReader("name\n" + Csv.Line(value) + "\n"), "t.csv").Single();
        Assert.Equal(value, row.Get("name"));
    }

    [Fact]
    public void A_product_in_symbols_only_keeps_a_link_id_of_its_own()
    {
        var none = SupplyLink.MakeId("firm:a", "firm:b", "sector:26", null);
        var emoji = SupplyLink.MakeId("firm:a", "firm:b", "sector:26", "😀😀");
        var oneEmoji = SupplyLink.MakeId("firm:a", "firm:b", "sector:26", "😀");
        var symbols = SupplyLink.MakeId("firm:a", "firm:b", "sector:26", "!!!");
        Assert.Equal(4, new[] { none, emoji, oneEmoji, symbols }.Distinct().Count());
        Assert.Equal("supply:a>b/26/_1f600_1f600", emoji);
        Assert.True(SupplyLink.TryParseId(emoji, out _, out _, out _, out var key) && key == SupplyLink.ProductKey("😀😀"));
        Assert.StartsWith("_h", SupplyLink.ProductKey(new string('!', 40)), StringComparison.Ordinal);
    }

    [Fact]
    public void Money_and_areas_have_a_plausible_maximum()
    {
        Assert.Null(Quantities.UsdProblem(1e12));
        Assert.NotNull(Quantities.UsdProblem(1e12 + 1));
        Assert.NotNull(Quantities.UsdProblem(double.PositiveInfinity));
        Assert.NotNull(Quantities.UsdProblem(-1));
        Assert.Null(Quantities.AreaProblem(1e6));
        Assert.NotNull(Quantities.AreaProblem(1e7));
    }
}
