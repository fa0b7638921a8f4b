namespace Backfill.Local.Asl.Execution;

/// <summary>
/// One sequential path through an execution (the main flow, a Parallel branch, a Map iteration): it chains the
/// previousEventId of the history events it produces.
/// </summary>
public sealed class ExecutionThread(long lastEventId = 0)
{
    public long LastEventId { get; internal set; } = lastEventId;
}
