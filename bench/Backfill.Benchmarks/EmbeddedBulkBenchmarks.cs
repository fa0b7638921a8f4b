using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Backfill.Core.OpenSearch;
using Backfill.Core.Sending;
using Backfill.Local.OpenSearch;

namespace Backfill.Benchmarks;

/// <summary>
/// The embedded endpoint's side of a local run: the Jul95-sized trace as the sender's NDJSON bodies (10,000 actions,
/// ≈ 2 MB each), executed through the in-process transport with the NASA pipeline (parse, grok, date, daily index,
/// serialise, store) — on one thread, and with 8 requests in flight as a local run sends them (4 senders × 2), which
/// the endpoint's write pool runs as many at a time as there are cores. docs/s = 1,891,715 / mean. Every run
/// overwrites the same ids, so the store does not grow. This is the benchmark behind the two-pass executor, the write
/// pool and the pooled request buffers (README, Performance).
/// Run: dotnet run -c Release --project bench/Backfill.Benchmarks -- --filter '*EmbeddedBulk*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class EmbeddedBulkBenchmarks
{
    private string _root = null!;
    private EmbeddedOpenSearch _endpoint = null!;
    private readonly List<(byte[] Body, int Count)> _bodies = [];
    private long _lines;

    [Params(1, 8)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "backfill-bench-embedded-" + Guid.NewGuid().ToString("N")[..8]);
        _endpoint = EmbeddedOpenSearch.Open(_root);
        var pipeline = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "statemachine", "opensearch", "nasa-http.pipeline.json"));
        var put = _endpoint.Transport.SendAsync(OpenSearchRequest.Put("/_ingest/pipeline/nasa-http", pipeline)).GetAwaiter().GetResult();
        if (!put.IsSuccess) throw new InvalidOperationException(put.BodyText);

        var data = BulkBenchmarkData.Jul95();
        var template = new BulkActionTemplate("nasa-logs-unparsed", "0123456789abcdef");
        using var builder = new BulkBodyBuilder(5 * 1024 * 1024, 10_000);
        var rest = data.Bytes.AsSpan(0, data.RawBytes);
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var raw = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            _lines++;
            var encoding = LineEncodings.Detect(raw);
            if (builder.TryAppendLine(template, _lines, raw, encoding)) continue;
            _bodies.Add((builder.BodySpan.ToArray(), builder.Count));
            builder.Clear();
            builder.TryAppendLine(template, _lines, raw, encoding);
        }
        if (builder.Count > 0) _bodies.Add((builder.BodySpan.ToArray(), builder.Count));
        Console.WriteLine($"// {_lines:N0} lines in {_bodies.Count} bodies, {_bodies.Sum(b => (long)b.Body.Length) / 1e6:F0} MB of NDJSON");
    }

    [Benchmark(Description = "embedded _bulk, NASA pipeline (Jul95-sized)")]
    public async Task<long> Bulk()
    {
        var transport = _endpoint.Transport;
        long indexed = 0;
        var next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < _bodies.Count)
            {
                var (body, count) = _bodies[i];
                var response = await transport.BulkAsync(new BulkRequest(body, count, "nasa-http")).ConfigureAwait(false);
                Interlocked.Add(ref indexed, response.Items.Count(item => item.IsSuccess));
            }
        }
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => Task.Run(Worker)));
        if (indexed != _lines) throw new InvalidOperationException($"indexed {indexed} of {_lines}");
        return indexed;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _endpoint.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>The repository this file was compiled from (BenchmarkDotNet runs the benchmark from its own build folder).</summary>
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
