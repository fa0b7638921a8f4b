using System.Text.Json.Nodes;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Asl.Execution;

/// <summary>
/// The context object ($$) of one state entry, built only as far as a path needs it: paths into
/// <c>$$.Execution.Input</c> read the execution input in place, and the input is copied into a full object only for
/// paths that could select it some other way ($$, $$.Execution, wildcards). Copying it for every Map item made
/// large Maps quadratic.
/// </summary>
public sealed class ContextObject
{
    private readonly Func<bool, JsonObject> _build;
    private readonly JsonNode? _executionInput;
    private JsonObject? _light;
    private JsonObject? _full;

    internal ContextObject(Func<bool, JsonObject> build, JsonNode? executionInput)
    {
        _build = build;
        _executionInput = executionInput;
    }

    /// <summary>Everything but $$.Execution.Input.</summary>
    public JsonObject Light => _light ??= _build(false);

    /// <summary>The whole context object (a copy the caller may keep).</summary>
    public JsonObject ToJson() => _full ??= _build(true);

    public bool TryEvaluate(JsonPath path, out JsonNode? value, out JsonNode? root)
    {
        var segments = path.Segments;
        if (segments.Count >= 2 && segments[0] is PropertySegment { Name: "Execution" } && segments[1] is PropertySegment { Name: "Input" })
        {
            root = _executionInput;
            return path.TryEvaluateFrom(2, _executionInput, out value);
        }
        var avoidsInput = segments.Count >= 1 && segments[0] is PropertySegment first &&
                          (first.Name != "Execution" || (segments.Count >= 2 && segments[1] is PropertySegment));
        root = avoidsInput ? Light : ToJson();
        return path.TryEvaluate(root, out value);
    }
}
