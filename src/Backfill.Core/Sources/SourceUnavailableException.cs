using Backfill.Core.Errors;

namespace Backfill.Core.Sources;

/// <summary>
/// A source refused or failed for good: missing object (FTP 550, HTTP 404), refused login (FTP 530, HTTP 401/403),
/// or transient failures that outlasted every resume attempt. The message starts with the source's display URL
/// and quotes the server's reply; it never contains credentials.
/// </summary>
public sealed class SourceUnavailableException : BackfillException, IServiceFailure
{
    public SourceUnavailableException(string displayUrl, string reason, Exception? inner = null)
        : base($"{displayUrl}: {reason}", inner!)
    {
        DisplayUrl = displayUrl;
    }

    public string DisplayUrl { get; }

    public override string ErrorType => "SourceUnavailable";
}
