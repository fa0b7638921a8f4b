namespace Backfill.Core.Storage;

/// <summary>
/// A flat key/value store of byte objects: the staging area for chunks, manifests, dead letters and reports.
/// Implemented by a local directory (the embedded default) and by S3 (Backfill.Aws).
/// Keys are '/'-separated relative paths; see <see cref="ObjectKey"/>.
/// </summary>
public interface IObjectStore
{
    /// <summary>A printable location for messages, e.g. "file:///data/store/a/b" or "s3://bucket/a/b".</summary>
    string Describe(string key);

    /// <summary>
    /// Starts writing an object. Bytes become visible under <paramref name="key"/> only when
    /// <see cref="ObjectWriter.CommitAsync"/> succeeds; disposing without committing abandons the write.
    /// </summary>
    Task<ObjectWriter> CreateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading from <paramref name="offset"/>. Throws <see cref="ObjectNotFoundException"/>.</summary>
    Task<Stream> OpenReadAsync(string key, long offset = 0, CancellationToken cancellationToken = default);

    /// <summary>Returns the object's size and tag, or null when it does not exist.</summary>
    Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Lists objects whose key starts with <paramref name="prefix"/>, in ordinal key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>Size and entity tag of a stored object.</summary>
public sealed record ObjectInfo(string Key, long Length, string? ETag, DateTimeOffset? LastModified);

/// <summary>A write-only stream that publishes its object atomically on <see cref="CommitAsync"/>.</summary>
public abstract class ObjectWriter : Stream
{
    public abstract Task CommitAsync(CancellationToken cancellationToken = default);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
