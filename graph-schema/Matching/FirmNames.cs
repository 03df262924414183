using Ecosystem.Graph.Rules;

namespace Ecosystem.Graph.Matching;

/// <summary>
/// Firm names made comparable: folded (diacritics and đ), then known phrases joined into one token each, read
/// longest first. Legal forms in Vietnamese and English (Công ty, TNHH, Cổ phần, JSC, Co., Ltd., MTV, Vina, Việt Nam,
/// with their abbreviations CTY, CP, TNHH) and generic business words (trading, services, production, import-export,
/// investment, "và") become markers starting with <c>~</c>, which the matcher weighs down; trade words become one
/// concept in both languages ("Cơ khí", "mechanical" and "metal" are <c>#cokhi</c>; "TM" and
/// "trading" are <c>#thuongmai</c>); every other word stays as it is. "Cty TNHH Cơ khí Đại Việt" and "DAI VIET METAL
/// CO., LTD" both give <c>#cokhi dai viet</c> besides their legal forms.
/// </summary>
public static class FirmNames
{
    private static readonly Dictionary<string, string> Phrases = Build(
        ("~congty", ["cong ty", "cty", "company", "co", "inc", "corporation", "corp"]),
        ("~tongcongty", ["tong cong ty"]),
        ("~tapdoan", ["tap doan", "group", "holdings", "holding"]),
        ("~cophan", ["co phan", "cp", "jsc", "joint stock", "joint stock company", "jsco", "shareholding"]),
        ("~tnhh", ["tnhh", "trach nhiem huu han", "ltd", "limited", "co ltd", "company limited", "llc"]),
        ("~mtv", ["mtv", "mot thanh vien", "one member"]),
        ("~dntn", ["dntn", "doanh nghiep tu nhan", "private enterprise"]),
        ("~chinhanh", ["chi nhanh", "cn", "branch"]),
        ("~vina", ["vina"]),
        ("~vietnam", ["viet nam", "vietnam", "vn"]),
        ("~kinhdoanh", ["kinh doanh", "business"]),
        ("~va", ["va", "and"]),
        ("#cokhi", ["co khi", "mechanical", "mechanics", "metal", "metals", "kim loai", "engineering"]),
        ("#dientu", ["dien tu", "electronics", "electronic"]),
        ("#dien", ["dien", "electric", "electrical"]),
        ("#nhua", ["nhua", "plastic", "plastics"]),
        ("#detmay", ["det may", "textile", "textiles", "garment", "garments", "may mac", "apparel"]),
        ("#baobi", ["bao bi", "packaging", "packing"]),
        ("#thep", ["thep", "steel"]),
        ("#hoachat", ["hoa chat", "chemical", "chemicals"]),
        ("#thucpham", ["thuc pham", "food", "foods"]),
        ("#xaydung", ["xay dung", "construction"]),
        ("#vantai", ["van tai", "transport", "transportation"]),
        ("#logistics", ["tiep van", "giao nhan", "logistics", "forwarding"]),
        ("~thuongmai", ["thuong mai", "tm", "trading", "trade", "commerce", "commercial"]),
        ("~dichvu", ["dich vu", "dv", "service", "services"]),
        ("~sanxuat", ["san xuat", "sx", "manufacturing", "manufacture", "production"]),
        ("~xnk", ["xuat nhap khau", "xnk", "import export", "imex"]),
        ("~dautu", ["dau tu", "investment", "invest"]),
        ("~phattrien", ["phat trien", "development"]),
        ("#congnghiep", ["cong nghiep", "industrial", "industry", "industries"]),
        ("#congnghe", ["cong nghe", "technology", "technologies", "tech"]),
        ("#kythuat", ["ky thuat", "technical"]),
        ("#caosu", ["cao su", "rubber"]),
        ("#go", ["go", "wood", "wooden"]),
        ("#giay", ["giay", "footwear", "shoes", "paper"]),
        ("#linhkien", ["linh kien", "component", "components"]),
        ("#phutung", ["phu tung", "parts", "spare parts"]),
        ("#oto", ["o to", "oto", "automotive", "auto"]),
        ("#khuon", ["khuon", "khuon mau", "mould", "moulds", "mold", "molds"]),
        ("#thietbi", ["thiet bi", "equipment"]),
        ("#vatlieu", ["vat lieu", "material", "materials"]),
        ("#nangluong", ["nang luong", "energy"]),
        ("#inan", ["in an", "printing"]),
        ("#kinh", ["kinh", "glass"]));

