using System.Net;
using Backfill.Aws.Json;
using Backfill.Aws.Scheduler;
using Backfill.Aws.Tests.Json;

namespace Backfill.Aws.Tests.Scheduler;

/// <summary>Every EventBridge Scheduler operation against a local endpoint that checks REST-JSON paths, queries, bodies and signatures.</summary>
public sealed class SchedulerClientTests
{
    private const string StateMachine = "arn:aws:states:eu-west-1:123456789012:stateMachine:backfill";
    private const string ScheduleArn = "arn:aws:scheduler:eu-west-1:123456789012:schedule/backfill/nightly-replay";

    private static async Task<(FakeAwsEndpoint Server, SchedulerClient Client)> StartAsync(Func<AwsCall, AwsReply> respond)
    {
        var server = await FakeAwsEndpoint.StartAsync(respond);
        return (server, new SchedulerClient(server.ClientOptions(), FakeAwsEndpoint.RecordingRetry([])));
    }

    private static void AssertRest(AwsCall call, string method, string path)
    {
        Assert.Null(call.SignatureProblem);
        Assert.Equal("scheduler", call.SigningService);
        Assert.Equal(method, call.Method);
        Assert.Equal(path, call.Path);
    }

    private static ScheduleDefinition Nightly => new("nightly-replay", "cron(0 3 * * ? *)", new FlexibleTimeWindow(FlexibleTimeWindowMode.Flexible, 30),
        new ScheduleTarget(StateMachine, "arn:aws:iam::123456789012:role/scheduler", """{"runId":"nasa-1995"}""")
        {
            RetryPolicy = new TargetRetryPolicy(3600, 5),
            DeadLetterConfig = new DeadLetterConfig("arn:aws:sqs:eu-west-1:123456789012:replay-dlq"),
        })
    {
        GroupName = "backfill",
        ScheduleExpressionTimezone = "Europe/Paris",
        State = ScheduleState.Enabled,
    };

