using Backfill.Core.Storage;

namespace Backfill.Core.Sources;

/// <summary>
/// An s3://bucket/key object read through an <see cref="IObjectStore"/> (the S3 store lives in Backfill.Aws, which
/// Core cannot reference, so <see cref="SourceFactory"/> gets stores from a resolver). Resumes use ranged reads.
/// </summary>
public sealed class ObjectStoreByteSource(IObjectStore store, string key, string displayUrl) : IByteSource
{
    public string Key { get; } = key;

    public string DisplayUrl { get; } = displayUrl;

    public async Task<SourceOpening> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        var info = await store.GetInfoAsync(Key, cancellationToken).ConfigureAwait(false)
            ?? throw new SourceUnavailableException(DisplayUrl, "object not found");
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(Key, offset, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException e)
        {
            throw new SourceUnavailableException(DisplayUrl, "object not found", e);
        }
        return new SourceOpening(stream, info.Length, info.ETag, info.LastModified);
    }
}
