using System.Security.Cryptography;

namespace Backfill.Aws.Signing;

/// <summary>
/// SHA-256 of the exact body bytes an <see cref="HttpContent"/> will send. The content is serialized once into
/// a hashing sink (no copy for byte-array and memory contents), so it must be able to serialize again for the
/// real send; a <see cref="StreamContent"/>, which can only be read once, is buffered first. A gzip body is
/// hashed as the compressed bytes it holds, which is what goes on the wire.
/// </summary>
public static class PayloadHash
{
    public static async Task<string> ComputeAsync(HttpContent? content, CancellationToken cancellationToken = default)
    {
        if (content is null) return SigV4Signer.EmptyPayloadHash;
        if (content is StreamContent) await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        await using var sink = new HashingSink();
        await content.CopyToAsync(sink, cancellationToken).ConfigureAwait(false);
        return sink.HexDigest();
    }

    /// <summary>A write-only stream that only hashes what is written to it.</summary>
    private sealed class HashingSink : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public string HexDigest()
        {
            Span<byte> digest = stackalloc byte[32];
            _hash.GetHashAndReset(digest);
            return SigV4Encoding.HexLower(digest);
        }

        public override void Write(ReadOnlySpan<byte> buffer) => _hash.AppendData(buffer);
        public override void Write(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            return ValueTask.CompletedTask;
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _hash.AppendData(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
