using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Tests.Asl.Execution;

public sealed class RetryCatchTests
{
    private static AslTestKit FailingTimes(int failures, string error, out Func<int> calls)
    {
        var kit = new AslTestKit();
        var count = 0;
        kit.Handlers.Register("F", (_, _, _) =>
        {
            if (Interlocked.Increment(ref count) <= failures) throw new AslTaskException(error, "attempt " + count);
            return Task.FromResult<JsonNode?>(JsonValue.Create("ok"));
        });
        calls = () => count;
        return kit;
    }

    private static string Task_(string retry, string catcher = "[]") =>
        """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"F","Retry":""" + retry + ""","Catch":""" + catcher + ""","End":true}""" +
        (catcher == "[]" ? "" : ""","Handler":{"Type":"Pass","End":true}""") + "}}";

    [Fact]
    public async Task Delays_grow_by_BackoffRate_and_are_capped_by_MaxDelaySeconds()
    {
        var kit = FailingTimes(5, "Boom", out var calls);
        var result = await kit.RunAsync(Task_("""[{"ErrorEquals":["Boom"],"IntervalSeconds":3,"BackoffRate":2.5,"MaxAttempts":5,"MaxDelaySeconds":40}]"""));
        AslTestKit.AssertSucceeded(result);
        Assert.Equal(6, calls());
        // 3, 7.5, 18.75, 46.875 → 40, 117.1875 → 40
        Assert.Equal([3, 7.5, 18.75, 40, 40], kit.Clock.Delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task Defaults_are_one_second_doubling_three_attempts_then_the_error_propagates()
    {
        var kit = FailingTimes(10, "Boom", out var calls);
        var result = await kit.RunAsync(Task_("""[{"ErrorEquals":["States.ALL"]}]"""));
        Assert.Equal("Boom", result.Error);
        Assert.Equal("attempt 4", result.Cause);
        Assert.Equal(4, calls());
        Assert.Equal([1, 2, 4], kit.Clock.Delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task Full_jitter_stays_between_zero_and_the_computed_delay()
    {
        var kit = FailingTimes(8, "Boom", out _);
        var result = await kit.RunAsync(Task_("""[{"ErrorEquals":["Boom"],"IntervalSeconds":2,"BackoffRate":2,"MaxAttempts":8,"MaxDelaySeconds":100,"JitterStrategy":"FULL"}]"""));
        AslTestKit.AssertSucceeded(result);
        var delays = kit.Clock.Delays.Select(d => d.TotalSeconds).ToList();
        double[] ceilings = [2, 4, 8, 16, 32, 64, 100, 100];
        Assert.Equal(ceilings.Length, delays.Count);
        for (var i = 0; i < delays.Count; i++) Assert.InRange(delays[i], 0, ceilings[i]);
        Assert.Contains(delays.Zip(ceilings), p => p.First < p.Second * 0.999);
    }

    [Fact]
    public void Retrier_delay_formula_with_jitter()
    {
        var retrier = new Retrier { ErrorEquals = ["X"], IntervalSeconds = 1, BackoffRate = 3, MaxDelaySeconds = 20, Jitter = JitterStrategy.Full };
        Assert.Equal(TimeSpan.FromSeconds(0), retrier.DelayFor(0, 0));
        Assert.Equal(TimeSpan.FromSeconds(4.5), retrier.DelayFor(2, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), retrier.DelayFor(5, 0.5));
    }

    [Fact]
    public async Task The_first_matching_retrier_decides_and_an_exhausted_one_does_not_fall_through()
    {
        var kit = FailingTimes(10, "Boom", out var calls);
        var result = await kit.RunAsync(Task_("""[{"ErrorEquals":["Boom"],"MaxAttempts":1},{"ErrorEquals":["States.ALL"],"MaxAttempts":5}]"""));
        Assert.Equal("Boom", result.Error);
        Assert.Equal(2, calls());
    }

    [Fact]
    public async Task MaxAttempts_zero_never_retries()
    {
        var kit = FailingTimes(1, "Boom", out var calls);
        var result = await kit.RunAsync(Task_("""[{"ErrorEquals":["Boom"],"MaxAttempts":0}]"""));
        Assert.Equal("Boom", result.Error);
        Assert.Equal(1, calls());
    }

    [Fact]
    public async Task TaskFailed_matches_everything_but_timeouts()
    {
        var kit = FailingTimes(1, "Anything", out _);
        AslTestKit.AssertSucceeded(await kit.RunAsync(Task_("""[{"ErrorEquals":["States.TaskFailed"]}]""")));
        var timeout = FailingTimes(1, AslErrorNames.Timeout, out _);
        Assert.Equal(AslErrorNames.Timeout, (await timeout.RunAsync(Task_("""[{"ErrorEquals":["States.TaskFailed"]}]"""))).Error);
    }

    [Fact]
    public async Task Catch_puts_the_error_output_at_ResultPath_and_goes_to_Next()
    {
        var kit = FailingTimes(10, "Boom", out _);
        var result = await kit.RunAsync(Task_("[]", """[{"ErrorEquals":["Other"],"Next":"Handler"},{"ErrorEquals":["Boom"],"ResultPath":"$.error","Next":"Handler"}]"""), """{"keep":1}""");
        AslTestKit.AssertSucceeded(result);
        AslTestKit.AssertJson("""{"keep":1,"error":{"Error":"Boom","Cause":"attempt 1"}}""", result.Output);
    }

    [Fact]
    public async Task Catch_runs_after_retries_are_exhausted()
    {
        var kit = FailingTimes(10, "Boom", out var calls);
        var result = await kit.RunAsync(Task_("""[{"ErrorEquals":["Boom"],"MaxAttempts":2}]""", """[{"ErrorEquals":["States.ALL"],"Next":"Handler"}]"""));
        AslTestKit.AssertJson("""{"Error":"Boom","Cause":"attempt 3"}""", result.Output);
        Assert.Equal(3, calls());
    }

    [Fact]
    public async Task States_Runtime_is_neither_retried_nor_caught()
    {
        var kit = new AslTestKit();
        var result = await kit.RunAsync("""
            {"StartAt":"T","States":{
              "T":{"Type":"Parallel","Parameters":{"x.$":"$.missing"},"Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],
                   "Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
              "H":{"Type":"Succeed"}}}
            """);
        Assert.Equal(AslErrorNames.Runtime, result.Error);
        Assert.Equal("An error occurred while executing the state 'T' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{}'", result.Cause);
        Assert.Empty(kit.Clock.Delays);
    }

    [Fact]
    public async Task Retries_show_in_the_context_object_and_history()
    {
        var kit = new AslTestKit();
        var retryCounts = new List<int>();
        kit.Handlers.Register("F", (_, invocation, _) =>
        {
            retryCounts.Add(invocation.RetryCount);
            if (retryCounts.Count < 3) throw new InvalidOperationException("not yet");
            return Task.FromResult<JsonNode?>(invocation.Context!["State"]!["RetryCount"]!.DeepClone());
        });
        var result = await kit.RunAsync(Task_("""[{"ErrorEquals":["InvalidOperationException"]}]"""));
        AslTestKit.AssertJson("2", result.Output);
        Assert.Equal([0, 1, 2], retryCounts);
        Assert.Equal(2, kit.History.OfType("TaskFailed").Count);
        Assert.Equal(3, kit.History.OfType("TaskScheduled").Count);
    }
}
