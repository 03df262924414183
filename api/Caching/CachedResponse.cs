using System.Buffers;
using System.ComponentModel;
using Microsoft.Extensions.Caching.Hybrid;

namespace Ecosystem.Api.Caching;

/// <summary>
/// A computed answer as it goes on the wire: the UTF-8 JSON body. Immutable, so a level-1 hit hands out the same
/// instance without copying.
/// </summary>
[ImmutableObject(true)]
public sealed class CachedResponse(byte[] body, int status = 200)
{
    public byte[] Body { get; } = body;

    /// <summary>The HTTP status it was answered with (kept entries are always 200).</summary>
    public int Status { get; } = status;
}

/// <summary>Stores a <see cref="CachedResponse"/> as its body bytes, nothing around them.</summary>
public sealed class CachedResponseSerializer : IHybridCacheSerializer<CachedResponse>
{
    public CachedResponse Deserialize(ReadOnlySequence<byte> source) => new(source.ToArray());

    public void Serialize(CachedResponse value, IBufferWriter<byte> target) => target.Write(value.Body);
}
