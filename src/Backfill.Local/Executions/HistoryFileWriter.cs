using System.Text.Json;
using Backfill.Local.Asl.History;

namespace Backfill.Local.Executions;

/// <summary>
/// Appends an execution's history events to history.jsonl as they happen (so a crash leaves the history up to
/// that point). A redriven execution continues the same file: its ids carry on from the last event written.
/// </summary>
public sealed class HistoryFileWriter : IExecutionObserver, IDisposable
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;
    private readonly long _idOffset;

    public HistoryFileWriter(string path)
    {
        _idOffset = LastId(path);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), bufferSize: 1 << 16);
    }

    /// <summary>Other observers that also see every event (progress displays).</summary>
    public IExecutionObserver? Next { get; init; }

    public void OnEvent(HistoryEvent historyEvent)
    {
        var shifted = historyEvent with
        {
            Id = historyEvent.Id + _idOffset,
            PreviousEventId = historyEvent.PreviousEventId > 0 ? historyEvent.PreviousEventId + _idOffset : _idOffset,
        };
        var json = shifted.ToJson();
        json["executionArn"] = historyEvent.ExecutionArn;
        lock (_lock) _writer.WriteLine(json.ToJsonString());
        Next?.OnEvent(historyEvent);
    }

    public void Dispose()
    {
        lock (_lock) _writer.Dispose();
    }

    private static long LastId(string path)
    {
        if (!File.Exists(path)) return 0;
        long last = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            last = Math.Max(last, doc.RootElement.GetProperty("id").GetInt64());
        }
        return last;
    }
}
