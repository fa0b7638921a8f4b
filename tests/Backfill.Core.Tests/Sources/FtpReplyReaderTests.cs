using System.Text;
using Backfill.Core.Sources.Ftp;

namespace Backfill.Core.Tests.Sources;

public sealed class FtpReplyReaderTests
{
    private static FtpReplyReader Reader(string text) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task Multi_line_reply_runs_until_the_same_code_followed_by_a_space()
    {
        var reader = Reader(
            "220-Welcome to the archive\r\n" +
            "220-Second line\r\n" +
            " 230 an indented line that looks like a code\r\n" +
            "230 a line with another code is still inside\r\n" +
            "220 Ready.\r\n" +
            "331 Password required for bob.\r\n");

        var greeting = await reader.ReadAsync(CancellationToken.None);
        var next = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(220, greeting.Code);
        Assert.Equal(
            ["Welcome to the archive", "Second line", " 230 an indented line that looks like a code", "230 a line with another code is still inside", "Ready."],
            greeting.Lines);
        Assert.Equal(331, next.Code);
        Assert.Equal(["Password required for bob."], next.Lines);
        Assert.True(next.IsIntermediate);
    }

    [Fact]
    public async Task Bare_LF_line_ends_and_a_last_line_of_just_the_code_are_accepted()
    {
        var reader = Reader("211-Features:\n EPSV\n SIZE\n211\n550 No such file.\n");

        var features = await reader.ReadAsync(CancellationToken.None);
        var missing = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(211, features.Code);
        Assert.Equal(["Features:", " EPSV", " SIZE", ""], features.Lines);
        Assert.Equal("211 Features: / EPSV / SIZE", features.ToString());
        Assert.True(missing.IsPermanentFailure);
        Assert.Equal("550 No such file.", missing.ToString());
    }

    [Fact]
    public async Task A_line_without_a_reply_code_is_an_error_quoting_it()
    {
        var error = await Assert.ThrowsAsync<IOException>(() => Reader("hello there\r\n").ReadAsync(CancellationToken.None));
        Assert.Contains("\"hello there\"", error.Message);
    }

    [Fact]
    public async Task Connection_closed_inside_a_multi_line_reply_is_an_IO_error()
    {
        var reader = Reader("220-Welcome\r\n220-still going\r\n");
        var error = await Assert.ThrowsAsync<IOException>(() => reader.ReadAsync(CancellationToken.None));
        Assert.Contains("closed the control connection", error.Message);
    }

    [Fact]
    public async Task An_endless_line_is_refused_instead_of_buffered()
    {
        var reader = Reader("220 " + new string('x', FtpReplyReader.MaxLineBytes + 10));
        var error = await Assert.ThrowsAsync<IOException>(() => reader.ReadAsync(CancellationToken.None));
        Assert.Contains("longer than", error.Message);
    }

    [Theory]
    [InlineData("Entering Extended Passive Mode (|||6446|)", 6446)]
    [InlineData("EPSV ok (!!!50001!)", 50001)]
    [InlineData("Entering Extended Passive Mode (|||0|)", null)]
    [InlineData("Entering Extended Passive Mode", null)]
    public void EPSV_port_is_read_between_the_delimiters(string text, int? port) =>
        Assert.Equal(port, FtpPassiveReply.EpsvPort(new FtpReply(229, [text])));

    [Theory]
    [InlineData("Entering Passive Mode (10,0,0,7,195,80).", "10.0.0.7", 50000)]
    [InlineData("Entering Passive Mode 192,168,1,2,4,1", "192.168.1.2", 1025)]
    public void PASV_address_and_port_are_read(string text, string address, int port)
    {
        var parsed = FtpPassiveReply.Pasv(new FtpReply(227, [text]));
        Assert.NotNull(parsed);
        Assert.Equal(address, parsed.Value.Address.ToString());
        Assert.Equal(port, parsed.Value.Port);
    }

    [Fact]
    public void PASV_reply_with_out_of_range_numbers_is_not_an_address() =>
        Assert.Null(FtpPassiveReply.Pasv(new FtpReply(227, ["Entering Passive Mode (300,1,1,1,1,1)"])));
}
