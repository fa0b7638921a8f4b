using System.Text.Json;
using Backfill.Core;
using Backfill.Core.Reporting;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Aws;

/// <summary>Execution inputs and staging contents for the AWS command tests.</summary>
internal static class AwsInputs
{
    public const string ForAws = """
        {
          "runId": "nasa-1995",
          "sources": [ { "name": "jul95", "url": "https://archive.example.org/NASA_access_log_Jul95.gz" } ],
          "staging": { "bucket": "backfill-staging", "prefix": "runs/" },
          "opensearch": { "endpoint": "https://search-logs.eu-west-1.es.amazonaws.com", "auth": { "type": "sigv4", "service": "es" } }
        }
        """;

    /// <summary>An input whose staging is a local directory, so the tests can put report.json and failed-chunks.jsonl there.</summary>
    public static string WithLocalStaging(string root, string runId = "nasa-1995") => JsonSerializer.Serialize(new
    {
        runId,
        sources = new[] { new { name = "jul95", url = "https://archive.example.org/NASA_access_log_Jul95.gz" } },
        staging = new { root },
        opensearch = new { endpoint = "https://search-logs.eu-west-1.es.amazonaws.com" },
    });

    public static string Write(TempDirectory dir, string text, string name = "input.json")
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    public static void WriteReport(string root, string runId, int chunks, int failed, long indexed, long deadLettered)
    {
        var report = new RunReport
        {
            RunId = runId,
            GeneratedAt = DateTimeOffset.UnixEpoch,
            Totals = new RunTotals(chunks, chunks - failed, failed, indexed + deadLettered, indexed + deadLettered, indexed, deadLettered, 10, 1000, 0),
            Sources = [],
            Chunks = [],
            DeadLetterReasons = new Dictionary<string, long>(),
            FailedChunksKey = failed > 0 ? $"{runId}/failed-chunks.jsonl" : null,
        };
        Directory.CreateDirectory(Path.Combine(root, runId));
        File.WriteAllBytes(Path.Combine(root, runId, "report.json"), JsonSerializer.SerializeToUtf8Bytes(report, BackfillJson.Options));
    }

    public static void WriteFailedChunks(string root, string runId, int rows)
    {
        Directory.CreateDirectory(Path.Combine(root, runId));
        var lines = Enumerable.Range(0, rows).Select(i =>
            $$"""{"chunkKey":"{{runId}}/chunks/jul95/{{i:D6}}.log","source":"jul95","chunkIndex":{{i}},"firstLine":{{i * 1000 + 1}},"lineCount":1000,"bytes":100000,"sha256":"00"}""");
        File.WriteAllText(Path.Combine(root, runId, "failed-chunks.jsonl"), string.Concat(lines.Select(l => l + "\n")));
    }
}
