using System.Buffers;

namespace Backfill.Core.Sending;

/// <summary>
/// One bulk request's worth of consecutive lines and what became of each. Holds the NDJSON body (for retries, which
/// copy only the still-pending items into a smaller body) and the raw line bytes (for dead letters), both pooled.
/// Items that never go into the body (client-side ingest failures and drops) are resolved on arrival.
/// </summary>
internal sealed class SendBatch : IDisposable
{
    private byte[] _raw;
    private int _rawLength;
    private readonly int _maxRawBytes;
    private long[] _lines = new long[256];
    private int[] _rawEnds = new int[256];
    private LineEncoding[] _encodings = new LineEncoding[256];
    private ItemState[] _states = new ItemState[256];
    private int[] _bodyIndex = new int[256];
    private Dictionary<int, (int Status, string Type, string Reason)>? _failures;
    private BulkBodyBuilder? _retryBody;

    public SendBatch(int maxBytes, int maxActions)
    {
        Body = new BulkBodyBuilder(maxBytes, maxActions);
        _maxRawBytes = maxBytes;
        _raw = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes, 1 << 20));
    }

    public BulkBodyBuilder Body { get; }
    public int Count { get; private set; }
    public long FirstLine => _lines[0];
    public long LastLine => _lines[Count - 1];
    public BatchOutcome Outcome { get; set; }
    public string? LastError { get; set; }
    public int Attempts { get; set; }

    public long Line(int item) => _lines[item];
    public ItemState State(int item) => _states[item];
    public LineEncoding Encoding(int item) => _encodings[item];
    public ReadOnlySpan<byte> Raw(int item) => _raw.AsSpan(item == 0 ? 0 : _rawEnds[item - 1], _rawEnds[item] - (item == 0 ? 0 : _rawEnds[item - 1]));

    public (int Status, string Type, string Reason) Failure(int item) => _failures![item];

    /// <summary>True when the raw copy of one more line of <paramref name="length"/> bytes would break the batch's memory bound.</summary>
    public bool RawFull(int length) => Count > 0 && _rawLength + length > _maxRawBytes;

    /// <summary>Adds a line to the body; false (nothing changed) when it does not fit.</summary>
    public bool TryAddLine(BulkActionTemplate template, long line, ReadOnlySpan<byte> raw, LineEncoding encoding)
    {
        if (RawFull(raw.Length) || !Body.TryAppendLine(template, line, raw, encoding)) return false;
        AddItem(line, raw, encoding, ItemState.Pending, Body.Count - 1);
        return true;
    }

    /// <summary>Adds a document made by the client-side pipeline; false (nothing changed) when it does not fit.</summary>
    public bool TryAddDocument(long line, ReadOnlySpan<byte> raw, LineEncoding encoding, string index, string id, Dictionary<string, object?> source)
    {
        if (RawFull(raw.Length) || !Body.TryAppendDocument(index, id, source)) return false;
        AddItem(line, raw, encoding, ItemState.Pending, Body.Count - 1);
        return true;
    }

    /// <summary>Adds a line resolved without sending: dropped by the client pipeline (noop) or refused before sending (dead).</summary>
    public bool TryAddResolved(long line, ReadOnlySpan<byte> raw, LineEncoding encoding, ItemState state, (int Status, string Type, string Reason)? failure = null)
    {
        if (RawFull(raw.Length)) return false;
        AddItem(line, raw, encoding, state, -1);
        if (failure is { } f) (_failures ??= [])[Count - 1] = f;
        return true;
    }

    public void Resolve(int item, ItemState state, (int Status, string Type, string Reason)? failure = null)
    {
        _states[item] = state;
        if (failure is { } f) (_failures ??= [])[item] = f;
    }

    /// <summary>Items still waiting for an acknowledgement, in line order.</summary>
    public List<int> PendingItems()
    {
        var pending = new List<int>();
        for (var i = 0; i < Count; i++) if (_states[i] == ItemState.Pending) pending.Add(i);
        return pending;
    }

    /// <summary>The body to send for <paramref name="pending"/>: the original one when nothing is resolved yet, else a copy of those items.</summary>
    public BulkBodyBuilder BodyFor(List<int> pending)
    {
        if (pending.Count == Body.Count) return Body;
        _retryBody ??= new BulkBodyBuilder(BulkBodyBuilder.HardLimitBytes, Math.Max(1, Body.MaxActions));
        _retryBody.Clear();
        foreach (var item in pending)
            if (!_retryBody.TryAppendItem(Body.Item(_bodyIndex[item])))
                throw new InvalidOperationException("a retry body cannot be larger than the body it was cut from");
        return _retryBody;
    }

    private void AddItem(long line, ReadOnlySpan<byte> raw, LineEncoding encoding, ItemState state, int bodyIndex)
    {
        if (Count == _lines.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _lines, size);
            Array.Resize(ref _rawEnds, size);
            Array.Resize(ref _encodings, size);
            Array.Resize(ref _states, size);
            Array.Resize(ref _bodyIndex, size);
        }
        if (_rawLength + raw.Length > _raw.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_rawLength + raw.Length, _raw.Length * 2));
            _raw.AsSpan(0, _rawLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_raw);
            _raw = bigger;
        }
        raw.CopyTo(_raw.AsSpan(_rawLength));
        _rawLength += raw.Length;
        _lines[Count] = line;
        _rawEnds[Count] = _rawLength;
        _encodings[Count] = encoding;
        _states[Count] = state;
        _bodyIndex[Count] = bodyIndex;
        Count++;
    }

    public void Dispose()
    {
        Body.Dispose();
        _retryBody?.Dispose();
        if (_raw.Length > 0) ArrayPool<byte>.Shared.Return(_raw);
        _raw = [];
    }
}

internal enum ItemState : byte { Pending, Acked, Noop, Dead }

internal enum BatchOutcome : byte
{
    /// <summary>Not sent yet, or being sent.</summary>
    Open,
    /// <summary>Every item acknowledged or dead-lettered.</summary>
    Finished,
    /// <summary>Stopped for the deadline with items pending.</summary>
    Unfinished,
    /// <summary>Retries ran out with items pending.</summary>
    Exhausted,
    /// <summary>A failure no retry fixes (auth, protocol); the chunk fails.</summary>
    Faulted,
}
