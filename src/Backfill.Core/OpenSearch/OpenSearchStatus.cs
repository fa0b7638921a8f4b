namespace Backfill.Core.OpenSearch;

/// <summary>Which OpenSearch answers are worth repeating: the one place that decides it.</summary>
public static class OpenSearchStatus
{
    /// <summary>Bulk items: 429 (queue full, circuit breaker) and any 5xx are retried; 400/404/409 and pipeline failures are not.</summary>
    public static bool IsRetryableItem(int status) => status == 429 || status >= 500;

    /// <summary>Whole requests: 429 and the gateway answers 502/503/504 are retried; anything else is a problem to report.</summary>
    public static bool IsRetryableRequest(int status) => status is 429 or 502 or 503 or 504;

    public static string Describe(int status) => status switch
    {
        400 => "400 Bad Request",
        401 => "401 Unauthorized",
        403 => "403 Forbidden",
        404 => "404 Not Found",
        409 => "409 Conflict",
        413 => "413 Payload Too Large",
        429 => "429 Too Many Requests",
        500 => "500 Internal Server Error",
        502 => "502 Bad Gateway",
        503 => "503 Service Unavailable",
        504 => "504 Gateway Timeout",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
