using System.Diagnostics;
using Backfill.Core.Decompression;
using Backfill.Core.Input;
using Backfill.Core.Sources;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Splitting;

/// <summary>
/// The download-and-split stage for one source: source bytes (resuming after drops) → decompression chosen by
/// content → line-aligned chunks in the store → the manifest, written last. The source's previous manifest is
/// removed first, so a failed run leaves no manifest that could point at half-rewritten chunks.
/// </summary>
public sealed class ArchiveSplitter(IObjectStore store, StagingLayout layout, long chunkBytes, ChunkCompression compression, ResumeOptions? resume = null)
{
    public async Task<SourceSplitResult> SplitAsync(string sourceName, IByteSource source, SplitProgress? progress = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var identity = new SourceIdentity(sourceName, source.DisplayUrl);
        var manifestKey = layout.Manifest(sourceName);
        await store.DeleteAsync(manifestKey, cancellationToken).ConfigureAwait(false);

        await using var download = await ResumingStream.OpenAsync(source, resume, cancellationToken).ConfigureAwait(false);
        using var archive = await ArchiveDecoder.OpenAsync(download, $"source \"{sourceName}\" ({source.DisplayUrl})", cancellationToken).ConfigureAwait(false);
        progress?.Attach(() => archive.Compressed.BytesRead, download.SourceLength);
        await using var sink = new ObjectStoreChunkSink(store, layout, identity, compression);
        var totals = await new LineAlignedSplitter(new ChunkPolicy(chunkBytes), sink, progress)
            .SplitAsync(archive.Stream, cancellationToken).ConfigureAwait(false);

        await store.PutAsync(manifestKey, ManifestJson.Serialize(sink.Rows), cancellationToken).ConfigureAwait(false);
        await RemoveStaleChunksAsync(sourceName, sink.Rows, cancellationToken).ConfigureAwait(false);

        return new SourceSplitResult(sourceName, identity.DisplayUrl, identity.Id, manifestKey, totals.Chunks, totals.Lines,
            totals.Bytes, archive.Compressed.BytesRead, SourceSplitResult.FormatName(archive.Format), totals.EndsWithoutNewline,
            download.Resumes, download.ETag, download.LastModified, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Chunks left by an earlier run with other settings (more chunks, other compression) are deleted.</summary>
    private async Task RemoveStaleChunksAsync(string sourceName, IReadOnlyList<ManifestRow> rows, CancellationToken cancellationToken)
    {
        var current = rows.Select(r => r.ChunkKey).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        await foreach (var info in store.ListAsync(layout.ChunksOf(sourceName), cancellationToken).ConfigureAwait(false))
            if (!current.Contains(info.Key)) stale.Add(info.Key);
        foreach (var key in stale) await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }
}
