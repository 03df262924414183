using Ecosystem.Graph.Matching;
using Ecosystem.Graph.Model;
using Ecosystem.Graph.Rules;

namespace Ecosystem.Tests.Matching;

/// <summary>
/// The matcher on hand-checked Vietnamese cases: legal forms and abbreviations, English names, word order, dropped
/// diacritics, typos, provinces old and new, tax codes and branch codes, and records that must stay uncertain.
/// </summary>
public sealed class FirmMatcherTests
{
    private const string HaiPhong = "province:31-hai-phong", HaNoi = "province:01-ha-noi", BacNinh = "province:24-bac-ninh";
    private const string HaiDuongOld = "province:30-hai-duong-pre2025";

    private static string Code(string nine) => nine + TaxCode.CheckDigit(nine);

    private static readonly string MinhLongCode = Code("020123456");

    private static Firm Firm(string id, string name, string province, string sector, string? taxCode = null, Placement? placement = null) => new()
    {
        Id = id, Name = name, Country = "VN", ProvinceId = province, SectorIds = [sector], TaxCode = taxCode, Placement = placement, Sources = ["source:test"],
    };

    private static readonly string[] Fillers = ["Cơ khí", "Nhựa", "Điện tử", "Bao bì", "Thương mại", "Dệt may"];

    private static readonly string[] Places = ["An Phát", "Thành Công", "Việt Hưng", "Hồng Hà", "Sông Đà", "Tân Tiến", "Phú Thái", "Nam Sơn", "Bình Minh", "Hưng Thịnh"];

    private static readonly FirmMatcher Matcher = new(
    [
        Firm("firm:dai-viet-hp", "Công ty TNHH Cơ khí Đại Việt", HaiPhong, "sector:25920", placement: new Placement(HaiPhong, HaiDuongOld, PlacementMethod.Ward)),
        Firm("firm:dai-viet-hn", "Công ty Cổ phần Cơ khí Đại Việt", HaNoi, "sector:25920"),
        Firm("firm:dai-phat", "Công ty TNHH Nhựa Đại Phát", BacNinh, "sector:22209"),
        Firm("firm:minh-long", "Công ty TNHH Điện tử Minh Long", HaiPhong, "sector:26400", MinhLongCode),
        Firm("firm:vinfast", "Công ty TNHH Sản xuất và Kinh doanh VinFast", HaiPhong, "sector:29100"),
        Firm("firm:hoa-phat", "Công ty Cổ phần Tập đoàn Hòa Phát", HaNoi, "sector:24100"),
        .. Enumerable.Range(0, 300).Select(i => Firm($"firm:filler-{i}", $"Công ty TNHH {Fillers[i % Fillers.Length]} {Places[i / Fillers.Length % Places.Length]} {i}", i % 2 == 0 ? HaNoi : BacNinh, "sector:25920")),
    ]);

    private static MatchResult Match(string name, string? province = null, string? taxCode = null) =>
        Matcher.Match(new MatchRecord { Name = name, TaxCode = taxCode, ProvinceIds = province is null ? new HashSet<string>() : new HashSet<string> { province } });

    [Theory]
    [InlineData("Cty TNHH Cơ khí Đại Việt", HaiPhong, "firm:dai-viet-hp")]
    [InlineData("DAI VIET METAL CO., LTD", HaiPhong, "firm:dai-viet-hp")]
    [InlineData("Dai Viet Mechanical JSC", HaNoi, "firm:dai-viet-hn")]
    [InlineData("CÔNG TY CP CƠ KHÍ ĐẠI VIỆT", HaNoi, "firm:dai-viet-hn")]
    [InlineData("Minh Long Electronics Company Limited", null, "firm:minh-long")]
    [InlineData("Vinfasst", HaiPhong, "firm:vinfast")]
    [InlineData("Vin Fast", null, "firm:vinfast")]
    [InlineData("Hoa Phat Group", null, "firm:hoa-phat")]
    // A misspelt trade (a word no firm has, one letter from "điện tử" with its neighbour, or from "electronics").
    [InlineData("Cty TNHH Dien tư Minh Long", HaiPhong, "firm:minh-long")]
    [InlineData("Cty TNHH Đien tuu Minh Long", HaiPhong, "firm:minh-long")]
    [InlineData("MINH LONG ELECTRONCS CO LTD", HaiPhong, "firm:minh-long")]
    // A firm recorded under today's Hải Phòng, placed in the former Hải Dương: the old name counts as the same province.
    [InlineData("Co khi Dai Viet", HaiDuongOld, "firm:dai-viet-hp")]
    public void A_sure_match_finds_the_firm_meant(string name, string? province, string expected)
    {
        var result = Match(name, province);
        Assert.True(result.Sure, $"{name}: {string.Join("; ", result.Candidates.Select(c => $"{c.FirmId} {c.Score:0.00} [{string.Join(", ", c.Features.Select(f => f.Evidence))}]"))}");
        Assert.Equal(expected, result.Match!.FirmId);
    }

