using System.Text.Json.Nodes;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Aws;

public sealed class StartCommandTests
{
    private static readonly string Machine = FakeAwsCloud.StateMachineArn("prod-backfill");

    [Fact]
    public async Task Start_sends_the_input_file_and_prints_the_execution_arn()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        cloud.StateMachines[Machine] = "{}";
        using var dir = new TempDirectory("start");
        var input = AwsInputs.Write(dir, AwsInputs.ForAws);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("start", "--input", input, "--state-machine", Machine, "--name", "nasa-1995-a", "--endpoint-url", cloud.Endpoint);

        Assert.True(exit == 0, stderr);
        var arn = Machine.Replace(":stateMachine:", ":execution:") + ":nasa-1995-a";
        Assert.Equal(arn + "\n", stdout.Replace("\r", ""));
        var call = Assert.Single(cloud.CallsOf("StartExecution"));
        Assert.Equal(AwsInputs.ForAws, call.Body!["input"]!.GetValue<string>());
        Assert.Equal("nasa-1995-a", call.Body["name"]!.GetValue<string>());
        Assert.Equal(Machine, call.Body["stateMachineArn"]!.GetValue<string>());
        Assert.Equal(AwsInputs.ForAws, cloud.Executions[arn].Input);
    }

    [Fact]
    public async Task Json_output_has_the_arn_and_start_date()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        cloud.StateMachines[Machine] = "{}";
        using var dir = new TempDirectory("start");

        var (exit, stdout, _) = await CliRunner.RunAsync("start", "-i", AwsInputs.Write(dir, AwsInputs.ForAws), "--state-machine", Machine, "--endpoint-url", cloud.Endpoint, "--output", "json");

        Assert.Equal(0, exit);
        var json = JsonNode.Parse(stdout)!;
        Assert.StartsWith(Machine.Replace(":stateMachine:", ":execution:") + ":", json["executionArn"]!.GetValue<string>());
        Assert.NotNull(json["startDate"]);
    }

    [Fact]
    public async Task An_input_that_only_works_locally_is_refused_before_any_call()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        cloud.StateMachines[Machine] = "{}";
        using var dir = new TempDirectory("start");
        var input = AwsInputs.Write(dir, """
            { "runId": "local", "sources": [ { "name": "a", "url": "data/a.log.gz" } ],
              "staging": { "root": "/tmp/store" }, "opensearch": { "endpoint": "embedded" } }
            """);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("start", "--input", input, "--state-machine", Machine, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Empty(stdout);
        Assert.Contains("is not a valid execution input (3 problems)", stderr);
        Assert.Contains("$.staging: a local directory (root \"/tmp/store\") cannot be reached from Lambda", stderr);
        Assert.Contains("$.opensearch.endpoint: \"embedded\" only exists in a local run", stderr);
        Assert.Contains("$.sources[0].url: \"data/a.log.gz\" is a local file", stderr);
        Assert.Empty(cloud.Calls);
    }

    [Fact]
    public async Task Schema_errors_name_the_field_and_nothing_is_sent()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("start");
        var input = AwsInputs.Write(dir, AwsInputs.ForAws.Replace("\"runId\"", "\"runID\""));

        var (exit, _, stderr) = await CliRunner.RunAsync("start", "--input", input, "--state-machine", Machine, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("$.runID: unknown field", stderr);
        Assert.Empty(cloud.Calls);
    }

    [Fact]
    public async Task Dry_run_validates_without_calling_aws()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("start");

        var (exit, stdout, _) = await CliRunner.RunAsync("start", "--input", AwsInputs.Write(dir, AwsInputs.ForAws), "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("valid for AWS (runId nasa-1995, 1 source(s), staging s3://backfill-staging/runs/)", stdout);
        Assert.Empty(cloud.Calls);
    }

    [Theory]
    [InlineData("--name", "has space", "--name \"has space\" contains whitespace")]
    [InlineData("--state-machine", "arn:aws:lambda:eu-west-1:1:function:f", "is not a states stateMachine ARN")]
    public async Task Bad_names_and_arns_are_usage_errors(string option, string value, string message)
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("start");
        var args = new List<string> { "start", "--input", AwsInputs.Write(dir, AwsInputs.ForAws), "--endpoint-url", cloud.Endpoint };
        if (option != "--state-machine") args.AddRange(["--state-machine", Machine]);
        args.AddRange([option, value]);

        var (exit, _, stderr) = await CliRunner.RunAsync(args.ToArray());

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains(message, stderr);
        Assert.Empty(cloud.Calls);
    }

    [Fact]
    public async Task A_state_machine_that_does_not_exist_is_a_service_error_with_the_aws_code()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("start");

        var (exit, _, stderr) = await CliRunner.RunAsync("start", "--input", AwsInputs.Write(dir, AwsInputs.ForAws), "--state-machine", Machine, "--endpoint-url", cloud.Endpoint);

        Assert.Equal(ExitCodes.ServiceError, exit);
        Assert.Contains("Step Functions StartExecution failed with 400 StateMachineDoesNotExist", stderr);
        Assert.DoesNotContain(AwsTestEnvironment.SecretKey, stderr);
    }

    [Fact]
    public async Task A_missing_input_file_says_so()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("start", "--input", "/nonexistent/input.json", "--state-machine", Machine);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--input /nonexistent/input.json: file not found", stderr);
    }
}
