using System.Text.Json.Serialization;

namespace Backfill.Core.Input;

/// <summary>
/// The JSON input of one backfill execution (statemachine/input.schema.json). Parsed and checked by
/// <see cref="ExecutionInputParser"/>; every default lives here so the schema, the parser and the handlers agree.
/// </summary>
public sealed record ExecutionInput(
    string RunId,
    IReadOnlyList<SourceSpec> Sources,
    StagingSettings Staging,
    [property: JsonPropertyName("opensearch")] OpenSearchSettings OpenSearch,
    RerunSettings? Rerun = null);

/// <summary>One archive to load. <paramref name="Credentials"/> is a reference (env:VAR or file:PATH), never a secret.</summary>
public sealed record SourceSpec(string Name, string Url, string? Credentials = null);

public enum ChunkCompression { None, Gzip }

/// <summary>Where chunks, manifests, dead letters and reports go: an S3 bucket or a local directory.</summary>
public sealed record StagingSettings(
    string? Bucket,
    string? Root,
    string Prefix,
    long ChunkBytes,
    ChunkCompression ChunkCompression,
    string? Endpoint = null,
    string? Region = null)
{
    public const long DefaultChunkBytes = 8 * 1024 * 1024;
    public const long MinChunkBytes = 1024;
    public const long MaxChunkBytes = 1024L * 1024 * 1024;
    public const string DefaultRoot = ".backfill/store";
}

public enum OpenSearchAuthType { None, Basic, [JsonStringEnumMemberName("sigv4")] SigV4 }

/// <summary>How requests to OpenSearch authenticate. Passwords are references (env:VAR or file:PATH).</summary>
public sealed record OpenSearchAuth(OpenSearchAuthType Type, string? Username = null, string? PasswordRef = null, string? Service = null, string? Region = null)
{
    public static OpenSearchAuth None { get; } = new(OpenSearchAuthType.None);
}

public enum IngestLocation { Server, Client }

/// <summary>The target cluster and how the sender talks to it. <c>endpoint: "embedded"</c> is the local default.</summary>
public sealed record OpenSearchSettings(
    string Endpoint,
    string Pipeline,
    string IndexPrefix,
    OpenSearchAuth Auth,
    long BulkBytes,
    int BulkActions,
    int Concurrency,
    IngestLocation Ingest,
    [property: JsonPropertyName("gzip")] bool GzipRequests,
    int MaxAttempts,
    double MaxRetrySeconds,
    int Senders = OpenSearchSettings.DefaultSenders)
{
    /// <summary>Chunks sent at once (the sender Map's MaxConcurrency).</summary>
    public const int DefaultSenders = 4;
    public const string EmbeddedEndpoint = "embedded";
    public const long DefaultBulkBytes = 5 * 1024 * 1024;
    /// <summary>Amazon OpenSearch Service rejects bodies over 10 MiB on small instance types.</summary>
    public const long MaxBulkBytes = 10 * 1024 * 1024;
    public const int DefaultBulkActions = 10_000;
    public const int DefaultConcurrency = 2;
    public const int DefaultMaxAttempts = 8;
    public const double DefaultMaxRetrySeconds = 300;

    [JsonIgnore]
    public bool IsEmbedded => string.Equals(Endpoint, EmbeddedEndpoint, StringComparison.OrdinalIgnoreCase);

    /// <summary>The index named in bulk actions; the pipeline's date_index_name routes parsed lines to daily indices.</summary>
    [JsonIgnore]
    public string DefaultIndex => IndexPrefix + "unparsed";

    public static OpenSearchSettings Default { get; } = new(
        EmbeddedEndpoint, "nasa-http", "nasa-logs-", OpenSearchAuth.None, DefaultBulkBytes, DefaultBulkActions,
        DefaultConcurrency, IngestLocation.Server, false, DefaultMaxAttempts, DefaultMaxRetrySeconds);
}

/// <summary>
/// Present on rerun-failed executions: the chunks to send come from a failed-chunks list written by an earlier
/// execution's Summarize step, and the download stage is skipped.
/// </summary>
public sealed record RerunSettings(string FailedChunksKey, string? PreviousRunId = null);
