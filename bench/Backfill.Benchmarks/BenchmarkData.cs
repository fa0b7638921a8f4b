using Backfill.Core.Samples;

namespace Backfill.Benchmarks;

/// <summary>Deterministic NASA-like archives shared by the benchmarks, generated once into the temp folder.</summary>
public static class BenchmarkData
{
    public static string Folder => Path.Combine(Path.GetTempPath(), "backfill-data");

    public static string Jul95Gzip => NasaLikeLogGenerator.EnsureGzip(Path.Combine(Folder, "NASA_like_Jul95.gz"), NasaLogProfile.Jul95);
}
