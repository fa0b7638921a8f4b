using Backfill.Core.Splitting;

namespace Backfill.Core.Tests.Splitting;

/// <summary>Keeps chunks in memory so tests can check boundaries byte by byte.</summary>
internal sealed class MemoryChunkSink : IChunkSink
{
    public List<(int Index, long FirstLine, long Lines, byte[] Bytes)> Chunks { get; } = [];
    private MemoryStream? _current;
    private int _index;
    private long _firstLine;

    public ValueTask BeginChunkAsync(int index, long firstLine, CancellationToken cancellationToken)
    {
        Assert.Null(_current);
        _current = new MemoryStream();
        _index = index;
        _firstLine = firstLine;
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Assert.False(bytes.IsEmpty, "the splitter should never write empty slices");
        _current!.Write(bytes.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask EndChunkAsync(long lineCount, long byteCount, CancellationToken cancellationToken)
    {
        var bytes = _current!.ToArray();
        Assert.Equal(bytes.Length, byteCount);
        Chunks.Add((_index, _firstLine, lineCount, bytes));
        _current = null;
        return ValueTask.CompletedTask;
    }
}
