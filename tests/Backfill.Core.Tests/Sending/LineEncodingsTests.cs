using System.Text;
using Backfill.Core.Sending;

namespace Backfill.Core.Tests.Sending;

/// <summary>The sender's line policy: valid UTF-8 (ASCII included) is read as UTF-8, anything else as Latin-1.</summary>
public sealed class LineEncodingsTests
{
    [Theory]
    [InlineData("199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200 6245")]
    [InlineData("")]
    [InlineData("caf\u00e9 \u65e5\u672c \U0001F600 \u00ff")] // two-, three- and four-byte sequences
    [InlineData("\u007f\u0080 control and the first non-ASCII code point")]
    public void Valid_utf8_decodes_as_utf8(string text)
    {
        var raw = Encoding.UTF8.GetBytes(text);
        Assert.Equal(LineEncoding.Utf8, LineEncodings.Detect(raw));
        Assert.Equal(text, LineEncodings.Decode(raw, LineEncoding.Utf8));
    }

    [Fact]
    public void Invalid_utf8_decodes_byte_for_byte_as_latin1()
    {
        byte[] raw = [(byte)'a', 0xE9, (byte)' ', 0xFF, 0xC3]; // "aé ÿ" then a truncated sequence
        Assert.Equal(LineEncoding.Latin1, LineEncodings.Detect(raw));
        Assert.Equal("a\u00e9 \u00ff\u00c3", LineEncodings.Decode(raw, LineEncoding.Latin1));
    }
}
