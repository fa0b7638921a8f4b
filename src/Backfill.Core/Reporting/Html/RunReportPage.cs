namespace Backfill.Core.Reporting.Html;

/// <summary>
/// Everything the operator's HTML page shows: the run report (report.json), the execution's identity and outcome
/// when known, and the documents per daily index read from the cluster (or why they could not be read).
/// </summary>
public sealed record RunReportPage
{
    public required RunReport Report { get; init; }

    /// <summary>Local execution name or execution ARN.</summary>
    public string? Execution { get; init; }

    /// <summary>RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED.</summary>
    public string? Status { get; init; }

    public DateTimeOffset? Started { get; init; }
    public DateTimeOffset? Stopped { get; init; }
    public int RedriveCount { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }

    /// <summary>Where report.json is (a file path or s3:// URL).</summary>
    public string? ReportLocation { get; init; }

    /// <summary>The OpenSearch endpoint the run sent to, as it may be printed (no credentials).</summary>
    public string? OpenSearchEndpoint { get; init; }

    /// <summary>Documents per daily index, from the cluster; null when they could not be read (see <see cref="DocumentsNote"/>).</summary>
    public DailyDocumentCounts? Documents { get; init; }

    /// <summary>Where the document counts come from, or why there are none.</summary>
    public string? DocumentsNote { get; init; }
}
