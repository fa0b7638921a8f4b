using System.Net;
using System.Text.RegularExpressions;

namespace Backfill.Core.Sources.Ftp;

/// <summary>Reads the port out of EPSV (229) and PASV (227) replies.</summary>
internal static partial class FtpPassiveReply
{
    /// <summary>"229 Entering Extended Passive Mode (|||6446|)": the delimiter is whatever character follows '('.</summary>
    public static int? EpsvPort(FtpReply reply)
    {
        var text = reply.Text;
        var open = text.IndexOf('(');
        var close = open < 0 ? -1 : text.IndexOf(')', open);
        if (close - open < 5) return null;
        var parts = text[(open + 1)..close].Split(text[open + 1]);
        return parts.Length == 5 && int.TryParse(parts[3], out var port) && port is > 0 and <= 65535 ? port : null;
    }

    /// <summary>"227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)" (some servers omit the parentheses).</summary>
    public static (IPAddress Address, int Port)? Pasv(FtpReply reply)
    {
        var match = Numbers().Match(reply.Text);
        if (!match.Success) return null;
        var n = new int[6];
        for (var i = 0; i < 6; i++)
            if (!int.TryParse(match.Groups[i + 1].Value, out n[i]) || n[i] > 255) return null;
        var port = n[4] * 256 + n[5];
        if (port == 0) return null;
        return (new IPAddress([(byte)n[0], (byte)n[1], (byte)n[2], (byte)n[3]]), port);
    }

    [GeneratedRegex(@"(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})")]
    private static partial Regex Numbers();
}
