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

    // The printed text of the leading part that only the date, hour and minute decide (e.g. "1995-07-01T04:00:") for
    // recently printed local minutes: consecutive log lines mostly fall in the same minute (about 45 a minute in the
    // NASA traces), so only the seconds and what follows them are printed each time.
    private sealed record PrefixText(long LocalMinute, string Text);
    private readonly RecentEntries<PrefixText> _printedPrefixes = new();
    private readonly int _prefixSteps;

    // Likewise for parsing: the same leading part of recently parsed texts (e.g. "01/Jul/1995:00:00:") with the day,
    // hour and minute it gave, so a text that starts with the same characters only has the rest parsed. Used only when
    // the prefix alone decides those values (see PrefixParsesAlone).
    private sealed record PrefixParse(string Text, long EpochDay, long Hour, long Minute);
    private readonly RecentEntries<PrefixParse> _parsedPrefixes = new();
    private readonly bool _prefixParsesAlone;

    private SimpleDateLayout(Step[] steps, DateLocale locale)
    {
        _steps = steps;
        _locale = locale;
        while (_prefixSteps < steps.Length && IsPrefixPart(steps[_prefixSteps].Kind)) _prefixSteps++;
        _prefixParsesAlone = PrefixParsesAlone(steps, _prefixSteps);
    }

    private static bool IsDatePart(StepKind kind) => kind is StepKind.Literal or StepKind.Year or StepKind.Month or StepKind.Day or StepKind.MonthName;

    // What the local minute alone decides: the date parts, the hour and the minute.
    private static bool IsPrefixPart(StepKind kind) => IsDatePart(kind) || kind is StepKind.Hour or StepKind.Minute;

    // The prefix's characters alone decide its values when no field of its kinds follows it, it ends with a literal,
    // and every field in it is followed by a literal that field cannot read into (a number stops at any non-digit; a
    // month name at anything but a letter or '.'), so parsing the same characters again always ends the same way.
    private static bool PrefixParsesAlone(Step[] steps, int prefixSteps)
    {
        if (prefixSteps == 0 || steps[prefixSteps - 1].Kind != StepKind.Literal) return false;
        for (var i = prefixSteps; i < steps.Length; i++)
            if (steps[i].Kind != StepKind.Literal && IsPrefixPart(steps[i].Kind)) return false;
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
        PrefixParse? knownPrefix = null;
        if (_prefixParsesAlone)
        {
            foreach (var entry in _parsedPrefixes.Entries)
            {
                if (entry is null || !text.StartsWith(entry.Text.AsSpan())) continue;
                knownPrefix = entry;
                position = entry.Text.Length;
                first = _prefixSteps;
                hour = entry.Hour;
                minute = entry.Minute;
                break;
            }
        }
        var prefixEnd = -1;
        for (var s = first; s < _steps.Length; s++)
        {
            if (s == _prefixSteps) prefixEnd = position;
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
        if (knownPrefix is not null)
        {
            epochDay = knownPrefix.EpochDay;
        }
        else
        {
            if (year is < -999_999_999 or > 999_999_999 || month is < 1 or > 12) return false;
            if (day < 1 || day > CivilCalendar.DaysInMonth(year, (int)month)) return false;
            epochDay = CivilCalendar.DaysFromCivil(year, (int)month, (int)day);
            if (_prefixParsesAlone && prefixEnd > 0) _parsedPrefixes.Add(new PrefixParse(text[..prefixEnd].ToString(), epochDay, hour, minute));
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
        if (_prefixSteps > 0)
        {
            var localMinute = CivilCalendar.FloorDiv(localSecond, 60);
            PrefixText? prefixText = null;
            foreach (var entry in _printedPrefixes.Entries)
            {
                if (entry is null || entry.LocalMinute != localMinute) continue;
                prefixText = entry;
                break;
            }
            if (prefixText is null)
            {
                CivilCalendar.CivilFromDays(epochDay, out var year, out var month, out var dayOfMonth);
                if (year is < 1 or > 9999) return false;
                Span<char> prefix = stackalloc char[64];
                var prefixWriter = new SpanWriter(prefix);
                for (var i = 0; i < _prefixSteps; i++) WritePrefixPart(ref prefixWriter, _steps[i], year, month, dayOfMonth, secondOfDay);
                if (prefixWriter.Overflowed) return false;
                prefixText = new PrefixText(localMinute, new string(prefixWriter.Written));
                _printedPrefixes.Add(prefixText);
            }
            writer.Append(prefixText.Text);
            first = _prefixSteps;
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

    private void WritePrefixPart(ref SpanWriter writer, in Step step, long year, int month, int day, int secondOfDay)
    {
        switch (step.Kind)
        {
            case StepKind.Hour: AppendTime(ref writer, secondOfDay / 3600, step.Width); break;
            case StepKind.Minute: AppendTime(ref writer, secondOfDay / 60 % 60, step.Width); break;
            default: WriteDatePart(ref writer, step, year, month, day); break;
        }
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
