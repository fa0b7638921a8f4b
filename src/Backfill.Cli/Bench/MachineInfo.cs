using System.Runtime.InteropServices;

namespace Backfill.Cli.Bench;

/// <summary>The machine a figure was measured on: cores, memory, CPU model, OS and .NET version.</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string Cpu, string Os, string Runtime)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ReadMemoryBytes(),
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    /// <summary>One line, e.g. "2 cores, 23.5 GiB, Intel Xeon …, Linux 6.1 …, .NET 10.0.0".</summary>
    public override string ToString() => $"{Cores} cores, {MemoryBytes / (double)(1L << 30):0.0} GiB, {Cpu}, {Os}, {Runtime}";

    /// <summary>The 1-minute load average (how busy the machine was), or null where /proc/loadavg does not exist.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static long ReadMemoryBytes()
    {
        var meminfo = ReadProc("/proc/meminfo", "MemTotal:");
        if (meminfo is not null && long.TryParse(meminfo.Replace("kB", "").Trim(), out var kb)) return kb * 1024;
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string CpuModel() => ReadProc("/proc/cpuinfo", "model name")?.TrimStart(':', ' ', '\t') ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string? ReadProc(string path, string prefix)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..].Trim().TrimStart(':').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
