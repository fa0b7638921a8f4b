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

/// <summary>Totals over the plan; <see cref="Requests"/>, <see cref="BytesSent"/> and <see cref="RetriedItems"/> include every attempt at each chunk.</summary>
public sealed record RunTotals(int Chunks, int ChunksSucceeded, int ChunksFailed, long LinesPlanned, long LinesRead, long Indexed, long DeadLettered, long Requests, long BytesSent, long RetriedItems);

/// <summary>One source of the execution input; a source whose archive was empty has no chunks and no lines.</summary>
public sealed record SourceReport(string Source, string SourceUrl, int Chunks, int ChunksFailed, long LinesPlanned, long Indexed, long DeadLettered);

/// <summary>
/// One chunk of the plan. <see cref="Indexed"/>, <see cref="DeadLettered"/> and <see cref="Seconds"/> are the latest
/// attempt's; <see cref="Requests"/>, <see cref="RetriedItems"/> and <see cref="Attempts"/> add up every attempt at the
/// chunk in this run (0 attempts: no result for these bytes).
/// </summary>
public sealed record ChunkReport(string ChunkKey, string Source, int ChunkIndex, long FirstLine, long Lines, string Status, long Indexed, long DeadLettered, long Requests, double Seconds, DateTimeOffset? FinishedAt, string? Error,
    long RetriedItems = 0, int Attempts = 0);
