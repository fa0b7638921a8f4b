using Backfill.Core.Sources.Ftp;

namespace Backfill.Core.Sources;

/// <summary>
/// A file on an FTP server. Each opening is a fresh session (login, SIZE, MDTM, EPSV/PASV, REST, RETR); SIZE and
/// MDTM guard resumes against the file changing in between.
/// </summary>
public sealed class FtpByteSource(string host, int port, string path, SourceCredentials credentials, FtpClientOptions options, string displayUrl)
    : IByteSource
{
    private bool _epsvRefused;

    public string Host { get; } = host;

    public int Port { get; } = port;

    /// <summary>The path sent in SIZE/MDTM/RETR, e.g. "traces/NASA_access_log_Jul95.gz" (see <see cref="ServerPath"/>).</summary>
    public string Path { get; } = path;

    /// <summary>
    /// The server path for a URL path. RFC 1738 makes ftp URL paths relative to the login directory, so the leading
    /// '/' is dropped ("/pub/a.gz" → "pub/a.gz"); an absolute path is written with an encoded slash,
    /// ftp://host/%2Fvar/a.gz (decoded "//var/a.gz" → "/var/a.gz"), as curl and browsers do.
    /// </summary>
    public static string ServerPath(string urlPath) => urlPath.StartsWith('/') ? urlPath[1..] : urlPath;

    public string DisplayUrl { get; } = displayUrl;

    public async Task<SourceOpening> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        var sessionOptions = _epsvRefused ? options with { UseEpsv = false } : options;
        var client = await FtpClient.ConnectAsync(Host, Port, credentials, sessionOptions, DisplayUrl, cancellationToken).ConfigureAwait(false);
        try
        {
            var size = await client.GetSizeAsync(Path, cancellationToken).ConfigureAwait(false);
            var modified = await client.GetModifiedTimeAsync(Path, cancellationToken).ConfigureAwait(false);
            var stream = await client.RetrieveAsync(Path, offset, cancellationToken).ConfigureAwait(false);
            return new SourceOpening(stream, size, null, modified);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _epsvRefused |= client.EpsvRefused;
        }
    }
}
