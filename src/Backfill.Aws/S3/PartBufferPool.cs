using System.Buffers;
using System.Collections.Concurrent;

namespace Backfill.Aws.S3;

/// <summary>
/// Exact-size part buffers for one store. ArrayPool's shared and configurable pools round sizes up to a power
/// of two (a 5 MiB part would hold 8 MiB); this pool hands out arrays of exactly the part size and keeps at most
/// <paramref name="maxRetained"/> of them between uses.
/// </summary>
internal sealed class PartBufferPool(int partSize, int maxRetained) : ArrayPool<byte>
{
    private readonly ConcurrentBag<byte[]> _free = [];

    public override byte[] Rent(int minimumLength)
    {
        if (minimumLength > partSize) throw new ArgumentOutOfRangeException(nameof(minimumLength), $"at most the part size ({partSize})");
        return _free.TryTake(out var buffer) ? buffer : GC.AllocateUninitializedArray<byte>(partSize);
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        if (array.Length != partSize || _free.Count >= maxRetained) return;
        if (clearArray) Array.Clear(array);
        _free.Add(array);
    }
}
