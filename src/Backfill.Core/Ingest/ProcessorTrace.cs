namespace Backfill.Core.Ingest;

/// <summary>
/// One processor's step in a verbose <c>_simulate</c>: what ran (type, tag), how it ended and, unless it failed,
/// a snapshot of the document after it (OpenSearch's <c>processor_results[]</c> entries).
/// </summary>
public sealed class ProcessorTrace
{
    public ProcessorTrace(string processorType, string? tag, ProcessorTraceStatus status)
    {
        ProcessorType = processorType;
        Tag = tag;
        Status = status;
    }

    public string ProcessorType { get; }
    public string? Tag { get; }
    public ProcessorTraceStatus Status { get; }

    /// <summary>The document after this processor (null when it failed or dropped the document).</summary>
    public IngestDocument? Document { get; init; }

    /// <summary>For <see cref="ProcessorTraceStatus.Error"/> and <see cref="ProcessorTraceStatus.ErrorIgnored"/>.</summary>
    public string? ErrorType { get; init; }
    public string? Reason { get; init; }
    public string? CausedByType { get; init; }
    public string? CausedByReason { get; init; }

    /// <summary>The processor's <c>description</c>, when it has one.</summary>
    public string? Description { get; init; }

    /// <summary>The <c>status</c> string OpenSearch prints for it.</summary>
    public string StatusText => Status switch
    {
        ProcessorTraceStatus.Success => "success",
        ProcessorTraceStatus.ErrorIgnored => "error_ignored",
        ProcessorTraceStatus.Error => "error",
        ProcessorTraceStatus.Dropped => "dropped",
        _ => "skipped",
    };
}

public enum ProcessorTraceStatus { Success, ErrorIgnored, Error, Dropped, Skipped }
