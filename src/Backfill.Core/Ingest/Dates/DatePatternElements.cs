namespace Backfill.Core.Ingest.Dates;

/// <summary>One printer-parser of a compiled Java date pattern (java.time's DateTimePrinterParser).</summary>
internal abstract class DatePatternElement
{
    /// <summary>Parses at <paramref name="position"/>, advancing it; false when the text does not fit.</summary>
    public abstract bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale);

    public abstract void Format(ref SpanWriter writer, in DateFields fields, DateLocale locale);

    /// <summary>Digits a fixed-width numeric element consumes, 0 if it is not one (for adjacent value parsing).</summary>
    public virtual int FixedDigits => 0;
}

internal sealed class LiteralElement(string text) : DatePatternElement
{
    public string Text { get; } = text;

    public override bool Parse(ReadOnlySpan<char> input, ref int position, ref ParsedFields fields, DateLocale locale)
    {
        if (!input[position..].StartsWith(Text, StringComparison.Ordinal)) return false;
        position += Text.Length;
        return true;
    }

    public override void Format(ref SpanWriter writer, in DateFields fields, DateLocale locale) => writer.Append(Text);
}

internal enum NumberField
{
    Year, YearOfEra, WeekBasedYear, Month, Day, DayOfYear, HourOfDay, ClockHourOfDay, HourOfAmPm, ClockHourOfAmPm,
    Minute, Second, WeekOfWeekBasedYear, LocalizedDayOfWeek, NanoOfSecond, MilliOfDay, NanoOfDay,
}

/// <summary>
/// A numeric field of <paramref name="minWidth"/>..<paramref name="maxWidth"/> digits. Years written with four
/// or more letters may carry a sign; a variable-width field leaves room for fixed-width numeric fields that
/// directly follow it (java.time's adjacent value parsing, so <c>yyyyMMdd</c> works).
/// </summary>
internal sealed class NumberElement(NumberField field, int minWidth, int maxWidth, bool signed) : DatePatternElement
{
    public NumberField Field { get; } = field;
    public int MinWidth { get; } = minWidth;
    public int MaxWidth { get; } = maxWidth;

    /// <summary>Digits reserved for the fixed-width numeric elements right after this one.</summary>
    public int Reserved { get; set; }

    public override int FixedDigits => MinWidth == MaxWidth ? MinWidth : 0;

    public bool Signed { get; } = signed;

    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
        => TryParseValue(text, ref position, out var value) && Store(ref fields, value);

    /// <summary>The digits (and sign) at <paramref name="position"/>, as java.time's NumberPrinterParser reads them.</summary>
    public bool TryParseValue(ReadOnlySpan<char> text, ref int position, out long value)
    {
        value = 0;
        var i = position;
        var negative = false;
        if (Signed && i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }
        var available = 0;
        while (i + available < text.Length && char.IsAsciiDigit(text[i + available])) available++;
        var take = Math.Min(MaxWidth, available - Reserved);
        if (take < MinWidth) return false;
        for (var k = 0; k < take; k++) value = value * 10 + (text[i + k] - '0');
        if (negative) value = -value;
        position = i + take;
        return true;
    }

