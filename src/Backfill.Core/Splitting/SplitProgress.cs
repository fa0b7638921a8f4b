namespace Backfill.Core.Splitting;

/// <summary>Live counters a progress display polls from another thread while a split runs.</summary>
public sealed class SplitProgress
{
    private long _bytes;
    private long _lines;
    private int _chunks;

    private Func<long>? _compressedBytes;

    /// <summary>Decompressed bytes cut so far.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Archive bytes downloaded so far.</summary>
    public long CompressedBytes => _compressedBytes?.Invoke() ?? 0;

    /// <summary>The archive's size when the server told it.</summary>
    public long? SourceLength { get; private set; }
    public long Lines => Volatile.Read(ref _lines);
    public int Chunks => Volatile.Read(ref _chunks);

    internal void Add(long bytes, long lines)
    {
        Volatile.Write(ref _bytes, _bytes + bytes);
        Volatile.Write(ref _lines, _lines + lines);
    }

    internal void Attach(Func<long> compressedBytes, long? sourceLength)
    {
        _compressedBytes = compressedBytes;
        SourceLength = sourceLength;
    }

    internal void ChunkDone() => Interlocked.Increment(ref _chunks);
}
