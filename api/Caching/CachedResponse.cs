using System.Buffers;
using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;

namespace Ecosystem.Api.Caching;

/// <summary>
/// A computed answer as it goes on the wire: the UTF-8 JSON body. Immutable, so a level-1 hit hands out the same
/// instance without copying.
/// </summary>
[ImmutableObject(true)]
public sealed class CachedResponse(byte[] body, int status = 200, string meta = "", bool whole = true)
{
    /// <summary>
    /// Whether the answer is whole (no errors) and so was kept: an answer with errors is handed to the request that
    /// computed it (and those waiting for it) and never stored, nor given an ETag.
    /// </summary>
    public bool Whole { get; } = whole;

    public byte[] Body { get; } = body;

    /// <summary>What the answer's headers need besides the body (an export's file name), kept with it.</summary>
    public string Meta { get; } = meta;

    /// <summary>The HTTP status it was answered with (kept entries are always 200).</summary>
    public int Status { get; } = status;
}

/// <summary>Stores a <see cref="CachedResponse"/> as the length of its meta (4 bytes), the meta in UTF-8, then the body.</summary>
public sealed class CachedResponseSerializer : IHybridCacheSerializer<CachedResponse>
{
    public CachedResponse Deserialize(ReadOnlySequence<byte> source)
    {
        var bytes = source.ToArray();
        var metaLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes);
        return new CachedResponse(bytes[(4 + metaLength)..], 200, System.Text.Encoding.UTF8.GetString(bytes, 4, metaLength));
    }

    public void Serialize(CachedResponse value, IBufferWriter<byte> target)
    {
        var meta = System.Text.Encoding.UTF8.GetBytes(value.Meta);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(target.GetSpan(4), meta.Length);
        target.Advance(4);
        target.Write(meta);
        target.Write(value.Body);
    }
}
