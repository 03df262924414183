using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ecosystem.Graph.Analysis;

/// <summary>
/// An immutable array held in chunks, so that a version with a few values changed shares every chunk but the ones it
/// touches: an edit costs a chunk per value and the small table of chunks, not a copy of the whole column. A read is
/// one more load than a plain array's (the table, a few KiB, stays in cache).
/// </summary>
internal sealed class Column<T> : IReadOnlyList<T>
{
    private const int Shift = 12;
    private const int ChunkSize = 1 << Shift;
    private const int Mask = ChunkSize - 1;

    private readonly T[][] _chunks;
    private readonly T _fill;

    private Column(T[][] chunks, int length, T fill)
    {
        _chunks = chunks;
        Length = length;
        _fill = fill;
    }

    /// <summary>A column holding these values (copied); slots past them read as <paramref name="fill"/>.</summary>
    public static Column<T> Of(ReadOnlySpan<T> values, T fill)
    {
        var chunks = new T[(values.Length + Mask) >> Shift][];
        for (var c = 0; c < chunks.Length; c++)
        {
            var chunk = NewChunk(fill);
            var start = c << Shift;
            values.Slice(start, Math.Min(ChunkSize, values.Length - start)).CopyTo(chunk);
            chunks[c] = chunk;
        }
        return new Column<T>(chunks, values.Length, fill);
    }

    public int Length { get; }

    public int Count => Length;

    public T this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Length)
            {
                ThrowOutOfRange(index);
            }
            var chunk = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_chunks), index >> Shift);
            return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), index & Mask);
        }
    }

    /// <summary>
    /// A new column of at least <paramref name="length"/> slots with these values written: the chunks they touch are
    /// copied once each, every other chunk is shared with this one (which does not change).
    /// </summary>
    public Column<T> With(IEnumerable<(int Index, T Value)> writes, int length)
    {
        length = Math.Max(length, Length);
        var chunks = new T[(length + Mask) >> Shift][];
        Array.Copy(_chunks, chunks, _chunks.Length);
        var copied = new HashSet<int>();
        for (var c = _chunks.Length; c < chunks.Length; c++)
        {
            chunks[c] = NewChunk(_fill);
            copied.Add(c);
        }
        foreach (var (index, value) in writes)
        {
            if ((uint)index >= (uint)length)
            {
                ThrowOutOfRange(index);
            }
            var c = index >> Shift;
            if (copied.Add(c))
            {
                chunks[c] = (T[])chunks[c].Clone();
            }
            chunks[c][index & Mask] = value;
        }
        return new Column<T>(chunks, length, _fill);
    }

    /// <summary>The address of a slot, to prefetch it (a hint only: the address may be stale by the time it is used).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void* AddressOf(int index)
    {
        var chunk = _chunks[index >> Shift];
        return Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), index & Mask));
    }

    /// <summary>The values, copied into a plain array.</summary>
    public T[] ToArray()
    {
        var values = new T[Length];
        for (var c = 0; c < _chunks.Length; c++)
        {
            var start = c << Shift;
            _chunks[c].AsSpan(0, Math.Min(ChunkSize, Length - start)).CopyTo(values.AsSpan(start));
        }
        return values;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static T[] NewChunk(T fill)
    {
        var chunk = new T[ChunkSize];
        if (!EqualityComparer<T>.Default.Equals(fill, default))
        {
            Array.Fill(chunk, fill);
        }
        return chunk;
    }

    private static void ThrowOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "past the column's length");
}
