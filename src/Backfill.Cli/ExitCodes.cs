namespace Backfill.Cli;

/// <summary>Process exit codes: documented in README ("Exit codes").</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The work ran but something failed (chunks failed, execution failed).</summary>
    public const int Failed = 1;
    /// <summary>The operator's input was wrong (bad file, field, URL, option).</summary>
    public const int UsageError = 2;
    /// <summary>A remote service refused or failed (AWS, OpenSearch, FTP/HTTP server).</summary>
    public const int ServiceError = 3;
    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Cancelled = 130;
}