    private static readonly int Longest = Phrases.Keys.Max(k => k.Count(c => c == ' ') + 1);

    private static Dictionary<string, string> Build(params (string Token, string[] Phrases)[] groups)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (token, phrases) in groups)
        {
            foreach (var phrase in phrases)
            {
                map.Add(phrase, token);
            }
        }
        return map;
    }

    /// <summary>The name's tokens, in order (see the class remarks).</summary>
    public static string[] Tokens(string? name) => Tokens(name, null);

    /// <summary>
    /// The name's tokens, a misspelt phrase read as the phrase: where <paramref name="isKnown"/> says a word is in no
    /// firm's name, that word alone, or with its neighbour, one letter from a phrase of six letters or more ("hoa cht",
    /// "linh kin", "elecronics") is taken for it. Only a record's name is read so: a firm's own words are never misspelt.
    /// </summary>
    public static string[] Tokens(string? name, Func<string, bool>? isKnown) => Tokens(VietnameseText.Tokens(name), isKnown);

    /// <summary>The tokens of a name already folded into words (<see cref="VietnameseText.Tokens"/>).</summary>
    public static string[] Tokens(string[] words, Func<string, bool>? isKnown = null)
    {
        var tokens = new List<string>(words.Length);
        for (var i = 0; i < words.Length;)
        {
            var taken = 1;
            var token = words[i];
            var found = false;
            for (var length = Math.Min(Longest, words.Length - i); length >= 1; length--)
            {
                if (Phrases.TryGetValue(length == 1 ? words[i] : string.Join(' ', words, i, length), out var phrase))
                {
                    (token, taken, found) = (phrase, length, true);
                    break;
                }
            }
            if (isKnown is not null && taken == 1)
            {
                // Not a phrase of two words or more as written: a word no firm has, alone or with its neighbour, one
                // letter from one ("dien tuu": "dien" alone is a phrase, but "điện tử" is meant).
                for (var length = Math.Min(2, words.Length - i); length >= (found ? 2 : 1); length--)
                {
                    var unknown = !isKnown(words[i]) || (length == 2 && !isKnown(words[i + 1]));
                    var text = length == 1 ? words[i] : $"{words[i]} {words[i + 1]}";
                    if (unknown && text.Length >= 6 && NearPhrase(text) is { } near)
                    {
                        (token, taken) = (near, length);
                        break;
                    }
                }
            }
            tokens.Add(token);
            i += taken;
        }
        return [.. tokens];
    }

    /// <summary>The phrase of six letters or more one letter from the text, when exactly one is.</summary>
    private static string? NearPhrase(string text)
    {
        string? match = null;
        foreach (var (phrase, token) in Phrases)
        {
            if (phrase.Length >= 6 && phrase.Count(c => c == ' ') == text.Count(c => c == ' ') && EditDistanceAtMostOne(phrase, text))
            {
                if (match is not null && match != token)
                {
                    return null;
                }
                match = token;
            }
        }
        return match;
    }

    /// <summary>Whether one letter added, left out or changed makes one text the other.</summary>
    internal static bool EditDistanceAtMostOne(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }
        var (i, j, edits) = (0, 0, 0);
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                (i, j) = (i + 1, j + 1);
                continue;
            }
            if (++edits > 1)
            {
                return false;
            }
            if (a.Length > b.Length)
            {
                i++;
            }
            else if (b.Length > a.Length)
            {
                j++;
            }
            else
            {
                (i, j) = (i + 1, j + 1);
            }
        }
        return edits + (a.Length - i) + (b.Length - j) <= 1;
    }

    /// <summary>A legal-form marker (weighed down): <c>~tnhh</c>, <c>~congty</c>.</summary>
    public static bool IsLegalForm(string token) => token.StartsWith('~');

    /// <summary>A word that may be misspelt (letters, four or more): numbers and concepts must match exactly.</summary>
    public static bool IsFuzzy(string token) => token.Length >= 4 && token[0] is not ('~' or '#') && !token.Any(char.IsDigit);
}
