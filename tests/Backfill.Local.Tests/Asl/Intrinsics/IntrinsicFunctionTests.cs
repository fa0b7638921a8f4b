using Backfill.Local.Asl.Intrinsics;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Tests.Asl.Intrinsics;

/// <summary>Intrinsic functions beyond the AWS-recorded conformance cases: errors, escapes, nesting, Java-isms.</summary>
public sealed class IntrinsicFunctionTests
{
    private const string Input = """{"s":"a,b","n":3,"f":2.5,"arr":[1,2,2,{"k":1},{"k":1}],"obj":{"x":[1,{"y":null}],"z":1.0E20},"big":1e20}""";

    private static System.Text.Json.Nodes.JsonNode? Eval(string call, string input = Input, int seed = 1) =>
        IntrinsicEvaluator.Evaluate(IntrinsicParser.Parse(call), new Backfill.Local.Asl.Paths.FixedPathResolver(JsonValues.Parse(input), JsonValues.Parse("""{"Execution":{"Name":"exec"}}""")),
            new IntrinsicRuntime(() => new Random(seed)));

    [Theory]
    [InlineData("States.Format('{} and {}', $.s, $.n)", "\"a,b and 3\"")]
    [InlineData("States.Format('literal \\{\\} and \\'quote\\' {}', $.n)", "\"literal {} and 'quote' 3\"")]
    [InlineData("States.Format('{}', $.obj)", "\"{x=[1, {y=null}], z=1.0E20}\"")]
    [InlineData("States.Format('{}', $.big)", "\"1.0E20\"")]
    [InlineData("States.Format('{}', $.f)", "\"2.5\"")]
    [InlineData("States.Format('{}', $$.Execution.Name)", "\"exec\"")]
    [InlineData("States.Format('{}-{}', States.ArrayLength($.arr), States.MathAdd($.n, -1))", "\"5-2\"")]
    [InlineData("States.ArrayUnique($.arr)", "[1,2,{\"k\":1}]")]
    [InlineData("States.ArrayGetItem($.arr, 3)", "{\"k\":1}")]
    [InlineData("States.ArrayRange(10, 0, -5)", "[10,5,0]")]
    [InlineData("States.ArrayContains($.arr, 2)", "true")]
    [InlineData("States.JsonToString($.obj)", "\"{\\\"x\\\":[1,{\\\"y\\\":null}],\\\"z\\\":1.0E20}\"")]
    [InlineData("States.StringToJson('{\"a\":[1.50,-0,7]}')", "{\"a\":[1.5,0,7]}")]
    [InlineData("States.Base64Decode(States.Base64Encode('héllo ✓'))", "\"héllo ✓\"")]
    [InlineData("States.Hash('', 'MD5')", "\"d41d8cd98f00b204e9800998ecf8427e\"")]
    [InlineData("States.MathAdd(2147483647, 1)", "2147483648")]
    [InlineData("States.MathAdd($.f, $.f)", "6")]
    [InlineData("States.StringSplit($.s, ',')", "[\"a\",\"b\"]")]
    [InlineData("States.Array($.n, 'x', true, null, 1.5)", "[3,\"x\",true,null,1.5]")]
    [InlineData("States.JsonMerge($.obj, States.StringToJson('{\"z\":2}'), false)", "{\"x\":[1,{\"y\":null}],\"z\":2}")]
    public void Evaluates_like_AWS(string call, string expected) => AslTestKit.AssertJson(expected, Eval(call));

    [Fact]
    public void MathRandom_is_in_range_and_reproducible_with_a_seed()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var value = Eval("States.MathRandom(5, 10)", seed: seed)!.GetValue<long>();
            Assert.InRange(value, 5, 9);
        }
        Assert.Equal(Eval("States.MathRandom(0, 1000, 1234)")!.ToJsonString(), Eval("States.MathRandom(0, 1000, 1234)", seed: 99)!.ToJsonString());
        // Checked with a JVM: new java.util.Random(1234).nextInt(1000) is 628; nextInt(16) (power-of-two bound) is 10.
        AslTestKit.AssertJson("628", Eval("States.MathRandom(0, 1000, 1234)"));
        AslTestKit.AssertJson("10", Eval("States.MathRandom(0, 16, 1234)"));
    }

    [Fact]
    public void UUID_is_a_version_4_uuid()
    {
        var text = Eval("States.UUID()")!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", text);
    }

    [Theory]
    [InlineData("States.ArrayGetItem($.arr, 9)", "out of bounds")]
    [InlineData("States.ArrayLength($.s)", "must be an array")]
    [InlineData("States.ArrayPartition($.arr, 0)", "positive integer")]
    [InlineData("States.ArrayRange(0, 5000, 1)", "more than 1000")]
    [InlineData("States.ArrayRange(0, 5, 0)", "non-zero")]
    [InlineData("States.Format('{} {}', $.n)", "placeholders")]
    [InlineData("States.Format('{}', $.n, $.n)", "placeholder")]
    [InlineData("States.StringToJson('{bad')", "could not parse")]
    [InlineData("States.Hash($.s, 'SHA-999')", "does not support")]
    [InlineData("States.JsonMerge($.obj, $.obj, true)", "shallow")]
    [InlineData("States.MathRandom(5, 5)", "start < end")]
    [InlineData("States.Base64Decode('***')", "not valid Base64")]
    [InlineData("States.MathAdd($.s, 1)", "must be a number")]
    [InlineData("States.ArrayLength($.missing)", "could not be found")]
    public void Bad_arguments_fail_with_a_clear_message(string call, string expected)
    {
        var error = Assert.Throws<IntrinsicEvaluationException>(() => Eval(call));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("States.Nope(1)", "unknown intrinsic function 'States.Nope'")]
    [InlineData("States.ArrayLength()", "takes 1 argument(s) but was given 0")]
    [InlineData("States.UUID(1)", "takes 0 argument(s)")]
    [InlineData("States.Format('unterminated)", "unterminated string")]
    [InlineData("States.Format('{}', $.a[)", "invalid JSONPath")]
    [InlineData("States.Format('{}' $.a)", "expected ')'")]
    [InlineData("States.Array(foo)", "unexpected argument 'foo'")]
    public void Syntax_errors_are_found_when_parsing(string call, string expected)
    {
        var error = Assert.Throws<IntrinsicSyntaxException>(() => IntrinsicParser.Parse(call));
        Assert.Contains(expected, error.Message);
    }
}
