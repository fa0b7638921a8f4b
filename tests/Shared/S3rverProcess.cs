using System.Diagnostics;
using System.Net.Sockets;

namespace Backfill.Tests.Shared;

/// <summary>
/// A real s3rver (tests/node_modules/.bin/s3rver, installed by `npm ci` in tests/) on 127.0.0.1 and a free port,
/// serving one bucket from a temporary directory; killed on dispose. It accepts the access key "S3RVER" only
/// (any secret: it does not check SigV4 signatures).
/// </summary>
internal sealed class S3rverProcess : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    private readonly TempDirectory _directory = new("s3rver");
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;

    private S3rverProcess(string bucket) => Bucket = bucket;

    public string Bucket { get; }
    public int Port { get; private set; }
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Where s3rver keeps its files (objects, and pending multipart uploads under ._S3rver_uploads).</summary>
    public string Directory => _directory.Path;

    public static async Task<S3rverProcess> StartAsync(string bucket)
    {
        var server = new S3rverProcess(bucket);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
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

    private string Output { get { lock (_output) return _output.ToString(); } }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(5000);
        _process?.Dispose();
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
