namespace Backfill.Core.Splitting;

/// <summary>Receives the splitter's output: chunk boundaries and the bytes in between, in order.</summary>
public interface IChunkSink
{
    /// <summary>A new chunk starts; <paramref name="firstLine"/> is the 1-based number of its first line.</summary>
    ValueTask BeginChunkAsync(int index, long firstLine, CancellationToken cancellationToken);

    /// <summary>Bytes of the current chunk. Valid only during the call: copy what must be kept.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The current chunk is complete.</summary>
    ValueTask EndChunkAsync(long lineCount, long byteCount, CancellationToken cancellationToken);
}
