namespace Backfill.Cli.Bench;

/// <summary>
/// One measured figure of <c>backfill bench</c>: what was measured, the value (the median when repeated, with the
/// range), the target it answers to, and where it came from (the machine, the command, how loaded the machine was).
/// </summary>
public sealed record BenchFigure
{
    /// <summary>Stable identifier, e.g. "split.jul95.throughput".</summary>
    public required string Id { get; init; }
    /// <summary>The pipeline stage, e.g. "split", "grok + date", "full run".</summary>
    public required string Stage { get; init; }
    /// <summary>What the value is, e.g. "throughput", "wall time", "peak RSS".</summary>
    public required string Measure { get; init; }
    public required double Value { get; init; }
    public required string Unit { get; init; }
    /// <summary>Smallest and largest value over the repeats (equal to the value for one sample).</summary>
    public double Min { get; init; }
    public double Max { get; init; }
    public int Samples { get; init; } = 1;
    /// <summary>The design target, e.g. "≥ 2× gzip -dc", or null when the figure is context.</summary>
    public string? Target { get; init; }
    public bool? MeetsTarget { get; init; }
    /// <summary>The exact command that produced the figure (for in-process figures, the bench command and the stage).</summary>
    public required string Command { get; init; }
    public required string Machine { get; init; }
    /// <summary>1-minute load average when the figure was measured (other work on the machine).</summary>
    public double? LoadAverage { get; init; }
    /// <summary>Throughput expressed as MB/s of uncompressed log lines, for the chart (null when not a throughput).</summary>
    public double? LogMegabytesPerSecond { get; init; }
    public string? Notes { get; init; }

    /// <summary>A figure from repeated samples: the median, with the range.</summary>
    public static BenchFigure FromSamples(IReadOnlyList<double> samples, Func<double, BenchFigure> make)
    {
        var sorted = samples.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return make(median) with { Min = sorted[0], Max = sorted[^1], Samples = sorted.Length };
    }
}
