using System.Net;
using Backfill.Core.Errors;
using Backfill.Core.Sources.Ftp;
using Backfill.Core.Storage;

namespace Backfill.Core.Sources;

/// <summary>
/// Turns a source URL (and an optional credentials reference) into an <see cref="IByteSource"/>. Typical use:
/// <code>
/// var source = factory.Create(spec.Url, spec.Credentials);
/// await using var bytes = await ResumingStream.OpenAsync(source, ResumeOptions.Default, ct);
/// </code>
/// </summary>
public sealed class SourceFactory(SourceFactoryOptions? options = null)
{
    private static readonly Lazy<HttpClient> SharedHttpClient = new(CreateHttpClient);
    private readonly SourceFactoryOptions _options = options ?? new SourceFactoryOptions();

    /// <param name="url">ftp://, http://, https://, s3://bucket/key, file:///path or a plain path.</param>
    /// <param name="credentials">Optional reference to <c>user:password</c>: <c>env:VARIABLE</c> or <c>file:PATH</c>.
    /// Credentials may instead be in the URL's userinfo, but not in both places.</param>
    public IByteSource Create(string url, string? credentials = null)
    {
        var parsed = SourceUrl.Parse(url);
        if (credentials is null) return Create(parsed, parsed.Credentials);
        if (parsed.Credentials is not null)
            throw new BackfillException($"{parsed.DisplayUrl}: credentials are given both in the URL and as reference \"{credentials}\" (expected one or the other)");
        return Create(parsed, SourceCredentials.FromReference(credentials, _options.GetEnvironmentVariable));
    }

    /// <summary>
    /// <see cref="Create(string, string?)"/> then <see cref="ResumingStream.OpenAsync"/>: the archive's bytes from byte 0,
    /// resuming after dropped connections. Permanent problems (bad URL or reference, missing file, refused login)
    /// are thrown here, before the first read.
    /// </summary>
    public Task<ResumingStream> OpenAsync(string url, string? credentials = null, ResumeOptions? options = null, CancellationToken cancellationToken = default) =>
        ResumingStream.OpenAsync(Create(url, credentials), options, cancellationToken);

    /// <summary>Creates a source for an already parsed URL; <paramref name="credentials"/> replace any from the URL.</summary>
    public IByteSource Create(SourceUrl url, SourceCredentials? credentials)
    {
        if (credentials is not null && url.Scheme is "s3" or "file")
            throw new BackfillException($"{url.DisplayUrl}: credentials are only used by ftp, http and https sources (s3 uses the AWS credential chain, files need none)");
        return url.Scheme switch
        {
            "file" => new FileByteSource(url.Path, url.DisplayUrl),
            "s3" => new ObjectStoreByteSource(ObjectStoreFor(url), url.Path, url.DisplayUrl),
            "http" or "https" => new HttpByteSource(url.RequestUri!, _options.HttpClient ?? SharedHttpClient.Value, url.DisplayUrl, credentials),
            "ftp" => new FtpByteSource(url.Host, url.Port, FtpByteSource.ServerPath(url.Path), credentials ?? SourceCredentials.Anonymous, _options.Ftp, url.DisplayUrl),
            _ => throw new BackfillException($"scheme \"{url.Scheme}\" is not supported (expected {SourceUrl.SupportedSchemes})"),
        };
    }

    private IObjectStore ObjectStoreFor(SourceUrl url) =>
        _options.ObjectStores is { } resolve
            ? resolve(url.Host)
            : throw new BackfillException($"{url.DisplayUrl}: s3:// sources need an object store, and none is configured here");

    /// <summary>
    /// One client for the process (HttpClient is built to be shared). No automatic decompression: a .gz served with
    /// Content-Encoding: gzip must still arrive as the archive's bytes, and ranges count those bytes.
    /// </summary>
    public static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Covers sending and the response headers only (we read with ResponseHeadersRead); body reads are bounded
            // by ResumeOptions.ReadTimeout.
            Timeout = TimeSpan.FromSeconds(100),
        };
}

/// <summary>What <see cref="SourceFactory"/> needs from its host.</summary>
public sealed record SourceFactoryOptions
{
    /// <summary>Gives the object store for an s3:// bucket (Backfill.Aws supplies S3; tests a local directory).</summary>
    public Func<string, IObjectStore>? ObjectStores { get; init; }

    /// <summary>Client for http(s) sources; it must not decompress. Defaults to one shared <see cref="SourceFactory.CreateHttpClient"/>.</summary>
    public HttpClient? HttpClient { get; init; }

    public FtpClientOptions Ftp { get; init; } = FtpClientOptions.Default;

    /// <summary>Lookup for env: credential references.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
