using Backfill.Core.Errors;

namespace Backfill.Core.Ingest;

/// <summary>
/// A pipeline definition OpenSearch would refuse at <c>PUT _ingest/pipeline/&lt;id&gt;</c> (unknown processor,
/// missing or invalid property, unknown grok pattern) or that backfill cannot run client-side (Painless
/// <c>if</c> conditions, script processors). The message names the pipeline, the processor type, its tag when it
/// has one, and the property at fault; <see cref="Reason"/> is OpenSearch's own wording, <see cref="OpenSearchType"/>
/// its error type (the embedded endpoint answers with both, status 400).
/// </summary>
public sealed class IngestConfigurationException : BackfillException
{
    public IngestConfigurationException(string reason, string? pipelineId = null, string? processorType = null,
        string? processorTag = null, string? propertyName = null, string openSearchType = "parse_exception")
        : base(Describe(reason, pipelineId, processorType, processorTag, propertyName))
    {
        Reason = reason;
        PipelineId = pipelineId;
        ProcessorType = processorType;
        ProcessorTag = processorTag;
        PropertyName = propertyName;
        OpenSearchType = openSearchType;
    }

    /// <summary>OpenSearch's reason text, e.g. "[patterns] required property is missing".</summary>
    public string Reason { get; }
    public string? PipelineId { get; }
    public string? ProcessorType { get; }
    public string? ProcessorTag { get; }
    public string? PropertyName { get; }

    /// <summary>OpenSearch's error type for this refusal: <c>parse_exception</c> or <c>illegal_argument_exception</c>.</summary>
    public string OpenSearchType { get; }

    public override string ErrorType => "IngestPipelineInvalid";

    internal IngestConfigurationException WithPipeline(string pipelineId)
        => PipelineId is not null ? this
            : new IngestConfigurationException(Reason, pipelineId, ProcessorType, ProcessorTag, PropertyName, OpenSearchType);

    private static string Describe(string reason, string? pipelineId, string? type, string? tag, string? property)
    {
        var where = new List<string>();
        if (pipelineId is not null) where.Add($"pipeline [{pipelineId}]");
        if (type is not null) where.Add(tag is null ? $"processor [{type}]" : $"processor [{type}] with tag [{tag}]");
        // OpenSearch's reasons for a property already start with "[name] ".
        if (property is not null && !reason.StartsWith($"[{property}]", StringComparison.Ordinal)) where.Add($"property [{property}]");
        return where.Count == 0 ? reason : string.Join(", ", where) + ": " + reason;
    }
}
