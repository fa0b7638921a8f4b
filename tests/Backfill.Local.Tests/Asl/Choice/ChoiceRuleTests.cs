using Backfill.Local.Asl.Errors;

namespace Backfill.Local.Tests.Asl.Choice;

/// <summary>Choice rules beyond the AWS truth tables: timestamps, StringMatches, And/Or/Not, missing paths.</summary>
public sealed class ChoiceRuleTests
{
    private static string Machine(string rule) =>
        """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[""" + rule +
        """],"Default":"No"},"Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}""";

    private static async Task<string> Decide(string rule, string input)
    {
        var result = await new AslTestKit().RunAsync(Machine(rule), input);
        AslTestKit.AssertSucceeded(result);
        return result.Output!.GetValue<string>();
    }

    [Theory]
    [InlineData("""{"Variable":"$.t","TimestampEquals":"2024-01-01T00:00:00Z","Next":"Yes"}""", """{"t":"2024-01-01T01:00:00+01:00"}""", "yes")]
    [InlineData("""{"Variable":"$.t","TimestampLessThan":"2024-01-01T00:00:00Z","Next":"Yes"}""", """{"t":"2023-12-31T23:59:59.999Z"}""", "yes")]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanEquals":"2024-01-01T00:00:00Z","Next":"Yes"}""", """{"t":"2024-01-01T00:00:00.000001Z"}""", "yes")]
    [InlineData("""{"Variable":"$.t","TimestampGreaterThanPath":"$.u","Next":"Yes"}""", """{"t":"2024-01-02T00:00:00Z","u":"2024-01-01T00:00:00Z"}""", "yes")]
    [InlineData("""{"Variable":"$.t","TimestampEquals":"2024-01-01T00:00:00Z","Next":"Yes"}""", """{"t":"2024-01-01 00:00:00Z"}""", "no")]
    [InlineData("""{"Variable":"$.t","TimestampEquals":"2024-01-01T00:00:00Z","Next":"Yes"}""", """{"t":"2024-01-01t00:00:00z"}""", "no")]
    [InlineData("""{"Variable":"$.t","IsTimestamp":true,"Next":"Yes"}""", """{"t":"2024-01-01T00:00:00Z"}""", "yes")]
    [InlineData("""{"Variable":"$.t","IsTimestamp":true,"Next":"Yes"}""", """{"t":"yesterday"}""", "no")]
    [InlineData("""{"Variable":"$.s","StringMatches":"log-*.gz","Next":"Yes"}""", """{"s":"log-1995-07.gz"}""", "yes")]
    [InlineData("""{"Variable":"$.s","StringMatches":"log-\\*","Next":"Yes"}""", """{"s":"log-*"}""", "yes")]
    [InlineData("""{"Variable":"$.s","StringMatches":"log-\\*","Next":"Yes"}""", """{"s":"log-1"}""", "no")]
    [InlineData("""{"Variable":"$.s","StringMatches":"*","Next":"Yes"}""", """{"s":3}""", "no")]
    [InlineData("""{"And":[{"Variable":"$.n","NumericGreaterThan":1},{"Variable":"$.n","NumericLessThan":5}],"Next":"Yes"}""", """{"n":3}""", "yes")]
    [InlineData("""{"And":[{"Variable":"$.n","NumericGreaterThan":1},{"Variable":"$.n","NumericLessThan":5}],"Next":"Yes"}""", """{"n":7}""", "no")]
    [InlineData("""{"Or":[{"Variable":"$.n","NumericEquals":1},{"Not":{"Variable":"$.n","IsNumeric":true}}],"Next":"Yes"}""", """{"n":"x"}""", "yes")]
    [InlineData("""{"Not":{"Variable":"$.missing","IsPresent":true},"Next":"Yes"}""", """{}""", "yes")]
    [InlineData("""{"Variable":"$$.Execution.Name","StringEquals":"test","Next":"Yes"}""", """{}""", "yes")]
    [InlineData("""{"Variable":"$.n","NumericEqualsPath":"$$.State.RetryCount","Next":"Yes"}""", """{"n":0}""", "yes")]
    public async Task Rules_decide_like_AWS(string rule, string input, string expected) =>
        Assert.Equal(expected, await Decide(rule, input));

    [Theory]
    [InlineData("""{"Variable":"$.missing","StringEquals":"x","Next":"Yes"}""", "$.missing")]
    [InlineData("""{"Variable":"$.missing","IsNull":true,"Next":"Yes"}""", "$.missing")]
    [InlineData("""{"Variable":"$.n","NumericEqualsPath":"$.other","Next":"Yes"}""", "$.other")]
    public async Task A_missing_path_is_a_runtime_error(string rule, string path)
    {
        var result = await new AslTestKit().RunAsync(Machine(rule), """{"n":1}""");
        Assert.Equal(AslErrorNames.Runtime, result.Error);
        Assert.Equal($"An error occurred while executing the state 'C' (entered at the event id #2). Invalid path '{path}': The choice state's condition path references an invalid value.", result.Cause);
    }

    [Fact]
    public async Task No_match_without_Default_fails_the_execution()
    {
        var result = await new AslTestKit().RunAsync("""
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"Done"}]},"Done":{"Type":"Succeed"}}}
            """, """{"n":2}""");
        Assert.Equal(AslErrorNames.Runtime, result.Error);
        Assert.Contains("No choice rule matched", result.Cause);
    }

    [Fact]
    public async Task Choice_applies_InputPath_and_OutputPath()
    {
        var result = await new AslTestKit().RunAsync("""
            {"StartAt":"C","States":{"C":{"Type":"Choice","InputPath":"$.in","OutputPath":"$.keep","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"Done"}]},"Done":{"Type":"Succeed"}}}
            """, """{"in":{"n":1,"keep":"k"}}""");
        AslTestKit.AssertSucceeded(result);
        AslTestKit.AssertJson("\"k\"", result.Output);
    }
}
