using System.Net;
using System.Text.Json.Nodes;
using Backfill.Aws.Json;
using Backfill.Aws.StepFunctions;
using Backfill.Aws.Tests.Json;

namespace Backfill.Aws.Tests.StepFunctions;

/// <summary>
/// Every Step Functions operation against a local endpoint that checks the JSON 1.0 protocol (POST /, X-Amz-Target,
/// application/x-amz-json-1.0), the body and the SigV4 signature, and answers with AWS-shaped responses.
/// </summary>
public sealed class StepFunctionsClientTests
{
    private const string StateMachine = "arn:aws:states:eu-west-1:123456789012:stateMachine:backfill";
    private const string Execution = "arn:aws:states:eu-west-1:123456789012:execution:backfill:nasa-1995";
    private const string MapRun = "arn:aws:states:eu-west-1:123456789012:mapRun:backfill/SendChunks:0b1c2d3e";

    private static async Task<(FakeAwsEndpoint Server, StepFunctionsClient Client)> StartAsync(Func<AwsCall, AwsReply> respond, List<TimeSpan>? delays = null)
    {
        var server = await FakeAwsEndpoint.StartAsync(respond);
        return (server, new StepFunctionsClient(server.ClientOptions(), FakeAwsEndpoint.RecordingRetry(delays ?? [])));
    }

    private static void AssertJson10(AwsCall call, string operation)
    {
        Assert.Null(call.SignatureProblem);
        Assert.Equal("states", call.SigningService);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/", call.Path);
        Assert.Equal("AWSStepFunctions." + operation, call.Target);
        Assert.Equal("application/x-amz-json-1.0", call.ContentType);
    }

