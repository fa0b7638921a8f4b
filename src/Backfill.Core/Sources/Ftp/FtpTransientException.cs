namespace Backfill.Core.Sources.Ftp;

/// <summary>An FTP 4xx reply (421, 425, 426, 450, 451…): the same request may work on a new connection.</summary>
public sealed class FtpTransientException(string message, FtpReply reply) : SourceTransientException(message)
{
    public FtpReply Reply { get; } = reply;
}
