using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary><c>append</c>: adds <c>value</c> (a value or list, templated) to the list at <c>field</c>, turning a scalar into a list.</summary>
internal sealed class AppendProcessor : IngestProcessor
{
    private readonly FieldTemplate _field;
    private readonly ValueSource _value;
    private readonly bool _allowDuplicates;

    private AppendProcessor(ProcessorConfig config) : base(config)
    {
        _field = new FieldTemplate(config.RequiredString("field"));
        if (!config.TryGetValue("value", out var value)) throw config.Error("value", "required property is missing");
        _value = ValueSource.Compile(value);
        _allowDuplicates = config.Boolean("allow_duplicates", true);
    }

    public static IngestProcessor Create(ProcessorConfig config) => new AppendProcessor(config);

    public override IngestFailure? Execute(IngestDocument document)
    {
        var failure = _field.Resolve(document, out var path);
        return failure ?? DocumentAccess.Append(document, path, _value.Resolve(document), _allowDuplicates);
    }
}
