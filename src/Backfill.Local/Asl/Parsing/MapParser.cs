using System.Text.Json.Nodes;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Map;
using Backfill.Local.Asl.Model;

namespace Backfill.Local.Asl.Parsing;

/// <summary>
/// Parses a Map state: ItemProcessor (with ProcessorConfig) or the legacy Iterator, ItemSelector or the legacy
/// Parameters, concurrency and tolerance fields, and the Distributed-only ItemReader, ItemBatcher, ResultWriter
/// and Label.
/// </summary>
internal static class MapParser
{
    private static readonly HashSet<string> ProcessorFields = ["Comment", "StartAt", "States", "ProcessorConfig", "QueryLanguage"];
    private static readonly HashSet<string> ProcessorConfigFields = ["Mode", "ExecutionType"];
    private static readonly HashSet<string> ReaderFields = ["Resource", "Parameters", "ReaderConfig"];
    private static readonly HashSet<string> ReaderConfigFields = ["InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems", "MaxItemsPath"];
    private static readonly HashSet<string> BatcherFields = ["MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput"];
    private static readonly HashSet<string> WriterFields = ["Resource", "Parameters", "WriterConfig"];
    private static readonly HashSet<string> WriterConfigFields = ["OutputType", "Transformation"];

    public static MapState? Parse(string name, Fields fields, string? next, bool end)
    {
        fields.ExactlyOne("ItemProcessor", "Iterator");
        fields.AtMostOne("ItemSelector", "Parameters");
        fields.AtMostOne("MaxConcurrency", "MaxConcurrencyPath");
        fields.AtMostOne("ToleratedFailureCount", "ToleratedFailureCountPath");
        fields.AtMostOne("ToleratedFailurePercentage", "ToleratedFailurePercentagePath");
        if (fields.Has("ItemReader") && fields.Has("ItemsPath"))
            fields.Report("ItemsPath", "cannot be used with ItemReader (the items come from the reader)");

        StateScope? processor = null;
        var mode = MapMode.Inline;
        string? executionType = null;
        if (fields.ObjectField("ItemProcessor") is { } itemProcessor)
        {
            var processorFields = fields.Child(itemProcessor, fields.At("ItemProcessor"));
            processorFields.CheckKnown(ProcessorFields, "an ItemProcessor");
            DefinitionParser.CheckQueryLanguage(processorFields);
            if (processorFields.ObjectField("ProcessorConfig") is { } config)
            {
                var configFields = processorFields.Child(config, processorFields.At("ProcessorConfig"));
                configFields.CheckKnown(ProcessorConfigFields, "a ProcessorConfig");
                mode = configFields.Enum("Mode", "INLINE", "DISTRIBUTED") == "DISTRIBUTED" ? MapMode.Distributed : MapMode.Inline;
                executionType = configFields.Enum("ExecutionType", "STANDARD", "EXPRESS");
                if (mode == MapMode.Distributed && executionType is null)
                    configFields.Report("ExecutionType", "is required when Mode is DISTRIBUTED (STANDARD or EXPRESS)");
            }
            processor = DefinitionParser.ParseScope(processorFields, fields.Context);
        }
        else if (fields.ObjectField("Iterator") is { } iterator)
        {
            processor = DefinitionParser.ParseBranch(fields, iterator, fields.At("Iterator"), "a Map Iterator");
        }

        if (mode == MapMode.Inline)
            foreach (var distributedOnly in new[] { "ItemReader", "ItemBatcher", "ResultWriter", "Label" })
                if (fields.Has(distributedOnly))
                    fields.Report(distributedOnly, "is only allowed when ItemProcessor.ProcessorConfig.Mode is DISTRIBUTED");

        var label = fields.String("Label");
        if (label is not null && (label.Length > 40 || label.Any(c => char.IsWhiteSpace(c) || "<>{}[]?*\"#%\\^|~`$&,;:/".Contains(c))))
            fields.Report("Label", "must be at most 40 characters without whitespace or any of <>{}[]?*\"#%\\^|~`$&,;:/");

        var map = new MapState
        {
            Name = name,
            Comment = fields.String("Comment"),
            Next = next,
            End = end,
            InputPath = fields.PathOrNull("InputPath", false),
            OutputPath = fields.PathOrNull("OutputPath", false),
            ResultSelector = fields.Template("ResultSelector"),
            ResultPath = fields.PathOrNull("ResultPath", reference: true),
            Retry = RetryCatchParser.ParseRetry(fields),
            Catch = RetryCatchParser.ParseCatch(fields),
            ItemsPath = fields.Path("ItemsPath", reference: true),
            ItemSelector = fields.Template("ItemSelector") ?? fields.Template("Parameters"),
            Processor = processor!,
            Mode = mode,
            ExecutionType = executionType,
            MaxConcurrency = (int?)fields.Integer("MaxConcurrency", 0, int.MaxValue),
            MaxConcurrencyPath = fields.Path("MaxConcurrencyPath", reference: true),
            ToleratedFailureCount = (int?)fields.Integer("ToleratedFailureCount", 0, int.MaxValue),
            ToleratedFailureCountPath = fields.Path("ToleratedFailureCountPath", reference: true),
            ToleratedFailurePercentage = fields.Number("ToleratedFailurePercentage", 0, 100),
            ToleratedFailurePercentagePath = fields.Path("ToleratedFailurePercentagePath", reference: true),
            ItemReader = ParseReader(fields),
            ItemBatcher = ParseBatcher(fields),
            ResultWriter = ParseWriter(fields),
            Label = label,
        };
        return processor is null ? null : map;
    }

