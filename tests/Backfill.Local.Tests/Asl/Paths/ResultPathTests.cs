using Backfill.Local.Asl.Errors;
using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Tests.Asl.Paths;

public sealed class ResultPathTests
{
    private static readonly StateSite Site = new("S", 2);

    [Theory]
    [InlineData("$", """{"a":1}""", "\"r\"", "\"r\"")]
    [InlineData("$.x", """{"a":1}""", "\"r\"", """{"a":1,"x":"r"}""")]
    [InlineData("$.x.y.z", """{"a":1}""", "1", """{"a":1,"x":{"y":{"z":1}}}""")]
    [InlineData("$.a", """{"a":1}""", "[2]", """{"a":[2]}""")]
    [InlineData("$.list[1]", """{"list":[0,0,0]}""", "5", """{"list":[0,5,0]}""")]
    public void Writes_the_result_into_a_copy_of_the_input(string path, string input, string result, string expected)
    {
        var raw = JsonValues.Parse(input);
        var output = ResultPathWriter.Apply(PathField.Of(JsonPath.Parse(path)), raw, JsonValues.Parse(result), Site);
        AslTestKit.AssertJson(expected, output);
        AslTestKit.AssertJson(input, raw);
    }

    [Fact]
    public void Null_discards_the_result_and_default_replaces_the_input()
    {
        AslTestKit.AssertJson("""{"a":1}""", ResultPathWriter.Apply(PathField.Null, JsonValues.Parse("""{"a":1}"""), JsonValues.Parse("2"), Site));
        AslTestKit.AssertJson("2", ResultPathWriter.Apply(PathField.Default, JsonValues.Parse("""{"a":1}"""), JsonValues.Parse("2"), Site));
    }

    [Theory]
    [InlineData("$.x", "\"text\"")]
    [InlineData("$.a.b", """{"a":"text"}""")]
    [InlineData("$.list[3]", """{"list":[1]}""")]
    public void Writing_into_a_non_object_is_ResultPathMatchFailure(string path, string input)
    {
        var failure = Assert.Throws<AslFailure>(() => ResultPathWriter.Apply(PathField.Of(JsonPath.Parse(path)), JsonValues.Parse(input), JsonValues.Parse("1"), Site));
        Assert.Equal(AslErrorNames.ResultPathMatchFailure, failure.Error);
        Assert.Contains(path, failure.Cause);
        Assert.Contains("'S'", failure.Cause);
    }
}
