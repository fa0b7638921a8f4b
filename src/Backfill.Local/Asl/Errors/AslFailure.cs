using Backfill.Local.Asl.Records;

namespace Backfill.Local.Asl.Errors;

/// <summary>
/// An error raised while a state runs, named the way Step Functions names it (<see cref="Error"/>) with its
/// <see cref="Cause"/>. Retry and Catch match on <see cref="Error"/>; an uncaught one fails the execution with the
/// same error and cause.
/// </summary>
public sealed class AslFailure : Exception
{
    public AslFailure(string error, string? cause, Exception? inner = null)
        : base(cause is null ? error : $"{error}: {cause}", inner)
    {
        Error = error;
        Cause = cause;
    }

    public string Error { get; }
    public string? Cause { get; }

    /// <summary>
    /// For a failed Map or Parallel state: what each iteration or branch did, so a redrive can re-run only the
    /// unsuccessful ones. Set by the state that failed.
    /// </summary>
    public IReadOnlyList<RunRecord>? Children { get; init; }

    /// <summary>States.Runtime with the "An error occurred while executing the state ..." preamble AWS puts on it.</summary>
    public static AslFailure Runtime(StateSite site, string detail) =>
        new(AslErrorNames.Runtime, $"An error occurred while executing the state '{site.StateName}' (entered at the event id #{site.EnteredEventId}). {detail}");
}

/// <summary>Where an error happened: the state's name and the id of its StateEntered event (for AWS-shaped causes).</summary>
public readonly record struct StateSite(string StateName, long EnteredEventId);