    [Fact]
    public void Only_a_word_no_firm_has_is_read_as_a_misspelt_phrase()
    {
        // "tuu" is in no name: "dien tuu" is "điện tử"; a firm's own words are never rewritten ("Vân Hải" is not "vận tải").
        Assert.Equal(["~congty", "#dientu", "minh", "long"], FirmNames.Tokens("Cong ty Dien tuu Minh Long", w => w != "tuu"));
        Assert.Equal(["~congty", "#dien", "tuu", "minh", "long"], FirmNames.Tokens("Cong ty Dien tuu Minh Long"));
        Assert.Equal(["~congty", "van", "hai"], FirmNames.Tokens("Công ty Vân Hải", _ => true));
        Assert.Equal(["~congty", "van", "hai"], FirmNames.Tokens("Công ty Vân Hải"));
    }

    [Fact]
    public void Two_firms_of_one_name_stay_uncertain_without_a_province_and_their_scores_say_why()
    {
        var result = Match("Đại Việt Metal");
        Assert.False(result.Sure);
        Assert.Equal(["firm:dai-viet-hn", "firm:dai-viet-hp"], result.Candidates.Take(2).Select(c => c.FirmId).Order(StringComparer.Ordinal));
        // With a province that is neither's, both lose the province part and neither is sure.
        var elsewhere = Match("Đại Việt Metal", BacNinh);
        Assert.False(elsewhere.Sure);
        Assert.All(elsewhere.Candidates.Take(2), c => Assert.Contains(c.Features, f => f.Id == "province" && f.Value < 0));
    }

    [Fact]
    public void A_tax_code_decides_a_branch_code_matches_its_parent_and_another_code_counts_against()
    {
        var same = Match("Tên khác hẳn", taxCode: MinhLongCode);
        Assert.True(same.Sure);
        Assert.Equal(("firm:minh-long", 1.0), (same.Match!.FirmId, same.Match.Score));
        var branch = Match("Chi nhánh Minh Long Hải Dương", taxCode: $"{MinhLongCode}-002");
        Assert.True(branch.Sure);
        Assert.Equal("firm:minh-long", branch.Match!.FirmId);
        Assert.Contains(branch.Match.Features, f => f.Id == "tax_code" && f.Evidence.Contains("is a branch of this firm's", StringComparison.Ordinal));
        // The right name under another firm's tax code is not sure.
        var other = Matcher.Match(new MatchRecord { Name = "Công ty TNHH Điện tử Minh Long", TaxCode = Code("010000001") }, limit: 50);
        Assert.False(other.Sure);
        Assert.True(other.Candidates.Any(c => c.FirmId == "firm:minh-long"), string.Join("; ", other.Candidates.Select(c => $"{c.FirmId} {c.Score:0.00} [{string.Join(", ", c.Features.Select(f => f.Evidence))}]")));
        Assert.Contains(other.Candidates.Single(c => c.FirmId == "firm:minh-long").Features, f => f.Id == "tax_code" && f.Value < 0);
    }

    [Fact]
    public void A_word_no_firm_has_is_a_misspelling_but_a_real_syllable_one_letter_off_is_another_name()
    {
        // "Lonng" is no firm's word: a misspelling of Long, and only Minh Long is near.
        var misspelt = Match("Cong ty Dien tu Minh Lonng");
        Assert.True(misspelt.Sure);
        Assert.Equal("firm:minh-long", misspelt.Match!.FirmId);
        // "Hong" is a word of other firms (Hồng Hà): Minh Hong may be another firm than Minh Long, so no sure match.
        var other = Match("Cong ty Dien tu Minh Hong");
        Assert.False(other.Sure);
        Assert.Contains(other.Candidates, c => c.FirmId == "firm:minh-long");
    }

    [Fact]
    public void Legal_forms_alone_find_nothing_and_an_unknown_name_is_no_sure_match()
    {
        Assert.Empty(Match("Công ty TNHH").Candidates);
        Assert.False(Match("Công ty Cổ phần Thủy sản Cà Mau").Sure);
    }

