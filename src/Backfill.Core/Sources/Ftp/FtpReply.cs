namespace Backfill.Core.Sources.Ftp;

/// <summary>
/// One reply on the FTP control connection: a three-digit code and its text lines (codes stripped). Multi-line
/// replies (RFC 959 §4.2: "123-first", …, "123 last") keep every line.
/// </summary>
public sealed class FtpReply(int code, IReadOnlyList<string> lines)
{
    public int Code { get; } = code;

    public IReadOnlyList<string> Lines { get; } = lines;

    /// <summary>The lines joined with " / ", for messages.</summary>
    public string Text => string.Join(" / ", Lines.Select(l => l.Trim()).Where(l => l.Length > 0));

    /// <summary>1xx: the command started; another reply follows.</summary>
    public bool IsPreliminary => Code is >= 100 and < 200;

    /// <summary>2xx: the command succeeded.</summary>
    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>3xx: the command needs a follow-up (331 after USER, 350 after REST).</summary>
    public bool IsIntermediate => Code is >= 300 and < 400;

    /// <summary>4xx: failed this time; the same command may work later (421, 425, 426, 450, 451).</summary>
    public bool IsTransientFailure => Code is >= 400 and < 500;

    /// <summary>5xx: failed for good (530 not logged in, 550 no such file).</summary>
    public bool IsPermanentFailure => Code >= 500;

    public override string ToString() => $"{Code} {Text}";
}
