using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core.Storage;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Map;

/// <summary>
/// Reads a Distributed Map's items through the object-store resolver: the items of a JSON array, JSON Lines or
/// CSV object (CSV rows become objects of strings keyed by the headers), or one
/// <c>{"Etag","Key","LastModified","Size","StorageClass"}</c> item per listed object. Problems are
/// States.ItemReaderFailed.
/// </summary>
internal static class ItemReading
{
    public static async Task<List<JsonNode?>> ReadAsync(ItemReaderConfig config, StateRun run, JsonNode? effectiveInput, CancellationToken cancellationToken)
    {
        var parameters = config.Parameters.Evaluate(run.Scope(effectiveInput)) as JsonObject
                         ?? throw Failed(run, "the ItemReader Parameters must evaluate to an object");
        var bucket = RequiredString(parameters, "Bucket", run);
        var store = ResolveStore(run, bucket, Failed);
        var maxItems = config.MaxItems;
        if (config.MaxItemsPath is not null)
        {
            if (!config.MaxItemsPath.TryEvaluate(effectiveInput, out var value) || !JsonValues.TryGetInteger(value, out var n) || n < 0)
                throw Failed(run, $"MaxItemsPath '{config.MaxItemsPath.Text}' must point to a non-negative integer");
            maxItems = (int)Math.Min(n, int.MaxValue);
        }
        var limit = maxItems is null or 0 ? int.MaxValue : maxItems.Value;

        var items = new List<JsonNode?>();
        try
        {
            if (config.Resource == ItemReaderConfig.ListObjectsV2)
            {
                var prefix = parameters["Prefix"] is { } p && JsonValues.TryGetString(p, out var ps) ? ps : "";
                await foreach (var info in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
                {
                    if (items.Count >= limit) break;
                    items.Add(new JsonObject
                    {
                        ["Etag"] = info.ETag ?? "\"\"",
                        ["Key"] = info.Key,
                        ["LastModified"] = info.LastModified?.ToUnixTimeSeconds() ?? 0,
                        ["Size"] = info.Length,
                        ["StorageClass"] = "STANDARD",
                    });
                }
                return items;
            }

            var key = RequiredString(parameters, "Key", run);
            await using var stream = await store.OpenReadAsync(key, 0, cancellationToken).ConfigureAwait(false);
            switch (config.InputType)
            {
                case ItemInputType.Json:
                    var document = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (document is not JsonArray array)
                        throw Failed(run, $"{store.Describe(key)} must hold a JSON array of items, but it holds {JsonValues.TypeName(document)}");
                    foreach (var item in array)
                    {
                        if (items.Count >= limit) break;
                        items.Add(JsonValues.Materialize(JsonValues.Clone(item)));
                    }
                    break;
                case ItemInputType.JsonLines:
                    using (var lines = new StreamReader(stream, Encoding.UTF8))
                    {
                        var number = 0;
                        while (items.Count < limit && await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                        {
                            number++;
                            if (string.IsNullOrWhiteSpace(line)) continue;
                            try
                            {
                                items.Add(JsonValues.Parse(line));
                            }
                            catch (JsonException e)
                            {
                                throw Failed(run, $"{store.Describe(key)} line {number} is not valid JSON: {e.Message}");
                            }
                        }
                    }
                    break;
                case ItemInputType.Csv:
                    await ReadCsvAsync(config, stream, items, limit, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw Failed(run, "InputType MANIFEST (S3 inventory) is not supported by the local engine");
            }
        }
        catch (ObjectNotFoundException e)
        {
            throw Failed(run, e.Message);
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException)
        {
            throw Failed(run, e.Message);
        }
        return items;
    }

    private static async Task ReadCsvAsync(ItemReaderConfig config, Stream stream, List<JsonNode?> items, int limit, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(stream, Encoding.UTF8);
        var csv = new CsvRecordReader(text, config.CsvDelimiter);
        IReadOnlyList<string>? headers = config.CsvHeadersInFirstRow ? await csv.ReadAsync(cancellationToken).ConfigureAwait(false) : config.CsvHeaders;
        if (headers is null) return;
        while (items.Count < limit && await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is { } row)
        {
            var item = new JsonObject();
            for (var i = 0; i < headers.Count; i++) item[headers[i]] = i < row.Count ? row[i] : "";
            items.Add(item);
        }
    }

    internal static IObjectStore ResolveStore(StateRun run, string bucket, Func<StateRun, string, AslFailure> fail)
    {
        var resolver = run.Execution.Options.ObjectStores
                       ?? throw fail(run, $"no object store is configured for bucket '{bucket}' (set AslEngineOptions.ObjectStores)");
        try
        {
            return resolver(bucket);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw fail(run, $"bucket '{bucket}' could not be opened: {e.Message}");
        }
    }

    private static string RequiredString(JsonObject parameters, string field, StateRun run) =>
        JsonValues.TryGetString(parameters[field], out var value) && value.Length > 0
            ? value
            : throw Failed(run, $"the ItemReader Parameters must contain '{field}' as a non-empty string");

    private static AslFailure Failed(StateRun run, string detail) =>
        new(AslErrorNames.ItemReaderFailed, $"The Map state '{run.State.Name}' could not read its items: {detail}.");
}
