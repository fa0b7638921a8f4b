namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// A compiled Java date pattern bound to a locale: parses whole strings into <see cref="ParsedFields"/> and
/// prints <see cref="ZonedDateTimeValue"/>s, without allocating beyond the printed string.
/// </summary>
internal sealed class JavaDateFormatter
{
    private readonly DatePatternElement[] _elements;

    private JavaDateFormatter(string pattern, DatePatternElement[] elements, DateLocale locale)
    {
        Pattern = pattern;
        _elements = elements;
        Locale = locale;
        Simple = SimpleDateLayout.TryCreate(elements, locale);
    }

    /// <summary>The fast path for the common shapes of pattern, or null.</summary>
    public SimpleDateLayout? Simple { get; }

    public string Pattern { get; }
    public DateLocale Locale { get; }

    /// <summary>Compiles <paramref name="pattern"/>; throws <see cref="ArgumentException"/> with java.time's wording.</summary>
    public static JavaDateFormatter Create(string pattern, DateLocale locale)
    {
        var elements = JavaDatePattern.Compile(pattern);
        if (!locale.HasNames && JavaDatePattern.UsesText(elements))
            throw new ArgumentException(
                $"locale [{locale.Tag}] has no month or day names in backfill (available: {string.Join(", ", DateLocale.LanguagesWithNames)})");
        return new JavaDateFormatter(pattern, elements, locale);
    }

    /// <summary>
    /// The coarsest date-math unit (<c>d</c>, <c>h</c>, <c>m</c>, <c>s</c>) within which the printed text cannot
    /// change, or null when it can change faster (fractions) or with the zone's offset (zone or offset fields).
    /// A day is the coarsest reported, even for patterns that print only months or weeks.
    /// </summary>
    public char? ConstantWithin(bool fixedOffsetZone) => ConstantWithin(_elements, fixedOffsetZone);

    private static char? ConstantWithin(IEnumerable<DatePatternElement> elements, bool fixedOffsetZone)
    {
        var unit = 'd';
        foreach (var element in elements)
        {
            switch (element)
            {
                case OptionalElement optional:
                    var inner = ConstantWithin(optional.Elements, fixedOffsetZone);
                    if (inner is null) return null;
                    unit = Finer(unit, inner.Value);
                    break;
                case FractionElement:
                    return null;
                case NumberElement number:
                    switch (number.Field)
                    {
                        case NumberField.NanoOfSecond or NumberField.MilliOfDay or NumberField.NanoOfDay: return null;
                        case NumberField.Second: unit = Finer(unit, 's'); break;
                        case NumberField.Minute: unit = Finer(unit, 'm'); break;
                        case NumberField.HourOfDay or NumberField.ClockHourOfDay or NumberField.HourOfAmPm or NumberField.ClockHourOfAmPm: unit = Finer(unit, 'h'); break;
                    }
                    break;
                case TextElement { Field: TextField.AmPm }:
                    unit = Finer(unit, 'h');
                    break;
                case OffsetElement or LocalizedOffsetElement or ZoneTextElement or ZoneIdElement:
                    if (!fixedOffsetZone) return null;
                    break;
            }
        }
        return unit;
    }

    private static char Finer(char a, char b) => "dhms".IndexOf(a) >= "dhms".IndexOf(b) ? a : b;

    public JavaDateFormatter WithLocale(DateLocale locale) => ReferenceEquals(locale, Locale) ? this : Create(Pattern, locale);

    /// <summary>Parses all of <paramref name="text"/> into <paramref name="fields"/> (which must start empty); false when it does not fit.</summary>
    public bool TryParse(ReadOnlySpan<char> text, ref ParsedFields fields)
    {
        var position = 0;
        foreach (var element in _elements)
            if (!element.Parse(text, ref position, ref fields, Locale)) return false;
        return position == text.Length;
    }

    public string Format(in ZonedDateTimeValue value)
    {
        Span<char> buffer = stackalloc char[128];
        if (TryFormat(value, buffer, out var written)) return new string(buffer[..written]);
        var large = new char[4096];
        return TryFormat(value, large, out written) ? new string(large, 0, written) : throw new InvalidOperationException("date pattern output too long");
    }

    public bool TryFormat(in ZonedDateTimeValue value, Span<char> destination, out int written)
    {
        if (Simple is not null && Simple.TryFormat(value, destination, out written)) return true;
        return TryFormatElements(value, destination, out written);
    }

    /// <summary>The general printer (every element in turn), which <see cref="Simple"/> must agree with.</summary>
    internal bool TryFormatElements(in ZonedDateTimeValue value, Span<char> destination, out int written)
    {
        var writer = new SpanWriter(destination);
        var fields = new DateFields(value);
        foreach (var element in _elements) element.Format(ref writer, fields, Locale);
        written = writer.Length;
        return !writer.Overflowed;
    }
}
