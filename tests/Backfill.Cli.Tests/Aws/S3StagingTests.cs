using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Aws;
using Backfill.Aws.S3;
using Backfill.Core;
using Backfill.Core.Reporting;
using Backfill.Core.Storage;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Aws;

/// <summary>
/// status and rerun-failed reading the report and failed-chunks.jsonl from an S3 staging bucket (a real s3rver,
/// named in the execution input's staging.endpoint), with the operator's credentials.
/// </summary>
public sealed class S3StagingTests
{
    private const string Bucket = "backfill-staging";

    private static string Input(Uri s3) => JsonSerializer.Serialize(new
    {
        runId = "nasa-1995",
        sources = new[] { new { name = "jul95", url = "https://archive.example.org/NASA_access_log_Jul95.gz" } },
        staging = new { bucket = Bucket, prefix = "runs/", endpoint = s3.ToString(), region = "us-east-1" },
        opensearch = new { endpoint = "https://search-logs.eu-west-1.es.amazonaws.com" },
    });

    [Fact]
    public async Task Status_and_rerun_failed_read_the_staging_bucket()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        await using var s3 = await S3rverProcess.StartAsync(Bucket);
        using (var stores = new S3BucketStores(new AwsClientOptions { EndpointUrl = s3.Endpoint, Region = "us-east-1", Credentials = new Amazon.Runtime.BasicAWSCredentials(S3rverProcess.AccessKey, "x") }))
        {
            var store = stores.For(Bucket);
            var report = new RunReport
            {
                RunId = "nasa-1995", GeneratedAt = DateTimeOffset.UnixEpoch,
                Totals = new RunTotals(10, 8, 2, 10_000, 10_000, 9_990, 10, 20, 2_000_000, 0),
                Sources = [], Chunks = [], DeadLetterReasons = new Dictionary<string, long>(),
                FailedChunksKey = "runs/nasa-1995/failed-chunks.jsonl",
            };
            await store.PutAsync("runs/nasa-1995/report.json", JsonSerializer.SerializeToUtf8Bytes(report, BackfillJson.Options));
            await store.PutAsync("runs/nasa-1995/failed-chunks.jsonl", """
                {"chunkKey":"runs/nasa-1995/chunks/jul95/000003.log","source":"jul95","chunkIndex":3,"firstLine":3001,"lineCount":1000,"bytes":1,"sha256":"00"}
                {"chunkKey":"runs/nasa-1995/chunks/jul95/000007.log","source":"jul95","chunkIndex":7,"firstLine":7001,"lineCount":1000,"bytes":1,"sha256":"00"}

                """u8.ToArray());
        }
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "FAILED", Input(s3.Endpoint), "ChunksFailed");

        var (statusExit, status, statusError) = await CliRunner.RunAsync("status", execution.Arn, "--endpoint-url", cloud.Endpoint, "-o", "json");
        var (rerunExit, _, rerunError) = await CliRunner.RunAsync("rerun-failed", execution.Arn, "--endpoint-url", cloud.Endpoint);

        Assert.True(statusExit == ExitCodes.Failed, statusError);
        var json = JsonNode.Parse(status)!;
        Assert.Equal(9_990, json["documents"]!["indexed"]!.GetValue<long>());
        Assert.Equal((8L, 2L, 10L), (json["chunks"]!["done"]!.GetValue<long>(), json["chunks"]!["failed"]!.GetValue<long>(), json["chunks"]!["total"]!.GetValue<long>()));
        Assert.Equal($"s3://{Bucket}/runs/nasa-1995/failed-chunks.jsonl", json["failedChunks"]!.GetValue<string>());

        Assert.True(rerunExit == 0, rerunError);
        Assert.Contains("re-running 2 failed chunk(s)", rerunError);
        var newInput = JsonNode.Parse(Assert.Single(cloud.CallsOf("StartExecution")).Body!["input"]!.GetValue<string>())!;
        Assert.Equal("nasa-1995-rerun-1", newInput["runId"]!.GetValue<string>());
        Assert.Equal("runs/nasa-1995/failed-chunks.jsonl", newInput["rerun"]!["failedChunksKey"]!.GetValue<string>());
        Assert.Equal(s3.Endpoint.ToString(), newInput["staging"]!["endpoint"]!.GetValue<string>());
    }
}
