using System.Text.RegularExpressions;
using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Grok;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Processors;

/// <summary>
/// <c>split</c>: splits a string field on the Java regex <c>separator</c> into a list, with Java's String.split
/// rules (trailing empty strings dropped unless <c>preserve_trailing</c>; no leading empty string for a
/// zero-width match at the start).
/// </summary>
internal sealed class SplitProcessor : IngestProcessor
{
    private readonly FieldPath _field;
    private readonly FieldPath _target;
    private readonly Regex _separator;
    private readonly bool _ignoreMissing;
    private readonly bool _preserveTrailing;

    private SplitProcessor(ProcessorConfig config) : base(config)
    {
        var field = config.RequiredString("field");
        _field = ConvertProcessor.ParsePath(config, "field", field);
        var separator = config.RequiredString("separator");
        try
        {
            _separator = new Regex(RegexDialect.FromJava(separator), RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw config.Error("separator", $"Invalid regex pattern. {e.Message}");
        }
        _ignoreMissing = config.Boolean("ignore_missing", false);
        _preserveTrailing = config.Boolean("preserve_trailing", false);
        _target = ConvertProcessor.ParsePath(config, "target_field", config.String("target_field", field));
    }

    public static IngestProcessor Create(ProcessorConfig config) => new SplitProcessor(config);

    public override IngestFailure? Execute(IngestDocument document)
    {
        var failure = DocumentAccess.TryGetString(document, _field, _ignoreMissing, out var value);
        if (failure is not null) return failure;
        if (value is null)
        {
            if (_ignoreMissing) return null;
            return IngestFailure.IllegalArgument($"field [{_field.Path}] is null, cannot split.");
        }
        return DocumentAccess.Set(document, _target, JavaSplit(_separator, value, _preserveTrailing));
    }

    internal static List<object?> JavaSplit(Regex separator, string input, bool preserveTrailing)
    {
        var parts = new List<object?>();
        var index = 0;
        for (var match = separator.Match(input); match.Success; match = match.NextMatch())
        {
            if (match.Length == 0 && match.Index == 0) continue; // Java 8+: no leading empty string for a zero-width match
            if (match.Length == 0 && match.Index >= input.Length) break;
            parts.Add(input[index..match.Index]);
            index = match.Index + match.Length;
        }
        if (index == 0 && parts.Count == 0) return [input];
        parts.Add(input[index..]);
        if (!preserveTrailing)
            while (parts.Count > 0 && ((string)parts[^1]!).Length == 0) parts.RemoveAt(parts.Count - 1);
        return parts;
    }
}
