namespace Backfill.Core.Ingest;

/// <summary>
/// An OpenSearch ingest pipeline, parsed once from the body of <c>PUT _ingest/pipeline/&lt;id&gt;</c> and run
/// client-side. Thread-safe: a parsed pipeline holds only immutable, compiled state, so one instance serves
/// every sender thread.
/// </summary>
public sealed class IngestPipeline
{
    private IngestPipeline(string id, string? description)
    {
        Id = id;
        Description = description;
    }

    public string Id { get; }
    public string? Description { get; }

    /// <summary>Parses and compiles a pipeline definition; throws <see cref="IngestConfigurationException"/>.</summary>
    public static IngestPipeline Parse(string id, ReadOnlySpan<byte> utf8Json)
        => throw new NotImplementedException("in progress");

    /// <summary>Runs the pipeline (including on_failure handlers) over <paramref name="document"/>, in place.</summary>
    public IngestResult Execute(IngestDocument document) => Execute(document, null);

    /// <summary>As <see cref="Execute(IngestDocument)"/>, appending one <see cref="ProcessorTrace"/> per processor run.</summary>
    public IngestResult Execute(IngestDocument document, IList<ProcessorTrace>? verboseTrace)
        => throw new NotImplementedException("in progress");
}
