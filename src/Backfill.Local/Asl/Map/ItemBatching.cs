using System.Text;
using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Asl.Map;

/// <summary>Groups selected items into batch inputs <c>{"Items": [...], "BatchInput": ...}</c> for ItemBatcher.</summary>
internal static class ItemBatching
{
    public static List<JsonNode?> Batch(ItemBatcherConfig config, IReadOnlyList<JsonNode?> items, StateRun run, JsonNode? effectiveInput)
    {
        var maxItems = Resolve(config.MaxItemsPerBatch, config.MaxItemsPerBatchPath, run, effectiveInput, "MaxItemsPerBatchPath") ?? int.MaxValue;
        var maxBytes = Math.Min(Resolve(config.MaxInputBytesPerBatch, config.MaxInputBytesPerBatchPath, run, effectiveInput, "MaxInputBytesPerBatchPath")
                                ?? ItemBatcherConfig.MaxBytesCeiling, ItemBatcherConfig.MaxBytesCeiling);
        var batchInput = config.BatchInput?.Evaluate(run.Scope(effectiveInput));
        var overhead = Encoding.UTF8.GetByteCount(JsonValues.ToJson(batchInput)) + 32;

        var batches = new List<JsonNode?>();
        JsonArray? current = null;
        long currentBytes = 0;
        foreach (var item in items)
        {
            var itemBytes = Encoding.UTF8.GetByteCount(JsonValues.ToJson(item)) + 1;
            if (current is null || current.Count >= maxItems || (current.Count > 0 && overhead + currentBytes + itemBytes > maxBytes))
            {
                current = new JsonArray();
                currentBytes = 0;
                var batch = new JsonObject { ["Items"] = current };
                if (batchInput is not null) batch["BatchInput"] = JsonValues.Clone(batchInput);
                batches.Add(batch);
            }
            current.Add(JsonValues.Detach(item));
            currentBytes += itemBytes;
        }
        return batches;
    }

    private static int? Resolve(int? fixedValue, JsonPath? path, StateRun run, JsonNode? input, string field)
    {
        if (path is null) return fixedValue;
        if (!path.TryEvaluate(input, out var value) || !JsonValues.TryGetInteger(value, out var n) || n < 1)
            throw AslFailure.Runtime(run.Site, $"{field} '{path.Text}' must point to a positive integer.");
        return (int)Math.Min(n, int.MaxValue);
    }
}
