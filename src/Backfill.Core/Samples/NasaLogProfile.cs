namespace Backfill.Core.Samples;

/// <summary>
/// Size and calendar of a generated NASA-like trace. The named profiles match the real archives' line counts so
/// benchmarks run on data shaped like the reference case.
/// </summary>
/// <param name="Name">File stem, e.g. "NASA_like_Jul95".</param>
/// <param name="Year">Year of the timestamps.</param>
/// <param name="Month">Month of the timestamps (lines spread evenly over it, in order).</param>
/// <param name="Lines">Number of lines (the last one truncated when <paramref name="TruncatedLastLine"/>).</param>
/// <param name="Seed">Seed of the deterministic generator: same profile, same bytes.</param>
/// <param name="TruncatedLastLine">End with a line cut mid-way and no newline, as a log being written when copied.</param>
public sealed record NasaLogProfile(string Name, int Year, int Month, long Lines, ulong Seed, bool TruncatedLastLine = true)
{
    /// <summary>Shaped like NASA_access_log_Jul95.gz: 1,891,715 lines.</summary>
    public static NasaLogProfile Jul95 { get; } = new("NASA_like_Jul95", 1995, 7, 1_891_715, 0x4a756c3935);

    /// <summary>Shaped like NASA_access_log_Aug95.gz: 1,569,898 lines.</summary>
    public static NasaLogProfile Aug95 { get; } = new("NASA_like_Aug95", 1995, 8, 1_569_898, 0x4175673935);

    /// <summary>The small archive committed in data-samples/.</summary>
    public static NasaLogProfile Sample { get; } = new("nasa-sample", 1995, 7, 2_000, 0x53616d706c65);

    /// <summary>This profile with <paramref name="factor"/> times the lines (for memory-growth measurements).</summary>
    public NasaLogProfile Scaled(int factor) => this with { Name = $"{Name}_x{factor}", Lines = Lines * factor };

    public static NasaLogProfile Parse(string name) => name.ToLowerInvariant() switch
    {
        "jul95" => Jul95,
        "aug95" => Aug95,
        "sample" => Sample,
        _ => throw new Errors.BackfillException($"profile \"{name}\" is not known (expected jul95, aug95 or sample)"),
    };
}
