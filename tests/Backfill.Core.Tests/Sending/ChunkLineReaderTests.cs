using System.Text;
using Backfill.Core.Errors;
using Backfill.Core.Sending;

namespace Backfill.Core.Tests.Sending;

public sealed class ChunkLineReaderTests
{
    private static async Task<List<(long, string)>> ReadAll(string text, int bufferBytes = 16, long firstLine = 1)
    {
        using var reader = new ChunkLineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), firstLine, "chunk", bufferBytes: bufferBytes);
        var lines = new List<(long, string)>();
        while (await reader.MoveNextAsync()) lines.Add((reader.LineNumber, Encoding.UTF8.GetString(reader.Current)));
        return lines;
    }

    [Theory]
    [InlineData(16)]
    [InlineData(4096)]
    public async Task Lf_crlf_empty_and_unterminated_last_lines(int buffer)
    {
        var lines = await ReadAll("one\r\ntwo\n\nfour has a longer text than the buffer\r\nfive", buffer, firstLine: 10);
        Assert.Equal([(10L, "one"), (11L, "two"), (12L, ""), (13L, "four has a longer text than the buffer"), (14L, "five")], lines);
    }

    [Fact]
    public async Task A_final_newline_does_not_make_an_extra_line()
    {
        Assert.Equal([(1L, "a"), (2L, "b")], await ReadAll("a\nb\n"));
        Assert.Empty(await ReadAll(""));
    }

    [Fact]
    public async Task A_carriage_return_inside_a_line_is_kept()
    {
        Assert.Equal([(1L, "a\rb")], await ReadAll("a\rb\n"));
    }

    [Fact]
    public async Task SkipTo_positions_before_the_wanted_line()
    {
        using var reader = new ChunkLineReader(new MemoryStream("a\nb\nc\n"u8.ToArray()), 5, "chunk", bufferBytes: 16);
        Assert.True(await reader.SkipToAsync(7));
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(7, reader.LineNumber);
        Assert.Equal("c", Encoding.UTF8.GetString(reader.Current));
    }

    [Fact]
    public async Task An_overlong_line_is_named()
    {
        using var reader = new ChunkLineReader(new MemoryStream(new byte[5000]), 1, "chunk x", maxLineBytes: 1000, bufferBytes: 256);
        var e = await Assert.ThrowsAsync<BackfillException>(async () => await reader.MoveNextAsync());
        Assert.Contains("chunk x: line 1 is longer than 1000 bytes", e.Message);
    }
}
