using System.Text.Json.Nodes;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Aws;

public sealed class StatusCommandTests
{
    [Fact]
    public async Task A_failed_execution_shows_chunks_documents_dead_letters_and_redrive_and_exits_1()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var staging = new TempDirectory("status");
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "FAILED", AwsInputs.WithLocalStaging(staging.Path), "ChunksFailed", "3 of 100 chunks failed");
        execution.RedriveStatus = "REDRIVABLE";
        cloud.AddMapRun(execution, "SendChunks", "SUCCEEDED", succeeded: 95, failed: 5, running: 0, pending: 0, total: 100);
        cloud.AddMapRun(execution, "ResendFailedChunks", "FAILED", succeeded: 2, failed: 3, running: 0, pending: 0, total: 5);
        AwsInputs.WriteReport(staging.Path, "nasa-1995", chunks: 100, failed: 3, indexed: 1_891_700, deadLettered: 14);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("status", execution.Arn, "--endpoint-url", cloud.Endpoint);

        Assert.True(exit == ExitCodes.Failed, stderr);
        var text = Squash(stdout);
        Assert.Contains("Status FAILED", text);
        Assert.Contains("Error ChunksFailed: 3 of 100 chunks failed", text);
        Assert.Contains("Redrive REDRIVABLE", text);
        Assert.Contains("Map run SendChunks SUCCEEDED: 95 succeeded, 5 failed, 0 in progress, 100 items", text);
        Assert.Contains("Map run ResendFailedChunks FAILED: 2 succeeded, 3 failed, 0 in progress, 5 items", text);
        Assert.Contains("Chunks 97 done, 3 failed, 100 total", text);
        Assert.Contains("Indexed 1,891,700", text);
        Assert.Contains("Dead letters 14", text);
        Assert.Contains($"backfill rerun-failed {execution.Arn}", stdout);
        Assert.Equal(["DescribeExecution", "ListMapRuns", "DescribeMapRun", "DescribeMapRun"], cloud.Calls.Select(c => c.Operation));
    }

    [Fact]
    public async Task A_running_execution_without_a_report_shows_live_map_run_counts()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var staging = new TempDirectory("status");
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "RUNNING", AwsInputs.WithLocalStaging(staging.Path));
        cloud.AddMapRun(execution, "SendChunks", "RUNNING", succeeded: 40, failed: 1, running: 8, pending: 51, total: 100);

        var (exit, stdout, _) = await CliRunner.RunAsync("status", execution.Arn, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(0, exit);
        var text = Squash(stdout);
        Assert.Contains("Chunks 40 done, 1 failed, 59 in progress, 100 total", text);
        Assert.Contains("not yet reported (Summarize writes report.json)", text);
        Assert.DoesNotContain("Stopped", stdout);
    }

    /// <summary>The table pads labels to the widest one; compare with single spaces.</summary>
    private static string Squash(string text) => System.Text.RegularExpressions.Regex.Replace(text, " {2,}", " ");

    [Fact]
    public async Task Json_output_carries_the_same_figures()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var staging = new TempDirectory("status");
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "SUCCEEDED", AwsInputs.WithLocalStaging(staging.Path));
        cloud.AddMapRun(execution, "SendChunks", "SUCCEEDED", succeeded: 100, failed: 0, running: 0, pending: 0, total: 100);
        AwsInputs.WriteReport(staging.Path, "nasa-1995", chunks: 100, failed: 0, indexed: 1_891_714, deadLettered: 0);

        var (exit, stdout, _) = await CliRunner.RunAsync("status", execution.Arn, "--endpoint-url", cloud.Endpoint, "-o", "json");

        Assert.Equal(0, exit);
        var json = JsonNode.Parse(stdout)!;
        Assert.Equal("SUCCEEDED", json["status"]!.GetValue<string>());
        Assert.Equal(100, json["chunks"]!["done"]!.GetValue<long>());
        Assert.Equal(0, json["chunks"]!["failed"]!.GetValue<long>());
        Assert.Equal(1_891_714, json["documents"]!["indexed"]!.GetValue<long>());
        Assert.Equal("SendChunks", json["mapRuns"]![0]!["label"]!.GetValue<string>());
        Assert.Null(json["failedChunks"]);
    }

    [Fact]
    public async Task An_unknown_execution_is_a_service_error()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        var arn = "arn:aws:states:eu-west-1:123456789012:execution:prod-backfill:nope";

        var (exit, _, stderr) = await CliRunner.RunAsync("status", arn, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(ExitCodes.ServiceError, exit);
        Assert.Contains("DescribeExecution failed with 400 ExecutionDoesNotExist", stderr);
    }

    [Fact]
    public async Task Something_that_is_not_an_execution_arn_is_a_usage_error()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("status", "arn:aws:states:eu-west-1:123456789012:stateMachine:prod-backfill");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("is not a states execution ARN", stderr);
    }
}
