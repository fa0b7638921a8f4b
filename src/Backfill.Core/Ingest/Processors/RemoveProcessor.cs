using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// <c>remove</c>: deletes one or more fields (names may be templates); <c>ignore_missing</c> tolerates absent
/// ones. <c>_index</c> cannot be removed; <c>_id</c> can.
/// </summary>
internal sealed class RemoveProcessor : IngestProcessor
{
    private readonly FieldTemplate[] _fields;
    private readonly bool _ignoreMissing;

    private RemoveProcessor(ProcessorConfig config) : base(config)
    {
        _fields = config.RequiredStringOrList("field").Select(field => new FieldTemplate(field)).ToArray();
        _ignoreMissing = config.Boolean("ignore_missing", false);
    }

    public static IngestProcessor Create(ProcessorConfig config) => new RemoveProcessor(config);

    public override IngestFailure? Execute(IngestDocument document)
    {
        foreach (var field in _fields)
        {
            var rendered = field.Render(document);
            FieldPath? path = null;
            if (rendered.Length == 0 || FieldTemplate.Resolve(rendered, out path) is not null || !DocumentAccess.Has(document, path!))
            {
                if (_ignoreMissing) continue;
                if (rendered.Length == 0) return IngestFailure.IllegalArgument("field path cannot be null nor empty");
                if (path is null) return FieldTemplate.Resolve(rendered, out _);
                return IngestFailure.IllegalArgument($"field [{rendered}] doesn't exist");
            }
            if (rendered is "_index" or "_version" or "_version_type")
                return IngestFailure.IllegalArgument($"cannot remove metadata field [{rendered}]");
            var failure = DocumentAccess.Remove(document, path!);
            if (failure is not null) return failure;
        }
        return null;
    }
}
