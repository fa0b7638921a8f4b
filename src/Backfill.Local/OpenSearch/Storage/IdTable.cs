namespace Backfill.Local.OpenSearch.Storage;

/// <summary>
/// _id → location of the document's latest record in its index log: an open-addressing table of (hash, location)
/// pairs, 16 bytes a slot, so a 3.5 M-document index costs ≈ 80 MB at most and no string per document is kept.
/// Locations are log offsets; a deleted document keeps its slot with the offset of its tombstone, stored as
/// <c>-(offset + 1)</c>, so its id can still be confirmed and its version continued.
/// </summary>
internal sealed class IdTable
{
    private ulong[] _hashes;
    private long[] _locations;
    private int _mask;
    private int _used;

    public IdTable(int capacity = 1024)
    {
        var size = 16;
        while (size < capacity * 2) size <<= 1;
        _hashes = new ulong[size];
        _locations = new long[size];
        _mask = size - 1;
    }

    public int Slots => _used;

    /// <summary>
    /// Finds the slot whose hash equals <paramref name="hash"/> and for which <paramref name="isSameId"/> confirms the
    /// id (called with the stored location), or -1.
    /// </summary>
    public int Find<TState>(ulong hash, TState state, Func<TState, long, bool> isSameId)
    {
        for (var i = (int)hash & _mask; _hashes[i] != 0; i = (i + 1) & _mask)
            if (_hashes[i] == hash && isSameId(state, _locations[i])) return i;
        return -1;
    }

    public long LocationAt(int slot) => _locations[slot];

    public void SetAt(int slot, long location) => _locations[slot] = location;

    /// <summary>Adds a new (hash, location) pair; the caller has checked the id is not present.</summary>
    public void Add(ulong hash, long location)
    {
        if ((_used + 1) * 10 > _hashes.Length * 7) Grow();
        Insert(_hashes, _locations, _mask, hash, location);
        _used++;
    }

    private static void Insert(ulong[] hashes, long[] locations, int mask, ulong hash, long location)
    {
        var i = (int)hash & mask;
        while (hashes[i] != 0) i = (i + 1) & mask;
        hashes[i] = hash;
        locations[i] = location;
    }

    private void Grow()
    {
        var size = _hashes.Length * 2;
        var (hashes, locations) = SpareTables.Rent(size);
        for (var i = 0; i < _hashes.Length; i++)
            if (_hashes[i] != 0) Insert(hashes, locations, size - 1, _hashes[i], _locations[i]);
        SpareTables.Return(_hashes, _locations);
        _hashes = hashes;
        _locations = locations;
        _mask = size - 1;
    }
}

/// <summary>
/// The arrays a growing <see cref="IdTable"/> leaves behind, handed to the next table that grows to that size. A
/// local run fills daily indices one after another, each growing through the same sizes; without this every outgrown
/// large-object-heap array stayed in memory until the next gen-2 collection (tens of MB of peak RSS at 1×, about a
/// hundred at 4×). Only large tables are kept, at most two of each size.
/// </summary>
internal static class SpareTables
{
    private const int MinSlots = 1 << 14;
    private const int KeepPerSize = 2;
    private static readonly Dictionary<int, Stack<(ulong[] Hashes, long[] Locations)>> Free = [];

    public static (ulong[] Hashes, long[] Locations) Rent(int slots)
    {
        lock (Free)
        {
            if (Free.TryGetValue(slots, out var stack) && stack.TryPop(out var spare))
            {
                Array.Clear(spare.Hashes); // a zero hash marks an empty slot; locations are only read behind a hash
                return spare;
            }
        }
        return (new ulong[slots], new long[slots]);
    }

    public static void Return(ulong[] hashes, long[] locations)
    {
        if (hashes.Length < MinSlots) return;
        lock (Free)
        {
            if (!Free.TryGetValue(hashes.Length, out var stack)) Free[hashes.Length] = stack = new Stack<(ulong[], long[])>();
            if (stack.Count < KeepPerSize) stack.Push((hashes, locations));
        }
    }
}
