namespace Backfill.Core.Ingest;

/// <summary>How a parsed pipeline runs client-side.</summary>
public sealed record IngestPipelineOptions
{
    public static IngestPipelineOptions Default { get; } = new();

    /// <summary>
    /// The longest one grok match may take before the document fails with <c>runtime_exception</c> "grok pattern
    /// matching was interrupted after [N] ms" (OpenSearch's watchdog, 1 s by default there). Null (the default
    /// here) lets matches run to completion: the timeout checks cost the matcher about 20% of its throughput, and
    /// the standard patterns do not backtrack catastrophically on log lines. Set it when pipelines come from
    /// untrusted users or use hand-written patterns.
    /// </summary>
    public TimeSpan? GrokMatchTimeout { get; init; }
}
