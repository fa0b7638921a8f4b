using Backfill.Core.Errors;

namespace Backfill.Core.Sending;

/// <summary>
/// Retries ran out (attempts or time) with lines still unacknowledged. Step Functions may retry the chunk, or an
/// operator re-run it: ids are deterministic, so what was indexed is overwritten, never duplicated.
/// </summary>
public sealed class ChunkSendFailedException(string message, long unacknowledged, ChunkSendResult partial)
    : BackfillException(message), IServiceFailure
{
    public long Unacknowledged { get; } = unacknowledged;

    /// <summary>The counts up to the failure (dead letters written so far are published).</summary>
    public ChunkSendResult Partial { get; } = partial;

    public override string ErrorType => "ChunkNotAcknowledged";
}

/// <summary>OpenSearch refused the request as a whole in a way no retry fixes (401, 403, 404, 413, malformed request).</summary>
public sealed class OpenSearchRequestRejectedException(string message, int status)
    : BackfillException(message), IServiceFailure
{
    public int Status { get; } = status;
    public override string ErrorType => "OpenSearchRejected";
}
