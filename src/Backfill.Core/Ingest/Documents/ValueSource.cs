namespace Backfill.Core.Ingest.Documents;

/// <summary>
/// A configured value (set's and append's <c>value</c>): strings are templates, lists and maps are copied fresh
/// for each document (so documents never share mutable values), other scalars are used as they are.
/// </summary>
internal sealed class ValueSource
{
    private readonly object? _compiled;

    private ValueSource(object? compiled, bool isTemplate)
    {
        _compiled = compiled;
        IsTemplatedString = isTemplate;
    }

    /// <summary>True when the value is a single string (what <c>ignore_empty_value</c> applies to).</summary>
    public bool IsTemplatedString { get; }

    public static ValueSource Compile(object? value) => new(CompileValue(value), value is string);

    private static object? CompileValue(object? value) => value switch
    {
        string s => TemplateString.Compile(s),
        List<object?> list => list.Select(CompileValue).ToList(),
        Dictionary<string, object?> map => map.ToDictionary(pair => pair.Key, pair => CompileValue(pair.Value)),
        _ => value,
    };

    public object? Resolve(IngestDocument document) => ResolveValue(_compiled, document);

    private static object? ResolveValue(object? compiled, IngestDocument document)
    {
        switch (compiled)
        {
            case TemplateString template: return template.Render(document);
            case List<object?> list:
                var listCopy = new List<object?>(list.Count);
                foreach (var item in list) listCopy.Add(ResolveValue(item, document));
                return listCopy;
            case Dictionary<string, object?> map:
                var mapCopy = new Dictionary<string, object?>(map.Count);
                foreach (var (key, item) in map) mapCopy[key] = ResolveValue(item, document);
                return mapCopy;
            default: return compiled;
        }
    }
}
