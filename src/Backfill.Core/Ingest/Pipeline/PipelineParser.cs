using System.Text.Json;

namespace Backfill.Core.Ingest.Pipeline;

/// <summary>
/// Reads the body of <c>PUT _ingest/pipeline/&lt;id&gt;</c> — description, processors, on_failure, version, _meta —
/// into processor nodes, validating each processor as OpenSearch does when the pipeline is stored.
/// </summary>
internal static class PipelineParser
{
    public sealed record Definition(string? Description, int? Version, ProcessorNode[] Processors, ProcessorNode[] OnFailure);

    public static Definition Parse(string id, ReadOnlySpan<byte> utf8Json, ProcessorRegistry registry, IngestPipelineOptions options)
    {
        try
        {
            return ParseCore(id, utf8Json, new Context(registry, options));
        }
        catch (IngestConfigurationException e)
        {
            throw e.WithPipeline(id);
        }
    }

    private static Definition ParseCore(string id, ReadOnlySpan<byte> utf8Json, Context registry)
    {
        JsonDocument json;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            json = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new IngestConfigurationException(
                $"the pipeline definition is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }
        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new IngestConfigurationException($"the pipeline definition must be a JSON object, found {Describe(root.ValueKind)}");

            string? description = null;
            int? version = null;
            ProcessorNode[]? processors = null;
            var onFailure = Array.Empty<ProcessorNode>();
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "description":
                        description = property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString(),
                            JsonValueKind.Null => null,
                            _ => throw new IngestConfigurationException(
                                $"[description] property isn't a string, but of type [{ProcessorConfig.JsonTypeName(property.Value)}]", propertyName: "description"),
                        };
                        break;
                    case "version":
                        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var v)) version = v;
                        else if (property.Value.ValueKind != JsonValueKind.Null)
                            throw new IngestConfigurationException($"[version] property isn't an integer, but of type [{ProcessorConfig.JsonTypeName(property.Value)}]", propertyName: "version");
                        break;
                    case "processors":
                        processors = ReadProcessorList(property.Value, "processors", registry);
                        break;
                    case "on_failure":
                        onFailure = ReadProcessorList(property.Value, "on_failure", registry);
                        if (onFailure.Length == 0)
                            throw new IngestConfigurationException($"pipeline [{id}] cannot have an empty on_failure option defined", propertyName: "on_failure");
                        break;
                    case "_meta":
                        if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                            throw new IngestConfigurationException($"[_meta] property isn't a map, but of type [{ProcessorConfig.JsonTypeName(property.Value)}]", propertyName: "_meta");
                        break;
                    default:
                        throw new IngestConfigurationException(
                            $"unknown pipeline property [{property.Name}]; expected description, processors, on_failure, version or _meta",
                            propertyName: property.Name);
                }
            }
            if (processors is null) throw new IngestConfigurationException("[processors] required property is missing", propertyName: "processors");
            return new Definition(description, version, processors, onFailure);
        }
    }

    private static ProcessorNode[] ReadProcessorList(JsonElement list, string propertyName, Context registry)
    {
        if (list.ValueKind != JsonValueKind.Array)
            throw new IngestConfigurationException(
                $"[{propertyName}] property isn't a list, but of type [{ProcessorConfig.JsonTypeName(list)}]", propertyName: propertyName);
        var nodes = new List<ProcessorNode>();
        var position = 0;
        foreach (var item in list.EnumerateArray())
        {
            position++;
            if (item.ValueKind != JsonValueKind.Object)
                throw new IngestConfigurationException(
                    $"[{propertyName}] item {position} must be an object like {{\"grok\": {{…}}}}, found {Describe(item.ValueKind)}", propertyName: propertyName);
            // Like OpenSearch, every key of the object is one processor.
            foreach (var processor in item.EnumerateObject()) nodes.Add(ReadProcessor(processor.Name, processor.Value, registry));
        }
        return nodes.ToArray();
    }

    private static ProcessorNode ReadProcessor(string type, JsonElement configuration, Context context)
    {
        var registry = context.Registry;
        if (!registry.TryGetFactory(type, out var factory))
        {
            var supported = string.Join(", ", registry.Types);
            if (registry.IsKnownElsewhere(type))
                throw new IngestConfigurationException(
                    $"processor type [{type}] is not supported by backfill's client-side ingest (supported: {supported}); run this pipeline on the cluster instead",
                    processorType: type);
            throw new IngestConfigurationException($"No processor type exists with name [{type}] (supported: {supported})", processorType: type);
        }
        if (configuration.ValueKind != JsonValueKind.Object)
            throw new IngestConfigurationException(
                $"property isn't a map, but of type [{ProcessorConfig.JsonTypeName(configuration)}]", processorType: type);

        var config = new ProcessorConfig(type, configuration, registry, context.Options);
        if (config.Has("if"))
            throw config.Error("if",
                "Painless 'if' conditions are not supported by backfill's client-side ingest; remove the condition (e.g. use ignore_missing or on_failure) or run this pipeline on the cluster");
        var ignoreFailure = config.Boolean("ignore_failure", false);
        var onFailure = Array.Empty<ProcessorNode>();
        if (config.TryGet("on_failure", out var onFailureJson))
        {
            onFailure = ReadProcessorList(onFailureJson, "on_failure", context);
            if (onFailure.Length == 0) throw config.Error("on_failure", "processors list cannot be empty");
        }

        IngestProcessor processor;
        try
        {
            processor = factory(config);
        }
        catch (IngestConfigurationException)
        {
            throw;
        }
        catch (ArgumentException e)
        {
            throw config.Error(null, e.Message);
        }
        var unused = config.Unused.ToList();
        if (unused.Count > 0)
            throw config.Error(null, $"processor [{type}] doesn't support one or more provided configuration parameters [{string.Join(", ", unused)}]");
        return new ProcessorNode(processor, ignoreFailure, onFailure);
    }

    private sealed record Context(ProcessorRegistry Registry, IngestPipelineOptions Options);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