    [Fact]
    public async Task StartExecution_sends_the_input_as_a_string_and_reads_the_arn_and_epoch_date()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json($$"""{"executionArn":"{{Execution}}","startDate":1.720000000123E9}"""));
        await using var _ = server;
        using var __ = client;

        var response = await client.StartExecutionAsync(new StartExecutionRequest(StateMachine, """{"runId":"nasa-1995"}""", "nasa-1995"));

        Assert.Equal(Execution, response.ExecutionArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_720_000_000_123), response.StartDate);
        var call = server.SingleCall();
        AssertJson10(call, "StartExecution");
        Assert.Equal($$"""{"stateMachineArn":"{{StateMachine}}","input":"{\"runId\":\"nasa-1995\"}","name":"nasa-1995"}""", call.BodyText);
    }

    [Fact]
    public async Task DescribeExecution_reads_status_input_error_and_redrive_fields()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json(new JsonObject
        {
            ["executionArn"] = Execution,
            ["stateMachineArn"] = StateMachine,
            ["name"] = "nasa-1995",
            ["status"] = "FAILED",
            ["startDate"] = 1720000000.5,
            ["stopDate"] = 1720000600,
            ["input"] = """{"runId":"nasa-1995"}""",
            ["error"] = "ChunksFailed",
            ["cause"] = "3 chunks failed",
            ["redriveCount"] = 1,
            ["redriveDate"] = 1720000300,
            ["redriveStatus"] = "REDRIVABLE",
            ["inputDetails"] = new JsonObject { ["included"] = true },
        }));
        await using var _ = server;
        using var __ = client;

        var execution = await client.DescribeExecutionAsync(Execution);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("""{"runId":"nasa-1995"}""", execution.Input);
        Assert.Equal(("ChunksFailed", "3 chunks failed"), (execution.Error, execution.Cause));
        Assert.Equal(1, execution.RedriveCount);
        Assert.Equal("REDRIVABLE", execution.RedriveStatus);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1720000600), execution.StopDate);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1720000000500), execution.StartDate);
        var call = server.SingleCall();
        AssertJson10(call, "DescribeExecution");
        Assert.Equal($$"""{"executionArn":"{{Execution}}"}""", call.BodyText);
    }

    [Fact]
    public async Task ListExecutions_sends_only_the_filters_given()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Json($$"""
            {"executions":[{"executionArn":"{{Execution}}","stateMachineArn":"{{StateMachine}}","name":"nasa-1995","status":"RUNNING","startDate":1720000000}],"nextToken":"page-2"}
            """));
        await using var _ = server;
        using var __ = client;

        var page = await client.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = StateMachine, StatusFilter = ExecutionStatus.Running, MaxResults = 50 });

        var item = Assert.Single(page.Executions);
        Assert.Equal((Execution, "RUNNING"), (item.ExecutionArn, item.Status));
        Assert.Equal("page-2", page.NextToken);
        var call = server.SingleCall();
        AssertJson10(call, "ListExecutions");
        Assert.Equal($$"""{"stateMachineArn":"{{StateMachine}}","statusFilter":"RUNNING","maxResults":50}""", call.BodyText);
    }

    [Fact]
    public async Task GetAllExecutionHistory_follows_next_tokens_and_keeps_event_details()
    {
        var (server, client) = await StartAsync(call => call.Json["nextToken"]?.GetValue<string>() switch
        {
            null => AwsReply.Json("""{"events":[{"timestamp":1720000000,"type":"ExecutionStarted","id":1,"executionStartedEventDetails":{"input":"{}"}}],"nextToken":"t2"}"""),
            "t2" => AwsReply.Json("""{"events":[{"timestamp":1720000001,"type":"MapRunStarted","id":2,"previousEventId":1,"mapRunStartedEventDetails":{"mapRunArn":"m"}}],"nextToken":"t3"}"""),
            "t3" => AwsReply.Json("""{"events":[{"timestamp":1720000002,"type":"ExecutionFailed","id":3,"previousEventId":2,"executionFailedEventDetails":{"error":"ChunksFailed","cause":"2 chunks"}}]}"""),
            var other => AwsReply.Error(HttpStatusCode.BadRequest, "InvalidToken", "unexpected token " + other),
        });
        await using var _ = server;
        using var __ = client;

        var events = new List<HistoryEvent>();
        await foreach (var e in client.GetAllExecutionHistoryAsync(new GetExecutionHistoryRequest(Execution) { MaxResults = 1, IncludeExecutionData = false }))
            events.Add(e);

        Assert.Equal(["ExecutionStarted", "MapRunStarted", "ExecutionFailed"], events.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Id));
        Assert.Equal(2, events[2].PreviousEventId);
        Assert.Equal(("ChunksFailed", "2 chunks"), (events[2].Error, events[2].Cause));
        Assert.Equal("m", events[1].EventDetails!.Value.GetProperty("mapRunArn").GetString());
        Assert.Equal(3, server.Calls.Count);
        foreach (var call in server.Calls) AssertJson10(call, "GetExecutionHistory");
        Assert.Equal($$"""{"executionArn":"{{Execution}}","maxResults":1,"includeExecutionData":false}""", server.Calls[0].BodyText);
        Assert.Equal($$"""{"executionArn":"{{Execution}}","maxResults":1,"nextToken":"t3","includeExecutionData":false}""", server.Calls[2].BodyText);
    }

    [Fact]
    public async Task RedriveExecution_and_StopExecution_send_their_members()
    {
        var (server, client) = await StartAsync(call => call.Target!.EndsWith("RedriveExecution")
            ? AwsReply.Json("""{"redriveDate":1720000900}""")
            : AwsReply.Json("""{"stopDate":1720000950}"""));
        await using var _ = server;
        using var __ = client;

        var redrive = await client.RedriveExecutionAsync(Execution, "token-1");
        var stop = await client.StopExecutionAsync(new StopExecutionRequest(Execution) { Error = "Operator", Cause = "stopped by hand" });

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1720000900), redrive.RedriveDate);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1720000950), stop.StopDate);
        AssertJson10(server.Calls[0], "RedriveExecution");
        Assert.Equal($$"""{"executionArn":"{{Execution}}","clientToken":"token-1"}""", server.Calls[0].BodyText);
        AssertJson10(server.Calls[1], "StopExecution");
        Assert.Equal($$"""{"executionArn":"{{Execution}}","error":"Operator","cause":"stopped by hand"}""", server.Calls[1].BodyText);
    }

    [Fact]
    public async Task DescribeMapRun_reads_item_and_execution_counts_and_ListAllMapRuns_pages()
    {
        var (server, client) = await StartAsync(call => call.Target switch
        {
            "AWSStepFunctions.DescribeMapRun" => AwsReply.Json($$"""
                {"mapRunArn":"{{MapRun}}","executionArn":"{{Execution}}","status":"FAILED","startDate":1720000000,"stopDate":1720000500,
                 "maxConcurrency":40,"toleratedFailurePercentage":0,"toleratedFailureCount":0,
                 "itemCounts":{"pending":0,"running":0,"succeeded":97,"failed":3,"timedOut":0,"aborted":0,"total":100,"resultsWritten":100,"failuresNotRedrivable":0,"pendingRedrive":0},
                 "executionCounts":{"pending":0,"running":0,"succeeded":97,"failed":3,"timedOut":0,"aborted":0,"total":100,"resultsWritten":100},
                 "redriveCount":0}
                """),
            _ when call.Json["nextToken"] is null => AwsReply.Json($$"""{"mapRuns":[{"executionArn":"{{Execution}}","mapRunArn":"{{MapRun}}","stateMachineArn":"{{StateMachine}}/SendChunks","startDate":1720000000}],"nextToken":"n"}"""),
            _ => AwsReply.Json($$"""{"mapRuns":[{"executionArn":"{{Execution}}","mapRunArn":"{{MapRun}}-2","stateMachineArn":"{{StateMachine}}/Split","startDate":1720000000,"stopDate":1720000100}]}"""),
        });
        await using var _ = server;
        using var __ = client;

        var mapRun = await client.DescribeMapRunAsync(MapRun);
        var all = await client.ListAllMapRunsAsync(Execution);

        Assert.Equal("FAILED", mapRun.Status);
        Assert.Equal((97L, 3L, 100L), (mapRun.ItemCounts.Succeeded, mapRun.ItemCounts.Failed, mapRun.ItemCounts.Total));
        Assert.Equal(100, mapRun.ExecutionCounts.ResultsWritten);
        Assert.Null(mapRun.ExecutionCounts.PendingRedrive);
        Assert.Equal(40, mapRun.MaxConcurrency);
        Assert.Equal([MapRun, MapRun + "-2"], all.Select(m => m.MapRunArn));
        AssertJson10(server.Calls[0], "DescribeMapRun");
        Assert.Equal($$"""{"mapRunArn":"{{MapRun}}"}""", server.Calls[0].BodyText);
        AssertJson10(server.Calls[2], "ListMapRuns");
        Assert.Equal($$"""{"executionArn":"{{Execution}}","nextToken":"n"}""", server.Calls[2].BodyText);
    }

    [Fact]
    public async Task Create_update_and_describe_state_machine()
    {
        var (server, client) = await StartAsync(call => call.Target switch
        {
            "AWSStepFunctions.CreateStateMachine" => AwsReply.Json($$"""{"stateMachineArn":"{{StateMachine}}","creationDate":1720000000}"""),
            "AWSStepFunctions.UpdateStateMachine" => AwsReply.Json("""{"updateDate":1720000100,"revisionId":"r2","stateMachineVersionArn":"arn:v:2"}"""),
            _ => AwsReply.Json($$$"""{"stateMachineArn":"{{{StateMachine}}}","name":"backfill","status":"ACTIVE","definition":"{\"StartAt\":\"A\"}","roleArn":"arn:role","type":"STANDARD","creationDate":1720000000,"loggingConfiguration":{"level":"ERROR","includeExecutionData":false}}"""),
        });
        await using var _ = server;
        using var __ = client;

        var created = await client.CreateStateMachineAsync(new CreateStateMachineRequest("backfill", """{"StartAt":"A"}""", "arn:role")
        {
            Type = "STANDARD",
            LoggingConfiguration = new LoggingConfiguration { Level = "ERROR", IncludeExecutionData = false, Destinations = [new(new("arn:logs"))] },
            Tags = [new("project", "backfill")],
        });
        var updated = await client.UpdateStateMachineAsync(new UpdateStateMachineRequest(StateMachine) { Definition = """{"StartAt":"B"}""", Publish = true });
        var described = await client.DescribeStateMachineAsync(StateMachine);

        Assert.Equal(StateMachine, created.StateMachineArn);
        Assert.Equal(("r2", "arn:v:2"), (updated.RevisionId, updated.StateMachineVersionArn));
        Assert.Equal("""{"StartAt":"A"}""", described.Definition);
        Assert.Equal("ERROR", described.LoggingConfiguration!.Level);
        AssertJson10(server.Calls[0], "CreateStateMachine");
        Assert.Equal("""{"name":"backfill","definition":"{\"StartAt\":\"A\"}","roleArn":"arn:role","type":"STANDARD","loggingConfiguration":{"level":"ERROR","includeExecutionData":false,"destinations":[{"cloudWatchLogsLogGroup":{"logGroupArn":"arn:logs"}}]},"tags":[{"key":"project","value":"backfill"}]}""",
            server.Calls[0].BodyText);
        AssertJson10(server.Calls[1], "UpdateStateMachine");
        Assert.Equal($$"""{"stateMachineArn":"{{StateMachine}}","definition":"{\"StartAt\":\"B\"}","publish":true}""", server.Calls[1].BodyText);
        AssertJson10(server.Calls[2], "DescribeStateMachine");
    }

    [Fact]
    public async Task An_error_response_becomes_a_typed_exception_with_the_code_message_and_request_id()
    {
        var (server, client) = await StartAsync(_ => AwsReply.Error(HttpStatusCode.BadRequest, "ExecutionDoesNotExist", "Execution Does Not Exist: 'arn:…:nope'"));
        await using var _ = server;
        using var __ = client;

        var e = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => client.DescribeExecutionAsync(Execution + "-nope"));

        Assert.Equal("ExecutionDoesNotExist", e.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal(server.SingleCall().RequestId, e.RequestId);
        Assert.Contains("Step Functions DescribeExecution failed with 400 ExecutionDoesNotExist: Execution Does Not Exist", e.Message);
        Assert.IsAssignableFrom<Backfill.Core.Errors.IServiceFailure>(e);
    }

    [Theory]
    [InlineData("ExecutionNotRedrivable", typeof(AwsConflictException))]
    [InlineData("ExecutionAlreadyExists", typeof(AwsConflictException))]
    [InlineData("InvalidExecutionInput", typeof(AwsValidationException))]
    [InlineData("InvalidArn", typeof(AwsValidationException))]
    [InlineData("AccessDeniedException", typeof(AwsAccessDeniedException))]
    [InlineData("SomethingNew", typeof(AwsServiceException))]
    public async Task Client_errors_are_typed_by_code_and_never_retried(string code, Type expected)
    {
        var delays = new List<TimeSpan>();
        var (server, client) = await StartAsync(_ => AwsReply.Error(HttpStatusCode.BadRequest, code, "no"), delays);
        await using var _ = server;
        using var __ = client;

        var e = await Assert.ThrowsAnyAsync<AwsServiceException>(() => client.RedriveExecutionAsync(Execution));

        Assert.Equal(expected, e.GetType());
        Assert.Equal(code, e.ErrorCode);
        Assert.Single(server.Calls);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task Throttling_is_retried_with_growing_backoff_then_succeeds()
    {
        var delays = new List<TimeSpan>();
        var count = 0;
        var (server, client) = await StartAsync(_ => Interlocked.Increment(ref count) <= 2
            ? AwsReply.Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded")
            : AwsReply.Json($$"""{"executionArn":"{{Execution}}","startDate":1720000000}"""), delays);
        await using var _ = server;
        using var __ = client;

        var response = await client.StartExecutionAsync(new StartExecutionRequest(StateMachine, "{}"));

        Assert.Equal(Execution, response.ExecutionArn);
        Assert.Equal(3, server.Calls.Count);
        Assert.All(server.Calls, c => Assert.Null(c.SignatureProblem)); // each attempt is signed afresh
        Assert.Equal(2, delays.Count);
        Assert.True(delays[1] > delays[0], $"backoff should grow: {delays[0]} then {delays[1]}");
    }

    [Fact]
    public async Task Server_errors_are_retried_up_to_the_attempt_limit_then_reported()
    {
        var delays = new List<TimeSpan>();
        var (server, client) = await StartAsync(_ => AwsReply.Error(HttpStatusCode.InternalServerError, "InternalFailure", "try later"), delays);
        await using var _ = server;
        using var __ = client;

        var e = await Assert.ThrowsAsync<AwsThrottlingException>(() => client.DescribeExecutionAsync(Execution));

        Assert.Equal("InternalFailure", e.ErrorCode);
        Assert.Equal(4, server.Calls.Count); // RecordingRetry: 4 attempts
        Assert.Equal(3, delays.Count);
    }

    [Fact]
    public async Task A_non_json_gateway_error_is_retried_and_named_by_its_status()
    {
        var (server, client) = await StartAsync(_ => new AwsReply(HttpStatusCode.ServiceUnavailable, "<html><body>503 Service Unavailable</body></html>"u8.ToArray(), "text/html"));
        await using var _ = server;
        using var __ = client;

        var e = await Assert.ThrowsAsync<AwsThrottlingException>(() => client.DescribeExecutionAsync(Execution));

        Assert.Equal("ServiceUnavailable", e.ErrorCode);
        Assert.Contains("503 Service Unavailable", e.Message);
        Assert.Equal(4, server.Calls.Count);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_as_unreachable()
    {
        var delays = new List<TimeSpan>();
        var port = Backfill.Tests.Shared.FreePort.Next(); // nothing listens there
        using var client = new StepFunctionsClient(new AwsClientOptions
        {
            EndpointUrl = new Uri($"http://127.0.0.1:{port}/"),
            Region = "eu-west-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("AKID", "secret"),
        }, FakeAwsEndpoint.RecordingRetry(delays, maxAttempts: 2));

        var e = await Assert.ThrowsAsync<AwsUnreachableException>(() => client.DescribeExecutionAsync(Execution));

        Assert.Contains($"Step Functions DescribeExecution: could not get a response from http://127.0.0.1:{port} after 2 attempt(s)", e.Message);
        Assert.Single(delays);
        Assert.DoesNotContain("secret", e.Message);
    }
}
