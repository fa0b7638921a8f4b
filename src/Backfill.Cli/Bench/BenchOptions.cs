namespace Backfill.Cli.Bench;

/// <summary>What <c>backfill bench</c> was asked to do.</summary>
public sealed record BenchOptions
{
    public static readonly string[] Groups = ["split", "stages", "sender", "run"];

    public bool Measures(string group) => Only.Count == 0 || Only.Contains(group);

    /// <summary>Where results.md, results.json and throughput.svg go.</summary>
    public required string OutputDirectory { get; init; }
    /// <summary>Where the generated archives are kept between runs.</summary>
    public required string DataDirectory { get; init; }
    /// <summary>Small data (1/100 of the real sizes): seconds instead of minutes, figures only indicative.</summary>
    public bool Quick { get; init; }
    /// <summary>How many times each figure is measured (the median is reported, with the range).</summary>
    public int Repeat { get; init; } = 1;
    /// <summary>Also run the whole backfill at 4× the input (peak RSS of the full run at 1× against 4×).</summary>
    public bool RunAt4x { get; init; }
    /// <summary>Which groups to measure: split, stages (in-process), sender, run; all when empty.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();
    /// <summary>The command line as typed, recorded with every figure.</summary>
    public required string CommandLine { get; init; }
}
