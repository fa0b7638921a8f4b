using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Backfill.Core.Decompression;
using ICSharpCode.SharpZipLib.GZip;

namespace Backfill.Benchmarks;

/// <summary>
/// Which gzip decoder the splitter uses: System.IO.Compression's GZipStream, SharpZipLib's GZipInputStream, and our
/// GzipDecompressionStream (GZipStream's zlib-ng driven directly, so truncation is detected). Decompresses the
/// Jul95-sized archive (≈200 MB out) from memory into a reused buffer.
/// Run: dotnet run -c Release --project bench/Backfill.Benchmarks -- --filter '*GzipDecoder*'
/// </summary>
[MemoryDiagnoser]
public class GzipDecoderBenchmarks
{
    private byte[] _archive = [];
    private readonly byte[] _buffer = new byte[1 << 20];

    [GlobalSetup]
    public void Setup() => _archive = File.ReadAllBytes(BenchmarkData.Jul95Gzip);

    [Benchmark(Baseline = true)]
    public long GZipStream() => Drain(new GZipStream(new MemoryStream(_archive), CompressionMode.Decompress));

    [Benchmark]
    public long SharpZipLibGZipInputStream() => Drain(new GZipInputStream(new MemoryStream(_archive)));

    [Benchmark]
    public long GzipDecompressionStream() => Drain(new GzipDecompressionStream(new MemoryStream(_archive), "benchmark"));

    private long Drain(Stream stream)
    {
        using (stream)
        {
            long total = 0;
            int n;
            while ((n = stream.Read(_buffer)) > 0) total += n;
            return total;
        }
    }
}
