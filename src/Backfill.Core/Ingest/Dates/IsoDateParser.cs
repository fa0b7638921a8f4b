namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// OpenSearch's lenient <c>iso8601</c> / <c>date_optional_time</c> parser: <c>yyyy[-MM[-dd]]</c>, then optionally
/// <c>T</c> and <c>HH[:mm[:ss[.fraction]]]</c> (colons optional, 1–9 fraction digits, <c>.</c> or <c>,</c>),
/// then optionally <c>Z</c> or an offset <c>±HH[[:]mm]</c>.
/// </summary>
internal static class IsoDateParser
{
    /// <summary>Parses into <paramref name="fields"/>, which must start empty.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, ref ParsedFields fields)
    {
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }
        var yearStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && i - yearStart < 9) i++;
        if (i - yearStart < 4) return false;
        fields.Year = Number(text[yearStart..i]) * (negative ? -1 : 1);
        if (i < text.Length && text[i] == '-')
        {
            i++;
            if (!TryDigits(text, ref i, 1, 2, out var month)) return false;
            fields.Month = month;
            if (i < text.Length && text[i] == '-')
            {
                i++;
                if (!TryDigits(text, ref i, 1, 2, out var day)) return false;
                fields.Day = day;
            }
        }
        if (i < text.Length && text[i] == 'T')
        {
            i++;
            if (!TryDigits(text, ref i, 1, 2, out var hour)) return false;
            fields.HourOfDay = hour;
            if (TryTimePart(text, ref i, out var minute))
            {
                fields.Minute = minute;
                if (TryTimePart(text, ref i, out var second))
                {
                    fields.Second = second;
                    if (i < text.Length && text[i] is '.' or ',')
                    {
                        i++;
                        var start = i;
                        long nano = 0;
                        while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 9) nano = nano * 10 + (text[i++] - '0');
                        if (i == start) return false;
                        for (var k = i - start; k < 9; k++) nano *= 10;
                        fields.Nano = nano;
                    }
                }
            }
        }
        if (i < text.Length)
        {
            if (text[i] == 'Z')
            {
                fields.OffsetSeconds = 0;
                i++;
            }
            else if (text[i] is '+' or '-')
            {
                var sign = text[i] == '-' ? -1 : 1;
                i++;
                if (!TryDigits(text, ref i, 2, 2, out var hours)) return false;
                long minutes = 0;
                if (i < text.Length && text[i] == ':') i++;
                if (i < text.Length && char.IsAsciiDigit(text[i]) && !TryDigits(text, ref i, 2, 2, out minutes)) return false;
                if (hours > 18 || minutes > 59) return false;
                fields.OffsetSeconds = sign * (hours * 3600 + minutes * 60);
            }
        }
        return i == text.Length;
    }

    private static bool TryTimePart(ReadOnlySpan<char> text, ref int i, out long value)
    {
        value = 0;
        var j = i;
        if (j < text.Length && text[j] == ':') j++;
        if (j + 2 > text.Length || !char.IsAsciiDigit(text[j]) || !char.IsAsciiDigit(text[j + 1])) return false;
        value = (text[j] - '0') * 10 + (text[j + 1] - '0');
        i = j + 2;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, ref int i, int min, int max, out long value)
    {
        value = 0;
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < max) value = value * 10 + (text[i++] - '0');
        return i - start >= min;
    }

    private static long Number(ReadOnlySpan<char> digits)
    {
        long value = 0;
        foreach (var c in digits) value = value * 10 + (c - '0');
        return value;
    }
}
