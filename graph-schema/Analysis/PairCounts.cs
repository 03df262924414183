namespace Ecosystem.Graph.Analysis;

/// <summary>
/// Counts by non-negative long key in one flat open-addressing table (linear probing, keys and counts side by side,
/// a key leaving shifts the ones after it back, so no tombstones): an update is one random memory access where a
/// dictionary takes two. A count that falls to zero removes its key.
/// </summary>
internal sealed class PairCounts
{
    private const long Empty = -1;
    private long[] _keys = NewKeys(1024);
    private int[] _counts = new int[1024];

    public int Count { get; private set; }

    /// <summary>Adds by (+1 or -1, or any amount) to a key's count; returns the count after (0: the key is gone).</summary>
    public int Add(long key, int by)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        var mask = _keys.Length - 1;
        var at = Slot(key, mask);
        while (_keys[at] != Empty && _keys[at] != key)
        {
            at = (at + 1) & mask;
        }
        if (_keys[at] == Empty)
        {
            if (by == 0)
            {
                return 0;
            }
            _keys[at] = key;
            _counts[at] = by;
            if (++Count * 4 > _keys.Length * 3)
            {
                Grow();
            }
            return by;
        }
        var count = _counts[at] += by;
        if (count == 0)
        {
            Remove(at, mask);
        }
        return count;
    }

    /// <summary>A key's count (0 when absent).</summary>
    public int Get(long key)
    {
        var mask = _keys.Length - 1;
        for (var at = Slot(key, mask); _keys[at] != Empty; at = (at + 1) & mask)
        {
            if (_keys[at] == key)
            {
                return _counts[at];
            }
        }
        return 0;
    }

    /// <summary>Empties a slot and moves back the keys after it that probed past it, so every key stays reachable.</summary>
    private void Remove(int hole, int mask)
    {
        Count--;
        var at = hole;
        while (true)
        {
            at = (at + 1) & mask;
            var key = _keys[at];
            if (key == Empty)
            {
                break;
            }
            var home = Slot(key, mask);
            // The key may fill the hole when its home is not within (hole, at] going round the table.
            if (((at - home) & mask) >= ((at - hole) & mask))
            {
                _keys[hole] = key;
                _counts[hole] = _counts[at];
                hole = at;
            }
        }
        _keys[hole] = Empty;
        _counts[hole] = 0;
    }

    private void Grow()
    {
        var (keys, counts) = (_keys, _counts);
        _keys = NewKeys(keys.Length * 2);
        _counts = new int[keys.Length * 2];
        var mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] != Empty)
            {
                var at = Slot(keys[i], mask);
                while (_keys[at] != Empty)
                {
                    at = (at + 1) & mask;
                }
                _keys[at] = keys[i];
                _counts[at] = counts[i];
            }
        }
    }

    private static int Slot(long key, int mask) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> 32) & mask;

    private static long[] NewKeys(int length)
    {
        var keys = new long[length];
        Array.Fill(keys, Empty);
        return keys;
    }
}
