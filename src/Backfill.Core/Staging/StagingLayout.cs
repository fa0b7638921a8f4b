using System.Security.Cryptography;
using System.Text;
using Backfill.Core.Input;
using Backfill.Core.Storage;

namespace Backfill.Core.Staging;

/// <summary>
/// Where every artefact of a run lives in the staging store. Keys are deterministic functions of the run id, the
/// source name and the chunk index, so re-running any step rewrites the same keys instead of adding new ones.
/// <code>
/// {prefix}{runId}/chunks/{source}/{index:D6}.log[.gz]
/// {prefix}{runId}/manifests/{source}.jsonl
/// {prefix}{runId}/dead-letters/{source}/{index:D6}.jsonl
/// {prefix}{runId}/chunks.jsonl                     (the send plan: every chunk to send, as manifest rows)
/// {prefix}{runId}/results/{source}/{index:D6}.json  (what the sender did with each chunk)
/// {prefix}{runId}/report.json, failed-chunks.jsonl
/// </code>
/// </summary>
public sealed class StagingLayout(string prefix, string runId)
{
    public string Prefix { get; } = prefix;
    public string RunId { get; } = runId;
    public string RunRoot => ObjectKey.Join(Prefix, RunId) + "/";

    public static StagingLayout For(ExecutionInput input) => new(input.Staging.Prefix, input.RunId);

    public string Chunk(string source, int index, ChunkCompression compression) =>
        $"{RunRoot}chunks/{source}/{index:D6}.log{(compression == ChunkCompression.Gzip ? ".gz" : "")}";

    public string ChunksOf(string source) => $"{RunRoot}chunks/{source}/";
    public string Manifest(string source) => $"{RunRoot}manifests/{source}.jsonl";
    public string Manifests => $"{RunRoot}manifests/";
    public string DeadLetters(string source, int index) => $"{RunRoot}dead-letters/{source}/{index:D6}.jsonl";
    public string Plan => $"{RunRoot}chunks.jsonl";
    public string Result(string source, int index) => $"{RunRoot}results/{source}/{index:D6}.json";
    public string Results => $"{RunRoot}results/";
    public string Report => $"{RunRoot}report.json";
    public string FailedChunks => $"{RunRoot}failed-chunks.jsonl";

    /// <summary>
    /// The identity of a source that, with a line number, names its documents: derived from the URL without
    /// credentials (not the run id), so replays and re-runs of the same archive overwrite the same documents.
    /// </summary>
    public static string SourceIdFor(string redactedUrl)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(redactedUrl), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>The document _id for a line: "{sourceId}-{lineNumber}".</summary>
    public static string DocumentId(string sourceId, long lineNumber) => $"{sourceId}-{lineNumber}";
}
