using System.Text;
using System.Text.Json;
using Backfill.Local.OpenSearch.Bulk;

namespace Backfill.Local.Tests.OpenSearch;

/// <summary>
/// The byte-level reader of the sender's <c>{"message":"…"}</c> documents must give exactly what the JSON reader
/// gives — the same entry and the same raw string — whenever it takes a document, and leave everything else to it.
/// </summary>
public sealed class SourceReaderTests
{
    [Fact]
    public void Reads_the_senders_documents_as_the_json_reader_does()
    {
        string[] lines =
        [
            "199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200 6245",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a\\\\b\\\"c HTTP/1.0\" 200 1",
            "", "\"", "\\", "x\\", "\\\"", "plain",
            new string('a', 600) + "\"" + new string('b', 600), // past the stack buffer
        ];
        foreach (var line in lines)
        {
            var json = JsonSerializer.Serialize(new { message = line }, new JsonSerializerOptions { Encoder = SourceWriter.Encoder });
            var (fast, fastRaw, taken) = Read(json, fastPath: true);
            Assert.True(taken, $"the byte-level reader should take {json}");
            var (general, generalRaw, _) = Read(json, fastPath: false);
            Assert.Equal(general, fast);
            Assert.Equal(line, fast["message"]);
            Assert.Equal(generalRaw, fastRaw);
        }
    }

    [Theory]
    [InlineData("{\"message\":\"caf\u00e9\"}")]             // not ASCII
    [InlineData("{\"message\":\"a\\nb\"}")]                 // an escape the writer would not produce
    [InlineData("{\"message\":\"\\u0041\"}")]
    [InlineData("{\"message\":\"a\\/b\"}")]
    [InlineData("{\"message\":\"a\tb\"}")]                  // a control character
    [InlineData("{\"message\": \"a\"}")]                    // other spacing
    [InlineData("{\"message\":\"a\",\"x\":1}")]             // more fields
    [InlineData("{\"message\":\"a\\\\\"}")]                 // ends with an escaped backslash: taken
    [InlineData("{\"message\":\"a\"b\"}")]                  // a bare quote: invalid JSON, the reader's to refuse
    [InlineData("{\"message\":1}")]
    [InlineData("{\"msg\":\"a\"}")]
    public void Leaves_other_documents_to_the_json_reader_or_agrees_with_it(string json)
    {
        var (fast, fastRaw, taken) = Read(json, fastPath: true);
        if (!taken) return;
        var (general, generalRaw, _) = Read(json, fastPath: false);
        Assert.Equal(general, fast);
        Assert.Equal(generalRaw, fastRaw);
    }

    private static (Dictionary<string, object?> Map, RawString Raw, bool Taken) Read(string json, bool fastPath)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var map = new Dictionary<string, object?>();
        RawString raw;
        var taken = false;
        if (fastPath) taken = SourceReader.TryReadMessageOnly(bytes, map, out raw);
        else SourceReader.ReadWithJsonReader(bytes, map, out raw);
        return (map, raw, taken);
    }
}
