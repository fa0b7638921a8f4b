namespace Backfill.Core.Tests.Splitting;

/// <summary>Returns at most a pseudo-random few bytes per read, to exercise buffer-boundary handling.</summary>
internal sealed class TrickleStream(byte[] data, int seed, int maxRead) : MemoryStream(data)
{
    private readonly Random _random = new(seed);

    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _random.Next(1, maxRead + 1)));

    public override int Read(Span<byte> buffer)
    {
        var chunk = new byte[Math.Min(buffer.Length, maxRead)];
        var n = Read(chunk, 0, chunk.Length);
        chunk.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
}
