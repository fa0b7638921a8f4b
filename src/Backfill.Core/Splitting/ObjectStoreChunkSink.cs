using System.IO.Compression;
using System.Security.Cryptography;
using Backfill.Core.Input;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Core.Splitting;

/// <summary>
/// Stores each chunk as one object (plain or gzip) and records its manifest row, with the SHA-256 of the
/// uncompressed bytes. A chunk becomes visible only when complete (ObjectWriter commit).
/// </summary>
public sealed class ObjectStoreChunkSink(IObjectStore store, StagingLayout layout, SourceIdentity source, ChunkCompression compression) : IChunkSink, IAsyncDisposable
{
    private readonly List<ManifestRow> _rows = [];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ObjectWriter? _writer;
    private Stream? _target;
    private string _key = "";
    private int _index;
    private long _firstLine;

    public IReadOnlyList<ManifestRow> Rows => _rows;

    public async ValueTask BeginChunkAsync(int index, long firstLine, CancellationToken cancellationToken)
    {
        _index = index;
        _firstLine = firstLine;
        _key = layout.Chunk(source.Name, index, compression);
        _writer = await store.CreateAsync(_key, cancellationToken).ConfigureAwait(false);
        _target = compression == ChunkCompression.Gzip ? new GZipStream(_writer, CompressionLevel.Fastest, leaveOpen: true) : _writer;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        _hash.AppendData(bytes.Span);
        return _target!.WriteAsync(bytes, cancellationToken);
    }

    public async ValueTask EndChunkAsync(long lineCount, long byteCount, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(_target, _writer)) await _target!.DisposeAsync().ConfigureAwait(false); // flushes the gzip trailer
        await _writer!.CommitAsync(cancellationToken).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        _target = null;
        _rows.Add(new ManifestRow(_key, source.Name, source.DisplayUrl, source.Id, _index, _firstLine, lineCount, byteCount,
            Convert.ToHexStringLower(_hash.GetHashAndReset()), compression == ChunkCompression.Gzip ? "gzip" : "none"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_target is not null && !ReferenceEquals(_target, _writer)) await _target.DisposeAsync().ConfigureAwait(false);
        if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false); // abandons an uncommitted chunk
        _hash.Dispose();
    }
}

/// <summary>A source as chunks and documents name it: its input name, its URL without credentials, and its stable id.</summary>
public sealed record SourceIdentity(string Name, string DisplayUrl)
{
    public string Id { get; } = StagingLayout.SourceIdFor(DisplayUrl);
}
