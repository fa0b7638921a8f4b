using System.IO.Compression;
using Backfill.Core.Samples;

namespace Backfill.Cli.Bench;

/// <summary>
/// The archives <c>backfill bench</c> measures: deterministic NASA-like traces shaped like Jul95 and Aug95 (or
/// small ones with <c>--quick</c>), plus Jul95 at 4× for the memory-growth figure. Generated once into the data
/// directory and reused (a marker file records which profile each archive holds).
/// </summary>
public sealed class BenchData
{
    private BenchData(string directory, NasaLogProfile jul, NasaLogProfile aug, NasaLogProfile jul4)
    {
        Directory = directory;
        Jul = jul;
        Aug = aug;
        Jul4 = jul4;
    }

    public string Directory { get; }
    public NasaLogProfile Jul { get; }
    public NasaLogProfile Aug { get; }
    public NasaLogProfile Jul4 { get; }

    public string JulPath => PathOf(Jul);
    public string AugPath => PathOf(Aug);
    public string Jul4Path => PathOf(Jul4);

    /// <summary>The profiles: Jul95 and Aug95 sized (1,891,715 and 1,569,898 lines), or 1/100 of them when quick.</summary>
    public static BenchData For(string directory, bool quick)
    {
        var jul = NasaLogProfile.Jul95;
        var aug = NasaLogProfile.Aug95;
        if (quick)
        {
            jul = jul with { Name = jul.Name + "_quick", Lines = jul.Lines / 100 };
            aug = aug with { Name = aug.Name + "_quick", Lines = aug.Lines / 100 };
        }
        return new BenchData(Path.GetFullPath(directory), jul, aug, jul.Scaled(4));
    }

    /// <summary>Generates whichever archives are missing; says so on <paramref name="log"/>.</summary>
    public void Ensure(TextWriter log)
    {
        foreach (var profile in new[] { Jul, Aug, Jul4 })
        {
            var path = PathOf(profile);
            if (!File.Exists(path + ".complete")) log.WriteLine($"generating {path} ({profile.Lines:N0} lines) ...");
            NasaLikeLogGenerator.EnsureGzip(path, profile);
        }
    }

    /// <summary>The uncompressed Jul95-sized trace in memory (for the in-process stages).</summary>
    public byte[] ReadJul()
    {
        using var file = File.OpenRead(JulPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }

    private string PathOf(NasaLogProfile profile) => Path.Combine(Directory, profile.Name + ".log.gz");
}
