using Backfill.Core.Ingest;
using static Backfill.Core.Tests.Ingest.IngestTestKit;

namespace Backfill.Core.Tests.Ingest;

public sealed class ProcessorTests
{
    private static string After(string type, string config, string source)
    {
        var (result, document) = Run(One(type, config), source);
        Assert.True(result.Status == IngestStatus.Indexed, $"{result.ErrorType}: {result.Reason}");
        return SourceJson(document);
    }

    private static string Failure(string type, string config, string source)
    {
        var (result, _) = Run(One(type, config), source);
        Assert.Equal(IngestStatus.Failed, result.Status);
        Assert.Equal(type, result.ProcessorType);
        return result.Reason!;
    }

    [Theory]
    [InlineData("""{"field":"a","type":"integer"}""", """{"a":"42"}""", """{"a":42}""")]
    [InlineData("""{"field":"a","type":"integer"}""", """{"a":"-0x1F"}""", """{"a":-31}""")]
    [InlineData("""{"field":"a","type":"long"}""", """{"a":"9007199254740993"}""", """{"a":9007199254740993}""")]
    [InlineData("""{"field":"a","type":"double"}""", """{"a":" 1.5e3 "}""", """{"a":1500}""")]
    [InlineData("""{"field":"a","type":"float"}""", """{"a":"2.5"}""", """{"a":2.5}""")]
    [InlineData("""{"field":"a","type":"boolean"}""", """{"a":"TRUE"}""", """{"a":true}""")]
    [InlineData("""{"field":"a","type":"string"}""", """{"a":12}""", """{"a":"12"}""")]
    [InlineData("""{"field":"a","type":"string"}""", """{"a":1.0E20}""", """{"a":"1.0E20"}""")]
    [InlineData("""{"field":"a","type":"auto"}""", """{"a":["1","x","false","4000000000"]}""", """{"a":[1,"x",false,4000000000]}""")]
    [InlineData("""{"field":"a","type":"integer","target_field":"b"}""", """{"a":"7"}""", """{"a":"7","b":7}""")]
    [InlineData("""{"field":"a","type":"ip"}""", """{"a":"::1"}""", """{"a":"::1"}""")]
    [InlineData("""{"field":"missing","type":"integer","ignore_missing":true}""", """{"a":1}""", """{"a":1}""")]
    public void Convert(string config, string source, string expected) => Assert.Equal(expected, After("convert", config, source));

    [Theory]
    [InlineData("""{"field":"a","type":"integer"}""", """{"a":"2147483648"}""", "unable to convert [2147483648] to integer")]
    [InlineData("""{"field":"a","type":"integer"}""", """{"a":"-"}""", "unable to convert [-] to integer")]
    [InlineData("""{"field":"a","type":"boolean"}""", """{"a":"yes"}""", "[yes] is not a boolean value, cannot convert to boolean")]
    [InlineData("""{"field":"a","type":"ip"}""", """{"a":"1.2.3.04"}""", "[1.2.3.04] is not a valid ipv4/ipv6 address")]
    [InlineData("""{"field":"a","type":"integer"}""", """{"a":null}""", "Field [a] is null, cannot be converted to type [integer]")]
    [InlineData("""{"field":"a","type":"integer"}""", """{}""", "field [a] not present as part of path [a]")]
    public void Convert_failures(string config, string source, string reason) => Assert.Equal(reason, Failure("convert", config, source));

    [Fact]
    public void Convert_refuses_unknown_types() =>
        Assert.Equal("[type] type [date] not supported, cannot convert field.", Refused("""{"processors":[{"convert":{"field":"a","type":"date"}}]}""").Reason);