    private bool Store(ref ParsedFields f, long value) => Field switch
    {
        NumberField.Year => ParsedFields.Set(ref f.Year, value),
        NumberField.YearOfEra => value >= 0 && ParsedFields.Set(ref f.YearOfEra, value),
        NumberField.WeekBasedYear => ParsedFields.Set(ref f.WeekBasedYear, value),
        NumberField.Month => ParsedFields.Set(ref f.Month, value),
        NumberField.Day => ParsedFields.Set(ref f.Day, value),
        NumberField.DayOfYear => ParsedFields.Set(ref f.DayOfYear, value),
        NumberField.HourOfDay => ParsedFields.Set(ref f.HourOfDay, value),
        NumberField.ClockHourOfDay => ParsedFields.Set(ref f.ClockHourOfDay, value),
        NumberField.HourOfAmPm => ParsedFields.Set(ref f.HourOfAmPm, value),
        NumberField.ClockHourOfAmPm => ParsedFields.Set(ref f.ClockHourOfAmPm, value),
        NumberField.Minute => ParsedFields.Set(ref f.Minute, value),
        NumberField.Second => ParsedFields.Set(ref f.Second, value),
        NumberField.WeekOfWeekBasedYear => ParsedFields.Set(ref f.WeekOfWeekBasedYear, value),
        NumberField.LocalizedDayOfWeek => ParsedFields.Set(ref f.LocalizedDayOfWeek, value),
        NumberField.NanoOfSecond => ParsedFields.Set(ref f.Nano, value),
        NumberField.MilliOfDay => ParsedFields.Set(ref f.MilliOfDay, value),
        _ => ParsedFields.Set(ref f.NanoOfDay, value),
    };

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale)
    {
        long value = Field switch
        {
            NumberField.Year => f.Year,
            NumberField.YearOfEra => f.Year >= 1 ? f.Year : 1 - f.Year,
            NumberField.WeekBasedYear => WeekBased(f, locale, year: true),
            NumberField.Month => f.Month,
            NumberField.Day => f.Day,
            NumberField.DayOfYear => f.DayOfYear,
            NumberField.HourOfDay => f.Hour,
            NumberField.ClockHourOfDay => f.Hour == 0 ? 24 : f.Hour,
            NumberField.HourOfAmPm => f.Hour % 12,
            NumberField.ClockHourOfAmPm => f.Hour % 12 == 0 ? 12 : f.Hour % 12,
            NumberField.Minute => f.Minute,
            NumberField.Second => f.Second,
            NumberField.WeekOfWeekBasedYear => WeekBased(f, locale, year: false),
            NumberField.LocalizedDayOfWeek => locale.Weeks.LocalizedDayOfWeek(f.EpochDay),
            NumberField.NanoOfSecond => f.Nano,
            NumberField.MilliOfDay => f.NanoOfDay / 1_000_000,
            _ => f.NanoOfDay,
        };
        if (value < 0)
        {
            writer.Append('-');
            value = -value;
        }
        else if (Signed && MinWidth >= 4 && value >= Pow10(MinWidth))
        {
            writer.Append('+'); // SignStyle.EXCEEDS_PAD
        }
        writer.AppendNumber(value, MinWidth);
    }

    private static long WeekBased(in DateFields f, DateLocale locale, bool year)
    {
        locale.Weeks.WeekBasedFields(f.EpochDay, out var weekBasedYear, out var week);
        return year ? weekBasedYear : week;
    }

    private static long Pow10(int n)
    {
        long result = 1;
        for (var i = 0; i < n; i++) result *= 10;
        return result;
    }
}

/// <summary>A two-digit year (<c>yy</c>, <c>uu</c>, <c>YY</c>): 2000–2099, as java.time's reduced value with base 2000.</summary>
internal sealed class ReducedYearElement(NumberField field) : DatePatternElement
{
    public override int FixedDigits => 2;

    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
    {
        if (position + 2 > text.Length || !char.IsAsciiDigit(text[position]) || !char.IsAsciiDigit(text[position + 1])) return false;
        var value = 2000 + (text[position] - '0') * 10 + (text[position + 1] - '0');
        position += 2;
        return field switch
        {
            NumberField.Year => ParsedFields.Set(ref fields.Year, value),
            NumberField.WeekBasedYear => ParsedFields.Set(ref fields.WeekBasedYear, value),
            _ => ParsedFields.Set(ref fields.YearOfEra, value),
        };
    }

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale)
    {
        var year = f.Year;
        if (field == NumberField.WeekBasedYear) locale.Weeks.WeekBasedFields(f.EpochDay, out year, out _);
        writer.AppendNumber(CivilCalendar.FloorMod(year, 100), 2);
    }
}

/// <summary>A fraction of second with exactly <paramref name="digits"/> digits (<c>SSS</c>), truncated when printing.</summary>
internal sealed class FractionElement(int digits) : DatePatternElement
{
    public override int FixedDigits => digits;

    public int Digits => digits;

    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
        => TryParseNano(text, ref position, out var nano) && ParsedFields.Set(ref fields.Nano, nano);

    /// <summary>Exactly <see cref="Digits"/> digits at <paramref name="position"/>, as nanoseconds.</summary>
    public bool TryParseNano(ReadOnlySpan<char> text, ref int position, out long value)
    {
        value = 0;
        if (position + digits > text.Length) return false;
        for (var k = 0; k < digits; k++)
        {
            var c = text[position + k];
            if (!char.IsAsciiDigit(c)) return false;
            if (k < 9) value = value * 10 + (c - '0');
        }
        for (var k = digits; k < 9; k++) value *= 10;
        position += digits;
        return true;
    }

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale)
    {
        long value = f.Nano;
        var shown = Math.Min(digits, 9);
        for (var k = shown; k < 9; k++) value /= 10;
        writer.AppendNumber(value, shown);
        for (var k = 9; k < digits; k++) writer.Append('0');
    }
}

