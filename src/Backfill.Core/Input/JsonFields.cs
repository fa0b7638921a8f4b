using System.Text.Json;

namespace Backfill.Core.Input;

/// <summary>Typed, path-aware reads of optional and required fields that record problems instead of throwing.</summary>
internal readonly struct JsonFields(JsonElement obj, string path, InputProblems problems)
{
    public string Path => path;

    public bool Has(string name) => obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement? Get(string name) => obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string? String(string name, bool required = false)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) problems.Add($"{path}.{name}", "is required (expected a string)");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}.{name}", $"expected a string, found {InputProblems.Describe(v)}");
            return null;
        }
        var s = v.GetString()!;
        if (required && s.Length == 0) problems.Add($"{path}.{name}", "must not be empty");
        return s;
    }

    public long? Integer(string name, long min, long max)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            problems.Add($"{path}.{name}", $"expected an integer, found {InputProblems.Describe(v)}");
            return null;
        }
        if (n < min || n > max)
        {
            problems.Add($"{path}.{name}", $"{n} is out of range (expected {min} to {max})");
            return null;
        }
        return n;
    }

    public double? Number(string name, double min, double max)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number)
        {
            problems.Add($"{path}.{name}", $"expected a number, found {InputProblems.Describe(v)}");
            return null;
        }
        var n = v.GetDouble();
        if (n < min || n > max)
        {
            problems.Add($"{path}.{name}", $"{v.GetRawText()} is out of range (expected {min} to {max})");
            return null;
        }
        return n;
    }

    public bool? Boolean(string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        problems.Add($"{path}.{name}", $"expected true or false, found {InputProblems.Describe(v)}");
        return null;
    }

    /// <summary>A string restricted to <paramref name="allowed"/> (case-insensitive), mapped to its index.</summary>
    public int? Choice(string name, params string[] allowed)
    {
        var s = String(name);
        if (s is null) return null;
        for (var i = 0; i < allowed.Length; i++)
            if (string.Equals(s, allowed[i], StringComparison.OrdinalIgnoreCase)) return i;
        problems.Add($"{path}.{name}", $"\"{s}\" is not supported (expected {string.Join(", ", allowed)})");
        return null;
    }

    /// <summary>The nested object <paramref name="name"/>, or null (with a problem if it is present but not an object).</summary>
    public JsonFields? Object(string name, bool required, params string[] knownFields)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) problems.Add($"{path}.{name}", "is required (expected an object)");
            return null;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}.{name}", $"expected an object, found {InputProblems.Describe(v)}");
            return null;
        }
        problems.RejectUnknownFields(v, $"{path}.{name}", knownFields);
        return new JsonFields(v, $"{path}.{name}", problems);
    }
}
