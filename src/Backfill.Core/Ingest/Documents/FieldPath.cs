namespace Backfill.Core.Ingest.Documents;

/// <summary>
/// A dotted field path compiled once: <c>a.b.0.c</c> into its elements, with OpenSearch's prefixes —
/// <c>_ingest.</c> addresses the ingest metadata, <c>_source.</c> the source — and the top-level metadata names
/// (<c>_index</c>, <c>_id</c>, <c>_routing</c>) that live beside the source as in OpenSearch's sourceAndMetadata map.
/// </summary>
internal sealed class FieldPath
{
    private FieldPath(string path, bool isIngest, string[] elements)
    {
        Path = path;
        IsIngest = isIngest;
        Elements = elements;
        SimpleSourceKey = !isIngest && elements.Length == 1 && MetadataKind(elements[0]) == DocumentMetadata.None ? elements[0] : null;
    }

    public string Path { get; }
    public bool IsIngest { get; }
    public string[] Elements { get; }

    /// <summary>The key when the path is one plain top-level source field: the fast path for the common case.</summary>
    public string? SimpleSourceKey { get; }

    public string Leaf => Elements[^1];

    public static FieldPath Parse(string? path)
        => TryParse(path, out var fieldPath, out var error) ? fieldPath : throw new ArgumentException(error);

    public static bool TryParse(string? path, out FieldPath fieldPath, out string error)
    {
        fieldPath = null!;
        if (string.IsNullOrEmpty(path))
        {
            error = "path cannot be null nor empty";
            return false;
        }
        var isIngest = path.StartsWith("_ingest.", StringComparison.Ordinal);
        var rest = isIngest || path.StartsWith("_source.", StringComparison.Ordinal) ? path[8..] : path;
        // Java's String.split drops trailing empty elements.
        var elements = rest.Split('.');
        var count = elements.Length;
        while (count > 0 && elements[count - 1].Length == 0) count--;
        if (count == 0 || (count == 1 && elements[0].Length == 0))
        {
            error = $"path [{path}] is not valid";
            return false;
        }
        if (count != elements.Length) elements = elements[..count];
        fieldPath = new FieldPath(path, isIngest, elements);
        error = "";
        return true;
    }

    public static DocumentMetadata MetadataKind(string name) => name switch
    {
        "_index" => DocumentMetadata.Index,
        "_id" => DocumentMetadata.Id,
        "_routing" => DocumentMetadata.Routing,
        _ => DocumentMetadata.None,
    };

    public override string ToString() => Path;
}

internal enum DocumentMetadata { None, Index, Id, Routing }