internal enum TextField { MonthShort, MonthFull, MonthNarrow, DayShort, DayFull, DayNarrow, AmPm, EraShort, EraFull, EraNarrow }

/// <summary>A field written as text in the locale (month and day names, AM/PM, era); parsing takes the longest name that matches.</summary>
internal sealed class TextElement(TextField field) : DatePatternElement
{
    public TextField Field { get; } = field;

    private string[] Names(DateLocale locale) => Field switch
    {
        TextField.MonthShort => locale.MonthsShort,
        TextField.MonthFull => locale.Months,
        TextField.MonthNarrow => locale.MonthsNarrow,
        TextField.DayShort => locale.DaysShort,
        TextField.DayFull => locale.Days,
        TextField.DayNarrow => locale.DaysNarrow,
        TextField.AmPm => locale.AmPm,
        TextField.EraShort => locale.Eras,
        TextField.EraFull => locale.ErasFull,
        _ => ["B", "A"],
    };

    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
    {
        if (!TryParseIndex(text, ref position, locale, out var best)) return false;
        return Field switch
        {
            TextField.MonthShort or TextField.MonthFull or TextField.MonthNarrow => ParsedFields.Set(ref fields.Month, best + 1),
            TextField.DayShort or TextField.DayFull or TextField.DayNarrow => ParsedFields.Set(ref fields.DayOfWeek, best + 1),
            TextField.AmPm => ParsedFields.Set(ref fields.AmPm, best),
            _ => ParsedFields.Set(ref fields.Era, best),
        };
    }

    /// <summary>The index of the longest of the locale's names that the text continues with.</summary>
    public bool TryParseIndex(ReadOnlySpan<char> text, ref int position, DateLocale locale, out int best)
    {
        var names = Names(locale);
        best = -1;
        var bestLength = 0;
        var rest = text[position..];
        if (rest.IsEmpty) return false;
        var first = rest[0];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (name[0] == first && name.Length > bestLength && rest.StartsWith(name, StringComparison.Ordinal))
            {
                best = i;
                bestLength = name.Length;
            }
        }
        if (best < 0) return false;
        position += bestLength;
        return true;
    }

    /// <summary>The locale's name for a month (1–12) or ISO day of week (1–7) of this element's width.</summary>
    public string Name(DateLocale locale, int index) => Names(locale)[index];

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale)
    {
        var names = Names(locale);
        var index = Field switch
        {
            TextField.MonthShort or TextField.MonthFull or TextField.MonthNarrow => f.Month - 1,
            TextField.DayShort or TextField.DayFull or TextField.DayNarrow => f.DayOfWeek - 1,
            TextField.AmPm => f.Hour >= 12 ? 1 : 0,
            _ => f.Year >= 1 ? 1 : 0,
        };
        writer.Append(names[index]);
    }
}

/// <summary>
/// An offset such as <c>+HHMM</c> (pattern <c>Z</c>), <c>+HH:MM</c> (<c>XXX</c>), <c>+HHmm</c> (<c>X</c>, minutes
/// optional) with the text used for zero (<c>Z</c>, <c>+0000</c>, …), as java.time's appendOffset.
/// </summary>
internal sealed class OffsetElement(string pattern, string noOffsetText) : DatePatternElement
{
    private readonly bool _colons = pattern.Contains(':');
    private readonly bool _minutesRequired = pattern.Contains("MM");
    private readonly bool _minutesOptional = pattern.Contains("mm");
    private readonly bool _secondsRequired = pattern.Contains("SS");
    private readonly bool _secondsOptional = pattern.Contains("ss");

    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
        => TryParseOffset(text, ref position, out var seconds) && ParsedFields.Set(ref fields.OffsetSeconds, seconds);

