using Backfill.Core.Errors;

namespace Backfill.Core.Ingest;

/// <summary>
/// A pipeline definition OpenSearch would refuse at <c>PUT _ingest/pipeline/&lt;id&gt;</c> (unknown processor,
/// missing or invalid property, unknown grok pattern, Painless <c>if</c>). The message names the processor type,
/// its tag when it has one, and the property at fault. <see cref="OpenSearchType"/> is the error type OpenSearch
/// reports for it (the embedded endpoint returns it with status 400).
/// </summary>
public sealed class IngestConfigurationException : BackfillException
{
    public IngestConfigurationException(string message, string openSearchType = "parse_exception")
        : base(message) => OpenSearchType = openSearchType;

    public IngestConfigurationException(string message, Exception inner, string openSearchType = "parse_exception")
        : base(message, inner) => OpenSearchType = openSearchType;

    /// <summary>OpenSearch's error type for this refusal, e.g. <c>parse_exception</c> or <c>illegal_argument_exception</c>.</summary>
    public string OpenSearchType { get; }

    public override string ErrorType => "IngestPipelineInvalid";
}
