using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.Sources;
using Backfill.Core.Storage;

namespace Backfill.Cli;

/// <summary>The CLI's composition root: which concrete store, source factory and transports the commands use.</summary>
public static class Composition
{
    /// <summary>A local directory for root, S3 (or an S3-compatible endpoint) for bucket.</summary>
    public static IObjectStore StagingStores(StagingSettings staging)
    {
        if (staging.Root is not null) return new LocalDirectoryObjectStore(staging.Root);
        return S3Store(staging.Bucket!, staging.Endpoint, staging.Region);
    }

    /// <summary>Sources; s3:// sources read through the same endpoint settings as staging.</summary>
    public static SourceFactory SourceFactory(StagingSettings staging) =>
        new(new SourceFactoryOptions { ObjectStores = bucket => S3Store(bucket, staging.Endpoint, staging.Region) });

    public static IObjectStore S3Store(string bucket, string? endpoint, string? region) =>
        throw new BackfillException($"s3://{bucket}: the S3 object store is not wired into this build yet");
}