    /// <summary>The offset at <paramref name="position"/>, in seconds east of UTC.</summary>
    public bool TryParseOffset(ReadOnlySpan<char> text, ref int position, out int offsetSeconds)
    {
        offsetSeconds = 0;
        var rest = text[position..];
        if (rest.IsEmpty) return false;
        if (rest[0] is '+' or '-')
        {
            var sign = rest[0] == '-' ? -1 : 1;
            var i = 1;
            if (!TwoDigits(rest, i, out var hours)) goto NoOffset;
            i += 2;
            var minutes = 0;
            var seconds = 0;
            if (_minutesRequired || _minutesOptional)
            {
                var separator = _colons ? 1 : 0;
                if ((!_colons || (i < rest.Length && rest[i] == ':')) && TwoDigits(rest, i + separator, out var m))
                {
                    minutes = m;
                    i += 2 + separator;
                    if (_secondsRequired || _secondsOptional)
                    {
                        if ((!_colons || (i < rest.Length && rest[i] == ':')) && TwoDigits(rest, i + separator, out var s))
                        {
                            seconds = s;
                            i += 2 + separator;
                        }
                        else if (_secondsRequired) return false;
                    }
                }
                else if (_minutesRequired)
                {
                    goto NoOffset;
                }
            }
            if (hours > 18 || minutes > 59 || seconds > 59) return false;
            position += i;
            offsetSeconds = sign * (hours * 3600 + minutes * 60 + seconds);
            return true;
        }
    NoOffset:
        if (noOffsetText.Length > 0 && rest.StartsWith(noOffsetText, StringComparison.Ordinal))
        {
            position += noOffsetText.Length;
            return true;
        }
        return false;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int i, out int value)
    {
        value = 0;
        if (i + 2 > text.Length || !char.IsAsciiDigit(text[i]) || !char.IsAsciiDigit(text[i + 1])) return false;
        value = (text[i] - '0') * 10 + (text[i + 1] - '0');
        return true;
    }

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale) => Write(ref writer, f.Value.OffsetSeconds);

    /// <summary>Prints <paramref name="offset"/> (seconds east of UTC) in this element's style.</summary>
    public void Write(ref SpanWriter writer, int offset)
    {
        if (offset == 0 && noOffsetText.Length > 0)
        {
            writer.Append(noOffsetText);
            return;
        }
        writer.Append(offset < 0 ? '-' : '+');
        var abs = Math.Abs(offset);
        var hours = abs / 3600;
        var minutes = abs / 60 % 60;
        var seconds = abs % 60;
        writer.AppendNumber(hours, 2);
        if (_minutesRequired || (_minutesOptional && (minutes != 0 || seconds != 0)))
        {
            if (_colons) writer.Append(':');
            writer.AppendNumber(minutes, 2);
            if (_secondsRequired || (_secondsOptional && seconds != 0))
            {
                if (_colons) writer.Append(':');
                writer.AppendNumber(seconds, 2);
            }
        }
    }
}

/// <summary>Localized offset <c>O</c> (GMT+8) / <c>OOOO</c> and <c>ZZZZ</c> (GMT+08:00); "GMT" for zero.</summary>
internal sealed class LocalizedOffsetElement(bool full) : DatePatternElement
{
    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
    {
        var rest = text[position..];
        if (!rest.StartsWith("GMT", StringComparison.Ordinal)) return false;
        var i = 3;
        if (i >= rest.Length || rest[i] is not ('+' or '-'))
        {
            position += 3;
            return ParsedFields.Set(ref fields.OffsetSeconds, 0);
        }
        var sign = rest[i] == '-' ? -1 : 1;
        i++;
        var start = i;
        while (i < rest.Length && i - start < 2 && char.IsAsciiDigit(rest[i])) i++;
        if (i == start) return false;
        var hours = int.Parse(rest[start..i]);
        var minutes = 0;
        if (i + 3 <= rest.Length && rest[i] == ':' && char.IsAsciiDigit(rest[i + 1]) && char.IsAsciiDigit(rest[i + 2]))
        {
            minutes = (rest[i + 1] - '0') * 10 + (rest[i + 2] - '0');
            i += 3;
        }
        if (hours > 18 || minutes > 59) return false;
        position += i;
        return ParsedFields.Set(ref fields.OffsetSeconds, sign * (hours * 3600 + minutes * 60));
    }

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale)
    {
        writer.Append("GMT");
        var offset = f.Value.OffsetSeconds;
        if (offset == 0) return;
        writer.Append(offset < 0 ? '-' : '+');
        var abs = Math.Abs(offset);
        if (full)
        {
            writer.AppendNumber(abs / 3600, 2);
            writer.Append(':');
            writer.AppendNumber(abs / 60 % 60, 2);
        }
        else
        {
            writer.AppendNumber(abs / 3600, 1);
            if (abs / 60 % 60 != 0)
            {
                writer.Append(':');
                writer.AppendNumber(abs / 60 % 60, 2);
            }
        }
    }
}