    [Fact]
    public void Names_fold_to_the_same_tokens_in_both_languages()
    {
        Assert.Equal(["~congty", "~tnhh", "#cokhi", "dai", "viet"], FirmNames.Tokens("Cty TNHH Cơ khí Đại Việt"));
        Assert.Equal(["dai", "viet", "#cokhi", "~tnhh"], FirmNames.Tokens("DAI VIET METAL CO., LTD"));
        Assert.Equal(["~congty", "~cophan", "~xnk", "~thuongmai", "hung", "thinh"], FirmNames.Tokens("Công ty CP XNK & TM Hưng Thịnh"));
        Assert.Equal(["samsung", "#dientu", "~vietnam"], FirmNames.Tokens("Samsung Electronics Việt Nam"));
    }
}

/// <summary>The matcher on a labelled synthetic set (<see cref="MatchingSample"/>): sure matches almost always right, most records sure.</summary>
public sealed class FirmMatcherQualityTests
{
    [Fact]
    public void Sure_matches_are_right_and_most_records_get_one()
    {
        // 34 provinces, as today; each with one former unit of its own.
        var provinces = Enumerable.Range(1, 34).Select(i => $"province:{i:D2}-test").ToArray();
        var (firms, records) = MatchingSample.Build(3_000, 2_000, provinces, id => [$"{id}-pre2025"]);
        // The labelled firms are firms the store would take: valid tax codes and all.
        Assert.DoesNotContain(firms.SelectMany(f => Ecosystem.Graph.Store.NodeRules.Check(f)), e => e.Field is "taxCode" or "country" or "id");
        var matcher = new FirmMatcher(firms);
        var results = records.Select(r => (r, matcher.Match(r.Record))).ToList();
        var sure = results.Where(x => x.Item2.Sure).ToList();
        var right = sure.Count(x => x.Item2.Match!.FirmId == x.r.FirmId);
        var present = records.Count(r => r.FirmId is not null);
        Assert.True(right >= 0.99 * sure.Count, $"precision {right}/{sure.Count}");
        Assert.True(right >= 0.9 * present, $"recall {right}/{present}");
        // Every record of a firm in the graph has it among its first five candidates.
        Assert.All(results.Where(x => x.r.FirmId is not null), x => Assert.Contains(x.Item2.Candidates, c => c.FirmId == x.r.FirmId));
    }
}

/// <summary>Probable duplicates in the graph: a firm entered twice is listed once, with its evidence; distinct firms are not.</summary>
public sealed class DuplicateFirmsTests
{
    private static Firm Firm(string id, string name, string province, string? taxCode = null) => new()
    {
        Id = id, Name = name, Country = "VN", ProvinceId = province, SectorIds = ["sector:25920"], TaxCode = taxCode, Sources = ["source:test"],
    };

    [Fact]
    public void A_firm_entered_twice_is_listed_once_and_namesakes_elsewhere_score_lower()
    {
        var code = "020123456" + TaxCode.CheckDigit("020123456");
        var matcher = new FirmMatcher(
        [
            Firm("firm:a-1", "Công ty TNHH Cơ khí Đại Việt", "province:31-hai-phong"),
            Firm("firm:a-2", "CTY TNHH CO KHI DAI VIET", "province:31-hai-phong"),
            Firm("firm:b-1", "Công ty Cổ phần Nhựa Minh Long", "province:01-ha-noi", code),
            Firm("firm:b-2", "Minh Long Plastic JSC", "province:24-bac-ninh", code),
            Firm("firm:c", "Công ty TNHH Điện tử Hòa Bình", "province:01-ha-noi"),
            Firm("firm:d", "Công ty TNHH Dệt may Sông Hồng", "province:01-ha-noi"),
        ]);
        var pairs = matcher.Duplicates(0.8, 10);
        Assert.Equal([("firm:a-1", "firm:a-2"), ("firm:b-1", "firm:b-2")], pairs.Select(p => (p.FirmId, p.OtherId)).Order());
        // The same tax code decides, the province aside; the same name in the same province is shown with its parts.
        Assert.Contains(pairs.Single(p => p.FirmId == "firm:b-1").Features, f => f.Id == "tax_code" && f.Evidence.StartsWith("the same tax code", StringComparison.Ordinal));
        Assert.Contains(pairs.Single(p => p.FirmId == "firm:a-1").Features, f => f.Id == "province" && f.Value > 0);
        Assert.Single(matcher.Duplicates(0.8, 1));
        Assert.Empty(matcher.Duplicates(1.01, 10));
    }
}
