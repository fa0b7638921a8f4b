using System.Diagnostics;
using System.Text;

namespace Backfill.Tests.Shared;

/// <summary>
/// A real FTP server for the tests: pyftpdlib run by Debian's python3 (the pyenv python3 on PATH lacks it) through
/// ftp_test_server.py, which adds fault injection and a log of the commands it received.
/// </summary>
internal sealed class FtpTestServer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private const string InstallHint = "the FTP tests need Debian's python3 with pyftpdlib: apt-get install python3-pyftpdlib";

    private readonly Process _process;
    private readonly TempDirectory _logDirectory;
    private readonly StringBuilder _stderr = new();

    private FtpTestServer(Process process, TempDirectory logDirectory)
    {
        _process = process;
        _logDirectory = logDirectory;
    }

    public int Port { get; private set; }

    private string LogPath => _logDirectory.Combine("commands.log");

    /// <summary>Commands the server received, in order ("USER bob", "PASS ****", "REST 1048576", "RETR /…").</summary>
    public IReadOnlyList<string> Commands => File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];

    public string Url(string name, string? userInfo = null) =>
        $"ftp://{(userInfo is null ? "" : userInfo + "@")}127.0.0.1:{Port}/{name}";

    /// <summary>Starts the server on <paramref name="root"/>; <paramref name="options"/> are ftp_test_server.py options.</summary>
    public static async Task<FtpTestServer> StartAsync(string root, params string[] options)
    {
        if (!File.Exists(Python)) throw new InvalidOperationException($"{Python} not found: {InstallHint}");
        var script = Path.Combine(RepoPaths.Root, "tests", "Shared", "ftp_test_server.py");
        var logDirectory = new TempDirectory("ftp-log");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var port = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var arg in (string[])[script, "--port", port, "--root", root, "--command-log", logDirectory.Combine("commands.log"), .. options])
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Python);
        var server = new FtpTestServer(process, logDirectory);
        process.ErrorDataReceived += (_, e) => { lock (server._stderr) server._stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();

        var ready = process.StandardOutput.ReadLineAsync();
        var first = await Task.WhenAny(ready, Task.Delay(TimeSpan.FromSeconds(30))) == ready ? await ready : null;
        if (first is null || !first.StartsWith("READY ", StringComparison.Ordinal))
        {
            await server.DisposeAsync();
            string stderr;
            lock (server._stderr) stderr = server._stderr.ToString().Trim();
            throw new InvalidOperationException($"the FTP test server did not start ({stderr}); {InstallHint}");
        }
        server.Port = int.Parse(first[6..]);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _logDirectory.Dispose();
    }
}
