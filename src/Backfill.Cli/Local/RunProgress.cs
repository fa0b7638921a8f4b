using System.Text.Json.Nodes;

namespace Backfill.Cli.Local;

/// <summary>
/// Live counters of a local run, fed by the handlers' results as they return (see <see cref="ObservedHandler"/>).
/// Read from the display thread; written by many handler invocations at once.
/// </summary>
public sealed class RunProgress
{
    private long _sourcesDone, _linesSplit, _chunksPlanned, _chunksSent, _chunksFailed, _indexed, _deadLettered, _retried;
    private int _sourcesTotal;

    public int SourcesTotal { get => Volatile.Read(ref _sourcesTotal); set => Volatile.Write(ref _sourcesTotal, value); }
    public long SourcesDone => Interlocked.Read(ref _sourcesDone);
    public long LinesSplit => Interlocked.Read(ref _linesSplit);
    public long ChunksPlanned => Interlocked.Read(ref _chunksPlanned);
    public long ChunksSent => Interlocked.Read(ref _chunksSent);
    public long ChunksFailed => Interlocked.Read(ref _chunksFailed);
    public long Indexed => Interlocked.Read(ref _indexed);
    public long DeadLettered => Interlocked.Read(ref _deadLettered);
    public long Retried => Interlocked.Read(ref _retried);
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public void OnResult(string function, JsonNode? result)
    {
        switch (function)
        {
            case "DownloadAndSplit":
                Interlocked.Increment(ref _sourcesDone);
                Interlocked.Add(ref _linesSplit, Long(result, "lines"));
                break;
            case "PlanChunks":
                Interlocked.Exchange(ref _chunksPlanned, Long(result, "chunks"));
                break;
            case "SendChunk" when result is not JsonObject o || !o.ContainsKey("continueAt"):
                Interlocked.Increment(ref _chunksSent);
                Interlocked.Add(ref _indexed, Long(result, "indexed"));
                Interlocked.Add(ref _deadLettered, Long(result, "deadLettered"));
                Interlocked.Add(ref _retried, Long(result, "retriedItems"));
                break;
        }
    }

    public void OnFailure(string function)
    {
        if (function == "SendChunk") Interlocked.Increment(ref _chunksFailed);
    }

    private static long Long(JsonNode? node, string field) => node?[field] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
