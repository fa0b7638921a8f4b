namespace Backfill.Core.Ingest.Pipeline;

/// <summary>
/// A processor with its own failure handling: <c>ignore_failure</c> and a processor-level <c>on_failure</c> list
/// (OpenSearch wraps such a processor in a CompoundProcessor of one).
/// </summary>
internal sealed class ProcessorNode(IngestProcessor processor, bool ignoreFailure, ProcessorNode[] onFailure)
{
    public IngestProcessor Processor { get; } = processor;
    public bool IgnoreFailure { get; } = ignoreFailure;
    public ProcessorNode[] OnFailure { get; } = onFailure;
}
