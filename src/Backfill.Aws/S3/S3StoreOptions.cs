using Backfill.Core.Errors;

namespace Backfill.Aws.S3;

/// <summary>Where an <see cref="S3ObjectStore"/> keeps its objects and how it uploads them.</summary>
/// <param name="Bucket">The bucket name.</param>
public sealed record S3StoreOptions(string Bucket)
{
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>Key prefix all store keys live under ("" or ending in '/').</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Region, credentials/profile and endpoint override (e.g. http://127.0.0.1:4568 for s3rver).</summary>
    public AwsClientOptions Client { get; init; } = new();

    /// <summary>Bytes per multipart part; S3 needs at least 5 MiB for every part but the last.</summary>
    public int PartSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Parts uploading at once per writer; a writer holds at most (PartsInFlight + 1) × PartSize bytes.</summary>
    public int PartsInFlight { get; init; } = 4;

    /// <summary>Keys per ListObjectsV2 page (S3 caps it at 1000).</summary>
    public int ListPageSize { get; init; } = 1000;

    public static S3StoreOptions For(S3Location location, AwsClientOptions? client = null) =>
        new(location.Bucket) { Prefix = location.Prefix, Client = client ?? new AwsClientOptions() };

    public S3Location Location => new(Bucket, Prefix);

    internal void Validate()
    {
        if (S3Location.BucketProblem(Bucket) is { } problem) throw new BackfillException($"S3 store bucket: {problem}");
        if (Prefix.Length > 0) _ = S3Location.Parse(S3Location.Scheme + Bucket + "/" + Prefix, "S3 store prefix");
        if (PartSize < MinPartSize)
            throw new BackfillException($"S3 store part size: expected at least {MinPartSize} bytes (5 MiB, the S3 minimum), found {PartSize}");
        if (PartsInFlight < 1)
            throw new BackfillException($"S3 store parts in flight: expected at least 1, found {PartsInFlight}");
        if (ListPageSize is < 1 or > 1000)
            throw new BackfillException($"S3 store list page size: expected 1 to 1000, found {ListPageSize}");
    }
}
