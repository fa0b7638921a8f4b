namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// The fast path of a Java date pattern made only of literals, a year, month (number or name), day, hour of day,
/// minute, second, fraction and offset — each at most once — such as <c>dd/MMM/yyyy:HH:mm:ss Z</c> or the date
/// processor's default output <c>yyyy-MM-dd'T'HH:mm:ss.SSSXXX</c>: the shapes nearly every log uses. It parses
/// straight into a local date-time and offset and prints from one calendar conversion, with the same element
/// code as the general path and no <see cref="ParsedFields"/> (resetting and resolving its 21 fields cost more than
/// the parsing itself). Whatever it does not accept goes to the general path, which also words the failures.
/// </summary>
internal sealed class SimpleDateLayout
{
    private enum StepKind : byte { Literal, Year, Month, Day, Hour, Minute, Second, MonthName, Fraction, Offset }

    private readonly record struct Step(StepKind Kind, DatePatternElement Element, int Width, string? Text);

    private readonly Step[] _steps;
    private readonly DateLocale _locale;

    // The printed text of the leading date part (e.g. "1995-07-01T") of recently printed local days: consecutive
    // values almost always fall on the same day, so only the time of day is printed each time.
    private sealed record DayText(long EpochDay, string Text);
    private readonly RecentEntries<DayText> _printedDays = new();
    private readonly int _dayPrefixSteps;

    // Likewise for parsing: the leading date part of recently parsed texts (e.g. "01/Jul/1995:") and its epoch day,
    // so a text that starts with the same characters only has its time of day parsed. Used only when the prefix alone
    // decides the day (see DayPrefixParsesAlone).
    private sealed record DayParse(string Text, long EpochDay);
    private readonly RecentEntries<DayParse> _parsedDays = new();
    private readonly bool _dayPrefixParsesAlone;

    private SimpleDateLayout(Step[] steps, DateLocale locale)
    {
        _steps = steps;
        _locale = locale;
        while (_dayPrefixSteps < steps.Length && IsDatePart(steps[_dayPrefixSteps].Kind)) _dayPrefixSteps++;
        _dayPrefixParsesAlone = DayPrefixParsesAlone(steps, _dayPrefixSteps);
    }

    private static bool IsDatePart(StepKind kind) => kind is StepKind.Literal or StepKind.Year or StepKind.Month or StepKind.Day or StepKind.MonthName;

    // The day prefix's characters alone decide its values when no date field follows it, it ends with a literal, and
    // every field in it is followed by a literal that field cannot read into (a number stops at any non-digit; a month
    // name at anything but a letter or '.'), so parsing the same characters again always ends the same way.
    private static bool DayPrefixParsesAlone(Step[] steps, int prefixSteps)
    {
        if (prefixSteps == 0 || steps[prefixSteps - 1].Kind != StepKind.Literal) return false;
        for (var i = prefixSteps; i < steps.Length; i++)
            if (steps[i].Kind != StepKind.Literal && IsDatePart(steps[i].Kind)) return false;
        for (var i = 0; i < prefixSteps - 1; i++)
        {
            if (steps[i].Kind == StepKind.Literal) continue;
            var next = steps[i + 1];
            if (next.Kind != StepKind.Literal || next.Text!.Length == 0) return false;
            var stop = next.Text[0];
            if (char.IsAsciiDigit(stop) || (steps[i].Kind == StepKind.MonthName && (char.IsLetter(stop) || stop == '.'))) return false;
        }
        return true;
    }

