using System.Text.Json.Nodes;
using Backfill.Local.Asl.Tasks;

namespace Backfill.Local.Tests.Asl.Map;

public sealed class ParallelTests
{
    [Fact]
    public async Task Branch_outputs_come_back_in_branch_order()
    {
        var kit = new AslTestKit();
        var result = await kit.RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Parameters":{"x.$":"$.x"},"ResultSelector":{"first.$":"$[0]","second.$":"$[1].y"},"End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":3,"Next":"A2"},"A2":{"Type":"Pass","Result":"a","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Parameters":{"y.$":"$.x"},"End":true}}}]}}}
            """, """{"x":5}""");
        AslTestKit.AssertJson("""{"first":"a","second":5}""", result.Output);
        Assert.Single(kit.History.OfType("ParallelStateSucceeded"));
    }

    [Fact]
    public async Task A_failing_branch_cancels_its_siblings_and_the_state_fails_with_its_error()
    {
        var kit = new AslTestKit();
        var siblingStarted = new ManualResetEventSlim();
        var siblingCancelled = new ManualResetEventSlim();
        kit.Handlers.Register("Block", async (_, _, token) =>
        {
            siblingStarted.Set();
            try { await Task.Delay(Timeout.Infinite, token); }
            catch (OperationCanceledException) { siblingCancelled.Set(); throw; }
            return null;
        });
        kit.Handlers.Register("Boom", (_, _, _) =>
        {
            siblingStarted.Wait(TimeSpan.FromSeconds(10));
            throw new AslTaskException("BranchBroke", "second branch");
        });
        var result = await kit.RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"Block","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"Boom","End":true}}}]}}}
            """);
        Assert.Equal(("BranchBroke", "second branch"), (result.Error, result.Cause));
        Assert.True(siblingCancelled.Wait(TimeSpan.FromSeconds(10)), "the sibling branch was not cancelled");
        Assert.Single(kit.History.OfType("ParallelStateFailed"));
    }

    [Fact]
    public async Task A_branch_failure_can_be_caught_on_the_Parallel_state()
    {
        var result = await new AslTestKit().RunAsync("""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Next":"Done","Catch":[{"ErrorEquals":["Custom"],"ResultPath":"$.err","Next":"Done"}],"Branches":[
                {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Custom","Cause":"why"}}}]},
              "Done":{"Type":"Succeed"}}}
            """, """{"in":1}""");
        AslTestKit.AssertJson("""{"in":1,"err":{"Error":"Custom","Cause":"why"}}""", result.Output);
    }
}
