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
    public static IngestResult Failed(string errorType, string reason) => new(IngestStatus.Failed, errorType, reason);
}
