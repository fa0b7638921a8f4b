using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Documents;

/// <summary>
/// A field name that may be a template (<c>"{{target}}"</c>). Constant names are compiled to a
/// <see cref="FieldPath"/> once; templated ones are rendered and parsed per document.
/// </summary>
internal sealed class FieldTemplate
{
    private readonly TemplateString _template;
    private readonly FieldPath? _constantPath;
    private readonly string? _constantError;

    public FieldTemplate(string text)
    {
        _template = TemplateString.Compile(text);
        if (_template.ConstantValue is { } constant)
        {
            if (FieldPath.TryParse(constant, out var path, out var error)) _constantPath = path;
            else _constantError = error;
        }
    }

    public string Text => _template.Source;

    /// <summary>The rendered text (for processors that treat an empty result specially, like rename's ignore_missing).</summary>
    public string Render(IngestDocument document) => _template.Render(document);

    public IngestFailure? Resolve(IngestDocument document, out FieldPath path)
    {
        if (_constantPath is not null)
        {
            path = _constantPath;
            return null;
        }
        if (_constantError is not null)
        {
            path = null!;
            return IngestFailure.IllegalArgument(_constantError);
        }
        return Resolve(_template.Render(document), out path);
    }

    public static IngestFailure? Resolve(string rendered, out FieldPath path)
        => FieldPath.TryParse(rendered, out path, out var error) ? null : IngestFailure.IllegalArgument(error);

    public override string ToString() => Text;
}
