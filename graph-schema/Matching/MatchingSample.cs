using System.Text;
using Ecosystem.Graph.Data;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Matching;

/// <summary>A record of another list and the firm it means (null: a firm the graph does not have).</summary>
public sealed record LabelledRecord(MatchRecord Record, string? FirmId, string Noise);

/// <summary>
/// A labelled set for the matcher (synthetic, and labelled so): firms with Vietnamese names (a legal form, a trade, a
/// two-syllable proper name; unique in the country, legal form aside, as enterprise registration requires, while
/// "Anh Thịnh" and "Thịnh Anh", or one name in two trades, are different firms), and records of them as other lists
/// write them: diacritics dropped, legal forms changed or abbreviated, the English name, words reordered, a typo, the
/// province before the merger or none, a tax code with a branch suffix; and records of firms left out of the graph,
/// which no sure match may claim.
/// </summary>
public static class MatchingSample
{
    private static readonly string[] Syllables =
    [
        "Đại", "Việt", "Minh", "Long", "Hưng", "Thịnh", "Phát", "An", "Bình", "Thành", "Công", "Hòa", "Phú", "Tân", "Tiến",
        "Hồng", "Hà", "Nam", "Sơn", "Trường", "Hải", "Quang", "Huy", "Hoàng", "Gia", "Khang", "Lộc", "Phúc", "Thái", "Dương",
        "Vĩnh", "Xuân", "Đông", "Tây", "Bắc", "Kim", "Ngọc", "Bảo", "Trí", "Đức", "Tín", "Nghĩa", "Hợp", "Lực", "Thắng",
        "Quốc", "Toàn", "Cường", "Mạnh", "Hiệp", "Lâm", "Sáng", "Mai", "Châu", "Linh", "Khánh", "Anh", "Duy", "Tâm", "Uy",
    ];

    // A trade in Vietnamese and its English word.
    private static readonly (string Vi, string En)[] Trades =
    [
        ("Cơ khí", "Mechanical"), ("Nhựa", "Plastic"), ("Điện tử", "Electronics"), ("Bao bì", "Packaging"), ("Dệt may", "Garment"),
        ("Thép", "Steel"), ("Hóa chất", "Chemical"), ("Cao su", "Rubber"), ("Linh kiện", "Components"), ("Khuôn mẫu", "Mould"),
        ("Thiết bị", "Equipment"), ("Gỗ", "Wood"), ("Thực phẩm", "Food"), ("Xây dựng", "Construction"), ("Điện", "Electric"),
    ];

    private static readonly (string Vi, string En, string Abbreviated)[] Forms =
    [
        ("Công ty TNHH", "Co., Ltd.", "Cty TNHH"), ("Công ty Cổ phần", "JSC", "Cty CP"), ("Công ty TNHH MTV", "One Member Co., Ltd.", "Cty TNHH MTV"),
    ];

