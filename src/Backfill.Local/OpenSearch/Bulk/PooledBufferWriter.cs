using System.Buffers;

namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// A growable byte buffer from <see cref="ArrayStash{T}"/>: where one bulk request's pipeline output is written
/// before it is stored. Readers keep offsets, not spans, because growing moves the bytes.
/// (<see cref="ArrayBufferWriter{T}"/> would allocate a fresh, often large-object-heap, array per request; the shared
/// array pool would keep a multi-megabyte array per thread that ever ran a request.)
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;

    public PooledBufferWriter(int initialCapacity) => _buffer = ArrayStash<byte>.Shared.Rent(Math.Max(256, initialCapacity));

    public int WrittenCount { get; private set; }

    public ReadOnlySpan<byte> Slice(int start, int length) => _buffer.AsSpan(start, length);

    public void Advance(int count) => WrittenCount += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    private void Ensure(int sizeHint)
    {
        var needed = WrittenCount + Math.Max(1, sizeHint);
        if (needed <= _buffer.Length) return;
        var bigger = ArrayStash<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, WrittenCount).CopyTo(bigger);
        ArrayStash<byte>.Shared.Return(_buffer, 0);
        _buffer = bigger;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayStash<byte>.Shared.Return(buffer, 0);
    }
}
