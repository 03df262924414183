using System.Text.Json;
using System.Text.Json.Serialization;
using Ecosystem.Graph.Model;

namespace Ecosystem.Graph.Store;

/// <summary>How nodes are written into the store file: camelCase JSON, enums by name, nulls left out.</summary>
public static class NodeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
        WriteIndented = false,
    };

    public static string Serialize(Node node) => JsonSerializer.Serialize(node, Options);

    public static Node Deserialize(string json) =>
        JsonSerializer.Deserialize<Node>(json, Options) ?? throw new JsonException("node JSON is null");

    public static Node Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<Node>(utf8, Options) ?? throw new JsonException("node JSON is null");
}
