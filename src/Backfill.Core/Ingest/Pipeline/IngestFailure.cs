namespace Backfill.Core.Ingest.Pipeline;

/// <summary>
/// Why a processor could not handle a document: OpenSearch's error type and reason (and its cause, when the
/// reason alone hides it, e.g. the date processor's "unable to parse date" caused by an unknown time zone).
/// A value, not an exception: malformed lines are routine in log backfills and must not cost a throw each.
/// </summary>
internal sealed class IngestFailure
{
    public IngestFailure(string type, string reason, IngestFailure? causedBy = null)
    {
        Type = type;
        Reason = reason;
        CausedBy = causedBy;
    }

    public string Type { get; }
    public string Reason { get; }
    public IngestFailure? CausedBy { get; }

    /// <summary>The processor that failed (set when the failure leaves it), for on_failure metadata and errors.</summary>
    public string? ProcessorType { get; private set; }
    public string? ProcessorTag { get; private set; }

    /// <summary>The innermost cause, whose message OpenSearch puts in <c>_ingest.on_failure_message</c>.</summary>
    public IngestFailure Root
    {
        get
        {
            var failure = this;
            while (failure.CausedBy is not null) failure = failure.CausedBy;
            return failure;
        }
    }

    public IngestFailure WithProcessor(string type, string? tag)
    {
        // The innermost processor wins, as OpenSearch keeps the first processor_type header it attaches.
        if (ProcessorType is not null) return this;
        var copy = new IngestFailure(Type, Reason, CausedBy) { ProcessorType = type, ProcessorTag = tag };
        return copy;
    }

    public static IngestFailure IllegalArgument(string reason, IngestFailure? causedBy = null)
        => new("illegal_argument_exception", reason, causedBy);

    public IngestResult ToResult() => new(IngestStatus.Failed, Type, Reason)
    {
        ProcessorType = ProcessorType,
        ProcessorTag = ProcessorTag,
        CausedByType = CausedBy?.Type,
        CausedByReason = CausedBy?.Reason,
    };
}