    /// <summary>The layout of <paramref name="elements"/>, or null when the pattern needs the general path.</summary>
    public static SimpleDateLayout? TryCreate(DatePatternElement[] elements, DateLocale locale)
    {
        var steps = new Step[elements.Length];
        var seen = new HashSet<StepKind>();
        for (var i = 0; i < elements.Length; i++)
        {
            var element = elements[i];
            StepKind kind;
            switch (element)
            {
                case LiteralElement literal:
                    steps[i] = new Step(StepKind.Literal, element, literal.Text.Length, literal.Text);
                    continue;
                case NumberElement number:
                    kind = number.Field switch
                    {
                        NumberField.Year or NumberField.YearOfEra => StepKind.Year,
                        NumberField.Month => StepKind.Month,
                        NumberField.Day => StepKind.Day,
                        NumberField.HourOfDay => StepKind.Hour,
                        NumberField.Minute => StepKind.Minute,
                        NumberField.Second => StepKind.Second,
                        _ => StepKind.Literal,
                    };
                    if (kind == StepKind.Literal) return null;
                    steps[i] = new Step(kind, element, number.MinWidth, null);
                    break;
                case TextElement { Field: TextField.MonthShort or TextField.MonthFull }:
                    kind = StepKind.Month; // a month given twice is cross-checked: the general path does that
                    steps[i] = new Step(StepKind.MonthName, element, 0, null);
                    break;
                case FractionElement { Digits: <= 9 } fraction:
                    kind = StepKind.Fraction;
                    steps[i] = new Step(kind, element, fraction.Digits, null);
                    break;
                case OffsetElement:
                    kind = StepKind.Offset;
                    steps[i] = new Step(kind, element, 0, null);
                    break;
                default:
                    return null;
            }
            if (!seen.Add(kind)) return null;
        }
        // Without a year OpenSearch takes the current one and drops the offset: the general path again.
        return seen.Contains(StepKind.Year) ? new SimpleDateLayout(steps, locale) : null;
    }

    /// <summary>
    /// Parses all of <paramref name="text"/> into a valid local date-time (java.time's STRICT resolution: missing month
    /// and day are 1, a missing time is midnight) and the offset it names, if any. False when the general path must decide.
    /// </summary>
    public bool TryParse(ReadOnlySpan<char> text, out long epochDay, out long nanoOfDay, out int offsetSeconds, out bool hasOffset)
    {
        epochDay = nanoOfDay = 0;
        offsetSeconds = 0;
        hasOffset = false;
        long year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, nano = 0;
        var position = 0;
        var first = 0;
        DayParse? knownDay = null;
        if (_dayPrefixParsesAlone)
        {
            foreach (var entry in _parsedDays.Entries)
            {
                if (entry is null || !text.StartsWith(entry.Text, StringComparison.Ordinal)) continue;
                knownDay = entry;
                position = entry.Text.Length;
                first = _dayPrefixSteps;
                break;
            }
        }
        var prefixEnd = -1;
        for (var s = first; s < _steps.Length; s++)
        {
            if (s == _dayPrefixSteps) prefixEnd = position;
            ref readonly var step = ref _steps[s];
            long value;
            switch (step.Kind)
            {
                case StepKind.Literal:
                    if (step.Width == 1)
                    {
                        if ((uint)position >= (uint)text.Length || text[position] != step.Text![0]) return false;
                        position++;
                        continue;
                    }
                    if (!text[position..].StartsWith(step.Text, StringComparison.Ordinal)) return false;
                    position += step.Width;
                    continue;
                case StepKind.MonthName:
                    if (!((TextElement)step.Element).TryParseIndex(text, ref position, _locale, out var index)) return false;
                    month = index + 1;
                    continue;
                case StepKind.Fraction:
                    if (!((FractionElement)step.Element).TryParseNano(text, ref position, out nano)) return false;
                    continue;
                case StepKind.Offset:
                    if (!((OffsetElement)step.Element).TryParseOffset(text, ref position, out offsetSeconds)) return false;
                    hasOffset = true;
                    continue;
            }
            var number = (NumberElement)step.Element;
            if (step.Width == 2 && number.MaxWidth == 2)
            {
                // The common fixed two-digit field, without the general digit scan.
                if (position + 2 > text.Length || !char.IsAsciiDigit(text[position]) || !char.IsAsciiDigit(text[position + 1])) return false;
                value = (text[position] - '0') * 10 + (text[position + 1] - '0');
                position += 2;
            }
            else if (!number.TryParseValue(text, ref position, out value))
            {
                return false;
            }
            switch (step.Kind)
            {
                case StepKind.Year:
                    if (number.Field == NumberField.YearOfEra && value < 0) return false;
                    year = value;
                    break;
                case StepKind.Month: month = value; break;
                case StepKind.Day: day = value; break;
                case StepKind.Hour: hour = value; break;
                case StepKind.Minute: minute = value; break;
                default: second = value; break;
            }
        }
        if (position != text.Length) return false;
        if (hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59) return false;
        if (knownDay is not null)
        {
            epochDay = knownDay.EpochDay;
        }
        else
        {
            if (year is < -999_999_999 or > 999_999_999 || month is < 1 or > 12) return false;
            if (day < 1 || day > CivilCalendar.DaysInMonth(year, (int)month)) return false;
            epochDay = CivilCalendar.DaysFromCivil(year, (int)month, (int)day);
            if (_dayPrefixParsesAlone && prefixEnd > 0) _parsedDays.Add(new DayParse(text[..prefixEnd].ToString(), epochDay));
        }
        nanoOfDay = ((hour * 60 + minute) * 60 + second) * CivilCalendar.NanosPerSecond + nano;
        return true;
    }

