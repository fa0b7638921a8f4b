namespace Backfill.Core.Reporting;

/// <summary>
/// What the sender did with one chunk, stored at <c>StagingLayout.Result(source, index)</c> when a send ends
/// (succeeded, or failed after its retries). Summarize reads these, so the report does not depend on how the
/// Map state returns its results (inline output locally, ResultWriter files in AWS).
/// </summary>
public sealed record ChunkOutcome
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public required string ChunkKey { get; init; }
    public required string Source { get; init; }
    public required int ChunkIndex { get; init; }
    /// <summary>SHA-256 of the chunk that was sent: an outcome for an older, different chunk does not count.</summary>
    public required string Sha256 { get; init; }
    public required string Status { get; init; }
    public long LinesRead { get; init; }
    public long Indexed { get; init; }
    public long DeadLettered { get; init; }
    public long RetriedItems { get; init; }
    public long Requests { get; init; }
    public long BytesSent { get; init; }
    public double Seconds { get; init; }
    public string? DeadLetterKey { get; init; }
    /// <summary>Error name and message when <see cref="Status"/> is failed.</summary>
    public string? Error { get; init; }
    public string? Cause { get; init; }
    /// <summary>Dead letters by "status error_type", for the report.</summary>
    public Dictionary<string, long>? DeadLetterReasons { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
}
