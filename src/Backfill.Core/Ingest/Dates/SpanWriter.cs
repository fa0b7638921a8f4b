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
        var digits = 1;
        for (var rest = value / 10; rest > 0; rest /= 10) digits++;
        var width = Math.Max(digits, minWidth);
        if (Length + width > _buffer.Length)
        {
            Overflowed = true;
            return;
        }
        var target = _buffer.Slice(Length, width);
        var i = width - 1;
        do
        {
            target[i--] = (char)('0' + value % 10);
            value /= 10;
        } while (value > 0);
        while (i >= 0) target[i--] = '0';
        Length += width;
    }
}
