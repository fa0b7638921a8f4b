namespace Backfill.Core.Ingest.Pipeline;

/// <summary>
/// One processor of a pipeline, built and validated by its factory when the pipeline is parsed. Implementations
/// hold only immutable, compiled state: one instance runs on many threads at once.
/// </summary>
internal abstract class IngestProcessor
{
    protected IngestProcessor(ProcessorConfig config)
    {
        Type = config.Type;
        Tag = config.Tag;
        Description = config.Description;
    }

    /// <summary>The processor's type name as written in the pipeline (<c>grok</c>, <c>date</c>, …).</summary>
    public string Type { get; }
    public string? Tag { get; }
    public string? Description { get; }

    /// <summary>Processes <paramref name="document"/> in place; returns null on success, the failure otherwise.</summary>
    public abstract IngestFailure? Execute(IngestDocument document);
}
