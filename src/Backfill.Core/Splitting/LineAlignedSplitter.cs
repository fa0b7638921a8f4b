using System.Buffers;
using System.Threading.Channels;

namespace Backfill.Core.Splitting;

/// <summary>
/// Cuts a byte stream into line-aligned chunks without decoding it: a line is whatever ends in LF (so CRLF lines
/// keep their CR), and a final line without LF still counts. Reading runs on its own task one buffer ahead of the
/// cutting, so decompression overlaps hashing and writing on a second core. Memory is bounded by a few read buffers
/// plus, at most, one pending partial line no longer than the chunk target.
/// </summary>
public sealed class LineAlignedSplitter
{
    public const int ReadBufferSize = 1 << 20;
    private const int BuffersAhead = 3;

    private readonly ChunkPolicy _policy;
    private readonly IChunkSink _sink;
    private readonly SplitProgress? _progress;

    private byte[] _carry = new byte[4096];
    private int _carryLength;
    private bool _chunkOpen;
    private bool _midLine; // the open chunk ends inside a line whose rest must follow
    private int _chunkIndex;
    private long _chunkBytes;
    private long _chunkLines;
    private long _lines;
    private long _bytes;

    public LineAlignedSplitter(ChunkPolicy policy, IChunkSink sink, SplitProgress? progress = null)
    {
        if (policy.TargetBytes < 1) throw new ArgumentOutOfRangeException(nameof(policy), "chunk target must be positive");
        _policy = policy;
        _sink = sink;
        _progress = progress;
    }

    public async Task<SplitTotals> SplitAsync(Stream input, CancellationToken cancellationToken = default)
    {
        var buffers = Channel.CreateBounded<(byte[] Buffer, int Length)>(new BoundedChannelOptions(BuffersAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => ReadAheadAsync(input, buffers.Writer, stop.Token), stop.Token);
        try
        {
            await foreach (var (buffer, length) in buffers.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                try { await ProcessAsync(buffer.AsMemory(0, length), stop.Token).ConfigureAwait(false); }
                finally { ArrayPool<byte>.Shared.Return(buffer); }
            }
            await reader.ConfigureAwait(false); // surfaces a read error that completed the channel
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await reader.ConfigureAwait(false); } catch { /* the first error is the one to report */ }
            while (buffers.Reader.TryRead(out var pending)) ArrayPool<byte>.Shared.Return(pending.Buffer);
            throw;
        }
        return await FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ReadAheadAsync(Stream input, ChannelWriter<(byte[], int)> writer, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
                var filled = 0;
                int n;
                while (filled < buffer.Length && (n = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                    filled += n;
                if (filled == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }
                await writer.WriteAsync((buffer, filled), cancellationToken).ConfigureAwait(false);
                if (filled < buffer.Length) break;
            }
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            writer.TryComplete(error);
        }
    }

    private async ValueTask ProcessAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (_midLine)
        {
            var end = data.Span.IndexOf((byte)'\n');
            if (end < 0)
            {
                await AppendAsync(data, ct).ConfigureAwait(false);
                return;
            }
            await AppendAsync(data[..(end + 1)], ct).ConfigureAwait(false);
            _midLine = false;
            data = data[(end + 1)..];
        }
        else if (_carryLength > 0)
        {
            var end = data.Span.IndexOf((byte)'\n');
            if (end < 0)
            {
                await ContinuePartialLineAsync(data, ct).ConfigureAwait(false);
                return;
            }
            if (!_policy.Fits(_chunkBytes, _carryLength + end + 1)) await CloseChunkAsync(ct).ConfigureAwait(false);
            await AppendAsync(_carry.AsMemory(0, _carryLength), ct).ConfigureAwait(false);
            _carryLength = 0;
            await AppendAsync(data[..(end + 1)], ct).ConfigureAwait(false);
            data = data[(end + 1)..];
        }

        var last = data.Span.LastIndexOf((byte)'\n');
        if (last >= 0)
        {
            await AppendCompleteLinesAsync(data[..(last + 1)], ct).ConfigureAwait(false);
            data = data[(last + 1)..];
        }
        if (!data.IsEmpty) await ContinuePartialLineAsync(data, ct).ConfigureAwait(false);
    }

