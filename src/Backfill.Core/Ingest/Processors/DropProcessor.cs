using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary><c>drop</c>: stops the pipeline; the document is not indexed (OpenSearch answers the bulk item as a no-op).</summary>
internal sealed class DropProcessor : IngestProcessor
{
    private DropProcessor(ProcessorConfig config) : base(config) { }

    public static IngestProcessor Create(ProcessorConfig config) => new DropProcessor(config);

    public override IngestFailure? Execute(IngestDocument document)
    {
        document.Dropped = true;
        return null;
    }
}
