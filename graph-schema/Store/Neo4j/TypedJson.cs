using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecosystem.Graph.Store.Neo4j;

/// <summary>A node as the Query API returns it.</summary>
public sealed record Neo4jNode(string ElementId, IReadOnlyList<string> Labels, IReadOnlyDictionary<string, object?> Properties);

/// <summary>A relationship as the Query API returns it.</summary>
public sealed record Neo4jRelationship(string ElementId, string Type, string StartElementId, string EndElementId, IReadOnlyDictionary<string, object?> Properties);

/// <summary>A point: spatial reference id and coordinates (x = longitude, y = latitude for WGS-84).</summary>
public sealed record Neo4jPoint(int Srid, double X, double Y);

/// <summary>
/// Neo4j's typed JSON (media type <c>application/vnd.neo4j.query</c>): every value is <c>{"$type": T, "_value": V}</c>,
/// with integers and floats as strings, so 64-bit integers, dates and points come back exactly.
/// </summary>
public static class TypedJson
{
    public const string MediaType = "application/vnd.neo4j.query";

    /// <summary>A parameter value in typed JSON: null, bool, integers, floats, strings, dates, lists and string-keyed maps.</summary>
    public static JsonNode Encode(object? value) => value switch
    {
        null => Typed("Null", null),
        bool b => Typed("Boolean", JsonValue.Create(b)),
        string s => Typed("String", JsonValue.Create(s)),
        int or long or short or byte or uint => Typed("Integer", JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))),
        double d => Typed("Float", JsonValue.Create(Float(d))),
        float f => Typed("Float", JsonValue.Create(Float(f))),
        DateOnly date => Typed("Date", JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        Enum e => Typed("String", JsonValue.Create(e.ToString())),
        IDictionary<string, object?> map => Typed("Map", new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Encode(kv.Value))))),
        IEnumerable list => Typed("List", new JsonArray([.. list.Cast<object?>().Select(x => (JsonNode?)Encode(x))])),
        _ => throw new ArgumentException($"a {value.GetType().Name} cannot be a Cypher parameter"),
    };

    private static string Float(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : d.ToString("R", CultureInfo.InvariantCulture);

    private static JsonObject Typed(string type, JsonNode? value) => new() { ["$type"] = type, ["_value"] = value };

    /// <summary>
    /// A typed JSON value as .NET: Null null, Boolean bool, Integer long, Float double, String string, Date DateOnly, List
    /// list, Map dictionary, Node <see cref="Neo4jNode"/>, Relationship <see cref="Neo4jRelationship"/>, Point
    /// <see cref="Neo4jPoint"/>; other temporal types as their ISO text.
    /// </summary>
    public static object? Decode(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("$type", out var typeElement))
        {
            throw new Neo4jProtocolException($"expected a typed JSON value, got {element.ValueKind}");
        }
        var type = typeElement.GetString();
        element.TryGetProperty("_value", out var v);
        return type switch
        {
            "Null" => null,
            "Boolean" => v.GetBoolean(),
            "Integer" => long.Parse(v.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture),
            "Float" => v.GetString() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                var s => double.Parse(s!, NumberStyles.Float, CultureInfo.InvariantCulture),
            },
            "String" => v.GetString(),
            "Date" => DateOnly.ParseExact(v.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            "List" => v.EnumerateArray().Select(Decode).ToList(),
            "Map" => Map(v),
            "Node" => new Neo4jNode(
                v.GetProperty("_element_id").GetString()!,
                [.. v.GetProperty("_labels").EnumerateArray().Select(l => l.GetString()!)],
                Map(v.GetProperty("_properties"))),
            "Relationship" => new Neo4jRelationship(
                v.GetProperty("_element_id").GetString()!,
                v.GetProperty("_type").GetString()!,
                v.GetProperty("_start_node_element_id").GetString()!,
                v.GetProperty("_end_node_element_id").GetString()!,
                Map(v.GetProperty("_properties"))),
            "Point" => Point(v.GetString()!),
            "Base64" => Convert.FromBase64String(v.GetString()!),
            _ => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(),
        };
    }

    private static Dictionary<string, object?> Map(JsonElement v)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            map[p.Name] = Decode(p.Value);
        }
        return map;
    }

    /// <summary>"SRID=4326;POINT (106.68 20.86)".</summary>
    private static Neo4jPoint Point(string text)
    {
        var semicolon = text.IndexOf(';', StringComparison.Ordinal);
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.IndexOf(')', StringComparison.Ordinal);
        if (!text.StartsWith("SRID=", StringComparison.Ordinal) || semicolon < 0 || open < 0 || close < open)
        {
            throw new Neo4jProtocolException($"unexpected point '{text}'");
        }
        var coordinates = text[(open + 1)..close].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new Neo4jPoint(
            int.Parse(text[5..semicolon], CultureInfo.InvariantCulture),
            double.Parse(coordinates[0], CultureInfo.InvariantCulture),
            double.Parse(coordinates[1], CultureInfo.InvariantCulture));
    }
}
