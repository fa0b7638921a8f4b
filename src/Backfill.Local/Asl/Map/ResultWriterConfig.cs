using Backfill.Local.Asl.Templates;

namespace Backfill.Local.Asl.Map;

/// <summary>What the Map's output holds for each child (WriterConfig.Transformation).</summary>
public enum ResultTransformation { None, Compact, Flatten }

/// <summary>
/// ResultWriter: with Resource <c>arn:aws:states:::s3:putObject</c> and Parameters {Bucket, Prefix} the child
/// results go to the object store as <c>&lt;Prefix&gt;/&lt;map run id&gt;/manifest.json</c> plus
/// <c>SUCCEEDED_0.json</c>, <c>FAILED_0.json</c> and <c>PENDING_0.json</c>, and the Map outputs
/// <c>{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}</c>. WriterConfig alone only shapes the output.
/// </summary>
public sealed class ResultWriterConfig
{
    public const string PutObject = "arn:aws:states:::s3:putObject";

    public string? Resource { get; init; }
    public PayloadTemplate? Parameters { get; init; }
    public ResultTransformation? Transformation { get; init; }
    public bool JsonLines { get; init; }

    public bool WritesToStore => Resource is not null;
}
