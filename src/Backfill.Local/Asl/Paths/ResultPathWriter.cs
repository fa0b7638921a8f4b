using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Paths;

/// <summary>
/// Applies a ResultPath: "$" (default) makes the result the output, null keeps the state's input and drops the
/// result, and any other reference path writes the result into a copy of the input, creating missing objects on
/// the way. Writing into something that is not an object (or an index past an array's end) is
/// States.ResultPathMatchFailure.
/// </summary>
public static class ResultPathWriter
{
    public static JsonNode? Apply(PathField resultPath, JsonNode? rawInput, JsonNode? result, StateSite site)
    {
        if (resultPath.IsNull) return rawInput;
        if (resultPath.Path is null || resultPath.Path.IsRoot) return JsonValues.Detach(result);

        var path = resultPath.Path;
        var output = rawInput?.DeepClone();
        if (output is not JsonObject && path.Segments[0] is PropertySegment) throw Mismatch(path, rawInput, site);
        JsonNode? current = output;
        for (var i = 0; i < path.Segments.Count; i++)
        {
            var last = i == path.Segments.Count - 1;
            switch (path.Segments[i])
            {
                case PropertySegment property when current is JsonObject obj:
                    if (last)
                    {
                        obj[property.Name] = JsonValues.Detach(result);
                    }
                    else
                    {
                        if (!obj.TryGetPropertyValue(property.Name, out var child) || child is null)
                        {
                            child = new JsonObject();
                            obj[property.Name] = child;
                        }
                        current = child;
                    }
                    break;
                case IndexSegment index when current is JsonArray array:
                    var at = index.Index < 0 ? array.Count + index.Index : index.Index;
                    if (at < 0 || at >= array.Count) throw Mismatch(path, rawInput, site);
                    if (last) array[at] = JsonValues.Detach(result);
                    else current = array[at];
                    break;
                default:
                    throw Mismatch(path, rawInput, site);
            }
        }
        return output;
    }

    private static AslFailure Mismatch(JsonPath path, JsonNode? input, StateSite site) =>
        new(AslErrorNames.ResultPathMatchFailure,
            $"An error occurred while executing the state '{site.StateName}' (entered at the event id #{site.EnteredEventId}). " +
            $"Unable to apply ResultPath '{path.Text}' to input '{JsonValues.Preview(input)}': it does not lead to an object member or an existing array element.");
}
