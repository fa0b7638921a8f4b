namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// OpenSearch's lenient <c>iso8601</c> / <c>date_optional_time</c> parser: <c>yyyy[-MM[-dd]]</c>, then optionally
/// <c>T</c> and <c>HH[:mm[:ss[.fraction]]]</c> (colons optional, 1–9 fraction digits, <c>.</c> or <c>,</c>),
/// then optionally <c>Z</c> or an offset <c>±HH[[:]mm]</c>.
/// </summary>
internal static class IsoDateParser
{
    private const long Absent = ParsedFields.Unset;

    /// <summary>Parses into <paramref name="fields"/>, which must start empty.</summary>
    /// <param name="fixedPositions">False skips the fixed-position fast path (tests compare the two).</param>
    public static bool TryParse(ReadOnlySpan<char> text, ref ParsedFields fields, bool fixedPositions = true)
    {
        if (!TryScan(text, out var parts, fixedPositions)) return false;
        fields.Year = parts.Year;
        fields.Month = parts.Month;
        fields.Day = parts.Day;
        fields.HourOfDay = parts.Hour;
        fields.Minute = parts.Minute;
        fields.Second = parts.Second;
        fields.Nano = parts.Nano;
        fields.OffsetSeconds = parts.Offset;
        return true;
    }

    /// <summary>
    /// Parses straight to a valid local date-time (the resolution <see cref="ParsedFields.TryResolve"/> applies: missing
    /// month and day are 1, missing time parts 0) and the offset, if one was given — without building
    /// <see cref="ParsedFields"/>, for the hot path (date_index_name reads back the date processor's output).
    /// </summary>
    public static bool TryParseLocal(ReadOnlySpan<char> text, out long epochDay, out long nanoOfDay, out int offsetSeconds, out bool hasOffset)
    {
        epochDay = nanoOfDay = 0;
        offsetSeconds = 0;
        hasOffset = false;
        if (!TryScan(text, out var parts)) return false;
        var month = parts.Month == Absent ? 1 : parts.Month;
        var day = parts.Day == Absent ? 1 : parts.Day;
        if (month is < 1 or > 12 || day < 1 || day > CivilCalendar.DaysInMonth(parts.Year, (int)month)) return false;
        var hour = parts.Hour == Absent ? 0 : parts.Hour;
        var minute = parts.Minute == Absent ? 0 : parts.Minute;
        var second = parts.Second == Absent ? 0 : parts.Second;
        var nano = parts.Nano == Absent ? 0 : parts.Nano;
        if (hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59) return false;
        epochDay = CivilCalendar.DaysFromCivil(parts.Year, (int)month, (int)day);
        nanoOfDay = ((hour * 60 + minute) * 60 + second) * CivilCalendar.NanosPerSecond + nano;
        hasOffset = parts.Offset != Absent;
        offsetSeconds = hasOffset ? (int)parts.Offset : 0;
        return true;
    }

    private struct Parts
    {
        public long Year, Month, Day, Hour, Minute, Second, Nano, Offset;
    }

    private static bool TryScan(ReadOnlySpan<char> text, out Parts parts, bool fixedPositions = true)
    {
        parts = new Parts { Month = Absent, Day = Absent, Hour = Absent, Minute = Absent, Second = Absent, Nano = Absent, Offset = Absent };
        if (fixedPositions && TryScanFullDateTime(text, ref parts)) return TryScanFractionAndOffset(text, 19, ref parts);
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
        parts.Year = Number(text[yearStart..i]) * (negative ? -1 : 1);
        if (i < text.Length && text[i] == '-')
        {
            i++;
            if (!TryDigits(text, ref i, 1, 2, out parts.Month)) return false;
            if (i < text.Length && text[i] == '-')
            {
                i++;
                if (!TryDigits(text, ref i, 1, 2, out parts.Day)) return false;
            }
        }
        if (i < text.Length && text[i] == 'T')
        {
            i++;
            if (!TryDigits(text, ref i, 1, 2, out parts.Hour)) return false;
            if (TryTimePart(text, ref i, out var minute))
            {
                parts.Minute = minute;
                if (TryTimePart(text, ref i, out var second))
                {
                    parts.Second = second;
                    return TryScanFractionAndOffset(text, i, ref parts);
                }
            }
        }
        return TryScanOffset(text, i, ref parts);
    }

    // yyyy-MM-ddTHH:mm:ss at the start of the text, the shape nearly every ISO timestamp has (the date processor's
    // own output among them): read at fixed positions, with the same result as the general scan below.
    private static bool TryScanFullDateTime(ReadOnlySpan<char> text, ref Parts parts)
    {
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
            return false;
        (parts.Year, parts.Month, parts.Day, parts.Hour, parts.Minute, parts.Second) = (year, month, day, hour, minute, second);
        return true;
    }

    // Exactly `count` digits at `start` (the general scan's TryDigits with no latitude).
    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out long value)
        => TryDigits(text, ref start, count, count, out value);

    private static bool TryScanFractionAndOffset(ReadOnlySpan<char> text, int i, ref Parts parts)
    {
        if (i < text.Length && text[i] is '.' or ',')
        {
            i++;
            var start = i;
            long nano = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 9) nano = nano * 10 + (text[i++] - '0');
            if (i == start) return false;
            for (var k = i - start; k < 9; k++) nano *= 10;
            parts.Nano = nano;
        }
        return TryScanOffset(text, i, ref parts);
    }

    private static bool TryScanOffset(ReadOnlySpan<char> text, int i, ref Parts parts)
    {
        if (i < text.Length)
        {
            if (text[i] == 'Z')
            {
                parts.Offset = 0;
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
                parts.Offset = sign * (hours * 3600 + minutes * 60);
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
