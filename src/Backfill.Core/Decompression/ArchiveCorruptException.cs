using Backfill.Core.Errors;

namespace Backfill.Core.Decompression;

/// <summary>The archive could not be decompressed; names the source and the compressed byte offset reached.</summary>
public sealed class ArchiveCorruptException(string source, ArchiveFormat format, long compressedOffset, string problem, Exception? inner = null)
    : BackfillException($"{source}: corrupt {ArchiveFormats.Describe(format)} data at or before compressed byte offset {compressedOffset:N0}: {problem}", inner ?? new Exception(problem))
{
    public long CompressedOffset { get; } = compressedOffset;
    public override string ErrorType => "ArchiveCorrupt";
}
