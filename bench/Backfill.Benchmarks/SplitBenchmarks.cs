using BenchmarkDotNet.Attributes;
using Backfill.Core.Input;
using Backfill.Core.Sources;
using Backfill.Core.Splitting;
using Backfill.Core.Staging;
using Backfill.Core.Storage;

namespace Backfill.Benchmarks;

/// <summary>
/// The whole download-and-split stage on the Jul95-sized archive (≈20 MB gzip, ≈200 MB out) from a local file into a
/// local-directory store, 8 MiB chunks, plain and gzip. Compare with `gzip -dc FILE &gt; /dev/null` on the same file
/// (`backfill bench` prints both side by side).
/// Run: dotnet run -c Release --project bench/Backfill.Benchmarks -- --filter '*SplitBenchmarks*'
/// </summary>
public class SplitBenchmarks
{
    private string _archive = "";
    private string _root = "";

    [Params(ChunkCompression.None, ChunkCompression.Gzip)]
    public ChunkCompression Compression { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _archive = BenchmarkData.Jul95Gzip;
        _root = Path.Combine(Path.GetTempPath(), "backfill-bench-split");
    }

    [Benchmark]
    public async Task<long> SplitJul95()
    {
        var store = new LocalDirectoryObjectStore(_root);
        var splitter = new ArchiveSplitter(store, new StagingLayout("", "bench"), StagingSettings.DefaultChunkBytes, Compression);
        var result = await splitter.SplitAsync("jul95", new FileByteSource(_archive));
        return result.Lines;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
