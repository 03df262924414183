namespace Ecosystem.Graph.Analysis;

/// <summary>
/// Dense slots (0, 1, 2, ...) for the node ids a computation meets, in the order met: an open-addressing table of
/// ints, a few nanoseconds a lookup, so per-slot arrays can stand in for dictionaries keyed by nid in hot loops.
/// </summary>
internal sealed class NidSlots
{
    private int[] _keys = Empty(64);
    private int[] _slots = new int[64];

    public int Count { get; private set; }

    /// <summary>The slot of a nid, -1 when it has none.</summary>
    public int Find(int nid)
    {
        var mask = _keys.Length - 1;
        for (var at = Hash(nid) & mask; ; at = (at + 1) & mask)
        {
            var key = _keys[at];
            if (key == nid)
            {
                return _slots[at];
            }
            if (key == -1)
            {
                return -1;
            }
        }
    }

    /// <summary>The slot of a nid, given the next one when it has none; isNew says which.</summary>
    public int SlotOf(int nid, out bool isNew)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nid);
        var mask = _keys.Length - 1;
        for (var at = Hash(nid) & mask; ; at = (at + 1) & mask)
        {
            var key = _keys[at];
            if (key == nid)
            {
                isNew = false;
                return _slots[at];
            }
            if (key == -1)
            {
                _keys[at] = nid;
                _slots[at] = Count;
                isNew = true;
                if (++Count * 2 > _keys.Length)
                {
                    Grow();
                }
                return Count - 1;
            }
        }
    }

    private void Grow()
    {
        var (keys, slots) = (_keys, _slots);
        _keys = Empty(keys.Length * 2);
        _slots = new int[keys.Length * 2];
        var mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] != -1)
            {
                var at = Hash(keys[i]) & mask;
                while (_keys[at] != -1)
                {
                    at = (at + 1) & mask;
                }
                _keys[at] = keys[i];
                _slots[at] = slots[i];
            }
        }
    }

    private static int Hash(int nid) => (int)(((uint)nid * 0x9E3779B1u) >> 7);

    private static int[] Empty(int length)
    {
        var keys = new int[length];
        Array.Fill(keys, -1);
        return keys;
    }
}
