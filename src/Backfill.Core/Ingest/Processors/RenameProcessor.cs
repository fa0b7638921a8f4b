using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary><c>rename</c>: moves <c>field</c> to <c>target_field</c> (both may be templates); refuses to overwrite unless <c>override</c>.</summary>
internal sealed class RenameProcessor : IngestProcessor
{
    private readonly FieldTemplate _field;
    private readonly FieldTemplate _target;
    private readonly bool _ignoreMissing;
    private readonly bool _override;

    private RenameProcessor(ProcessorConfig config) : base(config)
    {
        _field = new FieldTemplate(config.RequiredString("field"));
        _target = new FieldTemplate(config.RequiredString("target_field"));
        _ignoreMissing = config.Boolean("ignore_missing", false);
        _override = config.Boolean("override", false);
    }

    public static IngestProcessor Create(ProcessorConfig config) => new RenameProcessor(config);

    public override IngestFailure? Execute(IngestDocument document)
    {
        var rendered = _field.Render(document);
        FieldPath? path = null;
        IngestFailure? outOfRange = null;
        if (rendered.Length == 0 || FieldTemplate.Resolve(rendered, out path) is not null || !DocumentAccess.Has(document, path!, out outOfRange))
        {
            if (outOfRange is not null) return outOfRange;
            if (_ignoreMissing) return null;
            if (rendered.Length == 0) return IngestFailure.IllegalArgument("field path cannot be null nor empty");
            if (path is null) return FieldTemplate.Resolve(rendered, out _);
            return IngestFailure.IllegalArgument($"field [{rendered}] doesn't exist");
        }
        var failure = _target.Resolve(document, out var target);
        if (failure is not null) return failure;
        if (DocumentAccess.Has(document, target, out outOfRange) && !_override)
            return IngestFailure.IllegalArgument($"field [{target.Path}] already exists");
        if (outOfRange is not null) return outOfRange;

        failure = DocumentAccess.TryGet(document, path!, out var value);
        if (failure is not null) return failure;
        failure = DocumentAccess.Remove(document, path!);
        if (failure is not null) return failure;
        failure = DocumentAccess.Set(document, target, value);
        if (failure is not null) DocumentAccess.Set(document, path!, value); // put it back, as OpenSearch does
        return failure;
    }
}
