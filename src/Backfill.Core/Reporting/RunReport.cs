namespace Backfill.Core.Reporting;

/// <summary>
/// report.json: what one run did, for operators (and `backfill status`, `rerun-failed`, the HTML report).
/// Invariant checked when it is built: for every chunk that succeeded, lines read = indexed + dead-lettered.
/// </summary>
public sealed record RunReport
{
    public required string RunId { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }
    public required RunTotals Totals { get; init; }
    public required IReadOnlyList<SourceReport> Sources { get; init; }
    public required IReadOnlyList<ChunkReport> Chunks { get; init; }
    /// <summary>Dead letters by reason ("400 mapper_parsing_exception"), over all chunks.</summary>
    public required IReadOnlyDictionary<string, long> DeadLetterReasons { get; init; }
    /// <summary>Key of failed-chunks.jsonl when any chunk failed, else null.</summary>
    public string? FailedChunksKey { get; init; }
}

public sealed record RunTotals(int Chunks, int ChunksSucceeded, int ChunksFailed, long LinesPlanned, long LinesRead, long Indexed, long DeadLettered, long Requests, long BytesSent, long RetriedItems);

public sealed record SourceReport(string Source, string SourceUrl, int Chunks, int ChunksFailed, long LinesPlanned, long Indexed, long DeadLettered);

public sealed record ChunkReport(string ChunkKey, string Source, int ChunkIndex, long FirstLine, long Lines, string Status, long Indexed, long DeadLettered, long Requests, double Seconds, DateTimeOffset? FinishedAt, string? Error);
