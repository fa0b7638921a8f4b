using System.Text.Json.Nodes;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Aws;

public sealed class RedriveAndRerunTests
{
    [Fact]
    public async Task Redrive_of_an_arn_calls_RedriveExecution()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "FAILED", AwsInputs.ForAws, "ChunksFailed");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("redrive", execution.Arn, "--endpoint-url", cloud.Endpoint);

        Assert.True(exit == 0, stderr);
        Assert.StartsWith($"redriven {execution.Arn} at 2024-07-03", stdout);
        Assert.Equal(("RUNNING", 1), (execution.Status, execution.RedriveCount));
        Assert.Equal(execution.Arn, Assert.Single(cloud.CallsOf("RedriveExecution")).Body!["executionArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_execution_that_cannot_be_redriven_points_to_rerun_failed()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "SUCCEEDED", AwsInputs.ForAws);

        var (exit, _, stderr) = await CliRunner.RunAsync("redrive", execution.Arn, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(ExitCodes.ServiceError, exit);
        Assert.Contains("RedriveExecution failed with 400 ExecutionNotRedrivable", stderr);
        Assert.Contains($"backfill rerun-failed {execution.Arn}", stderr);
    }

    [Fact]
    public async Task Redrive_and_rerun_of_a_non_arn_go_to_the_local_executions_not_to_aws()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        foreach (var command in new[] { "redrive", "rerun-failed" })
        {
            var (exit, _, stderr) = await CliRunner.RunAsync(command, "no-such-local-execution-" + Guid.NewGuid().ToString("N"), "--endpoint-url", cloud.Endpoint);
            Assert.NotEqual(0, exit);
            Assert.DoesNotContain("ARN", stderr);
        }
        Assert.Empty(cloud.Calls);
    }

    [Fact]
    public async Task Rerun_failed_starts_the_same_state_machine_over_the_failed_chunks_under_a_new_run_id()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var staging = new TempDirectory("rerun");
        var input = AwsInputs.WithLocalStaging(staging.Path);
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "FAILED", input, "ChunksFailed");
        AwsInputs.WriteFailedChunks(staging.Path, "nasa-1995", rows: 3);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("rerun-failed", execution.Arn, "--endpoint-url", cloud.Endpoint, "--name", "nasa-1995-rerun");

        Assert.True(exit == 0, stderr);
        var start = Assert.Single(cloud.CallsOf("StartExecution"));
        Assert.Equal(execution.StateMachineArn, start.Body!["stateMachineArn"]!.GetValue<string>());
        Assert.Equal("nasa-1995-rerun", start.Body["name"]!.GetValue<string>());
        var newInput = JsonNode.Parse(start.Body["input"]!.GetValue<string>())!;
        Assert.Equal("nasa-1995-rerun-1", newInput["runId"]!.GetValue<string>());
        Assert.Equal("nasa-1995/failed-chunks.jsonl", newInput["rerun"]!["failedChunksKey"]!.GetValue<string>());
        Assert.Equal("nasa-1995", newInput["rerun"]!["previousRunId"]!.GetValue<string>());
        // Everything else is the original input.
        var original = JsonNode.Parse(input)!.AsObject();
        foreach (var (name, value) in original)
            if (name != "runId") Assert.True(JsonNode.DeepEquals(value, newInput[name]), $"{name} changed");
        Assert.Equal(execution.StateMachineArn.Replace(":stateMachine:", ":execution:") + ":nasa-1995-rerun\n", stdout.Replace("\r", ""));
        Assert.Contains("re-running 3 failed chunk(s)", stderr);
    }

    [Fact]
    public async Task A_rerun_of_a_rerun_takes_the_next_free_run_id()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var staging = new TempDirectory("rerun");
        // nasa-1995-rerun-1 failed again; nasa-1995-rerun-2 was already used by someone's earlier attempt.
        var execution = cloud.AddExecution("prod-backfill", "second", "FAILED", AwsInputs.WithLocalStaging(staging.Path, "nasa-1995-rerun-1"));
        AwsInputs.WriteFailedChunks(staging.Path, "nasa-1995-rerun-1", rows: 1);
        AwsInputs.WriteFailedChunks(staging.Path, "nasa-1995-rerun-2", rows: 1);

        var (exit, _, stderr) = await CliRunner.RunAsync("rerun-failed", execution.Arn, "--endpoint-url", cloud.Endpoint, "-o", "json");

        Assert.True(exit == 0, stderr);
        var newInput = JsonNode.Parse(Assert.Single(cloud.CallsOf("StartExecution")).Body!["input"]!.GetValue<string>())!;
        Assert.Equal("nasa-1995-rerun-3", newInput["runId"]!.GetValue<string>());
        Assert.Equal("nasa-1995-rerun-1/failed-chunks.jsonl", newInput["rerun"]!["failedChunksKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nothing_failed_means_nothing_is_started()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var staging = new TempDirectory("rerun");
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "SUCCEEDED", AwsInputs.WithLocalStaging(staging.Path));
        AwsInputs.WriteFailedChunks(staging.Path, "nasa-1995", rows: 0);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("rerun-failed", execution.Arn, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(0, exit);
        Assert.Empty(stdout);
        Assert.Contains("nothing to re-run", stderr);
        Assert.Empty(cloud.CallsOf("StartExecution"));
    }

    [Fact]
    public async Task Without_a_failed_chunks_list_the_message_says_why_and_what_to_do()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var staging = new TempDirectory("rerun");
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "FAILED", AwsInputs.WithLocalStaging(staging.Path), "States.TaskFailed");

        var (exit, _, stderr) = await CliRunner.RunAsync("rerun-failed", execution.Arn, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("failed-chunks.jsonl does not exist", stderr);
        Assert.Contains("did not get as far as Summarize", stderr);
        Assert.Empty(cloud.CallsOf("StartExecution"));
    }

    [Fact]
    public async Task A_running_execution_cannot_be_rerun_yet()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        var execution = cloud.AddExecution("prod-backfill", "nasa-1995", "RUNNING", AwsInputs.ForAws);

        var (exit, _, stderr) = await CliRunner.RunAsync("rerun-failed", execution.Arn, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("is still RUNNING", stderr);
    }
}
