using System.Text.Json.Nodes;
using Backfill.Core.Errors;

namespace Backfill.Cli;

/// <summary>A staging location given on the command line: a local directory or s3://bucket/prefix.</summary>
public sealed record StagingLocation(string? Bucket, string? Root, string Prefix, string? Endpoint)
{
    public static StagingLocation Parse(string text, string option, string? endpoint)
    {
        if (text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[5..];
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest[..slash];
            if (bucket.Length == 0) throw new BackfillException($"{option} \"{text}\": expected s3://bucket/prefix");
            return new StagingLocation(bucket, null, slash < 0 ? "" : rest[(slash + 1)..], endpoint);
        }
        if (text.Contains("://", StringComparison.Ordinal))
            throw new BackfillException($"{option} \"{text}\": expected a local directory or s3://bucket/prefix");
        return new StagingLocation(null, text, "", endpoint);
    }

    /// <summary>The execution input's <c>staging</c> object for this location (built as a node: no reflection at start-up).</summary>
    public JsonObject ToJson(long chunkBytes, bool gzip) => new()
    {
        ["bucket"] = Bucket,
        ["root"] = Root,
        ["prefix"] = Prefix,
        ["chunkBytes"] = chunkBytes,
        ["chunkCompression"] = gzip ? "gzip" : "none",
        ["endpoint"] = Endpoint,
    };
}
