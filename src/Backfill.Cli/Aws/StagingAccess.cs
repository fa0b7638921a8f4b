using Backfill.Aws;
using Backfill.Aws.S3;
using Backfill.Core.Input;
using Backfill.Core.Storage;

namespace Backfill.Cli.Aws;

/// <summary>
/// Opens an execution's staging store from the operator's machine: the bucket named in the execution input, through
/// the input's S3 endpoint if it has one, with the operator's profile; or a local directory (local executions).
/// </summary>
public sealed class StagingAccess : IDisposable
{
    private S3BucketStores? _s3;

    public IObjectStore Open(StagingSettings staging, AwsClientOptions operatorOptions)
    {
        if (staging.Bucket is null) return new LocalDirectoryObjectStore(staging.Root ?? StagingSettings.DefaultRoot);
        _s3 ??= new S3BucketStores(operatorOptions with
        {
            // The Step Functions endpoint override is not an S3 endpoint: only the input's own endpoint applies.
            EndpointUrl = staging.Endpoint is null ? null : new Uri(staging.Endpoint),
            Region = staging.Region ?? operatorOptions.Region,
        });
        return _s3.For(staging.Bucket);
    }

    public void Dispose() => _s3?.Dispose();
}
