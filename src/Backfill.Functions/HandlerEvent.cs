using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core.Input;

namespace Backfill.Functions;

/// <summary>
/// Handler events carry parts of the execution input (runId, staging, a source, opensearch). They are checked
/// with the input's own parser, so every handler reports the same messages with paths as the event has them.
/// </summary>
public static class HandlerEvent
{
    /// <summary>
    /// Parses <paramref name="input"/> as an execution input restricted to <paramref name="fields"/>.
    /// A <c>source</c> field is viewed as a one-element <c>sources</c> array.
    /// </summary>
    public static ExecutionInput Parse(JsonNode? input, string handler, params string[] fields)
    {
        var document = $"{handler} event";
        if (input is not JsonObject obj)
            throw new InputValidationException(document, [$"$: expected an object with {string.Join(", ", fields)}"]);
        var unknown = obj.Select(p => p.Key).Where(k => Array.IndexOf(fields, k) < 0).ToList();
        if (unknown.Count > 0)
            throw new InputValidationException(document, unknown.Select(k => $"$.{k}: unknown field (expected one of: {string.Join(", ", fields)})").ToList());
        var view = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key == "source") view["sources"] = new JsonArray(value?.DeepClone());
            else view[key] = value?.DeepClone();
        }
        try
        {
            return ExecutionInputParser.Parse(JsonSerializer.SerializeToElement(view), document, requireSources: Array.IndexOf(fields, "source") >= 0);
        }
        catch (InputValidationException e)
        {
            throw new InputValidationException(document, e.Problems.Select(p => p.Replace("$.sources[0]", "$.source")).ToList());
        }
    }

    /// <summary>The value of an optional field that is not part of the execution input (e.g. continueAt).</summary>
    public static JsonNode? Extra(JsonNode? input, string field) => (input as JsonObject)?[field];
}