    [Theory]
    [InlineData("""{"field":"b","value":"x"}""", """{"a":1}""", """{"a":1,"b":"x"}""")]
    [InlineData("""{"field":"b.c","value":{"n":[1,"{{a}}"]}}""", """{"a":1}""", """{"a":1,"b":{"c":{"n":[1,"1"]}}}""")]
    [InlineData("""{"field":"a","value":"new","override":false}""", """{"a":"old"}""", """{"a":"old"}""")]
    [InlineData("""{"field":"a","value":"new","override":false}""", """{"a":null}""", """{"a":"new"}""")]
    [InlineData("""{"field":"b","value":"{{missing}}","ignore_empty_value":true}""", """{"a":1}""", """{"a":1}""")]
    [InlineData("""{"field":"b","copy_from":"a"}""", """{"a":{"x":[1]}}""", """{"a":{"x":[1]},"b":{"x":[1]}}""")]
    [InlineData("""{"field":"{{target}}","value":"{{a}} and {{{q}}}"}""", """{"a":"say \"hi\"","q":"\"raw\"","target":"t"}""", """{"a":"say \u0022hi\u0022","q":"\u0022raw\u0022","target":"t","t":"say \\\u0022hi\\\u0022 and \u0022raw\u0022"}""")]
    [InlineData("""{"field":"list.1","value":"B"}""", """{"list":["a","b"]}""", """{"list":["a","B"]}""")]
    public void Set(string config, string source, string expected) => Assert.Equal(expected, After("set", config, source));

    [Fact]
    public void Set_writes_metadata_and_reads_ingest_metadata()
    {
        var (_, document) = Run(Pipeline("""{"processors":[{"set":{"field":"_index","value":"moved-{{kind}}"}},{"set":{"field":"_id","value":"k-{{n}}"}},{"set":{"field":"at","value":"{{_ingest.timestamp}}"}}]}"""),
            """{"kind":"a","n":3}""");
        Assert.Equal("moved-a", document.Index);
        Assert.Equal("k-3", document.Id);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", (string)document.Source["at"]!);
        Assert.Equal("[value] required property is missing", Refused("""{"processors":[{"set":{"field":"a"}}]}""").Reason);
    }

    [Theory]
    [InlineData("""{"field":"a"}""", """{"a":1,"b":2}""", """{"b":2}""")]
    [InlineData("""{"field":["a","b.c"]}""", """{"a":1,"b":{"c":2,"d":3}}""", """{"b":{"d":3}}""")]
    [InlineData("""{"field":"x","ignore_missing":true}""", """{"a":1}""", """{"a":1}""")]
    [InlineData("""{"field":"list.0"}""", """{"list":[1,2]}""", """{"list":[2]}""")]
    public void Remove(string config, string source, string expected) => Assert.Equal(expected, After("remove", config, source));

    [Fact]
    public void Remove_failures()
    {
        Assert.Equal("field [x] doesn't exist", Failure("remove", """{"field":"x"}""", """{"a":1}"""));
        Assert.Equal("cannot remove metadata field [_index]", Failure("remove", """{"field":"_index"}""", """{"a":1}"""));
        var (_, document) = Run(One("remove", """{"field":"_id"}"""), """{"a":1}""");
        Assert.Null(document.Id);
    }

    [Theory]
    [InlineData("""{"field":"a","target_field":"b"}""", """{"a":1}""", """{"b":1}""")]
    [InlineData("""{"field":"a","target_field":"x.y"}""", """{"a":1}""", """{"x":{"y":1}}""")]
    [InlineData("""{"field":"a","target_field":"b","override":true}""", """{"a":1,"b":2}""", """{"b":1}""")]
    [InlineData("""{"field":"missing","target_field":"b","ignore_missing":true}""", """{"a":1}""", """{"a":1}""")]
    public void Rename(string config, string source, string expected) => Assert.Equal(expected, After("rename", config, source));

