using Amazon.Runtime;
using Backfill.Aws.S3;
using Backfill.Tests.Shared;

namespace Backfill.Aws.Tests.Support;

/// <summary>
/// A real s3rver (<see cref="S3rverProcess"/>, shared with the CLI fault tests) with one bucket; tests share it and
/// keep apart by key prefix.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "backfill-test";
    private S3rverProcess? _server;

    public int Port => Server.Port;
    public Uri Endpoint => Server.Endpoint;

    /// <summary>s3rver accepts any credentials; these are the conventional ones.</summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("S3RVER", "S3RVER");

    public AwsClientOptions ClientOptions => new() { EndpointUrl = Endpoint, Region = "us-east-1", Credentials = Credentials, MaxErrorRetry = 2 };

    /// <summary>Options for a store under a fresh prefix, so tests never see each other's keys.</summary>
    public S3StoreOptions StoreOptions(string? prefix = null) =>
        new(Bucket) { Prefix = (prefix ?? "t-" + Guid.NewGuid().ToString("N")[..12]) + "/", Client = ClientOptions };

    private S3rverProcess Server => _server ?? throw new InvalidOperationException("s3rver was not started");

    public async Task InitializeAsync() => _server = await S3rverProcess.StartAsync(Bucket);

    /// <summary>Multipart uploads s3rver has started (it keeps them, even aborted ones, under ._S3rver_uploads).</summary>
    public IReadOnlyList<(string Key, string UploadId)> PendingUploads()
    {
        var uploads = Path.Combine(Server.Directory, Bucket, "._S3rver_uploads");
        return Directory.Exists(uploads)
            ? Directory.EnumerateDirectories(uploads).Where(d => File.Exists(Path.Combine(d, "key")))
                .Select(d => (File.ReadAllText(Path.Combine(d, "key")), Path.GetFileName(d))).ToList()
            : [];
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
