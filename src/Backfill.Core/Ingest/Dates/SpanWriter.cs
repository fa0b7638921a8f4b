namespace Backfill.Core.Ingest.Dates;

/// <summary>Appends characters to a caller-provided buffer; remembers overflow instead of throwing.</summary>
internal ref struct SpanWriter(Span<char> buffer)
{
    private readonly Span<char> _buffer = buffer;

    public int Length { get; private set; }
    public bool Overflowed { get; private set; }

    public readonly ReadOnlySpan<char> Written => _buffer[..Length];

    public void Append(char c)
    {
        if (Length < _buffer.Length) _buffer[Length++] = c;
        else Overflowed = true;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length <= _buffer.Length)
        {
            text.CopyTo(_buffer[Length..]);
            Length += text.Length;
        }
        else
        {
            Overflowed = true;
        }
    }

    /// <summary>A non-negative number, zero-padded to <paramref name="minWidth"/> digits.</summary>
    public void AppendNumber(long value, int minWidth)
    {
        Span<char> digits = stackalloc char[20];
        var count = 0;
        do
        {
            digits[count++] = (char)('0' + value % 10);
            value /= 10;
        } while (value > 0);
        for (var i = count; i < minWidth; i++) Append('0');
        for (var i = count - 1; i >= 0; i--) Append(digits[i]);
    }
}
