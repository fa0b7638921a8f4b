using System.Diagnostics;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Sending;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Hosting;

namespace Backfill.Cli.Bench;

/// <summary>
/// One sender (one <see cref="ChunkSender"/> at a time, the default 5 MB bodies and 2 requests in flight) sending
/// the Jul95-sized trace, cut into 8 MiB chunks (256 KiB with --quick) in a local store, to the embedded endpoint over loopback HTTP
/// (Kestrel), with or without the NASA ingest pipeline. Every line must come back indexed.
/// </summary>
internal static class SenderBenchmark
{
    public readonly record struct Outcome(double WallSeconds, double CpuSeconds, long Indexed, int Chunks);

    public static async Task<Outcome> RunAsync(LogLines lines, int chunkBytes, string workDirectory, string? pipelineJson, CancellationToken cancellationToken)
    {
        var root = Path.Combine(workDirectory, pipelineJson is null ? "sender-none" : "sender-nasa");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        try
        {
            var store = new LocalDirectoryObjectStore(Path.Combine(root, "store"));
            var chunks = await StageChunksAsync(store, lines.Bytes, chunkBytes, cancellationToken).ConfigureAwait(false);
            using var endpoint = EmbeddedOpenSearch.Open(Path.Combine(root, "opensearch"));
            await using var host = await EmbeddedOpenSearchHost.StartAsync(endpoint, 0, cancellationToken).ConfigureAwait(false);
            using var transport = new HttpOpenSearchTransport(host.Address);
            var pipeline = "_none";
            if (pipelineJson is not null)
            {
                pipeline = "nasa-http";
                var put = await transport.SendAsync(OpenSearchRequest.Put("/_ingest/pipeline/nasa-http", System.Text.Encoding.UTF8.GetBytes(pipelineJson)), cancellationToken).ConfigureAwait(false);
                if (!put.IsSuccess) throw new InvalidOperationException($"the embedded endpoint refused the pipeline: {put.BodyText}");
            }
            var settings = OpenSearchSettings.Default with { Endpoint = host.Address.ToString(), Pipeline = pipeline };
            var sender = new ChunkSender(store, transport);

            // The first chunk warms up the JIT, Kestrel and the connection; the figure covers all the others.
            await sender.SendAsync(chunks[0], settings, "dead-letters/warm-up.jsonl", cancellationToken: cancellationToken).ConfigureAwait(false);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            long indexed = 0, expected = 0;
            foreach (var chunk in chunks.Skip(1))
            {
                var result = await sender.SendAsync(chunk, settings, $"dead-letters/{chunk.ChunkIndex:D6}.jsonl", cancellationToken: cancellationToken).ConfigureAwait(false);
                indexed += result.Indexed;
                expected += chunk.LineCount;
            }
            var wall = watch.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (indexed != expected) throw new InvalidOperationException($"the sender indexed {indexed} of {expected} lines");
            return new Outcome(wall, cpuSeconds, indexed, chunks.Count - 1);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<List<ManifestRow>> StageChunksAsync(IObjectStore store, byte[] bytes, int chunkBytes, CancellationToken cancellationToken)
    {
        var chunks = new List<ManifestRow>();
        var rest = bytes.AsMemory();
        long firstLine = 1;
        while (!rest.IsEmpty)
        {
            var take = Math.Min(chunkBytes, rest.Length);
            if (take < rest.Length) take = rest.Span[..take].LastIndexOf((byte)'\n') + 1;
            var chunk = rest[..take];
            rest = rest[take..];
            var lines = chunk.Span.Count((byte)'\n') + (chunk.Span[^1] == (byte)'\n' ? 0 : 1);
            var key = $"chunks/jul95/{chunks.Count:D6}.log";
            await store.PutAsync(key, chunk, cancellationToken).ConfigureAwait(false);
            chunks.Add(new ManifestRow(key, "jul95", "file:///bench/jul95", "0123456789abcdef", chunks.Count, firstLine, lines, chunk.Length, "", "none"));
            firstLine += lines;
        }
        if (chunks.Count < 2) throw new InvalidOperationException("the trace is too small for the sender figure (needs at least two chunks)");
        return chunks;
    }
}
