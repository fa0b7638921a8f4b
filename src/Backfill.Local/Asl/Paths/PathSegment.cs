using System.Globalization;
using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Paths;

/// <summary>One step of a <see cref="JsonPath"/>: from a node, the nodes it leads to (JSON null is a null entry).</summary>
public abstract class PathSegment
{
    /// <summary>False when the step can select more than one node (wildcard, slice, union, filter, deep scan).</summary>
    public abstract bool IsDefinite { get; }

    internal abstract void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output);

    internal abstract string ToBracketNotation();
}

/// <summary><c>.name</c> or <c>['name']</c>.</summary>
public sealed class PropertySegment(string name) : PathSegment
{
    public string Name { get; } = name;
    public override bool IsDefinite => true;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out var value)) output.Add(value);
    }

    internal override string ToBracketNotation() => $"['{Name}']";
}

/// <summary><c>['a','b']</c>: Jayway returns an object holding the named properties that exist.</summary>
public sealed class MultiPropertySegment(IReadOnlyList<string> names) : PathSegment
{
    public IReadOnlyList<string> Names { get; } = names;
    public override bool IsDefinite => false;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is not JsonObject obj) return;
        var result = new JsonObject();
        foreach (var name in Names)
            if (obj.TryGetPropertyValue(name, out var value)) result[name] = value?.DeepClone();
        output.Add(result);
    }

    internal override string ToBracketNotation() => "[" + string.Join(",", Names.Select(n => $"'{n}'")) + "]";
}

/// <summary><c>[n]</c>; a negative index counts from the end, as in Jayway.</summary>
public sealed class IndexSegment(int index) : PathSegment
{
    public int Index { get; } = index;
    public override bool IsDefinite => true;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is not JsonArray array) return;
        var i = Index < 0 ? array.Count + Index : Index;
        if (i >= 0 && i < array.Count) output.Add(array[i]);
    }

    internal override string ToBracketNotation() => "[" + Index.ToString(CultureInfo.InvariantCulture) + "]";
}

/// <summary><c>[i,j,k]</c>.</summary>
public sealed class UnionSegment(IReadOnlyList<int> indexes) : PathSegment
{
    public IReadOnlyList<int> Indexes { get; } = indexes;
    public override bool IsDefinite => false;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is not JsonArray array) return;
        foreach (var index in Indexes)
        {
            var i = index < 0 ? array.Count + index : index;
            if (i >= 0 && i < array.Count) output.Add(array[i]);
        }
    }

    internal override string ToBracketNotation() => "[" + string.Join(",", Indexes) + "]";
}

/// <summary><c>[start:end:step]</c> with Python semantics (negative bounds count from the end).</summary>
public sealed class SliceSegment(int? start, int? end, int step) : PathSegment
{
    public override bool IsDefinite => false;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        if (node is not JsonArray array) return;
        var count = array.Count;
        if (step > 0)
        {
            var from = Clamp(start ?? 0, count);
            var to = Clamp(end ?? count, count);
            for (var i = from; i < to; i += step) output.Add(array[i]);
        }
        else
        {
            var from = start is null ? count - 1 : Math.Min(Normalize(start.Value, count), count - 1);
            var to = end is null ? -1 : Normalize(end.Value, count);
            for (var i = from; i > to && i >= 0; i += step) output.Add(array[i]);
        }
    }

    private static int Normalize(int i, int count) => i < 0 ? Math.Max(count + i, -1) : i;
    private static int Clamp(int i, int count) => Math.Clamp(i < 0 ? count + i : i, 0, count);

    internal override string ToBracketNotation() => $"[{start}:{end}{(step != 1 ? ":" + step : "")}]";
}

/// <summary><c>.*</c> or <c>[*]</c>: every member value or element.</summary>
public sealed class WildcardSegment : PathSegment
{
    public override bool IsDefinite => false;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj) output.Add(value);
                break;
            case JsonArray array:
                foreach (var item in array) output.Add(item);
                break;
        }
    }

    internal override string ToBracketNotation() => "[*]";
}

/// <summary><c>..x</c>: applies the inner step to the node and every descendant, in document order.</summary>
public sealed class DeepScanSegment(PathSegment inner) : PathSegment
{
    public PathSegment Inner { get; } = inner;
    public override bool IsDefinite => false;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        Inner.Apply(node, root, output);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj) Apply(value, root, output);
                break;
            case JsonArray array:
                foreach (var item in array) Apply(item, root, output);
                break;
        }
    }

    internal override string ToBracketNotation() => ".." + Inner.ToBracketNotation();
}

/// <summary><c>[?(expr)]</c>: array elements (or the object itself) for which the predicate holds.</summary>
public sealed class FilterSegment(FilterExpression filter, string text) : PathSegment
{
    public FilterExpression Filter { get; } = filter;
    public override bool IsDefinite => false;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                    if (Filter.Matches(item, root)) output.Add(item);
                break;
            case JsonObject obj:
                if (Filter.Matches(obj, root)) output.Add(obj);
                break;
        }
    }

    internal override string ToBracketNotation() => $"[?({text})]";
}

/// <summary><c>.length()</c>: the size of an array, object or string (Jayway's path function).</summary>
public sealed class LengthFunctionSegment : PathSegment
{
    public override bool IsDefinite => true;

    internal override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        switch (node)
        {
            case JsonArray array:
                output.Add(JsonValue.Create(array.Count));
                break;
            case JsonObject obj:
                output.Add(JsonValue.Create(obj.Count));
                break;
            case JsonValue value when Json.JsonValues.TryGetString(value, out var s):
                output.Add(JsonValue.Create(s.Length));
                break;
        }
    }

    internal override string ToBracketNotation() => ".length()";
}
