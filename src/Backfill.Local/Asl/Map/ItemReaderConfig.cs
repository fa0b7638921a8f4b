using Backfill.Local.Asl.Paths;
using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Map;

/// <summary>How ItemReader parses an S3 object.</summary>
public enum ItemInputType { Json, JsonLines, Csv, Manifest }

/// <summary>
/// A Distributed Map's ItemReader: <c>arn:aws:states:::s3:getObject</c> (a JSON array, JSON Lines or CSV file) or
/// <c>arn:aws:states:::s3:listObjectsV2</c> (one item per object under a prefix), with ReaderConfig.
/// </summary>
public sealed class ItemReaderConfig
{
    public const string GetObject = "arn:aws:states:::s3:getObject";
    public const string ListObjectsV2 = "arn:aws:states:::s3:listObjectsV2";

    public required string Resource { get; init; }
    public required PayloadTemplate Parameters { get; init; }
    public ItemInputType InputType { get; init; } = ItemInputType.Json;

    /// <summary>CSV: headers from the first row (true) or from <see cref="CsvHeaders"/> (false, "GIVEN").</summary>
    public bool CsvHeadersInFirstRow { get; init; } = true;
    public IReadOnlyList<string>? CsvHeaders { get; init; }
    public char CsvDelimiter { get; init; } = ',';
    public int? MaxItems { get; init; }
    public JsonPath? MaxItemsPath { get; init; }
}
