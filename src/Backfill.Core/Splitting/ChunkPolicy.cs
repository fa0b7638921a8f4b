namespace Backfill.Core.Splitting;

/// <summary>
/// Where chunk boundaries fall. A chunk takes whole lines while they fit in <see cref="TargetBytes"/>; the first
/// line of a chunk always goes in, so a line longer than the target gets a chunk of its own, and no chunk ever
/// ends mid-line.
/// </summary>
public readonly record struct ChunkPolicy(long TargetBytes)
{
    /// <summary>Can a line of <paramref name="lineBytes"/> join a chunk that already holds <paramref name="chunkBytes"/>?</summary>
    public bool Fits(long chunkBytes, long lineBytes) => chunkBytes == 0 || chunkBytes + lineBytes <= TargetBytes;
}
