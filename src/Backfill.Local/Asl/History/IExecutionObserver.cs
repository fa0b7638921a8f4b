namespace Backfill.Local.Asl.History;

/// <summary>
/// Receives history events as they happen (from several threads; calls are serialised and in id order per
/// execution). Keep it quick: the engine waits for it.
/// </summary>
public interface IExecutionObserver
{
    void OnEvent(HistoryEvent historyEvent);
}

/// <summary>Collects every event in memory (tests, `backfill asl run --history`).</summary>
public sealed class HistoryRecorder : IExecutionObserver
{
    private readonly List<HistoryEvent> _events = [];

    public IReadOnlyList<HistoryEvent> Events
    {
        get { lock (_events) return _events.ToList(); }
    }

    public void OnEvent(HistoryEvent historyEvent)
    {
        lock (_events) _events.Add(historyEvent);
    }

    public IReadOnlyList<HistoryEvent> OfType(string type) => Events.Where(e => e.Type == type).ToList();
}

/// <summary>Forwards events to a delegate.</summary>
public sealed class DelegateObserver(Action<HistoryEvent> onEvent) : IExecutionObserver
{
    public void OnEvent(HistoryEvent historyEvent) => onEvent(historyEvent);
}
