using ICSharpCode.SharpZipLib.BZip2;
using ICSharpCode.SharpZipLib.Lzw;

namespace Backfill.Core.Decompression;

/// <summary>
/// Opens the decompressed view of an archive, choosing the decoder by the archive's first bytes.
/// gzip uses <see cref="GzipDecompressionStream"/> (zlib-ng: measured ≈5× SharpZipLib's GZipInputStream, see
/// bench/Backfill.Benchmarks/GzipDecoderBenchmarks.cs); .Z and bzip2 use SharpZipLib.
/// </summary>
public static class ArchiveDecoder
{
    public static async Task<DecodedArchive> OpenAsync(Stream compressed, string sourceName, CancellationToken cancellationToken = default)
    {
        var head = new byte[ArchiveFormats.MagicLength];
        var filled = 0;
        while (filled < head.Length)
        {
            var n = await compressed.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            filled += n;
        }
        var format = ArchiveFormats.Detect(head.AsSpan(0, filled));
        var counter = new CountingStream(compressed, head.AsMemory(0, filled));
        Stream decoded = format switch
        {
            ArchiveFormat.Gzip => new GzipDecompressionStream(counter, sourceName),
            ArchiveFormat.UnixCompress => new GuardedDecoderStream(() => new LzwInputStream(counter), counter, format, sourceName),
            ArchiveFormat.Bzip2 => new GuardedDecoderStream(() => new BZip2InputStream(counter), counter, format, sourceName),
            _ => counter,
        };
        return new DecodedArchive(decoded, format, counter);
    }
}

/// <summary>The decompressed stream, the format found, and a counter of compressed bytes read (for progress).</summary>
public sealed record DecodedArchive(Stream Stream, ArchiveFormat Format, CountingStream Compressed) : IDisposable
{
    public void Dispose() => Stream.Dispose();
}
