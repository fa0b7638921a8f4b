using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Tests.Asl.Execution;

public sealed class TaskTests
{
    private sealed class SourceCorruptException(string message) : Exception(message);

    [Fact]
    public async Task Lambda_invoke_passes_Payload_and_wraps_the_result_like_AWS()
    {
        var kit = new AslTestKit();
        JsonNode? received = null;
        kit.Handlers.Register("Split", input =>
        {
            received = input;
            return JsonValues.Parse("""{"chunks":3}""");
        });
        var result = await kit.RunAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
              "Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:Split:$LATEST","Payload":{"url.$":"$.url","fixed":1}},
              "ResultSelector":{"chunks.$":"$.Payload.chunks","status.$":"$.StatusCode"},"ResultPath":"$.split","End":true}}}
            """, """{"url":"ftp://x"}""");
        AslTestKit.AssertSucceeded(result);
        AslTestKit.AssertJson("""{"url":"ftp://x","fixed":1}""", received);
        AslTestKit.AssertJson("""{"url":"ftp://x","split":{"chunks":3,"status":200}}""", result.Output);
    }

    [Fact]
    public async Task Lambda_invoke_output_has_the_Invoke_response_fields()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("F", _ => JsonValues.Parse("[1]"));
        var result = await kit.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"F"},"End":true}}}""");
        var output = result.Output!.AsObject();
        Assert.Equal(["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"], output.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("$LATEST", output["ExecutedVersion"]!.GetValue<string>());
        Assert.Equal(200, output["StatusCode"]!.GetValue<int>());
        Assert.Equal(200, output["SdkHttpMetadata"]!["HttpStatusCode"]!.GetValue<int>());
        Assert.Equal(output["SdkResponseMetadata"]!["RequestId"]!.GetValue<string>(), output["SdkHttpMetadata"]!["HttpHeaders"]!["x-amzn-RequestId"]!.GetValue<string>());
        AslTestKit.AssertJson("[1]", output["Payload"]);
    }

    [Fact]
    public async Task A_function_ARN_resource_gets_the_input_and_returns_the_bare_result()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("arn:aws:lambda:us-east-1:123456789012:function:Echo", input => input);
        var result = await kit.RunAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:Echo","Parameters":{"x.$":"$.a"},"End":true}}}
            """, """{"a":5}""");
        AslTestKit.AssertJson("""{"x":5}""", result.Output);
        Assert.Contains(kit.History.Events, e => e.Type == "LambdaFunctionSucceeded");
        Assert.DoesNotContain(kit.History.Events, e => e.Type == "TaskSucceeded");
    }

    [Fact]
    public async Task A_handler_exception_becomes_an_error_named_by_its_type_with_a_Lambda_shaped_cause()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("F", (_, _, _) => throw new SourceCorruptException("bad gzip trailer in Jul95.gz"));
        var result = await kit.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"F"},"End":true}}}""");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("SourceCorruptException", result.Error);
        var cause = JsonValues.Parse(result.Cause!)!.AsObject();
        Assert.Equal("SourceCorruptException", cause["errorType"]!.GetValue<string>());
        Assert.Equal("bad gzip trailer in Jul95.gz", cause["errorMessage"]!.GetValue<string>());
        Assert.IsType<JsonArray>(cause["stackTrace"]);
        var failed = Assert.Single(kit.History.OfType("TaskFailed"));
        Assert.Equal("SourceCorruptException", failed.Detail("error"));
        Assert.Equal("lambda", failed.Detail("resourceType"));
    }

    [Fact]
    public async Task A_handler_can_name_its_error_explicitly()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("F", (_, _, _) => throw new AslTaskException("ChunksFailed", "3 chunks failed"));
        var result = await kit.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"F"},"End":true}}}""");
        Assert.Equal(("ChunksFailed", "3 chunks failed"), (result.Error, result.Cause));
    }

    [Fact]
    public async Task Unknown_resources_are_refused_before_the_execution_starts()
    {
        var engine = new AslTestKit().Engine();
        var machine = StateMachine.Parse("""
            {"StartAt":"A","States":{
              "A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"Missing"},"Next":"B"},
              "B":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}}
            """);
        var error = await Assert.ThrowsAsync<AslUnknownResourceException>(() => engine.StartExecutionAsync(machine, null));
        Assert.Contains("state 'A'", error.Message);
        Assert.Contains("'Missing'", error.Message);
        Assert.Contains("state 'B'", error.Message);
        Assert.Contains("arn:aws:states:::sqs:sendMessage", error.Message);
    }

    [Fact]
    public async Task A_dynamic_unknown_function_fails_like_Lambda_ResourceNotFound()
    {
        var kit = new AslTestKit();
        var result = await kit.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.fn"},"End":true}}}""", """{"fn":"Nope"}""");
        Assert.Equal("Lambda.ResourceNotFoundException", result.Error);
        Assert.Contains("Nope", result.Cause);
        Assert.Contains("state 'T'", result.Cause);
    }

    [Fact]
    public async Task TimeoutSeconds_cancels_the_handler_and_fails_with_States_Timeout()
    {
        var kit = new AslTestKit();
        var sawCancellation = false;
        kit.Handlers.Register("Slow", async (_, invocation, cancellationToken) =>
        {
            Assert.Equal(kit.Clock.UtcNow.AddSeconds(10), invocation.Deadline);
            try
            {
                // Virtual time moves on 60 s: past the 10 s deadline.
                await invocation.Clock.DelayAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                sawCancellation = true;
                throw;
            }
            return null;
        });
        var result = await kit.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"Slow","TimeoutSeconds":10,"End":true}}}""");
        Assert.Equal(AslErrorNames.Timeout, result.Error);
        Assert.Contains("10", result.Cause);
        Assert.True(sawCancellation);
        Assert.Single(kit.History.OfType("TaskTimedOut"));
    }

    [Fact]
    public async Task TimeoutSecondsPath_reads_the_timeout_from_the_input()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("R", (_, invocation, _) => Task.FromResult<JsonNode?>(JsonValue.Create((invocation.Deadline!.Value - kit.Clock.UtcNow).TotalSeconds)));
        var result = await kit.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"R","TimeoutSecondsPath":"$.t","End":true}}}""", """{"t":42}""");
        AslTestKit.AssertJson("42", result.Output);
    }

    [Fact]
    public async Task A_missing_heartbeat_fails_with_States_HeartbeatTimeout_and_heartbeats_keep_it_alive()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("Beating", async (_, invocation, cancellationToken) =>
        {
            for (var i = 0; i < 5; i++)
            {
                await invocation.Clock.DelayAsync(TimeSpan.FromSeconds(4), cancellationToken);
                invocation.Heartbeat();
            }
            return JsonValue.Create("done");
        });
        kit.Handlers.Register("Silent", async (_, invocation, cancellationToken) =>
        {
            await invocation.Clock.DelayAsync(TimeSpan.FromSeconds(6), CancellationToken.None);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        });
        var ok = await kit.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"Beating","HeartbeatSeconds":5,"End":true}}}""");
        AslTestKit.AssertJson("\"done\"", ok.Output);
        var silent = await kit.RunAsync("""{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"Silent","HeartbeatSeconds":5,"End":true}}}""");
        Assert.Equal(AslErrorNames.HeartbeatTimeout, silent.Error);
    }

    [Fact]
    public async Task Handlers_see_the_execution_and_state_names_and_the_context_object()
    {
        var kit = new AslTestKit();
        TaskInvocation? seen = null;
        kit.Handlers.Register("R", (_, invocation, _) =>
        {
            seen = invocation;
            return Task.FromResult<JsonNode?>(null);
        });
        await kit.RunAsync("""{"StartAt":"Step","States":{"Step":{"Type":"Task","Resource":"R","End":true}}}""");
        Assert.NotNull(seen);
        Assert.Equal("test", seen.ExecutionName);
        Assert.Equal("Step", seen.StateName);
        Assert.EndsWith(":execution:LocalStateMachine:test", seen.ExecutionArn);
        Assert.Equal("Step", seen.Context!["State"]!["Name"]!.GetValue<string>());
    }
}