    /// <summary>
    /// Prints <paramref name="value"/> for years 1–9999 (outside them signs and eras apply: the general path prints
    /// those); false when it does not, or when <paramref name="destination"/> is too small.
    /// </summary>
    public bool TryFormat(in ZonedDateTimeValue value, Span<char> destination, out int written)
    {
        written = 0;
        var localSecond = value.LocalSecond;
        var epochDay = CivilCalendar.FloorDiv(localSecond, CivilCalendar.SecondsPerDay);
        var secondOfDay = (int)(localSecond - epochDay * CivilCalendar.SecondsPerDay);
        var writer = new SpanWriter(destination);
        var first = 0;
        if (_dayPrefixSteps > 0)
        {
            DayText? day = null;
            foreach (var entry in _printedDays.Entries)
            {
                if (entry is null || entry.EpochDay != epochDay) continue;
                day = entry;
                break;
            }
            if (day is null)
            {
                CivilCalendar.CivilFromDays(epochDay, out var year, out var month, out var dayOfMonth);
                if (year is < 1 or > 9999) return false;
                Span<char> prefix = stackalloc char[64];
                var prefixWriter = new SpanWriter(prefix);
                for (var i = 0; i < _dayPrefixSteps; i++) WriteDatePart(ref prefixWriter, _steps[i], year, month, dayOfMonth);
                if (prefixWriter.Overflowed) return false;
                day = new DayText(epochDay, new string(prefixWriter.Written));
                _printedDays.Add(day);
            }
            writer.Append(day.Text);
            first = _dayPrefixSteps;
        }
        for (var i = first; i < _steps.Length; i++)
        {
            ref readonly var step = ref _steps[i];
            switch (step.Kind)
            {
                case StepKind.Literal:
                    if (step.Width == 1) writer.Append(step.Text![0]);
                    else writer.Append(step.Text);
                    break;
                case StepKind.Hour:
                    AppendTime(ref writer, secondOfDay / 3600, step.Width);
                    break;
                case StepKind.Minute:
                    AppendTime(ref writer, secondOfDay / 60 % 60, step.Width);
                    break;
                case StepKind.Second:
                    AppendTime(ref writer, secondOfDay % 60, step.Width);
                    break;
                case StepKind.Fraction:
                    var shown = (long)value.Nano;
                    for (var k = step.Width; k < 9; k++) shown /= 10;
                    writer.AppendNumber(shown, step.Width);
                    break;
                case StepKind.Offset:
                    ((OffsetElement)step.Element).Write(ref writer, value.OffsetSeconds);
                    break;
                default:
                    // A date field after a time field (rare): the calendar fields once more.
                    CivilCalendar.CivilFromDays(epochDay, out var year, out var month, out var dayOfMonth);
                    if (year is < 1 or > 9999) return false;
                    WriteDatePart(ref writer, step, year, month, dayOfMonth);
                    break;
            }
        }
        written = writer.Length;
        return !writer.Overflowed;
    }

    // Hours, minutes and seconds are below 100: two digits written directly when the width is 2.
    private static void AppendTime(ref SpanWriter writer, int value, int width)
    {
        if (width != 2)
        {
            writer.AppendNumber(value, width);
            return;
        }
        writer.Append((char)('0' + value / 10));
        writer.Append((char)('0' + value % 10));
    }

    private void WriteDatePart(ref SpanWriter writer, in Step step, long year, int month, int day)
    {
        switch (step.Kind)
        {
            case StepKind.Literal: writer.Append(step.Text); break;
            case StepKind.Year: writer.AppendNumber(year, step.Width); break;
            case StepKind.Month: writer.AppendNumber(month, step.Width); break;
            case StepKind.Day: writer.AppendNumber(day, step.Width); break;
            default: writer.Append(((TextElement)step.Element).Name(_locale, month - 1)); break;
        }
    }
}
