using System.Net;
using System.Net.Sockets;
using Backfill.Core.Errors;

namespace Backfill.Core.Sources;

/// <summary>Decides whether a failure while opening or reading a source is worth a resume.</summary>
public static class TransientFailure
{
    /// <summary>
    /// True for network trouble (I/O, socket, HTTP transport errors, HTTP 408/429/5xx, timeouts, FTP 4xx) and
    /// false for permanent refusals (any <see cref="BackfillException"/>), missing local files, programming errors
    /// and cancellation requested by <paramref name="callerToken"/>.
    /// </summary>
    public static bool IsTransient(Exception error, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested) return false;
        return error switch
        {
            BackfillException => false,
            FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
            HttpRequestException http => http.StatusCode is null || IsTransientStatus(http.StatusCode.Value),
            IOException or SocketException or TimeoutException => true,
            // HttpClient reports its own timeout as a TaskCanceledException; the caller did not cancel (checked above).
            OperationCanceledException => true,
            _ => false,
        };
    }

    /// <summary>HTTP statuses that a later attempt may not get: 408, 429 and every 5xx.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
