using System.Text;

namespace Backfill.Core.Sources.Ftp;

/// <summary>
/// Reads replies from the control connection. Lines end in CRLF (a bare LF is accepted too). Line length and
/// the number of lines per reply are bounded so a misbehaving server cannot make us buffer without limit.
/// </summary>
internal sealed class FtpReplyReader(Stream stream)
{
    public const int MaxLineBytes = 8192;
    public const int MaxLinesPerReply = 1000;

    private readonly byte[] _buffer = new byte[MaxLineBytes];
    private int _start;
    private int _end;

    public async Task<FtpReply> ReadAsync(CancellationToken cancellationToken)
    {
        var first = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (first.Length < 3 || !char.IsAsciiDigit(first[0]) || !char.IsAsciiDigit(first[1]) || !char.IsAsciiDigit(first[2])
            || (first.Length > 3 && first[3] is not (' ' or '-')))
            throw new IOException($"the FTP server sent \"{Shorten(first)}\" where a reply code was expected");
        var code = int.Parse(first.AsSpan(0, 3));
        var lines = new List<string> { first.Length > 4 ? first[4..] : "" };
        if (first.Length > 3 && first[3] == '-')
        {
            // Until a line that starts with the same code and a space (or is just the code). Lines in between may be
            // anything, including other digits; some servers repeat "123-" on each, which we strip.
            var prefix = first[..3];
            while (true)
            {
                if (lines.Count >= MaxLinesPerReply)
                    throw new IOException($"the FTP server's {code} reply has more than {MaxLinesPerReply} lines");
                var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line.StartsWith(prefix, StringComparison.Ordinal) && (line.Length == 3 || line[3] == ' '))
                {
                    lines.Add(line.Length > 4 ? line[4..] : "");
                    break;
                }
                lines.Add(line.StartsWith(prefix + "-", StringComparison.Ordinal) ? line[4..] : line);
            }
        }
        return new FtpReply(code, lines);
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r') length--;
                var line = Encoding.UTF8.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
                throw new IOException($"the FTP server sent a reply line longer than {MaxLineBytes} bytes");
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new IOException("the FTP server closed the control connection");
            _end += read;
        }
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
