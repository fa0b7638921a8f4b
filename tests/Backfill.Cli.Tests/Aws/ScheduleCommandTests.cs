using System.Text.Json.Nodes;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Aws;

public sealed class ScheduleCommandTests
{
    private static readonly string Machine = FakeAwsCloud.StateMachineArn("prod-backfill");
    private const string Role = "arn:aws:iam::123456789012:role/prod-SchedulerRole";
    private const string Queue = "arn:aws:sqs:eu-west-1:123456789012:prod-ReplayDeadLetterQueue";

    private static string[] Create(FakeAwsCloud cloud, string input, params string[] more) =>
    [
        "schedule", "create", "--name", "nightly", "--state-machine", Machine, "--input", input, "--role-arn", Role,
        "--endpoint-url", cloud.Endpoint, .. more,
    ];

    [Fact]
    public async Task Create_sends_expression_window_retry_policy_dead_letter_queue_and_the_input()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("schedule");
        var input = AwsInputs.Write(dir, AwsInputs.ForAws);

        var (exit, stdout, stderr) = await CliRunner.RunAsync(Create(cloud, input, "--cron", "0 3 * * ? *", "--timezone", "Europe/Paris",
            "--flexible-window", "30", "--retry-attempts", "5", "--max-event-age", "7200", "--dead-letter-arn", Queue, "--group", "backfill"));

        Assert.True(exit == 0, stderr);
        Assert.Equal("arn:aws:scheduler:eu-west-1:123456789012:schedule/backfill/nightly\n", stdout.Replace("\r", ""));
        var body = Assert.Single(cloud.CallsOf("CreateSchedule")).Body!;
        Assert.Equal("cron(0 3 * * ? *)", body["ScheduleExpression"]!.GetValue<string>());
        Assert.Equal("Europe/Paris", body["ScheduleExpressionTimezone"]!.GetValue<string>());
        Assert.Equal("""{"Mode":"FLEXIBLE","MaximumWindowInMinutes":30}""", body["FlexibleTimeWindow"]!.ToJsonString());
        Assert.Equal(Machine, body["Target"]!["Arn"]!.GetValue<string>());
        Assert.Equal(Role, body["Target"]!["RoleArn"]!.GetValue<string>());
        Assert.Equal(AwsInputs.ForAws, body["Target"]!["Input"]!.GetValue<string>());
        Assert.Equal("""{"MaximumEventAgeInSeconds":7200,"MaximumRetryAttempts":5}""", body["Target"]!["RetryPolicy"]!.ToJsonString());
        Assert.Equal(Queue, body["Target"]!["DeadLetterConfig"]!["Arn"]!.GetValue<string>());
        Assert.Equal("ENABLED", body["State"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("1 days", "rate(1 day)")]
    [InlineData("12 hour", "rate(12 hours)")]
    [InlineData("rate(7 days)", "rate(7 days)")]
    public async Task Rates_are_normalised_to_schedulers_singular_and_plural(string rate, string expected)
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("schedule");

        var (exit, _, stderr) = await CliRunner.RunAsync(Create(cloud, AwsInputs.Write(dir, AwsInputs.ForAws), "--rate", rate));

        Assert.True(exit == 0, stderr);
        var body = Assert.Single(cloud.CallsOf("CreateSchedule")).Body!;
        Assert.Equal(expected, body["ScheduleExpression"]!.GetValue<string>());
        Assert.Equal("""{"Mode":"OFF"}""", body["FlexibleTimeWindow"]!.ToJsonString());
    }

    [Theory]
    [InlineData(new[] { "--cron", "0 3 * * *" }, "expected 6 fields")]
    [InlineData(new[] { "--cron", "0 3 * * * *" }, "exactly one of day-of-month")]
    [InlineData(new[] { "--rate", "every day" }, "expected \"N minutes|hours|days\"")]
    [InlineData(new string[0], "give --cron or --rate")]
    [InlineData(new[] { "--cron", "0 3 * * ? *", "--rate", "1 day" }, "either --cron or --rate, not both")]
    [InlineData(new[] { "--rate", "1 day", "--flexible-window", "2000" }, "--flexible-window 2000: expected 0 to 1440")]
    [InlineData(new[] { "--rate", "1 day", "--dead-letter-arn", "arn:aws:sns:eu-west-1:1:topic" }, "is not a sqs ARN")]
    public async Task Bad_schedules_are_refused_before_any_call(string[] options, string message)
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("schedule");

        var (exit, _, stderr) = await CliRunner.RunAsync(Create(cloud, AwsInputs.Write(dir, AwsInputs.ForAws), options));

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains(message, stderr);
        Assert.Empty(cloud.Calls);
    }

    [Fact]
    public async Task An_existing_name_is_refused_unless_replace_is_given()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("schedule");
        var input = AwsInputs.Write(dir, AwsInputs.ForAws);
        Assert.Equal(0, (await CliRunner.RunAsync(Create(cloud, input, "--rate", "1 day"))).Exit);

        var (again, _, stderr) = await CliRunner.RunAsync(Create(cloud, input, "--rate", "2 days"));
        var (replaced, _, _) = await CliRunner.RunAsync(Create(cloud, input, "--rate", "2 days", "--replace", "--disabled"));

        Assert.Equal(ExitCodes.UsageError, again);
        Assert.Contains("schedule \"nightly\" already exists (pass --replace to update it)", stderr);
        Assert.Equal(0, replaced);
        var update = Assert.Single(cloud.CallsOf("UpdateSchedule")).Body!;
        Assert.Equal("rate(2 days)", update["ScheduleExpression"]!.GetValue<string>());
        Assert.Equal("DISABLED", cloud.Schedules["default/nightly"]["State"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_and_delete()
    {
        await using var cloud = await FakeAwsCloud.StartAsync();
        using var dir = new TempDirectory("schedule");
        var input = AwsInputs.Write(dir, AwsInputs.ForAws);
        Assert.Equal(0, (await CliRunner.RunAsync(Create(cloud, input, "--rate", "1 day"))).Exit);

        var (listExit, table, _) = await CliRunner.RunAsync("schedule", "list", "--endpoint-url", cloud.Endpoint, "--region", "eu-west-1");
        var (jsonExit, json, _) = await CliRunner.RunAsync("schedule", "list", "--endpoint-url", cloud.Endpoint, "--region", "eu-west-1", "--prefix", "night", "-o", "json");
        var (deleteExit, deleted, _) = await CliRunner.RunAsync("schedule", "delete", "--name", "nightly", "--endpoint-url", cloud.Endpoint, "--region", "eu-west-1");
        var (againExit, _, againError) = await CliRunner.RunAsync("schedule", "delete", "--name", "nightly", "--endpoint-url", cloud.Endpoint, "--region", "eu-west-1");

        Assert.Equal((0, 0, 0), (listExit, jsonExit, deleteExit));
        var lines = table.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAME", lines[0]);
        Assert.Matches(@"^nightly\s+default\s+ENABLED\s+2024-07-03 \d\d:\d\dZ\s+" + System.Text.RegularExpressions.Regex.Escape(Machine) + "$", lines[1]);
        Assert.Equal("nightly", JsonNode.Parse(json)![0]!["name"]!.GetValue<string>());
        Assert.Equal("NamePrefix=night", cloud.CallsOf("ListSchedules")[1].Query.TrimStart('?'));
        Assert.Contains("deleted schedule nightly", deleted);
        Assert.Empty(cloud.Schedules);
        Assert.Equal(ExitCodes.ServiceError, againExit);
        Assert.Contains("DeleteSchedule failed with 404 ResourceNotFoundException", againError);
    }
}
