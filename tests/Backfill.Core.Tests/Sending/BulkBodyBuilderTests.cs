using System.Text;
using Backfill.Core.Sending;

namespace Backfill.Core.Tests.Sending;

/// <summary>NDJSON bodies compared byte for byte with hand-written expected output.</summary>
public sealed class BulkBodyBuilderTests
{
    private static readonly BulkActionTemplate Template = new("nasa-logs-unparsed", "0123456789abcdef");

    private static string Body(params (long Line, byte[] Raw)[] lines)
    {
        using var builder = new BulkBodyBuilder(1 << 20, 1000);
        foreach (var (line, raw) in lines)
            Assert.True(builder.TryAppendLine(Template, line, raw, LineEncodings.Detect(raw)));
        return Encoding.UTF8.GetString(builder.BodySpan);
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Plain_line_becomes_an_index_action_and_a_message_document()
    {
        var body = Body((1, Bytes("199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200 6245")));
        Assert.Equal(
            "{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-1\"}}\n" +
            "{\"message\":\"199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \\\"GET /history/apollo/ HTTP/1.0\\\" 200 6245\"}\n",
            body);
    }

    [Fact]
    public void Quotes_and_backslashes_are_escaped()
    {
        var body = Body((42, Bytes("a \"q\" \\ b\\\\\"")));
        Assert.Equal(
            "{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-42\"}}\n" +
            "{\"message\":\"a \\\"q\\\" \\\\ b\\\\\\\\\\\"\"}\n",
            body);
    }

    [Fact]
    public void Control_characters_use_short_escapes_or_u00XX_and_DEL_is_kept()
    {
        byte[] raw = [(byte)'x', 0x09, 0x08, 0x0C, 0x0D, 0x0A, 0x00, 0x01, 0x1B, 0x1F, 0x7F, (byte)'y'];
        var body = Body((7, raw));
        Assert.Equal(
            "{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-7\"}}\n" +
            "{\"message\":\"x\\t\\b\\f\\r\\n\\u0000\\u0001\\u001B\\u001F\u007Fy\"}\n",
            body);
    }

    [Fact]
    public void Valid_utf8_is_copied_unchanged()
    {
        var body = Body((3, Bytes("GET /caf\u00e9/\u6587\u5b57/\U0001F680")));
        Assert.Equal(
            "{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-3\"}}\n" +
            "{\"message\":\"GET /caf\u00e9/\u6587\u5b57/\U0001F680\"}\n",
            body);
    }

    [Fact]
    public void Invalid_utf8_is_sent_as_latin1_and_marked()
    {
        byte[] raw = [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'"', 0xFF, 0x80];
        using var builder = new BulkBodyBuilder(1 << 20, 10);
        Assert.Equal(LineEncoding.Latin1, LineEncodings.Detect(raw));
        Assert.True(builder.TryAppendLine(Template, 9, raw, LineEncoding.Latin1));
        var expected = new List<byte>();
        expected.AddRange(Bytes("{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-9\"}}\n{\"message\":\"caf"));
        expected.AddRange([0xC3, 0xA9, (byte)'\\', (byte)'"', 0xC3, 0xBF, 0xC2, 0x80]);
        expected.AddRange(Bytes("\",\"message_encoding\":\"latin1\"}\n"));
        Assert.Equal(expected.ToArray(), builder.BodySpan.ToArray());
    }

    [Fact]
    public void A_line_mixing_valid_utf8_with_an_invalid_byte_is_latin1_as_a_whole()
    {
        byte[] raw = [0xC3, 0xA9, 0xFF];
        Assert.Equal(LineEncoding.Latin1, LineEncodings.Detect(raw));
        var body = Body((1, raw));
        Assert.EndsWith("{\"message\":\"\u00c3\u00a9\u00ff\",\"message_encoding\":\"latin1\"}\n", body);
    }

    [Fact]
    public void Lines_follow_each_other_and_items_can_be_copied_out()
    {
        using var builder = new BulkBodyBuilder(1 << 20, 10);
        builder.TryAppendLine(Template, 1, Bytes("one"), LineEncoding.Utf8);
        builder.TryAppendLine(Template, 2, Bytes(""), LineEncoding.Utf8);
        builder.TryAppendLine(Template, 1234567890123, Bytes("three"), LineEncoding.Utf8);
        Assert.Equal(3, builder.Count);
        Assert.Equal(
            "{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-1\"}}\n{\"message\":\"one\"}\n" +
            "{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-2\"}}\n{\"message\":\"\"}\n" +
            "{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-1234567890123\"}}\n{\"message\":\"three\"}\n",
            Encoding.UTF8.GetString(builder.BodySpan));
        Assert.Equal("{\"index\":{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"0123456789abcdef-2\"}}\n{\"message\":\"\"}\n", Encoding.UTF8.GetString(builder.Item(1)));

        using var retry = new BulkBodyBuilder(1 << 20, 10);
        Assert.True(retry.TryAppendItem(builder.Item(2)));
        Assert.True(retry.TryAppendItem(builder.Item(0)));
        Assert.Equal(Encoding.UTF8.GetString(builder.Item(2)) + Encoding.UTF8.GetString(builder.Item(0)), Encoding.UTF8.GetString(retry.BodySpan));
    }

    [Fact]
    public void Action_count_bounds_the_body()
    {
        using var builder = new BulkBodyBuilder(1 << 20, 2);
        Assert.True(builder.TryAppendLine(Template, 1, Bytes("a"), LineEncoding.Utf8));
        Assert.True(builder.TryAppendLine(Template, 2, Bytes("b"), LineEncoding.Utf8));
        var before = builder.Length;
        Assert.False(builder.TryAppendLine(Template, 3, Bytes("c"), LineEncoding.Utf8));
        Assert.Equal(before, builder.Length);
        Assert.Equal(2, builder.Count);
    }

    [Fact]
    public void Byte_limit_bounds_the_body_and_a_refused_line_leaves_it_unchanged()
    {
        using var builder = new BulkBodyBuilder(1024, 1000);
        var line = Bytes(new string('x', 100));
        var n = 0;
        while (builder.TryAppendLine(Template, ++n, line, LineEncoding.Utf8)) { }
        Assert.True(builder.Length <= 1024);
        Assert.True(builder.Length + 100 + Template.Overhead > 1024);
        var text = Encoding.UTF8.GetString(builder.BodySpan);
        Assert.EndsWith("\"}\n", text);
        Assert.Equal(builder.Count * 2, text.Count(c => c == '\n'));
    }

    [Fact]
    public void Escaping_that_overflows_the_limit_is_refused_cleanly()
    {
        using var builder = new BulkBodyBuilder(1024, 1000);
        Assert.True(builder.TryAppendLine(Template, 1, Bytes("first"), LineEncoding.Utf8));
        var length = builder.Length;
        // 300 raw bytes that escape to 1800.
        Assert.False(builder.TryAppendLine(Template, 2, new byte[300], LineEncoding.Utf8));
        Assert.Equal(length, builder.Length);
        Assert.Equal(1, builder.Count);
    }

    [Fact]
    public void A_single_line_larger_than_the_soft_limit_travels_alone_up_to_the_hard_limit()
    {
        using var builder = new BulkBodyBuilder(1024, 1000);
        var big = new byte[200_000];
        big.AsSpan().Fill((byte)'z');
        Assert.True(builder.TryAppendLine(Template, 1, big, LineEncoding.Utf8));
        Assert.False(builder.TryAppendLine(Template, 2, Bytes("next"), LineEncoding.Utf8));
        Assert.Equal(1, builder.Count);

        using var other = new BulkBodyBuilder(1024, 1000);
        var huge = new byte[BulkBodyBuilder.HardLimitBytes];
        huge.AsSpan().Fill((byte)'z');
        Assert.False(other.TryAppendLine(Template, 1, huge, LineEncoding.Utf8));
        Assert.Equal(0, other.Count);
        Assert.Equal(0, other.Length);
    }

    [Fact]
    public void Client_side_documents_are_written_with_their_own_index_and_id()
    {
        using var builder = new BulkBodyBuilder(1 << 20, 10);
        var source = new Dictionary<string, object?> { ["message"] = "a\"b", ["bytes"] = 6245L, ["nested"] = new Dictionary<string, object?> { ["x"] = true } };
        Assert.True(builder.TryAppendDocument("nasa-logs-1995.07.01", "sid-5", source));
        Assert.Equal(
            "{\"index\":{\"_index\":\"nasa-logs-1995.07.01\",\"_id\":\"sid-5\"}}\n{\"message\":\"a\\\"b\",\"bytes\":6245,\"nested\":{\"x\":true}}\n",
            Encoding.UTF8.GetString(builder.BodySpan));
    }
}
