using System.Globalization;
using System.Text;

namespace Ecosystem.Tests.Support;

/// <summary>
/// Generates GraphQL requests over the API's schema from a seed: random depth and width, repeated fields and
/// aliases, fragments (also spread many times), inline fragments, conflicting and agreeing selections, deep
/// nesting past every limit, and variables with extreme numbers (1e400, huge integers) and strings (long, control
/// characters, emoji, right-to-left). Used by the fuzz test (a few hundred requests) and by the benchmark command's
/// long run; the same seed gives the same requests.
/// </summary>
public sealed class DocumentFuzzer(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] FirmLeaves = ["id", "name", "country", "taxCode", "ownership", "originCountry", "size", "roles", "revenueUsd", "note", "__typename"];
    private static readonly string[] ExtremeNumbers = ["1e400", "-1e400", "1e308", "-0", "0.0000001", "9007199254740993", "100000000000000000000000000000", "2147483648", "-1", "NaN", "3"];

    /// <summary>One request: the JSON body and a short description for failure messages.</summary>
    public (string Json, string What) Next()
    {
        var shape = _random.Next(10);
        var (document, what) = shape switch
        {
            0 => (Wide(), "wide"),
            1 => (Deep(), "deep"),
            2 => (Fragments(), "fragments"),
            3 => (Conflicts(), "conflicts"),
            4 => (Aliases(), "aliases"),
            _ => (Random(), "random"),
        };
        var variables = Variables();
        var json = new StringBuilder("{\"query\":");
        json.Append(System.Text.Json.JsonSerializer.Serialize(document));
        json.Append(",\"variables\":").Append(variables).Append('}');
        return (json.ToString(), $"{what} ({document.Length} chars): {document[..Math.Min(120, document.Length)]}");
    }

    private string Firm(int depth)
    {
        var sb = new StringBuilder();
        var count = 1 + _random.Next(6);
        for (var i = 0; i < count; i++)
        {
            var pick = _random.Next(depth <= 0 ? 1 : 5);
            switch (pick)
            {
                case 0:
                    sb.Append(FirmLeaves[_random.Next(FirmLeaves.Length)]).Append(' ');
                    break;
                case 1:
                    sb.Append(CultureInfo.InvariantCulture, $"suppliers(first: {Number()}) {{ totalCount nodes {{ valueUsd product supplier {{ {Firm(depth - 1)} }} }} }} ");
                    break;
                case 2:
                    sb.Append(CultureInfo.InvariantCulture, $"park {{ name totalAreaHa province {{ name }} }} ");
                    break;
                case 3:
                    sb.Append(CultureInfo.InvariantCulture, $"sectors {{ code {Parents(_random.Next(4))} }} ");
                    break;
                default:
                    sb.Append(CultureInfo.InvariantCulture, $"localizationRate domesticValueShare(maxDepth: {1 + _random.Next(4)}) ");
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Parents(int depth) => depth == 0 ? "" : "parent { code " + Parents(depth - 1) + "}";

    private string Number() => _random.Next(8) == 0 ? ExtremeNumbers[_random.Next(ExtremeNumbers.Length)] : (1 + _random.Next(120)).ToString(CultureInfo.InvariantCulture);

    private string Root()
    {
        return _random.Next(7) switch
        {
            0 => $"firm(id: $id) {{ {Firm(2)} }}",
            1 => $"firms(first: {Number()}, where: {{ province: $text }}) {{ totalCount nodes {{ {Firm(1)} }} }}",
            2 => "search(text: $text, first: 5) { name score node { id } }",
            3 => $"supplyChain(firmId: $id, maxDepth: {1 + _random.Next(7)}) {{ firmCount truncated tiers {{ depth totalValueUsd }} }}",
            4 => "localizationReport(scope: { province: $text }, threshold: $number) { leadFirmCount domesticShare unknownInputs { code } }",
            5 => "parkMatches(sectorCode: \"26\", minAvailableAreaHa: $number, first: 3) { score park { name } }",
            _ => $"clusters(scope: {{ province: $text }}) {{ size internalLinkCount internalValueUsd members(first: {Number()}) {{ nodes {{ id }} }} }}",
        };
    }

    private const string Header = "query($id: ID, $text: String, $number: Float) ";

    private string Random()
    {
        var sb = new StringBuilder(Header + "{ ");
        var count = 1 + _random.Next(3);
        for (var i = 0; i < count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"r{i}: ").Append(Root()).Append(' ');
        }
        return sb.Append('}').ToString();
    }

    private string Wide()
    {
        var field = FirmLeaves[_random.Next(FirmLeaves.Length)];
        var repeat = _random.Next(4) switch { 0 => 100, 1 => 1_900, 2 => 5_000, _ => 9_000 };
        var alias = _random.Next(2) == 0 ? "" : "x: ";
        return $"{Header}{{ firm(id: $id) {{ {string.Join(' ', Enumerable.Repeat(alias + field, repeat))} }} }}";
    }

    private string Deep()
    {
        var depth = 5 + _random.Next(90);
        return _random.Next(2) == 0
            ? "{ sector(code: \"26\") { " + string.Concat(Enumerable.Repeat("parent { ", depth)) + "code" + new string('}', depth + 1) + " }"
            : "{ firms(first: 1, where: { province: " + string.Concat(Enumerable.Repeat("[", depth)) + "\"x\"" + new string(']', depth) + " }) { totalCount } }";
    }

    private string Fragments()
    {
        var count = 1 + _random.Next(120);
        var spreads = 1 + _random.Next(2_500);
        var sb = new StringBuilder(Header + "{ firm(id: $id) { " + string.Concat(Enumerable.Repeat("...F0 ", Math.Min(spreads, 2_500))) + "} } ");
        for (var i = 0; i < count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"fragment F{i} on Firm {{ {FirmLeaves[_random.Next(FirmLeaves.Length)]} {(i + 1 < count ? $"...F{i + 1}" : "")} }} ");
        }
        return sb.ToString();
    }

    private string Conflicts()
    {
        var sb = new StringBuilder(Header + "{ ");
        var count = 2 + _random.Next(40);
        for (var i = 0; i < count; i++)
        {
            var alias = "a" + _random.Next(3);
            sb.Append(_random.Next(4) switch
            {
                0 => $"{alias}: firm(id: $id) {{ n: {FirmLeaves[_random.Next(3)]} }} ",
                1 => $"{alias}: firm(id: \"firm:{_random.Next(3)}\") {{ id }} ",
                2 => $"node(id: $id) {{ ... on Firm {{ {alias}: name }} ... on Park {{ {alias}: {(_random.Next(2) == 0 ? "name" : "totalAreaHa")} }} }} ",
                _ => $"{alias}: regions {{ code }} ",
            });
        }
        return sb.Append('}').ToString();
    }

    private string Aliases()
    {
        var count = 1 + _random.Next(60);
        return Header + "{ " + string.Join(' ', Enumerable.Range(0, count).Select(i => $"x{i}: firm(id: $id) {{ name }}")) + " }";
    }

    private string Variables()
    {
        var id = _random.Next(3) switch { 0 => "\"firm:syn-0000050\"", 1 => "null", _ => Text() };
        var number = _random.Next(3) == 0 ? ExtremeNumbers[_random.Next(ExtremeNumbers.Length - 2)] : "0.5";
        if (number is "NaN")
        {
            number = "\"NaN\"";
        }
        return $"{{\"id\":{id},\"text\":{Text()},\"number\":{number}}}";
    }

    private string Text() => _random.Next(6) switch
    {
        0 => System.Text.Json.JsonSerializer.Serialize(new string('x', 1 + _random.Next(60_000))),
        1 => "\"Hải\\u0000Phòng\\u0007\"",
        2 => "\"😀\\u202eشركة\"",
        3 => "\"\\ud800\"",
        4 => "12345",
        _ => "\"Hải Phòng\"",
    };
}
