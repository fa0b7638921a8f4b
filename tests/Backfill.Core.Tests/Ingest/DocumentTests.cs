using System.Text;
using Backfill.Core.Ingest;
using Backfill.Core.Ingest.Documents;
using static Backfill.Core.Tests.Ingest.IngestTestKit;

namespace Backfill.Core.Tests.Ingest;

public sealed class DocumentTests
{
    [Theory]
    [InlineData("a.b", """{"a":{"b":1}}""", "1")]
    [InlineData("a.1", """{"a":[0,5]}""", "5")]
    [InlineData("_source.a", """{"a":"x"}""", "x")]
    [InlineData("_index", """{}""", "idx")]
    public void Paths_read_nested_values_and_metadata(string path, string source, string expected)
    {
        Assert.Null(DocumentAccess.TryGet(Document(source), FieldPath.Parse(path), out var value));
        Assert.Equal(expected, JavaText.ToString(value));
    }

    [Theory]
    [InlineData("a.b", """{"a":{}}""", "field [b] not present as part of path [a.b]")]
    [InlineData("a.b", """{"a":null}""", "cannot resolve [b] from null as part of path [a.b]")]
    [InlineData("a.b", """{"a":"s"}""", "cannot resolve [b] from object of type [java.lang.String] as part of path [a.b]")]
    [InlineData("a.x", """{"a":[1]}""", "[x] is not an integer, cannot be used as an index as part of path [a.x]")]
    [InlineData("a.2", """{"a":[1]}""", "[2] is out of bounds for array with length [1] as part of path [a.2]")]
    public void Unreachable_paths_fail_with_OpenSearchs_wording(string path, string source, string reason)
        => Assert.Equal(reason, DocumentAccess.TryGet(Document(source), FieldPath.Parse(path), out _)!.Reason);

    [Fact]
    public void Setting_creates_intermediate_objects_and_refuses_to_go_through_scalars()
    {
        var document = Document("""{"s":"x"}""");
        Assert.Null(DocumentAccess.Set(document, FieldPath.Parse("a.b.c"), 1));
        Assert.Equal("""{"s":"x","a":{"b":{"c":1}}}""", SourceJson(document));
        Assert.Equal("cannot set [c] with parent object of type [java.lang.String] as part of path [s.c]",
            DocumentAccess.Set(document, FieldPath.Parse("s.c"), 1)!.Reason);
        Assert.Null(DocumentAccess.Set(document, FieldPath.Parse("_ingest.k"), "v"));
        Assert.Equal("v", document.IngestMetadata!["k"]);
    }

    [Theory]
    [InlineData("", "path cannot be null nor empty")]
    [InlineData(".", "path [.] is not valid")]
    [InlineData("_ingest.", "path [_ingest.] is not valid")]
    public void Bad_paths_are_named(string path, string error)
    {
        Assert.False(FieldPath.TryParse(path, out _, out var message));
        Assert.Equal(error, message);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1500.25, "1500.25")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(1.5e-4, "1.5E-4")]
    [InlineData(-0.001, "-0.001")]
    [InlineData(123456789.0, "1.23456789E8")]
    public void Doubles_print_as_Java_prints_them(double value, string expected) => Assert.Equal(expected, JavaText.DoubleToString(value));

    [Fact]
    public void JSON_round_trips_document_values()
    {
        var json = """{"s":"x","i":1,"l":4000000000,"d":1.5,"b":true,"n":null,"list":[1,"a",[2]],"map":{"k":{"z":0}}}""";
        var source = IngestDocumentJson.ReadSource(Encoding.UTF8.GetBytes(json));
        Assert.IsType<int>(source["i"]);
        Assert.IsType<long>(source["l"]);
        Assert.IsType<double>(source["d"]);
        Assert.Equal(json, SourceJson(new IngestDocument("i", null, source)));
    }

    [Fact]
    public void Clones_are_deep()
    {
        var document = Document("""{"m":{"l":[1]}}""");
        var clone = document.Clone();
        ((List<object?>)((Dictionary<string, object?>)document.Source["m"]!)["l"]!).Add(2);
        Assert.Equal("""{"m":{"l":[1]}}""", SourceJson(clone));
        Assert.Equal(document.IngestTimestamp, clone.IngestTimestamp);
    }
}
