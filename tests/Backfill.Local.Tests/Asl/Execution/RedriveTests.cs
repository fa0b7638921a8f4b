using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Backfill.Core.Errors;
using Backfill.Local.Asl.Execution;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Records;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Tests.Asl.Execution;

/// <summary>Redrive: restart from the unsuccessful state; Map and Parallel re-run only what did not succeed.</summary>
public sealed class RedriveTests
{
    private readonly AslTestKit _kit = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly HashSet<string> _broken = [];

    public RedriveTests()
    {
        _kit.Handlers.Register("Work", (input, _, _) =>
        {
            var key = JsonValues.ToJson(input);
            _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
            lock (_broken)
                if (_broken.Contains(key)) throw new AslTaskException("Broken", key);
            return Task.FromResult<JsonNode?>(JsonValue.Create("done " + key));
        });
    }

    private void Break(params string[] keys) { lock (_broken) foreach (var k in keys) _broken.Add(k); }
    private void Fix() { lock (_broken) _broken.Clear(); }

    [Fact]
    public async Task Restarts_from_the_failed_state_with_the_input_it_had()
    {
        var machine = StateMachine.Parse("""
            {"StartAt":"A","States":{
              "A":{"Type":"Task","Resource":"Work","Parameters":{"step":"a"},"ResultPath":"$.a","Next":"B"},
              "B":{"Type":"Task","Resource":"Work","Parameters":{"step":"b","seen.$":"$.a"},"ResultPath":"$.b","Next":"C"},
              "C":{"Type":"Pass","Parameters":{"redrives.$":"$$.Execution.RedriveCount","a.$":"$.a","b.$":"$.b"},"End":true}}}
            """);
        var engine = _kit.Engine();
        Break("""{"step":"b","seen":"done {\"step\":\"a\"}"}""");
        var first = await engine.StartExecutionAsync(machine, JsonValues.Parse("{}"), "redrive-me");
        Assert.Equal(ExecutionStatus.Failed, first.Status);
        Assert.Equal("B", first.Record.Run.StoppedAt!.StateName);

        Fix();
        var second = await engine.RedriveExecutionAsync(machine, first.Record);
        AslTestKit.AssertSucceeded(second);
        AslTestKit.AssertJson("""{"redrives":1,"a":"done {\"step\":\"a\"}","b":"done {\"step\":\"b\",\"seen\":\"done {\\\"step\\\":\\\"a\\\"}\"}"}""", second.Output);
        Assert.Equal(1, _calls["""{"step":"a"}"""]);
        Assert.Equal(first.ExecutionArn, second.ExecutionArn);
        Assert.Equal(1, second.Record.RedriveCount);
        Assert.Single(_kit.History.OfType("ExecutionRedriven"));
    }

    [Fact]
    public async Task A_Map_reruns_only_its_unsuccessful_iterations()
    {
        var machine = StateMachine.Parse("""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"Work","End":true}}},"End":true}}}
            """);
        var engine = _kit.Engine();
        Break("1", "3");
        var first = await engine.StartExecutionAsync(machine, JsonValues.Parse("[0,1,2,3,4]"));
        Assert.Equal("Broken", first.Error);
        var children = first.Record.Run.StoppedAt!.Children!;
        Assert.Equal(RunStatus.Succeeded, children[0].Status);
        Assert.Equal(RunStatus.Failed, children[1].Status);
        Assert.Equal(RunStatus.NotStarted, children[2].Status);

        Fix();
        var second = await engine.RedriveExecutionAsync(machine, ExecutionRecord.FromJson(first.Record.ToJson()));
        AslTestKit.AssertSucceeded(second);
        AslTestKit.AssertJson("""["done 0","done 1","done 2","done 3","done 4"]""", second.Output);
        Assert.Equal(1, _calls["0"]);
        Assert.Equal(2, _calls["1"]);
        Assert.Equal(1, _calls["2"]);
    }

    [Fact]
    public async Task A_Map_with_tolerated_failures_reruns_the_failed_ones_after_a_later_failure()
    {
        var machine = StateMachine.Parse("""
            {"StartAt":"M","States":{
              "M":{"Type":"Map","ToleratedFailureCount":5,"ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"Work","End":true}}},"Next":"Check"},
              "Check":{"Type":"Task","Resource":"Work","Parameters":{"check.$":"$"},"End":true}}}
            """);
        var engine = _kit.Engine();
        Break("2");
        Break("""{"check":["done 1",{"Error":"Broken","Cause":"2"}]}""");
        var first = await engine.StartExecutionAsync(machine, JsonValues.Parse("[1,2]"));
        Assert.Equal("Check", first.Record.Run.StoppedAt!.StateName);
        Fix();
        var second = await engine.RedriveExecutionAsync(machine, first.Record);
        AslTestKit.AssertSucceeded(second);
        Assert.Equal(1, _calls["2"]);
    }

    [Fact]
    public async Task A_Parallel_reruns_only_its_unsuccessful_branches()
    {
        var machine = StateMachine.Parse("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"Work","Parameters":{"b":1},"End":true}}},
              {"StartAt":"B1","States":{"B1":{"Type":"Task","Resource":"Work","Parameters":{"b":2},"ResultPath":"$.r","Next":"B2"},
                                        "B2":{"Type":"Task","Resource":"Work","Parameters":{"b":3},"End":true}}}]}}}
            """);
        var engine = _kit.Engine();
        Break("""{"b":3}""");
        var first = await engine.StartExecutionAsync(machine, JsonValues.Parse("{}"));
        Assert.Equal(ExecutionStatus.Failed, first.Status);
        Assert.Equal("B2", first.Record.Run.StoppedAt!.Children![1].StoppedAt!.StateName);
        Fix();
        var second = await engine.RedriveExecutionAsync(machine, first.Record);
        AslTestKit.AssertSucceeded(second);
        AslTestKit.AssertJson("""["done {\"b\":1}","done {\"b\":3}"]""", second.Output);
        Assert.Equal(1, _calls["""{"b":1}"""]);
        Assert.Equal(1, _calls["""{"b":2}"""]);
        Assert.Equal(2, _calls["""{"b":3}"""]);
    }

    [Fact]
    public async Task A_succeeded_execution_cannot_be_redriven()
    {
        var machine = StateMachine.Parse(AslTestKit.Single("""{"Type":"Pass","End":true}"""));
        var engine = _kit.Engine();
        var done = await engine.StartExecutionAsync(machine, null);
        var error = await Assert.ThrowsAsync<BackfillException>(() => engine.RedriveExecutionAsync(machine, done.Record));
        Assert.Contains("succeeded", error.Message);
    }
}
