namespace Backfill.Core.Sending;

/// <summary>
/// What one SendChunk invocation did. Counts cover lines <see cref="StartLine"/> up to (not including)
/// <see cref="ContinueAt"/>, or to the chunk's end when <see cref="ContinueAt"/> is null, and always satisfy
/// <c>LinesRead == Indexed + DeadLettered</c>. <see cref="Indexed"/> counts every line OpenSearch acknowledged with a
/// 2xx, including <see cref="Noop"/> ones an ingest pipeline dropped on purpose.
/// </summary>
public sealed record ChunkSendResult
{
    public required string ChunkKey { get; init; }
    public required long StartLine { get; init; }
    public long LinesRead { get; init; }
    public long Indexed { get; init; }
    public long DeadLettered { get; init; }
    /// <summary>Of <see cref="Indexed"/>, lines a pipeline's drop processor discarded (OpenSearch answers "noop").</summary>
    public long Noop { get; init; }
    /// <summary>Of <see cref="Indexed"/>, lines not valid UTF-8 and sent as Latin-1.</summary>
    public long Latin1Lines { get; init; }
    /// <summary>Item sends beyond the first (an item rejected twice counts twice).</summary>
    public long RetriedItems { get; init; }
    public long Requests { get; init; }
    public long BytesSent { get; init; }
    public TimeSpan Duration { get; init; }
    /// <summary>Set when the invocation stopped early (deadline): the next invocation starts at this line.</summary>
    public long? ContinueAt { get; init; }
    /// <summary>The dead-letter object, when the chunk has one.</summary>
    public string? DeadLetterKey { get; init; }
    /// <summary>Dead letters of this invocation by "status error_type", e.g. "400 illegal_argument_exception".</summary>
    public IReadOnlyDictionary<string, long> DeadLetterReasons { get; init; } = new Dictionary<string, long>();
}
