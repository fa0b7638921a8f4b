using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Sending;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Hosting;

namespace Backfill.Benchmarks;

/// <summary>
/// One sender (one <see cref="ChunkSender"/> at a time, opensearch.concurrency 2, 5 MB bodies) pushing the Jul95-sized
/// generated trace, cut into 8 MB chunks, into the embedded endpoint: over loopback HTTP (Kestrel) and in-process.
/// No ingest pipeline (pipeline "_none"): this measures body building, transport and the store, not grok.
/// docs/s = 1,891,715 / mean. Every run overwrites the same ids, so counts stay exact.
/// Run: dotnet run -c Release --project bench/Backfill.Benchmarks -- --filter '*SenderBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class SenderBenchmarks
{
    private const long ChunkBytes = 8 * 1024 * 1024;
    private string _root = null!;
    private LocalDirectoryObjectStore _store = null!;
    private EmbeddedOpenSearch _endpoint = null!;
    private EmbeddedOpenSearchHost _host = null!;
    private IOpenSearchTransport _transport = null!;
    private readonly List<ManifestRow> _chunks = [];
    private long _lines;

    [Params("http", "in-process")]
    public string Transport { get; set; } = "http";

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "backfill-bench-sender-" + Guid.NewGuid().ToString("N")[..8]);
        _store = new LocalDirectoryObjectStore(Path.Combine(_root, "store"));
        var data = BulkBenchmarkData.Jul95();
        var bytes = data.Bytes.AsMemory(0, data.RawBytes);
        long firstLine = 1;
        var index = 0;
        while (!bytes.IsEmpty)
        {
            var take = (int)Math.Min(ChunkBytes, bytes.Length);
            if (take < bytes.Length) take = bytes.Span[..take].LastIndexOf((byte)'\n') + 1;
            var chunk = bytes[..take];
            bytes = bytes[take..];
            var lines = chunk.Span.Count((byte)'\n') + (chunk.Span[^1] == (byte)'\n' ? 0 : 1);
            var key = $"bench/chunks/jul95/{index:D6}.log";
            _store.PutAsync(key, chunk).GetAwaiter().GetResult();
            _chunks.Add(new ManifestRow(key, "jul95", "file:///bench/jul95", "0123456789abcdef", index++, firstLine, lines, chunk.Length, "", "none"));
            firstLine += lines;
        }
        _lines = firstLine - 1;
        _endpoint = EmbeddedOpenSearch.Open(Path.Combine(_root, "opensearch"));
        if (Transport == "http")
        {
            _host = EmbeddedOpenSearchHost.StartAsync(_endpoint, 0).GetAwaiter().GetResult();
            _transport = new HttpOpenSearchTransport(_host.Address);
        }
        else
        {
            _transport = _endpoint.Transport;
        }
        Console.WriteLine($"// {_chunks.Count} chunks, {_lines:N0} lines, transport {Transport} ({_transport.Endpoint})");
    }

    [Benchmark(Description = "send Jul95-sized trace")]
    public long Send()
    {
        var settings = OpenSearchSettings.Default with { Endpoint = "http://bench", Pipeline = "_none" };
        var sender = new ChunkSender(_store, _transport);
        long indexed = 0;
        foreach (var chunk in _chunks)
            indexed += sender.SendAsync(chunk, settings, $"bench/dead-letters/jul95/{chunk.ChunkIndex:D6}.jsonl").GetAwaiter().GetResult().Indexed;
        if (indexed != _lines || _endpoint.Count() != _lines) throw new InvalidOperationException($"indexed {indexed}, count {_endpoint.Count()}, expected {_lines}");
        return indexed;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        (_transport as IDisposable)?.Dispose();
        _endpoint.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
