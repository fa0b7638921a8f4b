namespace Backfill.Core.Staging;

/// <summary>
/// One chunk of one source, as listed in that source's manifest (one JSON object per line). It is also the item the
/// sender Map iterates over, so it carries everything SendChunk needs to find the chunk and name its documents.
/// </summary>
/// <param name="ChunkKey">Object key of the chunk in the staging store.</param>
/// <param name="Source">Source name from the execution input.</param>
/// <param name="SourceUrl">Source URL with credentials removed.</param>
/// <param name="SourceId">Stable identity of the source (from its URL): with the line number it forms each document's _id.</param>
/// <param name="ChunkIndex">0-based position of the chunk within the source.</param>
/// <param name="FirstLine">1-based line number, within the decompressed source, of the chunk's first line.</param>
/// <param name="LineCount">Lines in the chunk (a final line without newline counts).</param>
/// <param name="ByteCount">Uncompressed bytes in the chunk.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the uncompressed chunk bytes.</param>
/// <param name="Compression">"none" or "gzip": how the chunk object is stored.</param>
public sealed record ManifestRow(
    string ChunkKey,
    string Source,
    string SourceUrl,
    string SourceId,
    int ChunkIndex,
    long FirstLine,
    long LineCount,
    long ByteCount,
    string Sha256,
    string Compression);
