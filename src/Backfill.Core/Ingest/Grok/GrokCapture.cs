using Backfill.Core.Ingest.Documents;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// One named capture of a compiled grok expression: the field it fills, its type, and the .NET group numbers
/// of every place the same name occurs (the first that matched wins, as in OpenSearch).
/// </summary>
/// <param name="slot">This capture's position among its expression's captures (its entry in <see cref="RecentTexts"/>).</param>
internal sealed class GrokCapture(string name, FieldPath field, GrokCaptureType type, int[] groups, int slot)
{
    /// <summary>The capture's name as written (<c>NUMBER:bytes:long</c>).</summary>
    public string Name { get; } = name;
    public FieldPath Field { get; } = field;
    public GrokCaptureType Type { get; } = type;
    public int[] Groups { get; } = groups;

    /// <summary>
    /// The captured text as a string, reusing the one produced last for this capture when it is the same text. Log
    /// fields repeat from line to line ("-", "GET", "1.0", the same client and path), so handing out the same
    /// immutable string saves an allocation most of the time. The last strings are kept per thread (and cached on a
    /// reused document): a field of this shared object rewritten on every line by two threads at once moved its cache
    /// line between the cores.
    /// </summary>
    public string Text(string input, int index, int length, RecentTexts recent)
    {
        if (length == input.Length) return input;
        ref var slotRef = ref recent[slot];
        // Read once: a reused document that moved to another thread (an await) may share its slots with the thread it
        // left, so the slot can change between two reads. Any string read is immutable and compared before reuse.
        var last = slotRef;
        if (last is not null && input.AsSpan(index, length).SequenceEqual(last)) return last;
        return slotRef = input.Substring(index, length);
    }
}

/// <summary>One thread's last string per capture of a grok expression (see <see cref="GrokCapture.Text"/>).</summary>
internal sealed class RecentTexts(int captures)
{
    private readonly string?[] _texts = new string?[captures];

    public ref string? this[int slot] => ref _texts[slot];
}
