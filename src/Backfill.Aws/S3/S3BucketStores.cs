using System.Collections.Concurrent;
using Amazon.S3;
using Backfill.Core.Storage;

namespace Backfill.Aws.S3;

/// <summary>
/// One <see cref="S3ObjectStore"/> per bucket over a single shared S3 client: what Core's
/// <c>SourceFactory.ObjectStores</c> resolver wants for s3://bucket/key sources
/// (<c>ObjectStores = stores.For</c>). Dispose it to release the client.
/// </summary>
public sealed class S3BucketStores : IDisposable
{
    private readonly AwsClientOptions _client;
    private readonly Lazy<AmazonS3Client> _s3;
    private readonly ConcurrentDictionary<string, S3ObjectStore> _stores = new(StringComparer.Ordinal);

    public S3BucketStores(AwsClientOptions client)
    {
        _client = client;
        _s3 = new Lazy<AmazonS3Client>(() => S3ObjectStore.CreateClient(client));
    }

    /// <summary>The store for <paramref name="bucket"/> (keys are whole S3 keys: no prefix).</summary>
    public IObjectStore For(string bucket) =>
        _stores.GetOrAdd(bucket, b => new S3ObjectStore(new S3StoreOptions(b) { Client = _client }, _s3.Value));

    public void Dispose()
    {
        if (_s3.IsValueCreated) _s3.Value.Dispose();
    }
}
