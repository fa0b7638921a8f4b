using Backfill.Local.Asl.Json;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Tests.Asl.Paths;

public sealed class JsonPathTests
{
    private const string Store = """
        {"store":{"book":[
          {"category":"reference","author":"Nigel Rees","title":"Sayings","price":8.95},
          {"category":"fiction","author":"Evelyn Waugh","title":"Sword","price":12.99},
          {"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553","price":8.99},
          {"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord","isbn":"0-395","price":22.99}],
          "bicycle":{"color":"red","price":19.95}},
         "a.b":{"c d":1}, "nothing": null}
        """;

    [Theory]
    [InlineData("$.store.bicycle.color", "\"red\"")]
    [InlineData("$['store']['bicycle']['price']", "19.95")]
    [InlineData("$.store.book[0].author", "\"Nigel Rees\"")]
    [InlineData("$.store.book[-1].title", "\"The Lord\"")]
    [InlineData("$['a.b']['c d']", "1")]
    [InlineData("$.nothing", "null")]
    [InlineData("$.store.book.length()", "4")]
    public void Definite_paths_select_one_value(string path, string expected) =>
        AslTestKit.AssertJson(expected, Evaluate(path));

    [Theory]
    [InlineData("$.store.book[*].price", "[8.95,12.99,8.99,22.99]")]
    [InlineData("$..author", "[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\",\"J. R. R. Tolkien\"]")]
    [InlineData("$.store.book[1:3].title", "[\"Sword\",\"Moby Dick\"]")]
    [InlineData("$.store.book[-2:].title", "[\"Moby Dick\",\"The Lord\"]")]
    [InlineData("$.store.book[:1].title", "[\"Sayings\"]")]
    [InlineData("$.store.book[0,2].title", "[\"Sayings\",\"Moby Dick\"]")]
    [InlineData("$.store.book[?(@.isbn)].title", "[\"Moby Dick\",\"The Lord\"]")]
    [InlineData("$.store.book[?(@.price < 10)].title", "[\"Sayings\",\"Moby Dick\"]")]
    [InlineData("$.store.book[?(@.category == 'fiction' && @.price > 20)].title", "[\"The Lord\"]")]
    [InlineData("$.store.book[?(@.author =~ /.*Melville/)].price", "[8.99]")]
    [InlineData("$.store.book[?(!(@.category == 'fiction'))].title", "[\"Sayings\"]")]
    [InlineData("$.store.book[?(@.category in ['reference'])].title", "[\"Sayings\"]")]
    [InlineData("$.store.book[?(@.price > $.store.bicycle.price)].title", "[\"The Lord\"]")]
    [InlineData("$.missing[*]", "[]")]
    public void Indefinite_paths_yield_arrays(string path, string expected) =>
        AslTestKit.AssertJson(expected, Evaluate(path));

    [Theory]
    [InlineData("$.store.missing")]
    [InlineData("$.store.book[10]")]
    [InlineData("$.store.bicycle.color.x")]
    [InlineData("$.nothing.x")]
    public void Missing_definite_paths_find_nothing(string path)
    {
        Assert.False(JsonPath.Parse(path).TryEvaluate(JsonValues.Parse(Store), out _));
    }

    [Theory]
    [InlineData("store")]
    [InlineData("$.")]
    [InlineData("$.a[")]
    [InlineData("$.a[?(@.x ==)]")]
    [InlineData("$.a.b()")]
    [InlineData("$x")]
    public void Invalid_syntax_is_rejected_with_position(string path)
    {
        Assert.False(JsonPath.TryParse(path, out _, out var error));
        Assert.Contains(path, error);
        Assert.Contains("at character", error);
    }

    [Fact]
    public void Reference_paths_allow_only_names_and_single_indexes()
    {
        Assert.True(JsonPath.Parse("$.a.b[0]['c']").IsReferencePath);
        Assert.False(JsonPath.Parse("$.a[*]").IsReferencePath);
        Assert.False(JsonPath.Parse("$..a").IsReferencePath);
        Assert.False(JsonPath.Parse("$.a[0:1]").IsReferencePath);
    }

    [Fact]
    public void Bracket_notation_is_how_AWS_quotes_missing_paths() =>
        Assert.Equal("$['a'][0]['b']", JsonPath.Parse("$.a[0].b").ToBracketNotation());

    private static System.Text.Json.Nodes.JsonNode? Evaluate(string path)
    {
        Assert.True(JsonPath.Parse(path).TryEvaluate(JsonValues.Parse(Store), out var value), path + " found nothing");
        return value;
    }
}
