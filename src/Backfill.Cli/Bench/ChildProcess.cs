using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Backfill.Cli.Bench;

/// <summary>Runs a program to completion and measures it from outside: wall seconds and CPU seconds (Linux).</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, double WallSeconds, double? CpuSeconds, string Output, string Error);

    internal static async Task<Result> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var cpuBefore = CpuClock.ChildrenSeconds();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        watch.Stop();
        var cpuAfter = CpuClock.ChildrenSeconds();
        return new Result(process.ExitCode, watch.Elapsed.TotalSeconds, cpuAfter - cpuBefore, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary>How to start this very program (the apphost, or <c>dotnet backfill.dll</c> when hosted otherwise, e.g. in tests).</summary>
    public static (string FileName, string[] Prefix) Backfill()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "backfill") return (process, []);
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "backfill.exe" : "backfill");
        if (File.Exists(apphost)) return (apphost, []);
        var host = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return (host, [Path.Combine(AppContext.BaseDirectory, "backfill.dll")]);
    }

    /// <summary>The command as a person would type it (paths quoted when they need it).</summary>
    public static string Describe(string program, IEnumerable<string> arguments)
    {
        var text = new StringBuilder(program);
        foreach (var argument in arguments)
            text.Append(' ').Append(argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c)) ? argument : "'" + argument.Replace("'", "'\\''") + "'");
        return text.ToString();
    }

    /// <summary>Reads what <c>--metrics-out</c> wrote.</summary>
    internal static JsonElement ReadMetrics(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }
}