    [Fact]
    public void Rename_failures()
    {
        Assert.Equal("field [b] already exists", Failure("rename", """{"field":"a","target_field":"b"}""", """{"a":1,"b":2}"""));
        Assert.Equal("field path cannot be null nor empty", Failure("rename", """{"field":"{{none}}","target_field":"b"}""", """{"a":1}"""));
        Assert.Equal("[3] is out of bounds for array with length [1] as part of path [l.3]",
            Failure("rename", """{"field":"l.3","target_field":"b"}""", """{"l":[1]}"""));
    }

    [Theory]
    [InlineData("""{"field":"a","value":"x"}""", """{"a":"y"}""", """{"a":["y","x"]}""")]
    [InlineData("""{"field":"a","value":["x","y"]}""", """{}""", """{"a":["x","y"]}""")]
    [InlineData("""{"field":"a","value":["x","y"],"allow_duplicates":false}""", """{"a":["x"]}""", """{"a":["x","y"]}""")]
    [InlineData("""{"field":"a","value":"x","allow_duplicates":false}""", """{"a":"x"}""", """{"a":"x"}""")]
    public void Append(string config, string source, string expected) => Assert.Equal(expected, After("append", config, source));

    [Theory]
    [InlineData("lowercase", """{"field":"a"}""", """{"a":"MiXeD"}""", """{"a":"mixed"}""")]
    [InlineData("uppercase", """{"field":"a","target_field":"b"}""", """{"a":["x","y"]}""", """{"a":["x","y"],"b":["X","Y"]}""")]
    [InlineData("trim", """{"field":"a"}""", """{"a":" \t x \n"}""", """{"a":"x"}""")]
    [InlineData("split", """{"field":"a","separator":","}""", """{"a":"a,b,,"}""", """{"a":["a","b"]}""")]
    [InlineData("split", """{"field":"a","separator":",","preserve_trailing":true}""", """{"a":"a,b,,"}""", """{"a":["a","b","",""]}""")]
    [InlineData("split", """{"field":"a","separator":"\\s+","target_field":"w"}""", """{"a":"one  two"}""", """{"a":"one  two","w":["one","two"]}""")]
    [InlineData("split", """{"field":"a","separator":""}""", """{"a":"abc"}""", """{"a":["a","b","c"]}""")]
    [InlineData("gsub", """{"field":"a","pattern":"(\\d+)","replacement":"[$1]"}""", """{"a":"a1b22"}""", """{"a":"a[1]b[22]"}""")]
    [InlineData("gsub", """{"field":"a","pattern":"\\.","replacement":"\\$"}""", """{"a":"a.b"}""", """{"a":"a$b"}""")]
    public void String_processors(string type, string config, string source, string expected) => Assert.Equal(expected, After(type, config, source));

    [Fact]
    public void String_processor_failures()
    {
        Assert.Equal("field [a] of type [java.lang.Integer] cannot be cast to [java.lang.String]", Failure("lowercase", """{"field":"a"}""", """{"a":1}"""));
        Assert.Equal("value [1] of type [java.lang.Integer] in list field [a] cannot be cast to [java.lang.String]", Failure("trim", """{"field":"a"}""", """{"a":["x",1]}"""));
        Assert.Equal("field [a] is null, cannot split.", Failure("split", """{"field":"a","separator":","}""", """{"a":null}"""));
        Assert.StartsWith("[pattern] Invalid regex pattern.", Refused("""{"processors":[{"gsub":{"field":"a","pattern":"(","replacement":""}}]}""").Reason);
    }

    [Fact]
    public void Drop_and_fail()
    {
        var (dropped, _) = Run(Pipeline("""{"processors":[{"drop":{}},{"set":{"field":"x","value":1}}]}"""), "{}");
        Assert.Equal(IngestStatus.Dropped, dropped.Status);
        var (failed, _) = Run(One("fail", """{"message":"bad value {{a}}"}"""), """{"a":7}""");
        Assert.Equal(IngestStatus.Failed, failed.Status);
        Assert.Equal("fail_processor_exception", failed.ErrorType);
        Assert.Equal("bad value 7", failed.Reason);
    }
}
