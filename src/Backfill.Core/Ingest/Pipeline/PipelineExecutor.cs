namespace Backfill.Core.Ingest.Pipeline;

/// <summary>
/// Runs processors with OpenSearch's CompoundProcessor semantics: a failing processor with <c>ignore_failure</c>
/// is skipped; otherwise its own <c>on_failure</c> handlers run (and the pipeline continues), or the failure
/// travels up to the pipeline's <c>on_failure</c> (which runs and ends the pipeline, keeping the document), or
/// the document fails. While handlers run, <c>_ingest.on_failure_message</c>, <c>_processor_type</c>,
/// <c>_processor_tag</c> describe the failure. Optionally records one <see cref="ProcessorTrace"/> per processor run.
/// </summary>
internal static class PipelineExecutor
{
    public const string OnFailureMessage = "on_failure_message";
    public const string OnFailureProcessorType = "on_failure_processor_type";
    public const string OnFailureProcessorTag = "on_failure_processor_tag";

    /// <summary>Runs <paramref name="processors"/> then, if one failed unhandled, <paramref name="onFailure"/>.</summary>
    public static IngestFailure? Run(IngestDocument document, ProcessorNode[] processors, ProcessorNode[] onFailure, IList<ProcessorTrace>? trace)
    {
        foreach (var node in processors)
        {
            var failure = RunNode(document, node, trace);
            if (document.Dropped) return null;
            if (failure is null) continue;
            if (onFailure.Length == 0) return failure;
            // The pipeline's handlers run and the remaining processors are skipped, as in OpenSearch.
            return RunOnFailure(document, failure, onFailure, trace);
        }
        return null;
    }

    private static IngestFailure? RunNode(IngestDocument document, ProcessorNode node, IList<ProcessorTrace>? trace)
    {
        var processor = node.Processor;
        IngestFailure? failure;
        try
        {
            failure = processor.Execute(document);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Processors report document problems as values; anything thrown is a defect, but it must fail this
            // document (which the sender then dead-letters) rather than the whole batch.
            failure = new IngestFailure("exception", $"{processor.Type} processor failed unexpectedly: {e.GetType().Name}: {e.Message}");
        }
        if (trace is not null) Record(trace, document, processor, failure, node.IgnoreFailure);
        if (failure is null) return null;
        failure = failure.WithProcessor(processor.Type, processor.Tag);
        if (node.IgnoreFailure) return null;
        if (node.OnFailure.Length == 0) return failure;
        return RunOnFailure(document, failure, node.OnFailure, trace);
    }

    private static IngestFailure? RunOnFailure(IngestDocument document, IngestFailure failure, ProcessorNode[] handlers, IList<ProcessorTrace>? trace)
    {
        var metadata = document.EnsureIngestMetadata();
        metadata[OnFailureMessage] = failure.Root.Reason;
        metadata[OnFailureProcessorType] = failure.ProcessorType;
        metadata[OnFailureProcessorTag] = failure.ProcessorTag;
        try
        {
            foreach (var handler in handlers)
            {
                var handlerFailure = RunNode(document, handler, trace);
                if (document.Dropped) return null;
                if (handlerFailure is not null) return handlerFailure;
            }
            return null;
        }
        finally
        {
            metadata.Remove(OnFailureMessage);
            metadata.Remove(OnFailureProcessorType);
            metadata.Remove(OnFailureProcessorTag);
        }
    }

    private static void Record(IList<ProcessorTrace> trace, IngestDocument document, IngestProcessor processor, IngestFailure? failure, bool ignoreFailure)
    {
        if (failure is null)
        {
            var status = document.Dropped ? ProcessorTraceStatus.Dropped : ProcessorTraceStatus.Success;
            trace.Add(new ProcessorTrace(processor.Type, processor.Tag, status)
            {
                Description = processor.Description,
                Document = document.Dropped ? null : document.Clone(),
            });
            return;
        }
        trace.Add(new ProcessorTrace(processor.Type, processor.Tag, ignoreFailure ? ProcessorTraceStatus.ErrorIgnored : ProcessorTraceStatus.Error)
        {
            Description = processor.Description,
            Document = ignoreFailure ? document.Clone() : null,
            ErrorType = failure.Type,
            Reason = failure.Reason,
            CausedByType = failure.CausedBy?.Type,
            CausedByReason = failure.CausedBy?.Reason,
        });
    }
}
