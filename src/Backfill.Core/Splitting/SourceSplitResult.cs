using Backfill.Core.Decompression;

namespace Backfill.Core.Splitting;

/// <summary>What DownloadAndSplit did for one source.</summary>
public sealed record SourceSplitResult(
    string Source,
    string SourceUrl,
    string SourceId,
    string ManifestKey,
    int Chunks,
    long Lines,
    long Bytes,
    long CompressedBytes,
    string Format,
    bool EndsWithoutNewline,
    int Resumes,
    string? ETag,
    DateTimeOffset? LastModified,
    double Seconds)
{
    public static string FormatName(ArchiveFormat format) => format.ToString().ToLowerInvariant();
}
