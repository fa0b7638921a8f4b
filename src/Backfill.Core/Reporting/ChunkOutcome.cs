namespace Backfill.Core.Reporting;

/// <summary>
/// What the sender did with one chunk, stored at <c>StagingLayout.Result(source, index)</c> when a send ends
/// (succeeded, or failed after its retries). Summarize reads these, so the report does not depend on how the
/// Map state returns its results (inline output locally, ResultWriter files in AWS).
/// <para>A chunk may be sent more than once in a run (a task retry, ResendFailedChunks, a redrive). Line figures
/// (<see cref="LinesRead"/>, <see cref="Indexed"/>, <see cref="DeadLettered"/>, <see cref="DeadLetterReasons"/>) and
/// <see cref="Seconds"/> are those of the latest attempt, so no line is counted twice; the network figures
/// (<see cref="Requests"/>, <see cref="RetriedItems"/>, <see cref="BytesSent"/>) and <see cref="Attempts"/> add up over
/// every attempt of these bytes in the run (<see cref="ChunkOutcomeStore.RecordAsync"/>).</para>
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
    /// <summary>Item sends beyond the first, over every attempt.</summary>
    public long RetriedItems { get; init; }
    /// <summary>_bulk requests, over every attempt.</summary>
    public long Requests { get; init; }
    /// <summary>Request body bytes, over every attempt.</summary>
    public long BytesSent { get; init; }
    /// <summary>Time the latest attempt spent sending (its continuations included).</summary>
    public double Seconds { get; init; }
    /// <summary>
    /// Sends of the chunk from its first line in this run; an invocation that continues where a previous one stopped
    /// (continueAt) belongs to the same attempt. 0 in outcomes written before attempts were counted (read as 1).
    /// </summary>
    public int Attempts { get; init; }
    public string? DeadLetterKey { get; init; }
    /// <summary>Error name and message when <see cref="Status"/> is failed.</summary>
    public string? Error { get; init; }
    public string? Cause { get; init; }
    /// <summary>Dead letters by "status error_type", for the report.</summary>
    public Dictionary<string, long>? DeadLetterReasons { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
}
