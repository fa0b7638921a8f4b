using System.Text.Json.Nodes;
using Backfill.Local.Asl.Intrinsics;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Parsing;

/// <summary>
/// Typed, validating access to the fields of one JSON object of a definition (a state, a retrier, a choice
/// rule…). Every problem is reported with the object's location, the state's name and the field's name; the
/// accessor then returns null so parsing can go on and report everything at once.
/// </summary>
internal sealed class Fields(JsonObject obj, string location, string? state, ParseContext context)
{
    public string Location => location;
    public string? State => state;
    public ParseContext Context => context;

    public bool Has(string name) => obj.ContainsKey(name);
    public JsonNode? Raw(string name) => obj[name];
    public string At(string name) => location + "/" + name;

    public void Report(string field, string problem) => context.Report(At(field), state, field, problem);

    public void CheckKnown(IReadOnlySet<string> allowed, string what)
    {
        foreach (var (name, _) in obj)
            if (!allowed.Contains(name))
                Report(name, $"is not a field of {what} (allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal))})");
    }

    public bool AtMostOne(params string[] names)
    {
        var present = names.Where(Has).ToList();
        if (present.Count <= 1) return true;
        Report(present[1], $"cannot be used together with {present[0]} (use at most one of {string.Join(", ", names)})");
        return false;
    }

    public void ExactlyOne(params string[] names)
    {
        if (!AtMostOne(names)) return;
        if (!names.Any(Has)) context.Report(location, state, names[0], $"is missing: exactly one of {string.Join(", ", names)} is required");
    }

    public string? String(string name, bool required = false)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            if (required) Report(name, "is required");
            return null;
        }
        if (JsonValues.TryGetString(node, out var value)) return value;
        Report(name, $"must be a string, not {JsonValues.TypeName(node)}");
        return null;
    }

    public string? Enum(string name, params string[] values)
    {
        var value = String(name);
        if (value is null || values.Contains(value, StringComparer.Ordinal)) return value;
        Report(name, $"must be one of {string.Join(", ", values)}, not '{value}'");
        return null;
    }

    public long? Integer(string name, long min, long max, bool required = false)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            if (required) Report(name, "is required");
            return null;
        }
        if (!JsonValues.TryGetInteger(node, out var value))
        {
            Report(name, $"must be an integer, not {JsonValues.TypeName(node)} {JsonValues.Preview(node, 40)}");
            return null;
        }
        if (value < min || value > max)
        {
            Report(name, $"must be between {min} and {max}, not {value}");
            return null;
        }
        return value;
    }

    public double? Number(string name, double min, double max)
    {
        if (!obj.TryGetPropertyValue(name, out var node)) return null;
        if (!JsonValues.TryGetDouble(node, out var value))
        {
            Report(name, $"must be a number, not {JsonValues.TypeName(node)}");
            return null;
        }
        if (value < min || value > max)
        {
            Report(name, $"must be between {min} and {max}, not {value}");
            return null;
        }
        return value;
    }

    public bool? Boolean(string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node)) return null;
        if (JsonValues.TryGetBoolean(node, out var value)) return value;
        Report(name, $"must be true or false, not {JsonValues.TypeName(node)}");
        return null;
    }

    public JsonObject? ObjectField(string name, bool required = false)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            if (required) Report(name, "is required");
            return null;
        }
        if (node is JsonObject value) return value;
        Report(name, $"must be a JSON object, not {JsonValues.TypeName(node)}");
        return null;
    }

    public JsonArray? ArrayField(string name, bool required = false)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            if (required) Report(name, "is required");
            return null;
        }
        if (node is JsonArray value) return value;
        Report(name, $"must be an array, not {JsonValues.TypeName(node)}");
        return null;
    }

    /// <summary>InputPath/OutputPath/ResultPath: absent (default "$"), null, or a path.</summary>
    public PathField PathOrNull(string name, bool reference)
    {
        if (!obj.TryGetPropertyValue(name, out var node)) return PathField.Default;
        if (node is null) return PathField.Null;
        var path = ParsePath(name, node, reference);
        return path is null ? PathField.Default : PathField.Of(path);
    }

    /// <summary>A path field that may not be null.</summary>
    public JsonPath? Path(string name, bool reference, bool required = false)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
        {
            if (required) Report(name, "is required");
            return null;
        }
        return ParsePath(name, node, reference);
    }

    private JsonPath? ParsePath(string name, JsonNode? node, bool reference)
    {
        if (!JsonValues.TryGetString(node, out var text))
        {
            Report(name, $"must be a JSONPath string, not {JsonValues.TypeName(node)}");
            return null;
        }
        if (!JsonPath.TryParse(text, out var path, out var error))
        {
            Report(name, error!);
            return null;
        }
        if (reference && !path!.IsReferencePath)
        {
            Report(name, $"must be a reference path (only names and single indexes, such as $.a.b[0]), not '{text}'");
            return null;
        }
        return path;
    }

    /// <summary>A payload template (Parameters, ResultSelector, ItemSelector…): must be a JSON object.</summary>
    public PayloadTemplate? Template(string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node)) return null;
        if (node is not JsonObject)
        {
            Report(name, $"must be a JSON object (a payload template), not {JsonValues.TypeName(node)}");
            return null;
        }
        return PayloadTemplate.Compile(node, At(name), (where, problem) =>
            context.Report(where, state, where[(where.LastIndexOf('/') + 1)..], problem));
    }

    /// <summary>ErrorPath/CausePath: a reference path or an intrinsic function from <paramref name="allowedFunctions"/>.</summary>
    public DynamicValue? Dynamic(string name, IReadOnlySet<string> allowedFunctions)
    {
        var text = String(name);
        if (text is null) return null;
        try
        {
            var value = DynamicValue.Parse(text);
            if (value.Call is { } call && !allowedFunctions.Contains(call.Function.Name))
            {
                Report(name, $"may only use an intrinsic function that returns a string ({string.Join(", ", allowedFunctions.Order())}), not {call.Function.Name}");
                return null;
            }
            if (value.Path is { IsReferencePath: false })
            {
                Report(name, $"must be a reference path (only names and single indexes), not '{text}'");
                return null;
            }
            return value;
        }
        catch (FormatException e)
        {
            Report(name, e.Message);
            return null;
        }
    }

    public Fields Child(JsonObject child, string childLocation) => new(child, childLocation, state, context);

}
