namespace Backfill.Core.Ingest;

/// <summary>
/// The outcome of <see cref="IngestPipeline.Execute(IngestDocument)"/>. For <see cref="IngestStatus.Failed"/>,
/// <see cref="ErrorType"/> and <see cref="Reason"/> are what OpenSearch puts in the rejected bulk item's error
/// (e.g. <c>illegal_argument_exception</c> / "Provided Grok expressions do not match field value: [...]").
/// </summary>
public readonly record struct IngestResult(IngestStatus Status, string? ErrorType, string? Reason)
{
    public static IngestResult Indexed => new(IngestStatus.Indexed, null, null);
    public static IngestResult Dropped => new(IngestStatus.Dropped, null, null);

    /// <summary>The processor that failed (OpenSearch's <c>header.processor_type</c>), when Failed.</summary>
    public string? ProcessorType { get; init; }

    /// <summary>That processor's tag, when it has one.</summary>
    public string? ProcessorTag { get; init; }

    /// <summary>The failure's cause (OpenSearch's <c>caused_by</c>), when it has one.</summary>
    public string? CausedByType { get; init; }
    public string? CausedByReason { get; init; }
}
