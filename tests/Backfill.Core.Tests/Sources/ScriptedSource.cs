using Backfill.Core.Sources;

namespace Backfill.Core.Tests.Sources;

/// <summary>
/// An in-memory source whose openings follow a script: each step may fail to open, break after some bytes, hang,
/// end early, or report different metadata. Steps past the script open normally.
/// </summary>
internal sealed class ScriptedSource(byte[] bytes) : IByteSource
{
    public List<Step> Script { get; } = [];

    public List<long> Offsets { get; } = [];

    public string DisplayUrl => "mem://scripted/archive.gz";

    public async Task<SourceOpening> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        var index = Offsets.Count;
        Offsets.Add(offset);
        var step = index < Script.Count ? Script[index] : new Step();
        if (step.OpenError is not null) throw step.OpenError;
        await Task.Yield();
        Stream stream = new MemoryStream(bytes, (int)offset, bytes.Length - (int)offset, writable: false);
        if (step.HangAfter is long hang) stream = new HangingStream(stream, hang);
        else if (step.EndAfter is long end) stream = new MemoryStream(bytes, (int)offset, (int)Math.Min(end, bytes.Length - offset), writable: false);
        else if (step.BreakAfter is long cut) stream = new CuttingSource.BreakingStream(stream, cut);
        return new SourceOpening(stream, step.Length ?? bytes.Length, step.ETag ?? "\"e1\"", step.LastModified ?? new DateTimeOffset(1995, 7, 1, 0, 0, 0, TimeSpan.Zero));
    }

    internal sealed record Step(Exception? OpenError = null, long? BreakAfter = null, long? HangAfter = null, long? EndAfter = null,
        long? Length = null, string? ETag = null, DateTimeOffset? LastModified = null);

    /// <summary>Passes some bytes, then waits until cancelled, like a stalled connection.</summary>
    private sealed class HangingStream(Stream inner, long limit) : Backfill.Core.Streams.ReadOnlyStream
    {
        private long _passed;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_passed >= limit)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, limit - _passed)], cancellationToken);
            _passed += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override int Read(Span<byte> buffer)
        {
            var bytes = new byte[buffer.Length];
            var n = Read(bytes, 0, bytes.Length);
            bytes.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
    }
}
