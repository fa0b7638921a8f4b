using Backfill.Core.Ingest.Dates;
using Backfill.Core.Ingest.Documents;

namespace Backfill.Core.Ingest;

/// <summary>
/// One document travelling through a pipeline: its metadata (<c>_index</c>, <c>_id</c>, <c>_routing</c>,
/// <c>_ingest.timestamp</c>) and its mutable source. Source values are null, string, int, long, float, double,
/// bool, <see cref="List{T}"/> of object? and <see cref="Dictionary{TKey, TValue}"/> of string to object?.
/// Processors address fields by dotted path (<c>a.b.c</c>) and the metadata by <c>_index</c>, <c>_id</c>,
/// <c>_ingest.*</c>, as OpenSearch does.
/// </summary>
public sealed class IngestDocument
{
    public IngestDocument(string index, string? id, Dictionary<string, object?> source)
    {
        Index = index;
        Id = id;
        Source = source;
    }

    /// <summary>The target index; date_index_name sets it to the concrete (resolved) daily/monthly/… index.</summary>
    public string Index { get; set; }

    public string? Id { get; set; }

    public string? Routing { get; set; }

    public Dictionary<string, object?> Source { get; }

    /// <summary>
    /// <c>_ingest.timestamp</c>: when the document entered ingest. Read lazily (the clock is consulted the first
    /// time something asks), so documents whose pipeline never looks at it do not pay for it.
    /// </summary>
    public DateTimeOffset IngestTimestamp
    {
        get => _ingestTimestamp ??= DateTimeOffset.UtcNow;
        set => _ingestTimestamp = value;
    }

    private DateTimeOffset? _ingestTimestamp;

    /// <summary>
    /// Other <c>_ingest.*</c> metadata written by processors (grok's <c>_grok_match_index</c>, on_failure's
    /// <c>on_failure_message</c>, …). Null until first used, so the common path allocates nothing.
    /// </summary>
    public Dictionary<string, object?>? IngestMetadata { get; internal set; }

    /// <summary>Set by the drop processor; the pipeline stops and the document is not indexed.</summary>
    internal bool Dropped { get; set; }

    /// <summary>The last date a date processor printed here in its default form (see <see cref="PrintedDate"/>).</summary>
    internal PrintedDate LastPrintedDate { get; set; }

    /// <summary>
    /// The grok processor that ran last on this document and the recent captures it used (see
    /// <see cref="Grok.GrokCapture.Text"/>). A document reused line after line keeps them, so grok finds them here
    /// instead of in its thread-local slot (≈ 15 ns per line). Not cleared by <see cref="Reset"/>, on purpose.
    /// </summary>
    internal object? GrokTextsOwner { get; set; }

    internal Grok.RecentTexts? GrokTexts { get; set; }

    internal Dictionary<string, object?> EnsureIngestMetadata() => IngestMetadata ??= new Dictionary<string, object?>();

    /// <summary>
    /// Makes this a fresh document for the next line (empty source, no metadata), keeping the source map's storage:
    /// a sender or the embedded endpoint that serialises each document before taking the next reuses one instance per
    /// thread instead of allocating a document and a 17-slot dictionary per line.
    /// </summary>
    public void Reset(string index, string? id)
    {
        Index = index;
        Id = id;
        Routing = null;
        Source.Clear();
        _ingestTimestamp = null;
        IngestMetadata = null;
        Dropped = false;
        LastPrintedDate = default;
    }

    /// <summary>A deep copy (for verbose traces, which snapshot the document after each processor).</summary>
    public IngestDocument Clone()
    {
        var copy = new IngestDocument(Index, Id, (Dictionary<string, object?>)DeepCopy(Source)!)
        {
            Routing = Routing,
            _ingestTimestamp = IngestTimestamp, // fixed now, so the copy and the original agree
            Dropped = Dropped,
        };
        if (IngestMetadata is not null) copy.IngestMetadata = (Dictionary<string, object?>)DeepCopy(IngestMetadata)!;
        return copy;
    }

    internal static object? DeepCopy(object? value)
    {
        switch (value)
        {
            case Dictionary<string, object?> map:
                var mapCopy = new Dictionary<string, object?>(map.Count);
                foreach (var (key, item) in map) mapCopy[key] = DeepCopy(item);
                return mapCopy;
            case List<object?> list:
                var listCopy = new List<object?>(list.Count);
                foreach (var item in list) listCopy.Add(DeepCopy(item));
                return listCopy;
            case byte[] bytes:
                return bytes.ToArray();
            default:
                return value;
        }
    }

    /// <summary><c>_ingest.timestamp</c> as Java's ZonedDateTime prints it (what templates and _simulate show).</summary>
    internal string IngestTimestampText => JavaInstantText.Format(IngestTimestamp);
}
