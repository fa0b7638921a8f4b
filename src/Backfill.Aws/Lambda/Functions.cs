using System.Text.Json.Serialization;

namespace Backfill.Aws.Lambda;

public static class FunctionState
{
    public const string Pending = "Pending";
    public const string Active = "Active";
    public const string Inactive = "Inactive";
    public const string Failed = "Failed";
}

public static class LastUpdateStatus
{
    public const string Successful = "Successful";
    public const string Failed = "Failed";
    public const string InProgress = "InProgress";
}

public sealed record GetFunctionResponse(FunctionConfiguration Configuration)
{
    public FunctionCodeLocation? Code { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
}

public sealed record FunctionCodeLocation(string? RepositoryType, string? Location);

/// <summary>What Lambda returns about a function version (GetFunction, CreateFunction, Update*, PublishVersion).</summary>
public sealed record FunctionConfiguration
{
    public required string FunctionName { get; init; }
    public string? FunctionArn { get; init; }
    public string? Runtime { get; init; }
    public string? Role { get; init; }
    public string? Handler { get; init; }
    public long CodeSize { get; init; }
    public string? Description { get; init; }
    public int? Timeout { get; init; }
    public int? MemorySize { get; init; }
    /// <summary>ISO-8601 text, e.g. "2024-03-09T17:05:42.000+0000" (Lambda sends a string here, not epoch seconds).</summary>
    public string? LastModified { get; init; }
    /// <summary>Base64 SHA-256 of the deployment package.</summary>
    public string? CodeSha256 { get; init; }
    public string? Version { get; init; }
    public FunctionEnvironmentResponse? Environment { get; init; }
    public string? RevisionId { get; init; }
    public string? State { get; init; }
    public string? StateReason { get; init; }
    public string? StateReasonCode { get; init; }
    public string? LastUpdateStatus { get; init; }
    public string? LastUpdateStatusReason { get; init; }
    public string? LastUpdateStatusReasonCode { get; init; }
    public IReadOnlyList<string>? Architectures { get; init; }
    public string? PackageType { get; init; }
}

public sealed record FunctionEnvironmentResponse
{
    public Dictionary<string, string>? Variables { get; init; }
}

public sealed record FunctionEnvironment(IReadOnlyDictionary<string, string> Variables);

/// <summary>The package: a zip (base64 on the wire; up to 50 MB this way) or an S3 object.</summary>
public sealed record FunctionCode
{
    public byte[]? ZipFile { get; init; }
    public string? S3Bucket { get; init; }
    public string? S3Key { get; init; }
    public string? S3ObjectVersion { get; init; }
}

public sealed record CreateFunctionRequest(string FunctionName, string Role, FunctionCode Code)
{
    /// <summary>e.g. "provided.al2023" for a custom runtime.</summary>
    public string? Runtime { get; init; }
    /// <summary>For custom runtimes the bootstrap reads it as _HANDLER.</summary>
    public string? Handler { get; init; }
    public string? Description { get; init; }
    public int? Timeout { get; init; }
    public int? MemorySize { get; init; }
    public bool? Publish { get; init; }
    public FunctionEnvironment? Environment { get; init; }
    /// <summary>["x86_64"] or ["arm64"].</summary>
    public IReadOnlyList<string>? Architectures { get; init; }
    public Dictionary<string, string>? Tags { get; init; }
    public string? PackageType { get; init; }
}

public sealed record UpdateFunctionCodeRequest(string FunctionName)
{
    public byte[]? ZipFile { get; init; }
    public string? S3Bucket { get; init; }
    public string? S3Key { get; init; }
    public string? S3ObjectVersion { get; init; }
    public bool? Publish { get; init; }
    public bool? DryRun { get; init; }
    public string? RevisionId { get; init; }
    public IReadOnlyList<string>? Architectures { get; init; }

    /// <summary>The body: everything but the function name, which goes in the path.</summary>
    internal object Body() => new UpdateFunctionCodeBody(ZipFile, S3Bucket, S3Key, S3ObjectVersion, Publish, DryRun, RevisionId, Architectures);

    private sealed record UpdateFunctionCodeBody(byte[]? ZipFile, string? S3Bucket, string? S3Key, string? S3ObjectVersion,
        bool? Publish, bool? DryRun, string? RevisionId, IReadOnlyList<string>? Architectures);
}

public sealed record UpdateFunctionConfigurationRequest(string FunctionName)
{
    public string? Role { get; init; }
    public string? Handler { get; init; }
    public string? Description { get; init; }
    public int? Timeout { get; init; }
    public int? MemorySize { get; init; }
    public FunctionEnvironment? Environment { get; init; }
    public string? Runtime { get; init; }
    public string? RevisionId { get; init; }

    internal object Body() => new UpdateFunctionConfigurationBody(Role, Handler, Description, Timeout, MemorySize, Environment, Runtime, RevisionId);

    private sealed record UpdateFunctionConfigurationBody(string? Role, string? Handler, string? Description, int? Timeout, int? MemorySize,
        FunctionEnvironment? Environment, string? Runtime, string? RevisionId);
}

public sealed record PublishVersionRequest(string FunctionName)
{
    /// <summary>Only publish if the code still has this hash (guards against a concurrent update).</summary>
    public string? CodeSha256 { get; init; }
    public string? Description { get; init; }
    public string? RevisionId { get; init; }

    internal object Body() => new PublishVersionBody(CodeSha256, Description, RevisionId);

    private sealed record PublishVersionBody(string? CodeSha256, string? Description, string? RevisionId);
}
