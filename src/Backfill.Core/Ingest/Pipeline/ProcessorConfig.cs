using System.Text.Json;
using Backfill.Core.Ingest.Documents;

namespace Backfill.Core.Ingest.Pipeline;

/// <summary>
/// One processor's configuration object with typed readers that fail the way OpenSearch's ConfigurationUtils
/// does ("[field] required property is missing", "[ignore_missing] property isn't a boolean, but of type
/// [java.lang.String]"), naming the processor type and tag. Every property read is marked used, so leftovers are
/// reported as unsupported parameters.
/// </summary>
internal sealed class ProcessorConfig
{
    private readonly Dictionary<string, JsonElement> _properties = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public ProcessorConfig(string type, JsonElement config, ProcessorRegistry registry, IngestPipelineOptions options)
    {
        Type = type;
        Registry = registry;
        Options = options;
        foreach (var property in config.EnumerateObject()) _properties[property.Name] = property.Value;
        Tag = OptionalString("tag");
        Description = OptionalString("description");
    }

    public string Type { get; }
    public string? Tag { get; }
    public string? Description { get; }

    /// <summary>The registry this processor was built from (for processors that contain processors).</summary>
    public ProcessorRegistry Registry { get; }

    public IngestPipelineOptions Options { get; }

    public bool Has(string name) => _properties.ContainsKey(name);

    public IngestConfigurationException Error(string? property, string reason, string openSearchType = "parse_exception")
        => new(property is null ? reason : $"[{property}] {reason}", processorType: Type, processorTag: Tag, propertyName: property, openSearchType: openSearchType);

    public bool TryGet(string name, out JsonElement value)
    {
        _used.Add(name);
        if (_properties.TryGetValue(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        value = default;
        return false;
    }

    public string RequiredString(string name)
        => OptionalString(name) ?? throw Error(name, "required property is missing");

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString()!;
        throw Error(name, $"property isn't a string, but of type [{JsonTypeName(value)}]");
    }

    public string String(string name, string defaultValue) => OptionalString(name) ?? defaultValue;

    /// <summary>A string, or a number/boolean written without quotes (OpenSearch's readStringOrIntProperty and friends).</summary>
    public string? OptionalScalarAsString(string name)
    {
        if (!TryGet(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw Error(name, $"property isn't a string, but of type [{JsonTypeName(value)}]"),
        };
    }

    public bool Boolean(string name, bool defaultValue)
    {
        if (!TryGet(name, out var value)) return defaultValue;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(name, $"property isn't a boolean, but of type [{JsonTypeName(value)}]"),
        };
    }

    public List<string> RequiredStringList(string name)
        => OptionalStringList(name) ?? throw Error(name, "required property is missing");

    public List<string>? OptionalStringList(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array)
            throw Error(name, $"property isn't a list, but of type [{JsonTypeName(value)}]");
        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw Error(name, $"property isn't a list of strings: found an item of type [{JsonTypeName(item)}]");
            list.Add(item.GetString()!);
        }
        return list;
    }

    /// <summary>A string or a list of strings (remove's <c>field</c>).</summary>
    public List<string> RequiredStringOrList(string name)
    {
        if (!TryGet(name, out var value)) throw Error(name, "required property is missing");
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind == JsonValueKind.Array) return RequiredStringList(name);
        throw Error(name, $"property isn't a string or a list of strings, but of type [{JsonTypeName(value)}]");
    }

    public Dictionary<string, string>? OptionalStringMap(string name)
    {
        if (!TryGet(name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(name, $"property isn't a map, but of type [{JsonTypeName(value)}]");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
                throw Error(name, $"value of [{property.Name}] isn't a string, but of type [{JsonTypeName(property.Value)}]");
            map[property.Name] = property.Value.GetString()!;
        }
        return map;
    }

    /// <summary>Any JSON value, as a document value (strings, numbers, booleans, lists, maps); null when absent.</summary>
    public bool TryGetValue(string name, out object? value)
    {
        _used.Add(name);
        if (_properties.TryGetValue(name, out var element))
        {
            value = IngestDocumentJson.ToValue(element);
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>Properties present in the configuration that no reader asked for.</summary>
    public IEnumerable<string> Unused => _properties.Keys.Where(key => !_used.Contains(key));

    public static string JsonTypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "java.lang.String",
        JsonValueKind.Number => value.TryGetInt32(out _) ? "java.lang.Integer" : value.TryGetInt64(out _) ? "java.lang.Long" : "java.lang.Double",
        JsonValueKind.True or JsonValueKind.False => "java.lang.Boolean",
        JsonValueKind.Array => "java.util.ArrayList",
        JsonValueKind.Object => "java.util.HashMap",
        _ => "null",
    };

    // Used by processors whose configuration contains further values, for symmetry with document values.
    public static string TypeName(object? value) => JavaText.TypeName(value);
}
