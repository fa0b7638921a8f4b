using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backfill.Cli.Bench;

/// <summary>
/// The figures measured in child processes: <c>gzip -dc FILE… &gt; /dev/null</c> (the baseline), <c>backfill split</c>
/// and <c>backfill run</c> of this very executable with <c>--metrics-out</c>, which reports the command's wall time,
/// CPU time and peak RSS from inside the process.
/// </summary>
internal static class ProcessBenchmarks
{
    public sealed record Measured(double WallSeconds, double? CpuSeconds, long? PeakRssBytes, double ProcessWallSeconds, string Command);

    /// <summary>gzip -dc of <paramref name="archives"/> into /dev/null; null when gzip is not installed.</summary>
    public static async Task<Measured?> GzipAsync(IReadOnlyList<string> archives, CancellationToken cancellationToken)
    {
        var gzip = FindOnPath("gzip");
        if (gzip is null || !File.Exists("/bin/sh")) return null;
        string[] arguments = ["-c", "exec \"$0\" -dc -- \"$@\" > /dev/null", gzip, .. archives];
        var result = await ChildProcess.RunAsync("/bin/sh", arguments, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new InvalidOperationException($"gzip -dc failed ({result.ExitCode}): {result.Error.Trim()}");
        var command = ChildProcess.Describe("gzip -dc", archives) + " > /dev/null";
        return new Measured(result.WallSeconds, result.CpuSeconds, null, result.WallSeconds, command);
    }

    /// <summary><c>backfill split</c> of one archive into a fresh local store (uncompressed 8 MiB chunks).</summary>
    public static async Task<Measured> SplitAsync(string archive, string name, string workDirectory, CancellationToken cancellationToken)
    {
        var output = Path.Combine(workDirectory, "split-" + name);
        var metrics = Path.Combine(workDirectory, $"split-{name}.metrics.json");
        Reset(output);
        try
        {
            return await RunBackfillAsync(["split", "--source", archive, "--out", output, "--name", name, "--run-id", "bench", "--metrics-out", metrics], metrics, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Reset(output);
        }
    }

    /// <summary><c>backfill run</c> of the sources into a fresh staging store and embedded endpoint.</summary>
    public static async Task<Measured> RunAsync(IReadOnlyList<(string Name, string Archive)> sources, string name, string workDirectory, CancellationToken cancellationToken)
    {
        var root = Path.Combine(workDirectory, "run-" + name);
        Reset(root);
        Directory.CreateDirectory(root);
        var input = Path.Combine(root, "input.json");
        var json = new JsonObject
        {
            ["runId"] = "bench-" + name,
            ["sources"] = new JsonArray(sources.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["url"] = s.Archive }).ToArray()),
            ["staging"] = new JsonObject { ["root"] = Path.Combine(root, "store") },
            ["opensearch"] = new JsonObject { ["endpoint"] = "embedded", ["pipeline"] = "nasa-http", ["indexPrefix"] = "nasa-logs-" },
        };
        await File.WriteAllTextAsync(input, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        var metrics = Path.Combine(workDirectory, $"run-{name}.metrics.json");
        try
        {
            return await RunBackfillAsync(["run", "--input", input, "--opensearch-data", Path.Combine(root, "opensearch"), "--executions", Path.Combine(root, "executions"), "--metrics-out", metrics], metrics, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Reset(root);
        }
    }

    /// <summary>Bytes of uncompressed log in a gzip archive.</summary>
    public static long RawBytes(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = gzip.Read(buffer)) > 0) total += n;
        return total;
    }

    private static async Task<Measured> RunBackfillAsync(string[] arguments, string metricsPath, CancellationToken cancellationToken)
    {
        var (program, prefix) = ChildProcess.Backfill();
        File.Delete(metricsPath);
        var result = await ChildProcess.RunAsync(program, [.. prefix, .. arguments], cancellationToken).ConfigureAwait(false);
        var command = ChildProcess.Describe("backfill", arguments);
        if (result.ExitCode != 0)
            throw new Core.Errors.BackfillException($"`{command}` exited with {result.ExitCode}: {Last(result.Error, result.Output)}");
        var metrics = ChildProcess.ReadMetrics(metricsPath);
        var cpu = metrics.GetProperty("cpuUserSeconds").GetDouble() + metrics.GetProperty("cpuSystemSeconds").GetDouble();
        return new Measured(metrics.GetProperty("wallSeconds").GetDouble(), cpu, metrics.GetProperty("peakRssBytes").GetInt64(), result.WallSeconds, command);
    }

    private static string Last(string error, string output)
    {
        var text = string.IsNullOrWhiteSpace(error) ? output : error;
        var lines = text.Trim().Split('\n');
        return lines.Length == 0 ? "(no output)" : lines[^1].Trim();
    }

    private static void Reset(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static string? FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
