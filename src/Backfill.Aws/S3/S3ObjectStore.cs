using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Backfill.Core.Storage;

namespace Backfill.Aws.S3;

/// <summary>
/// <see cref="IObjectStore"/> on an S3 bucket (or an S3-compatible server via
/// <see cref="AwsClientOptions.EndpointUrl"/>, addressed path-style). Writes stream through
/// <see cref="S3ObjectWriter"/> (one PutObject when the object fits in a part, else a parallel multipart upload);
/// reads are streamed GETs, ranged from the requested offset. The SDK retries throttling (503 SlowDown), 5xx and
/// network errors in AWS "standard" retry mode.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly S3StoreOptions _options;

    public S3ObjectStore(S3StoreOptions options) : this(options, CreateClient(options), ownsClient: true) { }

    /// <summary>Uses <paramref name="client"/> as configured (not disposed by the store).</summary>
    public S3ObjectStore(S3StoreOptions options, IAmazonS3 client) : this(options, client, ownsClient: false) { }

    /// <summary>For tests: part buffers come from <paramref name="partBuffers"/>.</summary>
    internal S3ObjectStore(S3StoreOptions options, IAmazonS3 client, ArrayPool<byte> partBuffers) : this(options, client, ownsClient: false, partBuffers) { }

    private S3ObjectStore(S3StoreOptions options, IAmazonS3 client, bool ownsClient, ArrayPool<byte>? partBuffers = null)
    {
        options.Validate();
        _options = options;
        _client = client;
        _ownsClient = ownsClient;
        // One pool per store: part buffers are reused across writers and never exceed what writers hold at once.
        PartBuffers = partBuffers ?? new PartBufferPool(options.PartSize, maxRetained: 2 * (options.PartsInFlight + 1));
    }

    public S3StoreOptions Options => _options;
    internal ArrayPool<byte> PartBuffers { get; }
    internal IAmazonS3 Client => _client;

    /// <summary>The AWSSDK S3 client configuration for <paramref name="client"/>.</summary>
    public static AmazonS3Config CreateConfig(AwsClientOptions client)
    {
        var config = client.Configure(new AmazonS3Config());
        if (client.EndpointUrl is not null)
        {
            // S3-compatible servers (s3rver, MinIO, LocalStack) want bucket-in-path addressing and do not all
            // understand the SDK's default CRC trailers on uploads.
            config.ForcePathStyle = true;
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        return config;
    }

    public static AmazonS3Client CreateClient(AwsClientOptions client) => new(client.ResolveCredentials(), CreateConfig(client));

    public static AmazonS3Client CreateClient(S3StoreOptions options) => CreateClient(options.Client);

    /// <summary>The S3 key of a store key.</summary>
    public string FullKey(string key) => _options.Prefix + ObjectKey.Validate(key);

    public string Describe(string key) => $"s3://{_options.Bucket}/{_options.Prefix}{key}";

    public Task<ObjectWriter> CreateAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult<ObjectWriter>(new S3ObjectWriter(this, FullKey(key), Describe(key)));

    public async Task<Stream> OpenReadAsync(string key, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var request = new GetObjectRequest { BucketName = _options.Bucket, Key = FullKey(key) };
        if (offset > 0) request.ByteRange = new ByteRange($"bytes={offset}-");
        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return new S3ReadStream(response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The object exists but ends at or before the offset: nothing left to read, as with a local file.
            return Stream.Null;
        }
        catch (Exception e) when (S3StoreException.Translatable(e))
        {
            throw S3StoreException.From(e, "GetObject", Describe(key), _options.Bucket);
        }
    }

    public async Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _client.GetObjectMetadataAsync(_options.Bucket, FullKey(key), cancellationToken).ConfigureAwait(false);
            return new ObjectInfo(key, response.ContentLength, response.ETag, ToOffset(response.LastModified));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        catch (Exception e) when (S3StoreException.Translatable(e))
        {
            throw S3StoreException.From(e, "HeadObject", Describe(key), _options.Bucket);
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix + prefix, MaxKeys = _options.ListPageSize };
        while (true)
        {
            ListObjectsV2Response page;
            try
            {
                page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (S3StoreException.Translatable(e))
            {
                throw S3StoreException.From(e, "ListObjectsV2", Describe(prefix), _options.Bucket);
            }
            // S3 returns keys in ascending UTF-8 byte order, which is ordinal order for all but astral characters.
            foreach (var item in page.S3Objects ?? [])
            {
                var key = item.Key.StartsWith(_options.Prefix, StringComparison.Ordinal) ? item.Key[_options.Prefix.Length..] : item.Key;
                yield return new ObjectInfo(key, item.Size ?? 0, item.ETag, ToOffset(item.LastModified));
            }
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken)) yield break;
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.DeleteObjectAsync(_options.Bucket, FullKey(key), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            // Already gone: not an error.
        }
        catch (Exception e) when (S3StoreException.Translatable(e))
        {
            throw S3StoreException.From(e, "DeleteObject", Describe(key), _options.Bucket);
        }
    }

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }

    private static DateTimeOffset? ToOffset(DateTime? value) =>
        value is { } v ? new DateTimeOffset(v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime()) : null;
}
