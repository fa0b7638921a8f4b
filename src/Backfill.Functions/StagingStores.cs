using System.Collections.Concurrent;
using Backfill.Aws;
using Backfill.Aws.S3;
using Backfill.Core.Input;
using Backfill.Core.Sources;
using Backfill.Core.Storage;

namespace Backfill.Functions;

/// <summary>Opens the object store that staging settings name: a local directory (root) or an S3 bucket.</summary>
public delegate IObjectStore StagingStoreResolver(StagingSettings staging);

/// <summary>
/// The stores a process uses: local directories by root, and S3 buckets over one client per (endpoint, region),
/// shared across invocations (a warm Lambda reuses its connections).
/// </summary>
public sealed class StagingStores : IDisposable
{
    private readonly ConcurrentDictionary<(string? Endpoint, string? Region), S3BucketStores> _s3 = new();

    public IObjectStore Resolve(StagingSettings staging) =>
        staging.Root is not null ? new LocalDirectoryObjectStore(staging.Root) : S3(staging.Endpoint, staging.Region).For(staging.Bucket!);

    /// <summary>Per-bucket S3 stores for s3:// sources, through the same endpoint as staging.</summary>
    public S3BucketStores S3(string? endpoint, string? region) =>
        _s3.GetOrAdd((endpoint, region), key => new S3BucketStores(new AwsClientOptions
        {
            EndpointUrl = key.Endpoint is null ? null : new Uri(key.Endpoint),
            Region = key.Region,
        }));

    /// <summary>A source factory whose s3:// sources use <paramref name="staging"/>'s endpoint and region.</summary>
    public SourceFactory Sources(StagingSettings staging) =>
        // Resolved on first use: a run with no s3:// source never loads the AWS SDK.
        new(new SourceFactoryOptions { ObjectStores = bucket => S3(staging.Endpoint, staging.Region).For(bucket) });

    public void Dispose()
    {
        foreach (var stores in _s3.Values) stores.Dispose();
    }
}
