namespace Backfill.Core.OpenSearch;

/// <summary>
/// One <c>_bulk</c> request: an NDJSON body of <see cref="ItemCount"/> actions, the default ingest pipeline
/// (<c>?pipeline=</c>) and whether the HTTP transport should gzip the body (<c>Content-Encoding: gzip</c>).
/// </summary>
public sealed record BulkRequest(ReadOnlyMemory<byte> Body, int ItemCount, string? Pipeline = null, bool Gzip = false, string? Refresh = null);

/// <summary>
/// The answer to a bulk request. When <see cref="StatusCode"/> is 2xx, <see cref="Items"/> holds one result per action
/// in request order; otherwise the whole request failed and <see cref="ErrorType"/>/<see cref="Reason"/> say why.
/// </summary>
public sealed record BulkResponse(int StatusCode, BulkItemResult[] Items, string? ErrorType = null, string? Reason = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Bytes that went over the wire for the request body (after gzip), for the handler's figures.</summary>
    public long BytesSent { get; init; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public static BulkResponse Failed(int statusCode, string errorType, string reason, TimeSpan? retryAfter = null) =>
        new(statusCode, [], errorType, reason, retryAfter);
}

/// <summary>One item of a bulk response: its status and, for failures, OpenSearch's error type and reason.</summary>
/// <param name="Result">"created", "updated", "deleted", "not_found", "noop" (null for failures).</param>
public readonly record struct BulkItemResult(int Status, string? ErrorType = null, string? Reason = null, string? Result = null)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Rejected for now (429 too many requests, 5xx): worth sending again.</summary>
    public bool IsRetryable => OpenSearchStatus.IsRetryableItem(Status);
}
