using System.Diagnostics;
using System.Net.Sockets;
using Amazon.Runtime;
using Backfill.Aws.S3;
using Backfill.Tests.Shared;

namespace Backfill.Aws.Tests.Support;

/// <summary>
/// A real s3rver (tests/node_modules/.bin/s3rver, installed by `npm ci` in tests/) on 127.0.0.1 and a free port,
/// with one bucket in a temporary directory; killed on dispose. Tests share it and keep apart by key prefix.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "backfill-test";
    private readonly TempDirectory _directory = new("s3rver");
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;

    public int Port { get; private set; }
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>s3rver accepts any credentials; these are the conventional ones.</summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("S3RVER", "S3RVER");

    public AwsClientOptions ClientOptions => new() { EndpointUrl = Endpoint, Region = "us-east-1", Credentials = Credentials, MaxErrorRetry = 2 };

    /// <summary>Options for a store under a fresh prefix, so tests never see each other's keys.</summary>
    public S3StoreOptions StoreOptions(string? prefix = null) =>
        new(Bucket) { Prefix = (prefix ?? "t-" + Guid.NewGuid().ToString("N")[..12]) + "/", Client = ClientOptions };

    public async Task InitializeAsync()
    {
        var binary = Path.Combine(RepoPaths.NodeBin, "s3rver");
        if (!File.Exists(binary))
            throw new InvalidOperationException($"s3rver is not installed at {binary}: run `npm ci` in tests/ (needs Node.js)");

        Port = FreePort.Next();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { "--directory", _directory.Path, "--address", "127.0.0.1", "--port", Port.ToString(), "--silent", "--configure-bucket", Bucket },
        };
        // s3rver 3.7.1 makes ListObjectsV2 continuation tokens with DES, which Node 17+ (OpenSSL 3) only offers
        // through the legacy provider; without it every paged listing fails with 500 InternalError.
        start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start {binary} ({e.Message}): run `npm ci` in tests/ (needs Node.js on PATH)", e);
        }
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"s3rver exited with code {_process.ExitCode} before accepting connections (is Node.js installed? run `npm ci` in tests/): {Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                // The bucket is created during start-up; the port opens after it.
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"s3rver did not accept connections on 127.0.0.1:{Port} within 30 s: {Output}", e);
            }
        }
    }

    /// <summary>Multipart uploads s3rver has started (it keeps them, even aborted ones, under ._S3rver_uploads).</summary>
    public IReadOnlyList<(string Key, string UploadId)> PendingUploads()
    {
        var uploads = Path.Combine(_directory.Path, Bucket, "._S3rver_uploads");
        return Directory.Exists(uploads)
            ? Directory.EnumerateDirectories(uploads).Where(d => File.Exists(Path.Combine(d, "key")))
                .Select(d => (File.ReadAllText(Path.Combine(d, "key")), Path.GetFileName(d))).ToList()
            : [];
    }

    private string Output { get { lock (_output) return _output.ToString(); } }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(5000);
        _process?.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