    private static ItemReaderConfig? ParseReader(Fields map)
    {
        var obj = map.ObjectField("ItemReader");
        if (obj is null) return null;
        var fields = map.Child(obj, map.At("ItemReader"));
        fields.CheckKnown(ReaderFields, "an ItemReader");
        var resource = fields.Enum("Resource", ItemReaderConfig.GetObject, ItemReaderConfig.ListObjectsV2);
        if (!fields.Has("Resource")) fields.Report("Resource", "is required");
        var parameters = fields.Template("Parameters");
        if (parameters is null) fields.Report("Parameters", "is required (Bucket and Key, or Bucket and Prefix)");

        var config = fields.ObjectField("ReaderConfig");
        var inputType = ItemInputType.Json;
        var headersInFirstRow = true;
        IReadOnlyList<string>? headers = null;
        var delimiter = ',';
        int? maxItems = null;
        Paths.JsonPath? maxItemsPath = null;
        if (config is not null)
        {
            var c = fields.Child(config, fields.At("ReaderConfig"));
            c.CheckKnown(ReaderConfigFields, "a ReaderConfig");
            inputType = c.Enum("InputType", "JSON", "JSONL", "CSV", "MANIFEST") switch
            {
                "JSONL" => ItemInputType.JsonLines,
                "CSV" => ItemInputType.Csv,
                "MANIFEST" => ItemInputType.Manifest,
                _ => ItemInputType.Json,
            };
            headersInFirstRow = c.Enum("CSVHeaderLocation", "FIRST_ROW", "GIVEN") != "GIVEN";
            if (c.ArrayField("CSVHeaders") is { } array)
                headers = array.Select(h => JsonValues.TryGetString(h, out var s) ? s : "").ToList();
            if (!headersInFirstRow && headers is null) c.Report("CSVHeaders", "is required when CSVHeaderLocation is GIVEN");
            delimiter = c.Enum("CSVDelimiter", "COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB") switch
            {
                "PIPE" => '|',
                "SEMICOLON" => ';',
                "SPACE" => ' ',
                "TAB" => '\t',
                _ => ',',
            };
            c.AtMostOne("MaxItems", "MaxItemsPath");
            maxItems = (int?)c.Integer("MaxItems", 0, 100_000_000);
            maxItemsPath = c.Path("MaxItemsPath", reference: true);
            if (resource == ItemReaderConfig.GetObject && !c.Has("InputType")) c.Report("InputType", "is required with s3:getObject (JSON, JSONL or CSV)");
        }
        else if (resource == ItemReaderConfig.GetObject)
        {
            fields.Report("ReaderConfig", "is required with s3:getObject (it names the InputType)");
        }
        if (resource is null || parameters is null) return null;
        return new ItemReaderConfig
        {
            Resource = resource,
            Parameters = parameters,
            InputType = inputType,
            CsvHeadersInFirstRow = headersInFirstRow,
            CsvHeaders = headers,
            CsvDelimiter = delimiter,
            MaxItems = maxItems,
            MaxItemsPath = maxItemsPath,
        };
    }

    private static ItemBatcherConfig? ParseBatcher(Fields map)
    {
        var obj = map.ObjectField("ItemBatcher");
        if (obj is null) return null;
        var fields = map.Child(obj, map.At("ItemBatcher"));
        fields.CheckKnown(BatcherFields, "an ItemBatcher");
        fields.AtMostOne("MaxItemsPerBatch", "MaxItemsPerBatchPath");
        fields.AtMostOne("MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath");
        if (!new[] { "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath" }.Any(fields.Has))
            fields.Context.Report(fields.Location, fields.State, "ItemBatcher", "needs MaxItemsPerBatch or MaxInputBytesPerBatch (or their Path forms)");
        return new ItemBatcherConfig
        {
            MaxItemsPerBatch = (int?)fields.Integer("MaxItemsPerBatch", 1, int.MaxValue),
            MaxItemsPerBatchPath = fields.Path("MaxItemsPerBatchPath", reference: true),
            MaxInputBytesPerBatch = (int?)fields.Integer("MaxInputBytesPerBatch", 1, ItemBatcherConfig.MaxBytesCeiling),
            MaxInputBytesPerBatchPath = fields.Path("MaxInputBytesPerBatchPath", reference: true),
            BatchInput = fields.Template("BatchInput"),
        };
    }

    private static ResultWriterConfig? ParseWriter(Fields map)
    {
        var obj = map.ObjectField("ResultWriter");
        if (obj is null) return null;
        var fields = map.Child(obj, map.At("ResultWriter"));
        fields.CheckKnown(WriterFields, "a ResultWriter");
        var resource = fields.Enum("Resource", ResultWriterConfig.PutObject);
        var parameters = fields.Template("Parameters");
        if (fields.Has("Resource") != fields.Has("Parameters"))
            fields.Report(fields.Has("Resource") ? "Parameters" : "Resource", "is required together with " + (fields.Has("Resource") ? "Resource" : "Parameters"));
        ResultTransformation? transformation = null;
        var jsonLines = false;
        if (fields.ObjectField("WriterConfig") is { } config)
        {
            var c = fields.Child(config, fields.At("WriterConfig"));
            c.CheckKnown(WriterConfigFields, "a WriterConfig");
            transformation = c.Enum("Transformation", "NONE", "COMPACT", "FLATTEN") switch
            {
                "NONE" => ResultTransformation.None,
                "COMPACT" => ResultTransformation.Compact,
                "FLATTEN" => ResultTransformation.Flatten,
                _ => null,
            };
            jsonLines = c.Enum("OutputType", "JSON", "JSONL") == "JSONL";
        }
        else if (resource is null)
        {
            fields.Context.Report(fields.Location, fields.State, "ResultWriter", "needs Resource and Parameters, or WriterConfig");
        }
        return new ResultWriterConfig { Resource = resource, Parameters = parameters, Transformation = transformation, JsonLines = jsonLines };
    }
}
