using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Model;
using Backfill.Local.Asl.Parsing;

namespace Backfill.Local.Tests.Asl.Validation;

public sealed class DefinitionValidationTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in ValidationCases.All) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Judges_each_case_and_names_the_state_and_field(string name)
    {
        var c = ValidationCases.All.Single(x => x.Name == name);
        if (c.Valid)
        {
            StateMachine.Parse(c.Definition);
            return;
        }
        var error = Assert.Throws<AslValidationException>(() => StateMachine.Parse(c.Definition, source: "case.asl.json"));
        Assert.StartsWith("case.asl.json: invalid state machine definition", error.Message);
        foreach (var mention in c.Mentions) Assert.Contains(mention, error.Message);
    }

    [Fact]
    public void Reports_every_problem_at_once()
    {
        var error = Assert.Throws<AslValidationException>(() => StateMachine.Parse("""
            {"StartAt":"A","States":{
              "A":{"Type":"Task","Resource":"r","TimeoutSeconds":0,"Retry":[{"ErrorEquals":["States.ALL","X"],"BackoffRate":0.5,"JitterStrategy":"SOME"}],"Next":"B"},
              "B":{"Type":"Wait","Timestamp":"tomorrow","End":true},
              "C":{"Type":"Pass","End":true}}}
            """));
        Assert.Contains(error.Errors, e => e.State == "A" && e.Field == "TimeoutSeconds");
        Assert.Contains(error.Errors, e => e.State == "A" && e.Field == "ErrorEquals" && e.Problem.Contains("alone"));
        Assert.Contains(error.Errors, e => e.State == "A" && e.Field == "BackoffRate");
        Assert.Contains(error.Errors, e => e.State == "A" && e.Field == "JitterStrategy");
        Assert.Contains(error.Errors, e => e.State == "B" && e.Field == "Timestamp");
        Assert.Contains(error.Errors, e => e.State == "C" && e.Problem.Contains("not reachable"));
        Assert.Equal("/States/A/Retry/0/BackoffRate", error.Errors.Single(e => e.Field == "BackoffRate").Location);
    }

    [Theory]
    [InlineData("""{"Variable":"$.a","StringEquals":1,"Next":"D"}""", "StringEquals", "must be a string")]
    [InlineData("""{"Variable":"$.a","NumericEquals":"1","Next":"D"}""", "NumericEquals", "must be a number")]
    [InlineData("""{"Variable":"$.a","TimestampEquals":"2024-01-01","Next":"D"}""", "TimestampEquals", "RFC 3339")]
    [InlineData("""{"Variable":"$.a","IsNull":"yes","Next":"D"}""", "IsNull", "true or false")]
    [InlineData("""{"Variable":"$.a","StringEquals":"x","NumericEquals":1,"Next":"D"}""", "(choice rule)", "exactly one operator")]
    [InlineData("""{"Variable":"$.a","Next":"D"}""", "(choice rule)", "needs a comparison operator")]
    [InlineData("""{"Variable":"$.a","StringEquals":"x"}""", "Next", "top-level")]
    [InlineData("""{"Not":{"Variable":"$.a","StringEquals":"x","Next":"D"},"Next":"D"}""", "Next", "only allowed on top-level")]
    [InlineData("""{"Variable":"$.a","StringEqualsPath":"a","Next":"D"}""", "StringEqualsPath", "must start with '$'")]
    [InlineData("""{"Variable":"$.a","StringEquals":"x","Next":"D","Foo":1}""", "Foo", "not a field of a choice rule")]
    public void Choice_rules_are_checked(string rule, string field, string problem)
    {
        var error = Assert.Throws<AslValidationException>(() => StateMachine.Parse(
            """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[""" + rule + """],"Default":"D"},"D":{"Type":"Succeed"}}}"""));
        Assert.Contains(error.Errors, e => e.State == "C" && e.Field == field && e.Problem.Contains(problem));
    }

    [Fact]
    public void State_names_must_be_unique_across_the_whole_machine()
    {
        var error = Assert.Throws<AslValidationException>(() => StateMachine.Parse("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"A","Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]},"A":{"Type":"Succeed"}}}
            """));
        Assert.Contains(error.Errors, e => e.State == "A" && e.Problem.Contains("defined twice"));
    }

    [Fact]
    public void JSONata_and_bad_json_are_rejected_clearly()
    {
        Assert.Contains("JSONata is not supported", Assert.Throws<AslValidationException>(() =>
            StateMachine.Parse("""{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""")).Message);
        Assert.Contains("is not valid JSON", Assert.Throws<AslValidationException>(() => StateMachine.Parse("{\"StartAt\":")).Message);
    }

    [Fact]
    public void Distributed_only_fields_need_distributed_mode()
    {
        var error = Assert.Throws<AslValidationException>(() => StateMachine.Parse("""
            {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemBatcher":{"MaxItemsPerBatch":2},
              "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}}
            """));
        Assert.Contains(error.Errors, e => e.State == "M" && e.Field == "ItemBatcher" && e.Problem.Contains("DISTRIBUTED"));
    }

    [Fact]
    public void Substitutions_replace_placeholders_and_name_missing_ones()
    {
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"${Fn}","TimeoutSeconds":${Timeout},"End":true}}}""";
        var machine = StateMachine.Parse(definition, new Dictionary<string, string> { ["Fn"] = "arn:aws:lambda:us-east-1:1:function:Split", ["Timeout"] = "30" });
        var task = Assert.IsType<TaskState>(machine.Scope.States["T"]);
        Assert.Equal("arn:aws:lambda:us-east-1:1:function:Split", task.Resource.Text);
        Assert.Equal(30, task.TimeoutSeconds);

        var error = Assert.Throws<AslValidationException>(() => StateMachine.Parse(definition, new Dictionary<string, string> { ["Fn"] = "x" }, "sm.json"));
        Assert.Contains("${Timeout}", error.Message);
        Assert.Contains("line 1", error.Message);
        Assert.Equal(["Fn", "Timeout"], DefinitionSubstitutions.Names(definition));
    }
}
