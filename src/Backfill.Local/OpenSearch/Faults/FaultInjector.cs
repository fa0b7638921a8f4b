namespace Backfill.Local.OpenSearch.Faults;

/// <summary>
/// Rolls the dice of <see cref="FaultOptions"/> for each bulk request and item. Thread-safe; replacing the options
/// resets the dice and the per-fault request budgets. <see cref="Stats"/> counts what was injected.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private FaultOptions _options = FaultOptions.None;
    private Random _random = new(1);
    private int _requests429, _requests400, _requests503, _requestsReset;
    private FaultStats _stats = new();

    public FaultOptions Options
    {
        get { lock (_gate) return _options; }
        set
        {
            lock (_gate)
            {
                _options = value;
                _random = new Random(value.Seed);
                _requests429 = _requests400 = _requests503 = _requestsReset = 0;
                _stats = new FaultStats();
            }
        }
    }

    public FaultStats Stats { get { lock (_gate) return _stats with { }; } }

    /// <summary>What to do to one bulk request.</summary>
    public RequestFaults NextRequest()
    {
        lock (_gate)
        {
            var o = _options;
            if (!o.Any) return RequestFaults.None;
            _stats.Requests++;
            var delay = TimeSpan.FromMilliseconds(o.DelayMs);
            if (Hit(o.Fail503, ref _requests503))
            {
                _stats.Failed503++;
                return new RequestFaults(delay, Fail503: true, Reset: false, ResetAfterProcessing: false, 0, 0);
            }
            if (Hit(o.Reset, ref _requestsReset))
            {
                _stats.Resets++;
                return new RequestFaults(delay, Fail503: false, Reset: true, o.ResetAfterProcessing, 0, 0);
            }
            var reject429 = Budget(o.Reject429, ref _requests429);
            var reject400 = Budget(o.Reject400, ref _requests400);
            return new RequestFaults(delay, false, false, false, reject429, reject400);
        }
    }

    /// <summary>Rolls for one item; returns 429, 400 or 0 (no fault).</summary>
    public int ItemFault(in RequestFaults request)
    {
        if (request.Reject429 <= 0 && request.Reject400 <= 0) return 0;
        lock (_gate)
        {
            if (request.Reject429 > 0 && _random.NextDouble() < request.Reject429) { _stats.Rejected429++; return 429; }
            if (request.Reject400 > 0 && _random.NextDouble() < request.Reject400) { _stats.Rejected400++; return 400; }
            return 0;
        }
    }

    private bool Hit(FaultRate rate, ref int used)
    {
        if (rate.Fraction <= 0 || (rate.Requests is { } max && used >= max)) return false;
        if (_random.NextDouble() >= rate.Fraction) return false;
        used++;
        return true;
    }

    private static double Budget(FaultRate rate, ref int used)
    {
        if (rate.Fraction <= 0 || (rate.Requests is { } max && used >= max)) return 0;
        used++;
        return rate.Fraction;
    }
}

/// <summary>The faults chosen for one bulk request.</summary>
public readonly record struct RequestFaults(TimeSpan Delay, bool Fail503, bool Reset, bool ResetAfterProcessing, double Reject429, double Reject400)
{
    public static RequestFaults None => default;
}

/// <summary>What the injector did so far.</summary>
public sealed record FaultStats
{
    public long Requests { get; set; }
    public long Rejected429 { get; set; }
    public long Rejected400 { get; set; }
    public long Failed503 { get; set; }
    public long Resets { get; set; }
}
