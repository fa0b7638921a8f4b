namespace Backfill.Local.OpenSearch;

/// <summary>How the embedded endpoint behaves beyond storing documents.</summary>
public sealed record EmbeddedOpenSearchOptions
{
    /// <summary>Serve <c>/_backfill/faults</c>, so tests can change fault injection over HTTP.</summary>
    public bool AllowFaultInjection { get; init; }

    /// <summary>Faults active from the start (e.g. from <c>backfill serve --fault-429 0.3</c>).</summary>
    public Faults.FaultOptions Faults { get; init; } = OpenSearch.Faults.FaultOptions.None;

    /// <summary>Largest request body accepted (after gunzip); OpenSearch's http.max_content_length default is 100 MB.</summary>
    public long MaxContentLength { get; init; } = 100L * 1024 * 1024;
}
