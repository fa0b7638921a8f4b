using System.Buffers.Binary;

namespace Backfill.Local.OpenSearch.Storage;

/// <summary>
/// A 64-bit hash of a document id's UTF-8 bytes (multiply-fold mixing, as in wyhash). It only locates candidates in
/// <see cref="IdTable"/>: equal hashes are always confirmed against the stored id, so a collision costs a read, never
/// a lost document. Never zero (zero marks an empty slot).
/// </summary>
internal static class IdHash
{
    private const ulong P0 = 0xa0761d6478bd642fUL, P1 = 0xe7037ed1a0b428dbUL, P2 = 0x8ebc6af09c88c6e3UL;

    public static ulong Of(ReadOnlySpan<byte> id)
    {
        var h = P0 ^ (ulong)id.Length * P1;
        while (id.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(id), P1 ^ P2);
            id = id[8..];
        }
        ulong tail = 0;
        for (var i = 0; i < id.Length; i++) tail |= (ulong)id[i] << (8 * i);
        h = Mix(h ^ tail ^ P2, P1);
        h = Mix(h, P0);
        return h == 0 ? 1 : h;
    }

    private static ulong Mix(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high ^ low;
    }
}
