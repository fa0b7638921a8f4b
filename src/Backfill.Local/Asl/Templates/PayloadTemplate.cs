using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Templates;

/// <summary>
/// A compiled payload template (Parameters, ResultSelector, ItemSelector, ItemReader/ResultWriter Parameters):
/// keys ending in <c>.$</c> are replaced by the value of their path or intrinsic call (the suffix dropped),
/// everything else is copied literally; nested objects and arrays are processed the same way.
/// </summary>
public abstract class PayloadTemplate
{
    public abstract JsonNode? Evaluate(EvaluationScope scope);

    /// <summary>True when nothing in the template depends on input or context.</summary>
    public abstract bool IsStatic { get; }

    /// <summary>
    /// Compiles <paramref name="node"/>; each problem is reported with a location below <paramref name="location"/>
    /// (e.g. "/Parameters/FunctionName.$") and the template still compiles (with the bad field left literal).
    /// </summary>
    public static PayloadTemplate Compile(JsonNode? node, string location, Action<string, string> report) => node switch
    {
        JsonObject obj => CompileObject(obj, location, report),
        JsonArray array => CompileArray(array, location, report),
        _ => new LiteralTemplate(node),
    };

    private static PayloadTemplate CompileObject(JsonObject obj, string location, Action<string, string> report)
    {
        var fields = new List<(string Key, string SourceKey, PayloadTemplate? Template, DynamicValue? Dynamic)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            var fieldLocation = location + "/" + key;
            if (key.EndsWith(".$", StringComparison.Ordinal))
            {
                var name = key[..^2];
                if (!seen.Add(name)) report(fieldLocation, $"duplicates the field '{name}' once the '.$' suffix is removed");
                if (!JsonValues.TryGetString(value, out var text))
                {
                    report(fieldLocation, $"must be a string holding a JSONPath or an intrinsic function, not {JsonValues.TypeName(value)}");
                    continue;
                }
                try
                {
                    fields.Add((name, key, null, DynamicValue.Parse(text)));
                }
                catch (FormatException e)
                {
                    report(fieldLocation, e.Message);
                }
            }
            else
            {
                if (!seen.Add(key)) report(fieldLocation, $"duplicates the field '{key}' once the '.$' suffix is removed from '{key}.$'");
                fields.Add((key, key, Compile(value, fieldLocation, report), null));
            }
        }
        if (fields.All(f => f.Template is { IsStatic: true })) return new LiteralTemplate(obj);
        return new ObjectTemplate(fields);
    }

    private static PayloadTemplate CompileArray(JsonArray array, string location, Action<string, string> report)
    {
        var items = array.Select((item, i) => Compile(item, $"{location}/{i}", report)).ToList();
        if (items.All(i => i.IsStatic)) return new LiteralTemplate(array);
        return new ArrayTemplate(items);
    }

    private sealed class LiteralTemplate(JsonNode? value) : PayloadTemplate
    {
        private readonly JsonNode? _value = JsonValues.Clone(value);
        public override bool IsStatic => true;
        public override JsonNode? Evaluate(EvaluationScope scope) => JsonValues.Clone(_value);
    }

    private sealed class ArrayTemplate(IReadOnlyList<PayloadTemplate> items) : PayloadTemplate
    {
        public override bool IsStatic => false;

        public override JsonNode? Evaluate(EvaluationScope scope)
        {
            var result = new JsonArray();
            foreach (var item in items) result.Add(JsonValues.Detach(item.Evaluate(scope)));
            return result;
        }
    }

    private sealed class ObjectTemplate(IReadOnlyList<(string Key, string SourceKey, PayloadTemplate? Template, DynamicValue? Dynamic)> fields) : PayloadTemplate
    {
        public override bool IsStatic => false;

        public override JsonNode? Evaluate(EvaluationScope scope)
        {
            var result = new JsonObject();
            foreach (var (key, sourceKey, template, dynamic) in fields)
            {
                var value = dynamic is not null ? dynamic.Evaluate(scope, sourceKey) : template!.Evaluate(scope);
                result[key] = JsonValues.Detach(value);
            }
            return result;
        }
    }
}
