using Backfill.Core.Ingest.Documents;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// One named capture of a compiled grok expression: the field it fills, its type, and the .NET group numbers
/// of every place the same name occurs (the first that matched wins, as in OpenSearch).
/// </summary>
internal sealed class GrokCapture(string name, FieldPath field, GrokCaptureType type, int[] groups)
{
    /// <summary>The capture's name as written (<c>NUMBER:bytes:long</c>).</summary>
    public string Name { get; } = name;
    public FieldPath Field { get; } = field;
    public GrokCaptureType Type { get; } = type;
    public int[] Groups { get; } = groups;
}