    [Fact]
    public async Task CreateSchedule_posts_everything_but_the_name_in_the_body()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json($$"""{"ScheduleArn":"{{ScheduleArn}}"}""", contentType: "application/json"));
        await using var _ = server;
        using var __ = client;

        var created = await client.CreateScheduleAsync(Nightly);

        Assert.Equal(ScheduleArn, created.ScheduleArn);
        var call = server.SingleCall();
        AssertRest(call, "POST", "/schedules/nightly-replay");
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal($$$"""{"ScheduleExpression":"cron(0 3 * * ? *)","FlexibleTimeWindow":{"Mode":"FLEXIBLE","MaximumWindowInMinutes":30},"Target":{"Arn":"{{{StateMachine}}}","RoleArn":"arn:aws:iam::123456789012:role/scheduler","Input":"{\"runId\":\"nasa-1995\"}","RetryPolicy":{"MaximumEventAgeInSeconds":3600,"MaximumRetryAttempts":5},"DeadLetterConfig":{"Arn":"arn:aws:sqs:eu-west-1:123456789012:replay-dlq"}},"GroupName":"backfill","ScheduleExpressionTimezone":"Europe/Paris","State":"ENABLED"}""",
            call.BodyText);
    }

    [Fact]
    public async Task UpdateSchedule_puts_the_whole_definition()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json($$"""{"ScheduleArn":"{{ScheduleArn}}"}""", contentType: "application/json"));
        await using var _ = server;
        using var __ = client;

        await client.UpdateScheduleAsync(Nightly with { ScheduleExpression = "rate(1 day)", FlexibleTimeWindow = FlexibleTimeWindow.Off, State = ScheduleState.Disabled });

        var call = server.SingleCall();
        AssertRest(call, "PUT", "/schedules/nightly-replay");
        Assert.Equal("rate(1 day)", call.Json["ScheduleExpression"]!.GetValue<string>());
        Assert.Equal("""{"Mode":"OFF"}""", call.Json["FlexibleTimeWindow"]!.ToJsonString());
        Assert.Equal("DISABLED", call.Json["State"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetSchedule_sends_the_group_as_groupName_and_reads_the_target()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json($$$"""
            {"Arn":"{{{ScheduleArn}}}","Name":"nightly-replay","GroupName":"backfill","ScheduleExpression":"cron(0 3 * * ? *)","State":"ENABLED",
             "FlexibleTimeWindow":{"Mode":"FLEXIBLE","MaximumWindowInMinutes":30},
             "Target":{"Arn":"{{{StateMachine}}}","RoleArn":"arn:role","Input":"{}","RetryPolicy":{"MaximumEventAgeInSeconds":3600,"MaximumRetryAttempts":5}},
             "CreationDate":1720000000.25,"LastModificationDate":1720000100}
            """, contentType: "application/json"));
        await using var _ = server;
        using var __ = client;

        var schedule = await client.GetScheduleAsync("nightly-replay", "backfill");

        Assert.Equal("cron(0 3 * * ? *)", schedule.ScheduleExpression);
        Assert.Equal(StateMachine, schedule.Target!.Arn);
        Assert.Equal(5, schedule.Target.RetryPolicy!.MaximumRetryAttempts);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1720000000250), schedule.CreationDate);
        var call = server.SingleCall();
        AssertRest(call, "GET", "/schedules/nightly-replay");
        Assert.Equal("groupName=backfill", call.Query);
    }

    [Fact]
    public async Task DeleteSchedule_sends_client_token_and_group_in_the_query()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json("{}", contentType: "application/json"));
        await using var _ = server;
        using var __ = client;

        await client.DeleteScheduleAsync("nightly-replay", "backfill", "tok-1");

        var call = server.SingleCall();
        AssertRest(call, "DELETE", "/schedules/nightly-replay");
        Assert.Equal("clientToken=tok-1&groupName=backfill", call.Query);
        Assert.Empty(call.Body);
    }

    [Fact]
    public async Task ListAllSchedules_pages_with_NextToken_and_sends_the_group_as_ScheduleGroup()
    {
        var (server, client) = await StartAsync(call => call.QueryPairs.ContainsKey("NextToken")
            ? AwsReply.Json("""{"Schedules":[{"Arn":"a2","Name":"two","GroupName":"backfill","State":"DISABLED","Target":{"Arn":"t"}}]}""", contentType: "application/json")
            : AwsReply.Json("""{"Schedules":[{"Arn":"a1","Name":"one","GroupName":"backfill","State":"ENABLED","CreationDate":1720000000,"Target":{"Arn":"t"}}],"NextToken":"n/2+"}""", contentType: "application/json"));
        await using var _ = server;
        using var __ = client;

        var all = await client.ListAllSchedulesAsync(new ListSchedulesRequest { GroupName = "backfill", NamePrefix = "nightly" });

        Assert.Equal(["one", "two"], all.Select(s => s.Name));
        Assert.Equal(["ENABLED", "DISABLED"], all.Select(s => s.State));
        AssertRest(server.Calls[0], "GET", "/schedules");
        Assert.Equal("NamePrefix=nightly&ScheduleGroup=backfill", server.Calls[0].Query);
        Assert.Equal("NamePrefix=nightly&NextToken=n%2F2%2B&ScheduleGroup=backfill", server.Calls[1].Query);
        Assert.Null(server.Calls[1].SignatureProblem);
    }

    [Fact]
    public async Task A_conflict_on_create_is_typed()
    {
        var (server, client) = await StartAsync(_ => AwsReply.RestError(HttpStatusCode.Conflict, "ConflictException", "Schedule nightly-replay already exists."));
        await using var _ = server;
        using var __ = client;

        var e = await Assert.ThrowsAsync<AwsConflictException>(() => client.CreateScheduleAsync(Nightly));

        Assert.Equal("ConflictException", e.ErrorCode);
        Assert.Contains("EventBridge Scheduler CreateSchedule failed with 409 ConflictException: Schedule nightly-replay already exists.", e.Message);
    }
}
