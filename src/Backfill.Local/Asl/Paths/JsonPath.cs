using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Paths;

/// <summary>
/// A JSONPath parsed once, evaluated the way Step Functions (Jayway JsonPath) does: a <em>definite</em> path
/// (only names and single indexes) selects one value or nothing — "nothing" is an error for the caller to report;
/// an <em>indefinite</em> path (wildcards, deep scan, filters, slices, unions) always yields an array, possibly empty.
/// <c>$$</c> paths address the context object instead of the state's input.
/// </summary>
public sealed class JsonPath
{
    internal JsonPath(string text, bool isContextPath, IReadOnlyList<PathSegment> segments)
    {
        Text = text;
        IsContextPath = isContextPath;
        Segments = segments;
        IsDefinite = segments.All(s => s.IsDefinite);
        IsReferencePath = segments.All(s => s is PropertySegment or IndexSegment);
    }

    public string Text { get; }
    public bool IsContextPath { get; }
    public IReadOnlyList<PathSegment> Segments { get; }
    public bool IsDefinite { get; }

    /// <summary>A Reference Path in ASL terms: only names and single indexes, so it names exactly one node.</summary>
    public bool IsReferencePath { get; }

    /// <summary>True for "$" (or "$$"): the whole input.</summary>
    public bool IsRoot => Segments.Count == 0;

    public static JsonPath Parse(string text) => JsonPathParser.Parse(text);

    public static bool TryParse(string text, out JsonPath? path, out string? error)
    {
        try
        {
            path = JsonPathParser.Parse(text);
            error = null;
            return true;
        }
        catch (JsonPathSyntaxException e)
        {
            path = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Selects from <paramref name="root"/>. A definite path returns the node itself (still attached to its parent;
    /// detach before inserting it elsewhere) or false when nothing is there; an indefinite path returns a new
    /// array of copies of every match.
    /// </summary>
    public bool TryEvaluate(JsonNode? root, out JsonNode? value) => TryEvaluateFrom(0, root, out value);

    /// <summary>As <see cref="TryEvaluate"/>, with <paramref name="root"/> standing for the node the first <paramref name="skip"/> segments lead to.</summary>
    public bool TryEvaluateFrom(int skip, JsonNode? root, out JsonNode? value)
    {
        var matches = new List<JsonNode?>(1);
        Collect(root, matches, skip);
        if (IsDefinite)
        {
            value = matches.Count > 0 ? matches[0] : null;
            return matches.Count > 0;
        }
        var array = new JsonArray();
        foreach (var match in matches) array.Add(JsonValues.Clone(match));
        value = array;
        return true;
    }

    internal void Collect(JsonNode? root, List<JsonNode?> results, int skip = 0)
    {
        List<JsonNode?> current = [root];
        for (var i = skip; i < Segments.Count; i++)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current) Segments[i].Apply(node, root, next);
            current = next;
            if (current.Count == 0) break;
        }
        results.AddRange(current);
    }

    /// <summary>Jayway's bracket-notation rendering of a definite path, as AWS quotes it in errors: $['a'][0].</summary>
    public string ToBracketNotation() => "$" + string.Concat(Segments.Select(s => s.ToBracketNotation()));

    public override string ToString() => Text;
}

public sealed class JsonPathSyntaxException(string path, int position, string problem)
    : Exception($"invalid JSONPath '{path}' at character {position + 1}: {problem}");
