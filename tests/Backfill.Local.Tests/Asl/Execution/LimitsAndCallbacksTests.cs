using System.Text.Json.Nodes;
using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Tests.Asl.Execution;

public sealed class LimitsAndCallbacksTests
{
    [Fact]
    public async Task A_state_output_over_256_KiB_fails_with_DataLimitExceeded_even_with_a_catch()
    {
        var kit = new AslTestKit();
        var big = new string('x', 200 * 1024);
        var result = await kit.RunAsync("""
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"a.$":"$.s","b.$":"$.s"},"Next":"Q"},"Q":{"Type":"Succeed"}}}
            """, new JsonObject { ["s"] = big }.ToJsonString());
        Assert.Equal(AslErrorNames.DataLimitExceeded, result.Error);
        Assert.Contains("'P'", result.Cause);
    }

    [Fact]
    public async Task A_task_result_over_the_limit_is_not_caught()
    {
        var kit = new AslTestKit();
        kit.Handlers.Register("Big", _ => JsonValue.Create(new string('y', 300 * 1024)));
        var result = await kit.RunAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"Big","ResultPath":null,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},"H":{"Type":"Succeed"}}}
            """);
        Assert.Equal(AslErrorNames.DataLimitExceeded, result.Error);
    }

    [Fact]
    public async Task Payloads_just_under_the_limit_pass()
    {
        var kit = new AslTestKit();
        var result = await kit.RunAsync(AslTestKit.Single("""{"Type":"Pass","End":true}"""), new JsonObject { ["s"] = new string('z', 256 * 1024 - 10) }.ToJsonString());
        AslTestKit.AssertSucceeded(result);
        Assert.Equal(256 * 1024 - 10 + 8, JsonValues.Utf8Length(result.Output));
    }

    [Fact]
    public async Task WaitForTaskToken_exposes_the_token_and_returns_the_callback_result_unwrapped()
    {
        var kit = new AslTestKit();
        string? seenToken = null;
        kit.Handlers.Register("Approve", (input, invocation, _) =>
        {
            seenToken = invocation.TaskToken;
            Assert.Equal(invocation.TaskToken, input!["token"]!.GetValue<string>());
            return Task.FromResult<JsonNode?>(JsonValues.Parse("""{"approved":true}"""));
        });
        var result = await kit.RunAsync("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters":{"FunctionName":"Approve","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}
            """);
        AslTestKit.AssertJson("""{"approved":true}""", result.Output);
        Assert.False(string.IsNullOrEmpty(seenToken));
    }
}
