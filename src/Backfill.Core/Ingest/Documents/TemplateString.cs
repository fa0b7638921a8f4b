using System.Text;

namespace Backfill.Core.Ingest.Documents;

/// <summary>
/// The Mustache subset OpenSearch pipelines use in field names and values: <c>{{field.path}}</c> (JSON-escaped, as
/// OpenSearch's ingest templates are) and <c>{{{field.path}}}</c> / <c>{{&amp;field.path}}</c> (raw), over the source,
/// the metadata (<c>_index</c>, <c>_id</c>), <c>_source.*</c> and <c>_ingest.*</c>. A missing value renders as "".
/// Sections and partials are refused when the pipeline is parsed. A string without <c>{{</c> is a constant.
/// </summary>
internal sealed class TemplateString
{
    private readonly Segment[] _segments;

    private TemplateString(string source, Segment[] segments)
    {
        Source = source;
        _segments = segments;
        if (segments.Length == 0) ConstantValue = "";
        else if (segments.Length == 1 && segments[0].Literal is { } literal) ConstantValue = literal;
    }

    public string Source { get; }

    /// <summary>The value when the template has no variables.</summary>
    public string? ConstantValue { get; }

    public bool IsConstant => ConstantValue is not null;

    /// <summary>Compiles <paramref name="text"/>; throws <see cref="ArgumentException"/> for Mustache features we do not support.</summary>
    public static TemplateString Compile(string text)
    {
        if (!text.Contains("{{", StringComparison.Ordinal)) return new TemplateString(text, [new Segment(text, null, false)]);
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }
            literal.Append(text, i, open - i);
            var triple = open + 2 < text.Length && text[open + 2] == '{';
            var close = text.IndexOf(triple ? "}}}" : "}}", open + (triple ? 3 : 2), StringComparison.Ordinal);
            if (close < 0) throw new ArgumentException($"unclosed Mustache tag at position {open} in [{text}]");
            var tag = text[(open + (triple ? 3 : 2))..close].Trim();
            i = close + (triple ? 3 : 2);
            var raw = triple;
            if (!triple && tag.Length > 0)
            {
                switch (tag[0])
                {
                    case '!': continue; // comment
                    case '&': raw = true; tag = tag[1..].Trim(); break;
                    case '#' or '^' or '/' or '>' or '=' or '$' or '<':
                        throw new ArgumentException($"Mustache tag [{{{{{tag}}}}}] in [{text}] is not supported (only variables such as {{{{field}}}} are)");
                }
            }
            if (tag.Length == 0 || tag == ".") throw new ArgumentException($"empty Mustache variable at position {open} in [{text}]");
            if (literal.Length > 0)
            {
                segments.Add(new Segment(literal.ToString(), null, false));
                literal.Clear();
            }
            segments.Add(new Segment(null, tag.Split('.'), raw));
        }
        if (literal.Length > 0) segments.Add(new Segment(literal.ToString(), null, false));
        return new TemplateString(text, segments.ToArray());
    }

    public string Render(IngestDocument document)
    {
        if (ConstantValue is not null) return ConstantValue;
        var builder = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (segment.Literal is not null)
            {
                builder.Append(segment.Literal);
                continue;
            }
            var value = Lookup(document, segment.Path!);
            if (value is null) continue;
            var text = JavaText.ToString(value);
            if (segment.Raw) builder.Append(text);
            else AppendJsonEscaped(builder, text);
        }
        return builder.ToString();
    }

    private static object? Lookup(IngestDocument document, string[] path)
    {
        object? context;
        var first = path[0];
        var start = 1;
        if (first == "_ingest")
        {
            if (path.Length == 1) return null;
            var key = path[1];
            start = 2;
            if (document.IngestMetadata is { } metadata && metadata.TryGetValue(key, out context)) { }
            else if (key == "timestamp") context = document.IngestTimestampText;
            else return null;
        }
        else
        {
            if (first == "_source")
            {
                if (path.Length == 1) return null;
                first = path[1];
                start = 2;
            }
            context = FieldPath.MetadataKind(first) switch
            {
                DocumentMetadata.Index => document.Index,
                DocumentMetadata.Id => document.Id,
                DocumentMetadata.Routing => document.Routing,
                _ => document.Source.TryGetValue(first, out var value) ? value : null,
            };
        }
        for (var i = start; i < path.Length && context is not null; i++)
        {
            context = context switch
            {
                Dictionary<string, object?> map => map.TryGetValue(path[i], out var next) ? next : null,
                List<object?> list when int.TryParse(path[i], out var index) && index >= 0 && index < list.Count => list[index],
                _ => null,
            };
        }
        return context;
    }

    // Jackson's quoteAsString: quotes, backslashes and control characters; everything else as is.
    private static void AppendJsonEscaped(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20) builder.Append("\\u").Append(((int)c).ToString("X4"));
                    else builder.Append(c);
                    break;
            }
        }
    }

    public override string ToString() => Source;

    private sealed record Segment(string? Literal, string[]? Path, bool Raw);
}
