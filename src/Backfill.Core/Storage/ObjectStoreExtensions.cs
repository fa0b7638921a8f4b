namespace Backfill.Core.Storage;

public static class ObjectStoreExtensions
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="key"/> and commits it.</summary>
    public static async Task PutAsync(this IObjectStore store, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await using var writer = await store.CreateAsync(key, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Copies <paramref name="content"/> to <paramref name="key"/> and commits it.</summary>
    public static async Task PutAsync(this IObjectStore store, string key, Stream content, CancellationToken cancellationToken = default)
    {
        await using var writer = await store.CreateAsync(key, cancellationToken).ConfigureAwait(false);
        await content.CopyToAsync(writer, 1 << 16, cancellationToken).ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a whole (small) object such as a manifest or report.</summary>
    public static async Task<byte[]> ReadAllBytesAsync(this IObjectStore store, string key, CancellationToken cancellationToken = default)
    {
        await using var stream = await store.OpenReadAsync(key, 0, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
