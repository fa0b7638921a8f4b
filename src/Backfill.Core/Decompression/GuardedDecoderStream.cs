using Backfill.Core.Errors;
using Backfill.Core.Streams;

namespace Backfill.Core.Decompression;

/// <summary>
/// Wraps a SharpZipLib decoder so that its assorted exceptions (and premature ends) become one
/// <see cref="ArchiveCorruptException"/> naming the source and compressed offset; source failures pass through.
/// </summary>
internal sealed class GuardedDecoderStream(Func<Stream> openDecoder, CountingStream compressed, ArchiveFormat format, string sourceName) : ReadOnlyStream
{
    // Created on first read: SharpZipLib decoders read (and can fail on) the header in their constructors.
    private Stream? _decoder;

    public override int Read(Span<byte> buffer)
    {
        try
        {
            _decoder ??= openDecoder();
            return _decoder.Read(buffer);
        }
        catch (Exception e) when (e is not BackfillException and not OperationCanceledException)
        {
            throw new ArchiveCorruptException(sourceName, format, compressed.BytesRead, e.Message, e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) (_decoder ?? compressed).Dispose();
        base.Dispose(disposing);
    }
}
