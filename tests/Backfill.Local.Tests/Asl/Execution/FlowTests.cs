using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;

namespace Backfill.Local.Tests.Asl.Execution;

/// <summary>Pass, Wait, Succeed, Fail, paths and the context object.</summary>
public sealed class FlowTests
{
    [Fact]
    public async Task Paths_apply_in_AWS_order()
    {
        var result = await new AslTestKit().RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.in","Parameters":{"v.$":"$.value","const":1},
              "ResultPath":"$.in.result","OutputPath":"$.in","End":true}}}
            """, """{"in":{"value":7},"other":true}""");
        AslTestKit.AssertJson("""{"value":7,"result":{"v":7,"const":1}}""", result.Output);
    }

    [Fact]
    public async Task Missing_InputPath_and_OutputPath_are_runtime_errors_quoting_the_path()
    {
        var result = await new AslTestKit().RunAsync(AslTestKit.Single("""{"Type":"Pass","InputPath":"$.nope","End":true}"""));
        Assert.Equal(AslErrorNames.Runtime, result.Error);
        Assert.Equal("An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.nope' : No results for path: $['nope']", result.Cause);
    }

    [Fact]
    public async Task The_context_object_has_execution_state_and_machine_fields()
    {
        var kit = new AslTestKit();
        var result = await kit.RunAsync(AslTestKit.Single("""
            {"Type":"Pass","Parameters":{"id.$":"$$.Execution.Id","name.$":"$$.Execution.Name","input.$":"$$.Execution.Input",
              "start.$":"$$.Execution.StartTime","state.$":"$$.State.Name","entered.$":"$$.State.EnteredTime","retries.$":"$$.State.RetryCount",
              "machine.$":"$$.StateMachine.Name","redrives.$":"$$.Execution.RedriveCount"},"End":true}
            """), """{"a":1}""");
        AslTestKit.AssertJson("""
            {"id":"arn:aws:states:us-east-1:123456789012:execution:LocalStateMachine:test","name":"test","input":{"a":1},
             "start":"2024-01-01T00:00:00.000Z","state":"S","entered":"2024-01-01T00:00:00.000Z","retries":0,"machine":"LocalStateMachine","redrives":0}
            """, result.Output);
    }

    [Fact]
    public async Task Wait_uses_the_clock_for_seconds_timestamps_and_their_paths()
    {
        var kit = new AslTestKit();
        var result = await kit.RunAsync("""
            {"StartAt":"A","States":{
              "A":{"Type":"Wait","Seconds":5,"Next":"B"},
              "B":{"Type":"Wait","SecondsPath":"$.s","Next":"C"},
              "C":{"Type":"Wait","Timestamp":"2024-01-01T00:01:00Z","Next":"D"},
              "D":{"Type":"Wait","TimestampPath":"$.t","Next":"E"},
              "E":{"Type":"Wait","Timestamp":"2023-01-01T00:00:00Z","End":true}}}
            """, """{"s":10,"t":"2024-01-01T00:02:30+00:00"}""");
        AslTestKit.AssertSucceeded(result);
        Assert.Equal([5, 10, 45, 90], kit.Clock.Delays.Select(d => d.TotalSeconds));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 2, 30, TimeSpan.Zero), kit.Clock.UtcNow);
    }

    [Theory]
    [InlineData("""{"s":-1}""")]
    [InlineData("""{"s":"10"}""")]
    [InlineData("""{}""")]
    public async Task A_bad_SecondsPath_is_a_runtime_error(string input)
    {
        var result = await new AslTestKit().RunAsync(AslTestKit.Single("""{"Type":"Wait","SecondsPath":"$.s","End":true}"""), input);
        Assert.Equal(AslErrorNames.Runtime, result.Error);
        Assert.Contains("$.s", result.Cause);
    }

    [Fact]
    public async Task Succeed_ends_with_its_filtered_input()
    {
        var result = await new AslTestKit().RunAsync(AslTestKit.Single("""{"Type":"Succeed","InputPath":"$.a","OutputPath":"$.b"}"""), """{"a":{"b":[1]}}""");
        AslTestKit.AssertJson("[1]", result.Output);
    }

    [Fact]
    public async Task Fail_without_cause_fails_with_just_an_error()
    {
        var result = await new AslTestKit().RunAsync(AslTestKit.Single("""{"Type":"Fail","Error":"ChunksFailed"}"""));
        Assert.Equal((ExecutionStatus.Failed, "ChunksFailed", (string?)null), (result.Status, result.Error, result.Cause));
    }

    [Fact]
    public async Task State_machine_TimeoutSeconds_times_the_execution_out()
    {
        var kit = new AslTestKit();
        var result = await kit.RunAsync("""{"TimeoutSeconds":60,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":120,"Next":"X"},"X":{"Type":"Pass","End":true}}}""");
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal(AslErrorNames.Timeout, result.Error);
        Assert.Single(kit.History.OfType("ExecutionTimedOut"));
    }

    [Fact]
    public async Task Cancelling_aborts_the_execution()
    {
        var kit = new AslTestKit();
        using var cancel = new CancellationTokenSource();
        kit.Handlers.Register("Block", async (_, _, token) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, token);
            return null;
        });
        var result = await kit.RunAsync(AslTestKit.Single("""{"Type":"Task","Resource":"Block","End":true}"""), cancellationToken: cancel.Token);
        Assert.Equal(ExecutionStatus.Aborted, result.Status);
        Assert.Single(kit.History.OfType("ExecutionAborted"));
    }

    [Fact]
    public async Task History_events_carry_AWS_names_ids_and_previous_ids()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("F", input => input);
        await kit.RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Pass","Next":"T"},"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"F"},"End":true}}}
            """);
        var events = kit.History.Events;
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => (long)i), events.Select(e => e.PreviousEventId));
        var entered = events[1].ToJson();
        Assert.Equal("P", entered["stateEnteredEventDetails"]!["name"]!.GetValue<string>());
        Assert.Equal("{}", entered["stateEnteredEventDetails"]!["input"]!.GetValue<string>());
        var scheduled = events[4];
        Assert.Equal("invoke", scheduled.Detail("resource"));
        Assert.Equal("""{"FunctionName":"F"}""", scheduled.Detail("parameters"));
    }
}