    /// <summary>Places a run of whole lines, closing chunks at the last line boundary that fits.</summary>
    private async ValueTask AppendCompleteLinesAsync(ReadOnlyMemory<byte> lines, CancellationToken ct)
    {
        while (!lines.IsEmpty)
        {
            var room = _policy.TargetBytes - _chunkBytes;
            if (lines.Length <= room)
            {
                await AppendAsync(lines, ct).ConfigureAwait(false);
                return;
            }
            var cut = room > 0 ? lines.Span[..(int)room].LastIndexOf((byte)'\n') : -1;
            if (cut >= 0)
            {
                await AppendAsync(lines[..(cut + 1)], ct).ConfigureAwait(false);
                await CloseChunkAsync(ct).ConfigureAwait(false);
                lines = lines[(cut + 1)..];
            }
            else if (_chunkBytes > 0)
            {
                await CloseChunkAsync(ct).ConfigureAwait(false);
            }
            else
            {
                // A single line longer than the target: it gets a chunk of its own.
                var end = lines.Span.IndexOf((byte)'\n');
                await AppendAsync(lines[..(end + 1)], ct).ConfigureAwait(false);
                await CloseChunkAsync(ct).ConfigureAwait(false);
                lines = lines[(end + 1)..];
            }
        }
    }

    /// <summary>
    /// Bytes of a line whose end has not arrived. While it might still fit the open chunk it waits in the carry
    /// buffer; once it cannot, the chunk is closed and the line streams into a fresh chunk (where it always belongs).
    /// </summary>
    private async ValueTask ContinuePartialLineAsync(ReadOnlyMemory<byte> tail, CancellationToken ct)
    {
        var pending = (long)_carryLength + tail.Length;
        if (_chunkBytes > 0 && !_policy.Fits(_chunkBytes, pending)) await CloseChunkAsync(ct).ConfigureAwait(false);
        if (_chunkBytes == 0)
        {
            if (_carryLength > 0) await AppendAsync(_carry.AsMemory(0, _carryLength), ct).ConfigureAwait(false);
            _carryLength = 0;
            await AppendAsync(tail, ct).ConfigureAwait(false);
            _midLine = true;
            return;
        }
        if (pending > _carry.Length) Array.Resize(ref _carry, (int)Math.Max(pending, _carry.Length * 2L));
        tail.Span.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength = (int)pending;
    }

    private async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        if (bytes.IsEmpty) return;
        if (!_chunkOpen)
        {
            await _sink.BeginChunkAsync(_chunkIndex, _lines + 1, ct).ConfigureAwait(false);
            _chunkOpen = true;
        }
        await _sink.WriteAsync(bytes, ct).ConfigureAwait(false);
        var newLines = bytes.Span.Count((byte)'\n');
        _chunkBytes += bytes.Length;
        _chunkLines += newLines;
        _lines += newLines;
        _bytes += bytes.Length;
        _progress?.Add(bytes.Length, newLines);
    }

    private async ValueTask CloseChunkAsync(CancellationToken ct)
    {
        if (!_chunkOpen) return;
        await _sink.EndChunkAsync(_chunkLines, _chunkBytes, ct).ConfigureAwait(false);
        _progress?.ChunkDone();
        _chunkOpen = false;
        _chunkIndex++;
        _chunkBytes = 0;
        _chunkLines = 0;
    }

    private async Task<SplitTotals> FinishAsync(CancellationToken ct)
    {
        var unterminated = _midLine || _carryLength > 0;
        if (_carryLength > 0)
        {
            if (!_policy.Fits(_chunkBytes, _carryLength)) await CloseChunkAsync(ct).ConfigureAwait(false);
            await AppendAsync(_carry.AsMemory(0, _carryLength), ct).ConfigureAwait(false);
            _carryLength = 0;
        }
        if (unterminated)
        {
            _chunkLines++;
            _lines++;
            _progress?.Add(0, 1);
        }
        _midLine = false;
        await CloseChunkAsync(ct).ConfigureAwait(false);
        return new SplitTotals(_lines, _bytes, _chunkIndex, unterminated);
    }
}
