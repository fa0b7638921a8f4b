using Backfill.Core.Streams;

namespace Backfill.Core.Decompression;

/// <summary>
/// A read-only pass-through that counts the bytes read, so a decompression error can name the compressed byte
/// offset it happened at and progress can report downloaded bytes. It can also replay a few peeked bytes first.
/// </summary>
public sealed class CountingStream(Stream inner, ReadOnlyMemory<byte> replay = default) : ReadOnlyStream
{
    private ReadOnlyMemory<byte> _replay = replay;
    private long _count;

    /// <summary>Bytes handed out so far (a volatile read, so a progress reporter on another thread can poll it).</summary>
    public long BytesRead => Volatile.Read(ref _count);

    public override int Read(Span<byte> buffer)
    {
        if (!_replay.IsEmpty) return TakeReplay(buffer);
        var n = inner.Read(buffer);
        Interlocked.Add(ref _count, n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_replay.IsEmpty) return TakeReplay(buffer.Span);
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _count, n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int TakeReplay(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _replay.Length);
        _replay.Span[..n].CopyTo(buffer);
        _replay = _replay[n..];
        Interlocked.Add(ref _count, n);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
}
