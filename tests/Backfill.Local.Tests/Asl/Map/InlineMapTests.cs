using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Tests.Asl.Map;

public sealed class InlineMapTests
{
    private static string MapOver(string mapFields, string processorStates = """{"W":{"Type":"Task","Resource":"Work","End":true}}""") =>
        """{"StartAt":"M","States":{"M":{"Type":"Map",""" + mapFields +
        ""","ItemProcessor":{"StartAt":"W","States":""" + processorStates + """},"End":true}}}""";

    [Fact]
    public async Task Iterates_items_with_ItemSelector_and_the_Map_context()
    {
        var kit = new AslTestKit();
        var result = await kit.RunAsync("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
              "ItemSelector":{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value","shared.$":"$.shared"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"ResultPath":"$.out","End":true}}}
            """, """{"items":["a","b"],"shared":1}""");
        AslTestKit.AssertJson("""{"items":["a","b"],"shared":1,"out":[{"index":0,"value":"a","shared":1},{"index":1,"value":"b","shared":1}]}""", result.Output);
        Assert.Equal(2, kit.History.OfType("MapIterationStarted").Count);
        Assert.Equal(2, kit.History.OfType("MapIterationSucceeded").Count);
        Assert.Equal("2", kit.History.OfType("MapStateStarted").Single().Details!["length"]!.ToJsonString());
    }

    [Fact]
    public async Task Legacy_Iterator_and_Parameters_still_work()
    {
        var result = await new AslTestKit().RunAsync("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","Parameters":{"v.$":"$$.Map.Item.Value"},
              "Iterator":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """, """{"items":[1,2]}""");
        AslTestKit.AssertJson("""[{"v":1},{"v":2}]""", result.Output);
    }

    [Fact]
    public async Task ItemsPath_must_point_to_an_array()
    {
        var result = await new AslTestKit().RunAsync(MapOver("\"ItemsPath\":\"$.items\"", """{"W":{"Type":"Pass","End":true}}"""), """{"items":{"a":1}}""");
        Assert.Equal(AslErrorNames.Runtime, result.Error);
        Assert.Contains("must point to a JSON array", result.Cause);
    }

    [Theory]
    [InlineData("\"MaxConcurrency\":3", "{}")]
    [InlineData("\"MaxConcurrencyPath\":\"$.limit\"", """{"limit":3}""")]
    public async Task MaxConcurrency_bounds_the_iterations_in_flight(string field, string extraInput)
    {
        var kit = new AslTestKit();
        var inFlight = 0;
        var maxInFlight = 0;
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Handlers.Register("Work", async (input, _, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (now == 3) full.TrySetResult();
            // Hold the first wave until the limit is reached, so the test shows the limit is both reached and kept.
            await full.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(2);
            Interlocked.Decrement(ref inFlight);
            return input;
        });
        var input = JsonValues.Parse(extraInput)!.AsObject();
        input["items"] = new JsonArray(Enumerable.Range(0, 30).Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
        var result = await kit.RunAsync(MapOver(field + ",\"ItemsPath\":\"$.items\""), input.ToJsonString());
        AslTestKit.AssertSucceeded(result);
        Assert.Equal(3, maxInFlight);
        AslTestKit.AssertJson(new JsonArray(Enumerable.Range(0, 30).Select(i => (JsonNode)JsonValue.Create(i)).ToArray()), result.Output);
    }

    [Fact]
    public async Task Thousands_of_items_run_without_starving_threads()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("Work", async (input, _, token) =>
        {
            await Task.Yield();
            return JsonValue.Create(input!.GetValue<int>() * 2);
        });
        var items = new JsonArray(Enumerable.Range(0, 5000).Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
        var result = await kit.RunAsync(MapOver("\"MaxConcurrency\":64"), items.ToJsonString());
        AslTestKit.AssertSucceeded(result);
        var output = (JsonArray)result.Output!;
        Assert.Equal(5000, output.Count);
        Assert.Equal(9998, output[4999]!.GetValue<int>());
    }

    [Fact]
    public async Task A_failed_iteration_cancels_the_others_and_fails_the_Map_with_its_error()
    {
        var kit = new AslTestKit();
        var othersStarted = new CountdownEvent(2);
        var cancelled = new CountdownEvent(2);
        kit.Handlers.Register("Work", async (input, _, token) =>
        {
            if (input!.GetValue<int>() == 0)
            {
                othersStarted.Wait(TimeSpan.FromSeconds(10));
                throw new AslTaskException("ItemBroken", "item 0");
            }
            othersStarted.Signal();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled.Signal();
                throw;
            }
            return input;
        });
        var result = await kit.RunAsync(MapOver("\"MaxConcurrency\":0"), "[0,1,2]");
        Assert.Equal(("ItemBroken", "item 0"), (result.Error, result.Cause));
        // The engine does not wait for abandoned handlers (AWS does not wait for Lambdas either); they do get cancelled.
        Assert.True(cancelled.Wait(TimeSpan.FromSeconds(10)), "the running iterations were not cancelled");
        Assert.Equal(2, kit.History.OfType("MapIterationAborted").Count);
        Assert.Single(kit.History.OfType("MapIterationFailed"));
        Assert.Single(kit.History.OfType("MapStateFailed"));
    }

    [Theory]
    [InlineData("\"ToleratedFailureCount\":3", true)]
    [InlineData("\"ToleratedFailureCount\":2", false)]
    [InlineData("\"ToleratedFailurePercentage\":30", true)]
    [InlineData("\"ToleratedFailurePercentage\":29.9", false)]
    [InlineData("\"ToleratedFailureCountPath\":\"$.tolerate\"", true)]
    public async Task Tolerated_failures_leave_error_outputs_and_too_many_fail_the_Map(string field, bool succeeds)
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("Work", (input, _, _) =>
            input!["n"]!.GetValue<int>() % 3 == 1 ? throw new AslTaskException("Bad", "n=" + input["n"]) : Task.FromResult<JsonNode?>(input["n"]!.DeepClone()));
        var items = string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""{"n":{{i}}}"""));
        var result = await kit.RunAsync(MapOver(field + ",\"ItemsPath\":\"$.items\",\"MaxConcurrency\":1"), $$"""{"tolerate":3,"items":[{{items}}]}""");
        if (succeeds)
        {
            AslTestKit.AssertSucceeded(result);
            var output = (JsonArray)result.Output!;
            AslTestKit.AssertJson("""{"Error":"Bad","Cause":"n=1"}""", output[1]);
            AslTestKit.AssertJson("9", output[9]);
        }
        else
        {
            Assert.Equal(AslErrorNames.ExceedToleratedFailureThreshold, result.Error);
            Assert.Contains("3 of 10", result.Cause);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
