using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Map;

/// <summary>
/// ItemBatcher: groups items so each child execution gets <c>{"Items": [...], "BatchInput": {...}}</c>, limited by
/// MaxItemsPerBatch and/or MaxInputBytesPerBatch (default and ceiling 256 KiB, as in AWS).
/// </summary>
public sealed class ItemBatcherConfig
{
    public const int MaxBytesCeiling = 256 * 1024;

    public int? MaxItemsPerBatch { get; init; }
    public JsonPath? MaxItemsPerBatchPath { get; init; }
    public int? MaxInputBytesPerBatch { get; init; }
    public JsonPath? MaxInputBytesPerBatchPath { get; init; }
    public PayloadTemplate? BatchInput { get; init; }
}
