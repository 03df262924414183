using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Ecosystem.Graph.Store;

/// <summary>
/// The opaque keyset cursor every store writes: the sort keys of the last node (strings, doubles, nulls) and its id,
/// as JSON in base64url. One codec, so a cursor means the same whichever store gave it.
/// </summary>
public static class PageCursor
{
    /// <summary>
    /// The key of the order by name, in both stores: the folded name, a separator below every character, the name (so
    /// "an" sorts before "an giang", and names that fold alike keep a stable order).
    /// </summary>
    public static string NameKey(string folded, string name) => folded + "\u0001" + name;

    public static string Encode(object?[] key, string id)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(key.Append(id).ToArray());
        return Base64Url.EncodeToString(json);
    }

    public static (object?[] Values, string Id) Decode(string cursor, int keys)
    {
        try
        {
            var json = Base64Url.DecodeFromChars(cursor);
            using var doc = JsonDocument.Parse(json);
            var array = doc.RootElement;
            if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() != keys + 1)
            {
                throw new InvalidCursorException("the cursor does not belong to this ordering");
            }
            var values = new object?[keys];
            for (var i = 0; i < keys; i++)
            {
                var e = array[i];
                values[i] = e.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.Number => e.GetDouble(),
                    JsonValueKind.String => e.GetString(),
                    _ => throw new InvalidCursorException("invalid cursor"),
                };
            }
            return (values, array[keys].GetString() ?? throw new InvalidCursorException("invalid cursor"));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or DecoderFallbackException)
        {
            throw new InvalidCursorException("invalid cursor", ex);
        }
    }
}
