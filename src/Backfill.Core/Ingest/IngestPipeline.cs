using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest;

/// <summary>
/// An OpenSearch ingest pipeline, parsed once from the body of <c>PUT _ingest/pipeline/&lt;id&gt;</c> and run
/// client-side: in the embedded OpenSearch endpoint, in <c>backfill pipeline simulate</c>, and in the sender when
/// it parses lines itself. Thread-safe: a parsed pipeline holds only immutable, compiled state (grok expressions
/// compiled to .NET regular expressions once), so one instance serves every thread.
/// </summary>
public sealed class IngestPipeline
{
    private readonly ProcessorNode[] _processors;
    private readonly ProcessorNode[] _onFailure;

    private IngestPipeline(string id, PipelineParser.Definition definition)
    {
        Id = id;
        Description = definition.Description;
        Version = definition.Version;
        _processors = definition.Processors;
        _onFailure = definition.OnFailure;
    }

    public string Id { get; }
    public string? Description { get; }
    public int? Version { get; }

    /// <summary>The processor types in order (for diagnostics).</summary>
    public IReadOnlyList<string> ProcessorTypes => _processors.Select(node => node.Processor.Type).ToArray();

    /// <summary>Parses and compiles a pipeline definition; throws <see cref="IngestConfigurationException"/>.</summary>
    public static IngestPipeline Parse(string id, ReadOnlySpan<byte> utf8Json)
        => Parse(id, utf8Json, IngestPipelineOptions.Default);

    /// <summary>As <see cref="Parse(string, ReadOnlySpan{byte})"/>, with explicit options.</summary>
    public static IngestPipeline Parse(string id, ReadOnlySpan<byte> utf8Json, IngestPipelineOptions options)
        => new(id, PipelineParser.Parse(id, utf8Json, ProcessorRegistry.Default, options));

    /// <summary>Runs the pipeline (including on_failure handlers) over <paramref name="document"/>, in place.</summary>
    public IngestResult Execute(IngestDocument document) => Execute(document, null);

    /// <summary>As <see cref="Execute(IngestDocument)"/>, appending one <see cref="ProcessorTrace"/> per processor run.</summary>
    public IngestResult Execute(IngestDocument document, IList<ProcessorTrace>? verboseTrace)
    {
        if (verboseTrace is not null) _ = document.IngestTimestamp; // fix it before the snapshots copy it
        var failure = PipelineExecutor.Run(document, _processors, _onFailure, verboseTrace);
        if (document.Dropped) return IngestResult.Dropped;
        return failure is null ? IngestResult.Indexed : failure.ToResult();
    }
}
