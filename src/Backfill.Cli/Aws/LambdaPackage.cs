using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using Backfill.Core.Errors;

namespace Backfill.Cli.Aws;

/// <summary>
/// The deployment package of the Lambda functions: src/Backfill.Lambda published self-contained for Linux (no .NET on
/// provided.al2023), zipped with "bootstrap" executable at the root. The zip is deterministic (sorted entries, fixed
/// timestamps, fixed permissions), so an unchanged build has an unchanged CodeSha256 and deploy can skip it.
/// </summary>
public static class LambdaPackage
{
    /// <summary>Lambda takes zips up to this size directly in UpdateFunctionCode; larger ones go through S3.</summary>
    public const long MaxDirectUploadBytes = 50L * 1024 * 1024;

    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public sealed record Built(string ZipPath, long ZipBytes, int Files, string CodeSha256, TimeSpan PublishTime);

    /// <param name="runtime">linux-x64 (Lambda x86_64) or linux-arm64 (Lambda arm64).</param>
    /// <param name="buildDirectory">Intermediate build output (kept between runs so packaging is incremental).</param>
    public static async Task<Built> BuildAsync(string project, string runtime, string configuration, string zipPath, string buildDirectory,
        bool readyToRun, TextWriter log, CancellationToken cancellationToken)
    {
        if (!File.Exists(project)) throw new BackfillException($"--project {project}: not found (expected {RepositoryLayout.LambdaProject})");
        var publishDirectory = Path.Combine(buildDirectory, "publish-" + runtime);
        if (Directory.Exists(publishDirectory)) Directory.Delete(publishDirectory, recursive: true);

        var watch = Stopwatch.StartNew();
        string[] arguments =
        [
            "publish", project, "-c", configuration, "-r", runtime, "--self-contained", "true", "-o", publishDirectory,
            "--artifacts-path", Path.Combine(buildDirectory, "build"), "-nologo", "-p:PublishSingleFile=false",
            "-p:GenerateDocumentationFile=false", "-p:DebugType=none", $"-p:PublishReadyToRun={(readyToRun ? "true" : "false")}",
        ];
        await RunDotnetAsync(arguments, log, cancellationToken);
        watch.Stop();
        if (!File.Exists(Path.Combine(publishDirectory, "bootstrap")))
            throw new BackfillException($"dotnet publish produced no \"bootstrap\" executable in {publishDirectory} (is {project} the Backfill.Lambda project?)");

        var files = Zip(publishDirectory, zipPath);
        var info = new FileInfo(zipPath);
        return new Built(zipPath, info.Length, files, CodeSha256(zipPath), watch.Elapsed);
    }

    /// <summary>Zips a directory deterministically; executables (bootstrap, and files with an execute bit) get mode 755.</summary>
    public static int Zip(string directory, string zipPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
        var temporary = zipPath + ".tmp";
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Name: Path.GetRelativePath(directory, f).Replace('\\', '/')))
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        using (var stream = File.Create(temporary))
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            foreach (var (full, name) in files)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = FixedTime;
                var executable = name == "bootstrap" || (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0);
                // Upper 16 bits: the Unix mode (regular file + permissions), which Lambda honours when it unzips.
                entry.ExternalAttributes = (0x8000 | (executable ? 0b111_101_101 : 0b110_100_100)) << 16;
                using var source = File.OpenRead(full);
                using var target = entry.Open();
                source.CopyTo(target);
            }
        }
        File.Move(temporary, zipPath, overwrite: true);
        return files.Count;
    }

    /// <summary>Base64 SHA-256 of the file: what Lambda reports as the function's CodeSha256.</summary>
    public static string CodeSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToBase64String(SHA256.HashData(stream));
    }

    private static async Task RunDotnetAsync(IReadOnlyList<string> arguments, TextWriter log, CancellationToken cancellationToken)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = new Process { StartInfo = start };
        var lines = new List<string>();
        void Collect(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
        }
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BackfillException($"cannot run \"{dotnet}\" to publish the Lambda package: {e.Message} (install the .NET 10 SDK)");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            List<string> tail;
            lock (lines) tail = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).TakeLast(20).ToList();
            foreach (var line in tail) log.WriteLine(line);
            throw new BackfillException($"dotnet publish failed with exit code {process.ExitCode} ({tail.Count} error line(s) above)");
        }
    }
}
