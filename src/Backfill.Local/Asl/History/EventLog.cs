using System.Text.Json.Nodes;
using Backfill.Local.Asl.Execution;

namespace Backfill.Local.Asl.History;

/// <summary>
/// Allocates event ids for one execution and passes events to the observer. Each concurrent path through the
/// machine (a <see cref="ExecutionThread"/>: the main flow, a branch, an iteration) chains its own
/// previousEventId, as Step Functions does. With no observer, details are never built.
/// </summary>
internal sealed class EventLog(string executionArn, IExecutionObserver? observer, Func<DateTimeOffset> now)
{
    private readonly object _gate = new();
    private long _lastId;

    public bool Observed => observer is not null;

    public long Append(ExecutionThread thread, string type, string? detailsName = null, Func<JsonObject>? details = null)
    {
        lock (_gate)
        {
            var id = ++_lastId;
            var previous = thread.LastEventId;
            thread.LastEventId = id;
            observer?.OnEvent(new HistoryEvent(executionArn, id, previous, now(), type, detailsName, details?.Invoke()));
            return id;
        }
    }
}