/// <summary><c>VV</c>: a zone id (<c>Europe/Amsterdam</c>, <c>UTC</c>, <c>Z</c>, <c>+01:00</c>).</summary>
internal sealed class ZoneIdElement : DatePatternElement
{
    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
    {
        var end = position;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '/' or '_' or '+' or '-' or ':' or '.' or '~')) end++;
        // Prefer the longest id that is a known zone.
        for (var candidateEnd = end; candidateEnd > position; candidateEnd--)
        {
            if (IngestZone.TryParse(text[position..candidateEnd].ToString(), out var zone, out _))
            {
                if (fields.Zone is not null && fields.Zone.Id != zone.Id) return false;
                fields.Zone = zone;
                position = candidateEnd;
                return true;
            }
        }
        return false;
    }

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale) => writer.Append(f.Value.Zone.Id);
}

/// <summary><c>z</c>: a zone name (UTC, GMT, common abbreviations such as PST or CET); prints the zone's abbreviation or id.</summary>
internal sealed class ZoneTextElement(bool full) : DatePatternElement
{
    // (abbreviation, zone it stands for when parsing, its offset in hours when printing)
    private static readonly (string Name, string Zone, int Hours)[] Abbreviations =
    [
        ("CEST", "Europe/Paris", 2), ("EEST", "Europe/Athens", 3), ("WEST", "Europe/Lisbon", 1),
        ("UTC", "UTC", 0), ("GMT", "GMT", 0),
        ("EST", "America/New_York", -5), ("EDT", "America/New_York", -4), ("CST", "America/Chicago", -6), ("CDT", "America/Chicago", -5),
        ("MST", "America/Denver", -7), ("MDT", "America/Denver", -6), ("PST", "America/Los_Angeles", -8), ("PDT", "America/Los_Angeles", -7),
        ("CET", "Europe/Paris", 1), ("EET", "Europe/Athens", 2), ("WET", "Europe/Lisbon", 0), ("BST", "Europe/London", 1),
        ("JST", "Asia/Tokyo", 9), ("UT", "UT", 0), ("Z", "Z", 0),
    ];

    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
    {
        var rest = text[position..];
        foreach (var (name, zoneId, _) in Abbreviations) // longest names first
        {
            if (!rest.StartsWith(name, StringComparison.Ordinal)) continue;
            if (!IngestZone.TryParse(zoneId, out var zone, out _)) continue;
            fields.Zone = zone;
            position += name.Length;
            return true;
        }
        return new ZoneIdElement().Parse(text, ref position, ref fields, locale);
    }

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale)
    {
        var zone = f.Value.Zone;
        if (zone.IsFixed)
        {
            writer.Append(zone.IsUtcOffset ? (full ? "Coordinated Universal Time" : "Z") : zone.Id);
            return;
        }
        foreach (var (name, zoneId, hours) in Abbreviations)
        {
            if (zoneId == zone.Id && hours * 3600 == f.Value.OffsetSeconds)
            {
                writer.Append(name);
                return;
            }
        }
        writer.Append(zone.Id);
    }
}

/// <summary>An optional section <c>[…]</c>: parsed when it fits (otherwise skipped), always printed.</summary>
internal sealed class OptionalElement(DatePatternElement[] elements) : DatePatternElement
{
    public DatePatternElement[] Elements { get; } = elements;

    public override bool Parse(ReadOnlySpan<char> text, ref int position, ref ParsedFields fields, DateLocale locale)
    {
        var saved = fields;
        var start = position;
        foreach (var element in Elements)
        {
            if (!element.Parse(text, ref position, ref fields, locale))
            {
                fields = saved;
                position = start;
                return true;
            }
        }
        return true;
    }

    public override void Format(ref SpanWriter writer, in DateFields f, DateLocale locale)
    {
        foreach (var element in Elements) element.Format(ref writer, f, locale);
    }
}
