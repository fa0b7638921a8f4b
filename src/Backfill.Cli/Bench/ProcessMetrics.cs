using System.Diagnostics;
using System.Text.Json;

namespace Backfill.Cli.Bench;

/// <summary>
/// What one command cost this process, written as JSON by the hidden <c>--metrics-out FILE</c> option of
/// <c>run</c> and <c>split</c> so <c>backfill bench</c> can measure them in a child process: wall seconds of the
/// command, CPU seconds (user, system), peak RSS, and the garbage collector's share.
/// </summary>
public sealed class ProcessMetrics
{
    private readonly string _path;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _cpuUser;
    private readonly TimeSpan _cpuSystem;
    private readonly long _allocated = GC.GetTotalAllocatedBytes();
    private readonly TimeSpan _gcPause = GC.GetTotalPauseDuration();
    private readonly int[] _collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private readonly TimeSpan _jit = System.Runtime.JitInfo.GetCompilationTime();
    private readonly long _jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();

    private ProcessMetrics(string path)
    {
        _path = path;
        using var process = Process.GetCurrentProcess();
        _cpuUser = process.UserProcessorTime;
        _cpuSystem = process.PrivilegedProcessorTime;
    }

    /// <summary>Starts measuring when <paramref name="path"/> is given; null otherwise (nothing to write).</summary>
    public static ProcessMetrics? Start(string? path) => string.IsNullOrEmpty(path) ? null : new ProcessMetrics(Path.GetFullPath(path));

    /// <summary>Writes the figures so far, with the command's exit code (null when it threw).</summary>
    public void Write(int? exitCode)
    {
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        using var file = File.Create(_path);
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        if (exitCode is { } code) json.WriteNumber("exitCode", code); else json.WriteNull("exitCode");
        json.WriteNumber("wallSeconds", Math.Round(seconds, 3));
        json.WriteNumber("cpuUserSeconds", Math.Round((process.UserProcessorTime - _cpuUser).TotalSeconds, 3));
        json.WriteNumber("cpuSystemSeconds", Math.Round((process.PrivilegedProcessorTime - _cpuSystem).TotalSeconds, 3));
        json.WriteNumber("peakRssBytes", process.PeakWorkingSet64);
        json.WriteNumber("allocatedBytes", GC.GetTotalAllocatedBytes() - _allocated);
        json.WriteNumber("gcPauseSeconds", Math.Round((GC.GetTotalPauseDuration() - _gcPause).TotalSeconds, 3));
        json.WriteNumber("gen0Collections", GC.CollectionCount(0) - _collections[0]);
        json.WriteNumber("gen1Collections", GC.CollectionCount(1) - _collections[1]);
        json.WriteNumber("gen2Collections", GC.CollectionCount(2) - _collections[2]);
        json.WriteNumber("jitSeconds", Math.Round((System.Runtime.JitInfo.GetCompilationTime() - _jit).TotalSeconds, 3));
        json.WriteNumber("jitMethods", System.Runtime.JitInfo.GetCompiledMethodCount() - _jitMethods);
        json.WriteNumber("processorCount", Environment.ProcessorCount);
        json.WriteEndObject();
    }

    /// <summary>The hidden option both commands share.</summary>
    public static System.CommandLine.Option<string?> CreateOption() => new("--metrics-out")
    {
        Description = "Write wall time, CPU time, peak RSS and GC figures of this command as JSON to FILE (used by `backfill bench`)",
        Hidden = true,
    };

    /// <summary>Runs <paramref name="body"/> and writes the metrics (when asked) whatever its outcome.</summary>
    public static async Task<int> MeasureAsync(string? path, Func<Task<int>> body)
    {
        var metrics = Start(path);
        int? exit = null;
        try
        {
            var code = await body().ConfigureAwait(false);
            exit = code;
            return code;
        }
        finally
        {
            metrics?.Write(exit);
        }
    }
}
