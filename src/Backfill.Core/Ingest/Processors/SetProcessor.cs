using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// <c>set</c>: puts <c>value</c> (templated) or a copy of <c>copy_from</c> at <c>field</c>; with
/// <c>override: false</c> only when the field is absent or null; <c>ignore_empty_value</c> skips empty results.
/// </summary>
internal sealed class SetProcessor : IngestProcessor
{
    private readonly FieldTemplate _field;
    private readonly ValueSource? _value;
    private readonly FieldPath? _copyFrom;
    private readonly bool _override;
    private readonly bool _ignoreEmptyValue;

    private SetProcessor(ProcessorConfig config) : base(config)
    {
        _field = new FieldTemplate(config.RequiredString("field"));
        var copyFrom = config.OptionalString("copy_from");
        var hasValue = config.TryGetValue("value", out var value);
        if (copyFrom is not null)
        {
            if (hasValue) throw config.Error("copy_from", "cannot set both `copy_from` and `value` in the same processor");
            _copyFrom = FieldPath.TryParse(copyFrom, out var path, out var error) ? path : throw config.Error("copy_from", error);
        }
        else
        {
            if (!hasValue) throw config.Error("value", "required property is missing");
            _value = ValueSource.Compile(value);
        }
        _override = config.Boolean("override", true);
        _ignoreEmptyValue = config.Boolean("ignore_empty_value", false);
        config.OptionalString("media_type"); // accepted: only affects script-based templates, which we do not have
    }

    public static IngestProcessor Create(ProcessorConfig config) => new SetProcessor(config);

    public override IngestFailure? Execute(IngestDocument document)
    {
        var failure = _field.Resolve(document, out var path);
        if (failure is not null) return failure;
        if (!_override && DocumentAccess.TryGet(document, path, out var existing) is null && existing is not null) return null;

        object? value;
        if (_copyFrom is not null)
        {
            failure = DocumentAccess.TryGet(document, _copyFrom, out var source);
            if (failure is not null) return failure;
            value = IngestDocument.DeepCopy(source);
        }
        else
        {
            value = _value!.Resolve(document);
            if (_ignoreEmptyValue && _value.IsTemplatedString && string.IsNullOrEmpty((string?)value)) return null;
        }
        return DocumentAccess.Set(document, path, value);
    }
}
