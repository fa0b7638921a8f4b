using System.Collections.Concurrent;
using System.Text.Json;

namespace Backfill.Local.OpenSearch.Rest;

/// <summary>
/// Composable index templates (<c>PUT _index_template/&lt;name&gt;</c>), persisted under <c>{data}/_index_templates/</c>.
/// The embedded store keeps no mappings, so a template matters only through <c>index.default_pipeline</c>, which
/// applies to bulk items that name no pipeline (highest <c>priority</c> template wins, as in OpenSearch).
/// </summary>
internal sealed class TemplateStore
{
    private readonly string _directory;
    private readonly ConcurrentDictionary<string, Template> _templates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _defaultPipelineByIndex = new(StringComparer.Ordinal);

    private sealed record Template(string Name, byte[] Json, string[] Patterns, long Priority, string? DefaultPipeline);

    public TemplateStore(string dataDirectory)
    {
        _directory = Path.Combine(dataDirectory, "_index_templates");
        Directory.CreateDirectory(_directory);
        foreach (var file in Directory.EnumerateFiles(_directory, "*.json"))
        {
            var name = Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file));
            if (Parse(name, File.ReadAllBytes(file), out var template) is null) _templates[name] = template!;
        }
    }

    /// <summary>Stores a template; returns null, or OpenSearch's validation message when the body is not a template.</summary>
    public string? Put(string name, byte[] json)
    {
        var problem = Parse(name, json, out var template);
        if (problem is not null) return problem;
        var path = Path.Combine(_directory, Uri.EscapeDataString(name) + ".json");
        File.WriteAllBytes(path + ".tmp", json);
        File.Move(path + ".tmp", path, overwrite: true);
        _templates[name] = template!;
        _defaultPipelineByIndex.Clear();
        return null;
    }

    public byte[]? Get(string name) => _templates.TryGetValue(name, out var t) ? t.Json : null;

    public IEnumerable<(string Name, byte[] Json)> All => _templates.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t.Name, t.Json));

    /// <summary>The <c>index.default_pipeline</c> of the highest-priority template matching <paramref name="index"/>.</summary>
    public string? DefaultPipelineFor(string index) =>
        _templates.IsEmpty ? null : _defaultPipelineByIndex.GetOrAdd(index, i => _templates.Values
            .Where(t => t.Patterns.Any(p => IndexPattern.Matches(p, i)))
            .OrderByDescending(t => t.Priority)
            .FirstOrDefault()?.DefaultPipeline);

    private static string? Parse(string name, byte[] json, out Template? template)
    {
        template = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "request body is required to be an object";
            string[] patterns = root.TryGetProperty("index_patterns", out var p)
                ? p.ValueKind switch
                {
                    JsonValueKind.String => [p.GetString()!],
                    JsonValueKind.Array => p.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
                    _ => [],
                }
                : [];
            if (patterns.Length == 0) return "Validation Failed: 1: index patterns are missing;";
            var priority = root.TryGetProperty("priority", out var pr) && pr.TryGetInt64(out var v) ? v : 0;
            string? pipeline = null;
            if (root.TryGetProperty("template", out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty("settings", out var settings))
                pipeline = Setting(settings, "index", "default_pipeline");
            template = new Template(name, json, patterns, priority, pipeline);
            return null;
        }
        catch (JsonException e)
        {
            return "failed to parse template: " + e.Message;
        }
    }

    /// <summary>Reads a setting written flat ("index.default_pipeline") or nested ({"index":{"default_pipeline":…}}).</summary>
    private static string? Setting(JsonElement settings, string group, string key)
    {
        if (settings.ValueKind != JsonValueKind.Object) return null;
        if (settings.TryGetProperty(group + "." + key, out var flat) && flat.ValueKind == JsonValueKind.String) return flat.GetString();
        if (settings.TryGetProperty(group, out var nested) && nested.ValueKind == JsonValueKind.Object &&
            nested.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString();
        return null;
    }
}
