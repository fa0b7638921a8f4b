namespace Backfill.Local.Asl.Execution;

/// <summary>
/// A clock for tests: <see cref="DelayAsync"/> returns at once, advances time by the delay and records it;
/// timeouts fire when time is advanced past them (by a delay or by <see cref="Advance"/>).
/// </summary>
public sealed class VirtualClock(DateTimeOffset start) : IAslClock
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private readonly List<(DateTimeOffset Due, CancellationTokenSource Source)> _timeouts = [];
    private DateTimeOffset _now = start;

    public VirtualClock() : this(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

    public DateTimeOffset UtcNow
    {
        get { lock (_gate) return _now; }
    }

    /// <summary>Every delay requested so far, in request order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get { lock (_gate) return _delays.ToList(); }
    }

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate) _delays.Add(delay);
        Advance(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        return Task.CompletedTask;
    }

    public CancellationTokenSource CreateTimeout(TimeSpan after)
    {
        var source = new CancellationTokenSource();
        lock (_gate)
        {
            if (after <= TimeSpan.Zero) source.Cancel();
            else _timeouts.Add((_now + after, source));
        }
        return source;
    }

    /// <summary>Moves time forward, firing every timeout that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        List<CancellationTokenSource> due;
        lock (_gate)
        {
            _now += by;
            due = _timeouts.Where(t => t.Due <= _now).Select(t => t.Source).ToList();
            _timeouts.RemoveAll(t => t.Due <= _now);
        }
        foreach (var source in due)
        {
            try { source.Cancel(); } catch (ObjectDisposedException) { }
        }
    }
}
