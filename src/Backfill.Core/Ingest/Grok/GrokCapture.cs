using Backfill.Core.Ingest.Documents;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// One named capture of a compiled grok expression: the field it fills, its type, and the .NET group numbers
/// of every place the same name occurs (the first that matched wins, as in OpenSearch).
/// </summary>
internal sealed class GrokCapture(string name, FieldPath field, GrokCaptureType type, int[] groups)
{
    // The last string this capture produced. Log fields repeat from line to line ("-", "GET", "1.0", the same
    // client and path), so handing out the same immutable string saves an allocation most of the time.
    private string? _last;

    /// <summary>The capture's name as written (<c>NUMBER:bytes:long</c>).</summary>
    public string Name { get; } = name;
    public FieldPath Field { get; } = field;
    public GrokCaptureType Type { get; } = type;
    public int[] Groups { get; } = groups;

    /// <summary>The captured text as a string, reusing the previous one when it is the same text.</summary>
    public string Text(string input, int index, int length)
    {
        if (length == input.Length) return input;
        var last = _last;
        if (last is not null && input.AsSpan(index, length).SequenceEqual(last)) return last;
        var text = input.Substring(index, length);
        _last = text;
        return text;
    }
}
