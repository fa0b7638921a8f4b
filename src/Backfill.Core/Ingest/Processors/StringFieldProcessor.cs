using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// Base of the processors that rewrite a string field or each string of a list field (lowercase, uppercase,
/// trim, gsub): <c>field</c>, <c>target_field</c>, <c>ignore_missing</c>, and OpenSearch's AbstractStringProcessor errors.
/// </summary>
internal abstract class StringFieldProcessor : IngestProcessor
{
    private readonly FieldPath _field;
    private readonly FieldPath _target;
    private readonly bool _ignoreMissing;

    protected StringFieldProcessor(ProcessorConfig config) : base(config)
    {
        var field = config.RequiredString("field");
        _field = ConvertProcessor.ParsePath(config, "field", field);
        _ignoreMissing = config.Boolean("ignore_missing", false);
        _target = ConvertProcessor.ParsePath(config, "target_field", config.String("target_field", field));
    }

    protected abstract string Process(string value);

    public override IngestFailure? Execute(IngestDocument document)
    {
        var failure = DocumentAccess.TryGet(document, _field, _ignoreMissing, out var value);
        if (failure is not null) return failure;
        if (value is null)
        {
            if (_ignoreMissing) return null;
            return IngestFailure.IllegalArgument($"field [{_field.Path}] is null, cannot process it.");
        }
        object result;
        if (value is List<object?> list)
        {
            var processed = new List<object?>(list.Count);
            foreach (var item in list)
            {
                if (item is not string s)
                    return IngestFailure.IllegalArgument(
                        $"value [{JavaText.ToString(item)}] of type [{JavaText.TypeName(item)}] in list field [{_field.Path}] cannot be cast to [java.lang.String]");
                processed.Add(Process(s));
            }
            result = processed;
        }
        else if (value is string text)
        {
            result = Process(text);
        }
        else
        {
            return DocumentAccess.CannotCast(_field.Path, value, "java.lang.String");
        }
        return DocumentAccess.Set(document, _target, result);
    }
}

/// <summary><c>lowercase</c>, <c>uppercase</c> (Locale.ROOT) and <c>trim</c> (Java's String.trim: characters up to U+0020).</summary>
internal sealed class StringCaseProcessor : StringFieldProcessor
{
    private readonly Func<string, string> _transform;

    private StringCaseProcessor(ProcessorConfig config, Func<string, string> transform) : base(config) => _transform = transform;

    public static IngestProcessor CreateLowercase(ProcessorConfig config) => new StringCaseProcessor(config, s => s.ToLowerInvariant());
    public static IngestProcessor CreateUppercase(ProcessorConfig config) => new StringCaseProcessor(config, s => s.ToUpperInvariant());
    public static IngestProcessor CreateTrim(ProcessorConfig config) => new StringCaseProcessor(config, JavaTrim);

    protected override string Process(string value) => _transform(value);

    private static string JavaTrim(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && value[start] <= ' ') start++;
        while (end > start && value[end - 1] <= ' ') end--;
        return start == 0 && end == value.Length ? value : value[start..end];
    }
}
