namespace Backfill.Core.Ingest;

/// <summary>
/// One document travelling through a pipeline: its metadata (<c>_index</c>, <c>_id</c>, <c>_ingest.timestamp</c>)
/// and its mutable source. Source values are null, string, long, int, double, float, bool,
/// <see cref="List{T}"/> of object? and <see cref="Dictionary{TKey, TValue}"/> of string to object?.
/// Processors address fields by dotted path (<c>a.b.c</c>), and the metadata by <c>_index</c>, <c>_id</c>,
/// <c>_ingest.*</c>, as OpenSearch does.
/// </summary>
public sealed class IngestDocument
{
    public IngestDocument(string index, string? id, Dictionary<string, object?> source)
    {
        Index = index;
        Id = id;
        Source = source;
        IngestTimestamp = DateTimeOffset.UtcNow;
    }

    /// <summary>The target index; date_index_name sets it to the concrete (resolved) daily/monthly/… index.</summary>
    public string Index { get; set; }

    public string? Id { get; set; }

    public string? Routing { get; set; }

    public Dictionary<string, object?> Source { get; }

    /// <summary><c>_ingest.timestamp</c>: when the pipeline started on this document.</summary>
    public DateTimeOffset IngestTimestamp { get; set; }

    /// <summary>
    /// Other <c>_ingest.*</c> metadata written by processors (e.g. grok's <c>_grok_match_index</c>, on_failure's
    /// <c>on_failure_message</c>). Null until first used so the common path allocates nothing.
    /// </summary>
    public Dictionary<string, object?>? IngestMetadata { get; internal set; }
}
