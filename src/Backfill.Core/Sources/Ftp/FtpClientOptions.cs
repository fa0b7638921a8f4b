namespace Backfill.Core.Sources.Ftp;

/// <summary>Timeouts and mode choices for <see cref="FtpClient"/>.</summary>
public sealed record FtpClientOptions
{
    public static FtpClientOptions Default { get; } = new();

    /// <summary>Longest wait for a TCP connection (control or data) to be accepted.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a reply on the control connection.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Try EPSV (RFC 2428) before PASV. Servers that refuse it with a 5xx reply get PASV.</summary>
    public bool UseEpsv { get; init; } = true;
}
