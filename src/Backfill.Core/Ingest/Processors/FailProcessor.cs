using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary><c>fail</c>: fails the document with the (templated) <c>message</c>, error type <c>fail_processor_exception</c>.</summary>
internal sealed class FailProcessor : IngestProcessor
{
    private readonly TemplateString _message;

    private FailProcessor(ProcessorConfig config) : base(config)
        => _message = TemplateString.Compile(config.RequiredString("message"));

    public static IngestProcessor Create(ProcessorConfig config) => new FailProcessor(config);

    public override IngestFailure? Execute(IngestDocument document)
        => new("fail_processor_exception", _message.Render(document));
}
