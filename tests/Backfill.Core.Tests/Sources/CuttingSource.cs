using Backfill.Core.Sources;

namespace Backfill.Core.Tests.Sources;

/// <summary>
/// Wraps a real source so that its first opening breaks with an IOException after <paramref name="cutAfter"/> bytes,
/// like a dropped connection. Records every offset it was opened at.
/// </summary>
internal sealed class CuttingSource(IByteSource inner, long cutAfter) : IByteSource
{
    public List<long> Offsets { get; } = [];

    public string DisplayUrl => inner.DisplayUrl;

    public async Task<SourceOpening> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        Offsets.Add(offset);
        var opening = await inner.OpenAsync(offset, cancellationToken);
        return Offsets.Count == 1 ? opening with { Stream = new BreakingStream(opening.Stream, cutAfter) } : opening;
    }

    /// <summary>Passes bytes through until a limit, then throws as a reset connection would.</summary>
    internal sealed class BreakingStream(Stream inner, long limit) : Backfill.Core.Streams.ReadOnlyStream
    {
        private long _passed;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_passed >= limit) throw new IOException("connection reset by test");
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
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }
}