    /// <summary>
    /// <paramref name="firms"/> firms (ids <c>firm:match-…</c>, in the provinces given, each with a tax code) and
    /// <paramref name="records"/> records: about one in ten of a firm kept out of the returned firms.
    /// <paramref name="formerOf"/> gives a province's former units (for records that name one of them).
    /// </summary>
    public static (IReadOnlyList<Firm> Firms, IReadOnlyList<LabelledRecord> Records) Build(
        int firms, int records, IReadOnlyList<string> provinceIds, Func<string, IReadOnlyList<string>> formerOf, int seed = 7)
    {
        var rng = new SplitMix64((ulong)seed);
        var all = new List<(Firm Firm, int Trade, int Form, string Proper)>(firms);
        // An enterprise's name is unique in the country (the legal form aside): one firm per trade and proper name.
        var taken = new HashSet<(int, string)>();
        if (firms > Trades.Length * Syllables.Length * (Syllables.Length - 1) / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(firms), "more firms than distinct names");
        }
        for (var i = 0; i < firms; i++)
        {
            int trade;
            string proper;
            do
            {
                trade = rng.NextInt(Trades.Length);
                var (x, y) = (rng.NextInt(Syllables.Length), rng.NextInt(Syllables.Length));
                proper = $"{Syllables[x]} {Syllables[y]}";
            }
            while (!taken.Add((trade, proper)));
            var form = rng.NextInt(Forms.Length);
            var prefix = 100_000_000 + rng.NextInt(800_000_000);
            // About one prefix in eleven has no check digit (it would be 10): the next one has.
            while (Rules.TaxCode.CheckDigit(prefix.ToString(System.Globalization.CultureInfo.InvariantCulture)) is null)
            {
                prefix++;
            }
            var nine = prefix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            all.Add((new Firm
            {
                Id = $"firm:match-{i:D7}",
                Name = $"{Forms[form].Vi} {Trades[trade].Vi} {proper}",
                Country = "VN",
                ProvinceId = provinceIds[rng.NextInt(provinceIds.Count)],
                TaxCode = nine + Rules.TaxCode.CheckDigit(nine),
                SectorIds = ["sector:25"],
                Sources = ["source:synthetic"],
            }, trade, form, proper));
        }
        // About one firm in ten stays out of the graph: records of it have no right answer.
        var absent = all.Select((_, i) => i).Where(_ => rng.NextDouble() < 0.1).ToHashSet();
        var labelled = new List<LabelledRecord>(records);
        for (var r = 0; r < records; r++)
        {
            var index = rng.NextInt(all.Count);
            var (firm, trade, form, proper) = all[index];
            var noises = new List<string>();
            string name;
            switch (rng.NextInt(5))
            {
                case 0:
                    name = firm.Name;
                    break;
                case 1:
                    name = $"{Forms[form].Abbreviated} {Trades[trade].Vi} {proper}";
                    noises.Add("abbreviated");
                    break;
                case 2:
                    name = $"{Fold(proper).ToUpperInvariant()} {Trades[trade].En.ToUpperInvariant()} {Forms[form].En.ToUpperInvariant()}";
                    noises.Add("English");
                    break;
                case 3:
                    name = $"{proper} {Trades[trade].Vi}";
                    noises.Add("reordered, no legal form");
                    break;
                default:
                    name = $"{Forms[(form + 1) % Forms.Length].Vi} {Trades[trade].Vi} {proper}";
                    noises.Add("another legal form");
                    break;
            }
            if (rng.NextDouble() < 0.3)
            {
                name = Fold(name);
                noises.Add("no diacritics");
            }
            if (rng.NextDouble() < 0.15)
            {
                name = Typo(name, rng);
                noises.Add("typo");
            }
            var provinces = new HashSet<string>(StringComparer.Ordinal);
            var where = rng.NextDouble();
            if (where < 0.6 && firm.ProvinceId is { } province)
            {
                provinces.Add(province);
            }
            else if (where < 0.8 && firm.ProvinceId is { } merged && formerOf(merged) is { Count: > 0 } former)
            {
                // The record names a former province: the caller's resolution gives it and its successor.
                provinces.Add(former[rng.NextInt(former.Count)]);
                provinces.Add(merged);
                noises.Add("former province");
            }
            else
            {
                noises.Add("no province");
            }
            string? taxCode = null;
            if (rng.NextDouble() < 0.1)
            {
                taxCode = rng.NextDouble() < 0.5 ? firm.TaxCode : $"{firm.TaxCode}-00{1 + rng.NextInt(9)}";
                noises.Add(taxCode == firm.TaxCode ? "tax code" : "branch tax code");
            }
            labelled.Add(new LabelledRecord(new MatchRecord { Name = name, ProvinceIds = provinces, TaxCode = taxCode },
                absent.Contains(index) ? null : firm.Id, string.Join(", ", noises)));
        }
        return ([.. all.Where((_, i) => !absent.Contains(i)).Select(a => a.Firm)], labelled);
    }

    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                sb.Append(ch switch { 'đ' => 'd', 'Đ' => 'D', _ => ch });
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>One letter of a word of four or more letters changed, left out or doubled.</summary>
    private static string Typo(string name, SplitMix64 rng)
    {
        var words = name.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 4 && words[i].All(char.IsLetter)).ToList();
        if (candidates.Count == 0)
        {
            return name;
        }
        var w = candidates[rng.NextInt(candidates.Count)];
        var word = words[w];
        var at = 1 + rng.NextInt(word.Length - 1);
        words[w] = rng.NextInt(3) switch
        {
            0 => string.Concat(word.AsSpan(0, at), word.AsSpan(at + 1)),
            1 => word.Insert(at, word[at - 1].ToString()),
            _ => string.Concat(word.AsSpan(0, at), "x", word.AsSpan(at + 1)),
        };
        return string.Join(' ', words);
    }
}
