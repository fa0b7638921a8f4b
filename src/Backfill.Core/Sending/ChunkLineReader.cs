using System.Buffers;
using Backfill.Core.Errors;

namespace Backfill.Core.Sending;

/// <summary>
/// Reads LF- or CRLF-terminated lines from a chunk stream into one pooled buffer, without allocating per line.
/// <see cref="Current"/> is the line without its terminator and stays valid until the next <see cref="MoveNextAsync"/>.
/// The last line may lack a terminator. A line longer than <c>maxLineBytes</c> fails the read with a message naming it:
/// no request could carry it, and holding it would break the sender's memory bound.
/// </summary>
public sealed class ChunkLineReader : IDisposable
{
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly string _what;
    private byte[] _buffer;
    private int _start;      // first unconsumed byte
    private int _end;        // end of valid data
    private int _lineStart;
    private int _lineLength;
    private bool _eof;

    /// <param name="firstLine">Number of the first line (1-based within the source).</param>
    /// <param name="what">Names the chunk in messages.</param>
    public ChunkLineReader(Stream stream, long firstLine, string what, int maxLineBytes = DefaultMaxLineBytes, int bufferBytes = 1 << 18)
    {
        _stream = stream;
        _what = what;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferBytes);
        LineNumber = firstLine - 1;
    }

    /// <summary>The number of the line in <see cref="Current"/>.</summary>
    public long LineNumber { get; private set; }

    public ReadOnlySpan<byte> Current => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>Bytes consumed so far, terminators included.</summary>
    public long BytesRead { get; private set; }

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        var searchFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var end = searchFrom + newline;
                SetLine(end, end + 1);
                return true;
            }
            if (_eof)
            {
                if (_end == _start) return false;
                SetLine(_end, _end);
                return true;
            }
            // Need more data: compact, grow if a single line fills the buffer, then read.
            var pending = _end - _start;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
                _start = 0;
                _end = pending;
            }
            if (_end == _buffer.Length)
            {
                if (_buffer.Length > _maxLineBytes)
                    throw new BackfillException($"{_what}: line {LineNumber + 1} is longer than {_maxLineBytes} bytes (expected log lines; no OpenSearch request could carry it)");
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            searchFrom = _end;
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0) _eof = true;
            _end += read;
        }
    }

    /// <summary>Skips lines until <see cref="LineNumber"/> is <paramref name="lineNumber"/> - 1; false if the chunk ends first.</summary>
    public async ValueTask<bool> SkipToAsync(long lineNumber, CancellationToken cancellationToken = default)
    {
        while (LineNumber < lineNumber - 1)
            if (!await MoveNextAsync(cancellationToken).ConfigureAwait(false)) return false;
        return true;
    }

    private void SetLine(int contentEnd, int next)
    {
        var length = contentEnd - _start;
        if (length > 0 && _buffer[_start + length - 1] == (byte)'\r') length--;
        if (length > _maxLineBytes)
            throw new BackfillException($"{_what}: line {LineNumber + 1} is longer than {_maxLineBytes} bytes (expected log lines; no OpenSearch request could carry it)");
        _lineStart = _start;
        _lineLength = length;
        BytesRead += next - _start;
        _start = next;
        LineNumber++;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
