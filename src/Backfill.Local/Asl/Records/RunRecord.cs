using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Backfill.Local.Asl.Records;

/// <summary>How a run of a scope (an execution, a Parallel branch, a Map iteration) ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus { NotStarted, Succeeded, Failed, Aborted, TimedOut }

/// <summary>
/// What one run of a scope did, kept so that a failed execution can be redriven: a successful run keeps its
/// output (reused as is), an unsuccessful one keeps the state it stopped in (<see cref="StoppedAt"/>) so the
/// redrive resumes there. Serialisable with System.Text.Json.
/// </summary>
public sealed record RunRecord
{
    public RunStatus Status { get; init; }
    public JsonNode? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
    public StateRecord? StoppedAt { get; init; }

    public static RunRecord NotStarted { get; } = new() { Status = RunStatus.NotStarted };
    public static RunRecord Succeeded(JsonNode? output) => new() { Status = RunStatus.Succeeded, Output = output };

    public static RunRecord Failed(string error, string? cause, StateRecord? stoppedAt) =>
        new() { Status = RunStatus.Failed, Error = error, Cause = cause, StoppedAt = stoppedAt };

    public static RunRecord Aborted(StateRecord? stoppedAt, RunStatus status = RunStatus.Aborted, string? error = null, string? cause = null) =>
        new() { Status = status, StoppedAt = stoppedAt, Error = error, Cause = cause };
}

/// <summary>
/// The state a run stopped in, with the raw input it was entered with; for a Map or Parallel state also the
/// records of its iterations or branches, so a redrive re-runs only the unsuccessful ones.
/// </summary>
public sealed record StateRecord(string StateName, JsonNode? Input)
{
    public IReadOnlyList<RunRecord>? Children { get; init; }
}
