using System.Globalization;
using System.Runtime.CompilerServices;

namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// What OpenSearch's DateFormatter.forPattern makes of a format string: one or more <c>||</c>-separated
/// formats, each a built-in name (<c>iso8601</c>, <c>strict_date_optional_time</c>, <c>epoch_millis</c>,
/// <c>epoch_second</c>, <c>date</c>, <c>basic_date</c>, …) or a Java pattern. Parsing tries them in order;
/// printing uses the first.
/// </summary>
internal sealed class OpenSearchDateFormat
{
    private enum Kind { Iso, EpochMillis, EpochSecond, Pattern }

    private sealed record Part(Kind Kind, JavaDateFormatter? Pattern);

    // Built-in names that are plain Java patterns (OpenSearch's DateFormatters, strict and lenient spellings).
    private static readonly Dictionary<string, string> NamedPatterns = new(StringComparer.Ordinal)
    {
        ["basic_date"] = "yyyyMMdd",
        ["basic_date_time"] = "yyyyMMdd'T'HHmmss.SSSX",
        ["basic_date_time_no_millis"] = "yyyyMMdd'T'HHmmssX",
        ["basic_time"] = "HHmmss.SSSX",
        ["date"] = "yyyy-MM-dd",
        ["strict_date"] = "yyyy-MM-dd",
        ["year_month_day"] = "yyyy-MM-dd",
        ["strict_year_month_day"] = "yyyy-MM-dd",
        ["date_hour"] = "yyyy-MM-dd'T'HH",
        ["strict_date_hour"] = "yyyy-MM-dd'T'HH",
        ["date_hour_minute"] = "yyyy-MM-dd'T'HH:mm",
        ["strict_date_hour_minute"] = "yyyy-MM-dd'T'HH:mm",
        ["date_hour_minute_second"] = "yyyy-MM-dd'T'HH:mm:ss",
        ["strict_date_hour_minute_second"] = "yyyy-MM-dd'T'HH:mm:ss",
        ["date_hour_minute_second_millis"] = "yyyy-MM-dd'T'HH:mm:ss.SSS",
        ["strict_date_hour_minute_second_millis"] = "yyyy-MM-dd'T'HH:mm:ss.SSS",
        ["date_hour_minute_second_fraction"] = "yyyy-MM-dd'T'HH:mm:ss.SSS",
        ["strict_date_hour_minute_second_fraction"] = "yyyy-MM-dd'T'HH:mm:ss.SSS",
        ["date_time"] = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        ["strict_date_time"] = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        ["date_time_no_millis"] = "yyyy-MM-dd'T'HH:mm:ssXXX",
        ["strict_date_time_no_millis"] = "yyyy-MM-dd'T'HH:mm:ssXXX",
        ["hour"] = "HH",
        ["strict_hour"] = "HH",
        ["hour_minute"] = "HH:mm",
        ["strict_hour_minute"] = "HH:mm",
        ["hour_minute_second"] = "HH:mm:ss",
        ["strict_hour_minute_second"] = "HH:mm:ss",
        ["hour_minute_second_millis"] = "HH:mm:ss.SSS",
        ["strict_hour_minute_second_millis"] = "HH:mm:ss.SSS",
        ["time"] = "HH:mm:ss.SSSXXX",
        ["strict_time"] = "HH:mm:ss.SSSXXX",
        ["time_no_millis"] = "HH:mm:ssXXX",
        ["strict_time_no_millis"] = "HH:mm:ssXXX",
        ["year"] = "yyyy",
        ["strict_year"] = "yyyy",
        ["year_month"] = "yyyy-MM",
        ["strict_year_month"] = "yyyy-MM",
        ["weekyear"] = "YYYY",
        ["strict_weekyear"] = "YYYY",
        ["weekyear_week"] = "YYYY-'W'ww",
        ["strict_weekyear_week"] = "YYYY-'W'ww",
        ["weekyear_week_day"] = "YYYY-'W'ww-e",
        ["strict_weekyear_week_day"] = "YYYY-'W'ww-e",
        ["ordinal_date"] = "yyyy-DDD",
        ["strict_ordinal_date"] = "yyyy-DDD",
    };

    private static readonly HashSet<string> IsoNames = new(StringComparer.Ordinal)
    {
        "iso8601", "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos", "strictDateOptionalTime", "dateOptionalTime",
    };

    // The printer of strict_date_optional_time: at least millis, more digits only when needed; Z or +HH:MM.
    private static readonly JavaDateFormatter IsoPrinterBase = JavaDateFormatter.Create("yyyy-MM-dd'T'HH:mm:ss", DateLocale.Root);

    private readonly Part[] _parts;

    private OpenSearchDateFormat(string text, Part[] parts, DateLocale locale)
    {
        Text = text;
        _parts = parts;
        SimpleLayout = parts is [{ Kind: Kind.Pattern } only] ? only.Pattern!.Simple : null;
        Locale = locale;
    }

    public string Text { get; }
    public DateLocale Locale { get; }

    /// <summary>The fast path when the format is one Java pattern of a common shape (see <see cref="SimpleDateLayout"/>).</summary>
    public SimpleDateLayout? SimpleLayout { get; }

    /// <summary>See <see cref="JavaDateFormatter.ConstantWithin"/>; null for the built-in ISO and epoch printers.</summary>
    public char? ConstantWithin(bool fixedOffsetZone)
        => _parts[0].Kind == Kind.Pattern ? _parts[0].Pattern!.ConstantWithin(fixedOffsetZone) : null;

    /// <summary>Throws <see cref="ArgumentException"/> ("Invalid format: [x]: …") for a pattern java.time would refuse.</summary>
    public static OpenSearchDateFormat Create(string format, DateLocale locale)
    {
        if (string.IsNullOrWhiteSpace(format)) throw new ArgumentException("No date pattern provided");
        var parts = new List<Part>();
        foreach (var piece in format.Split("||"))
        {
            var name = piece.Trim();
            if (IsoNames.Contains(name)) parts.Add(new Part(Kind.Iso, null));
            else if (name == "epoch_millis") parts.Add(new Part(Kind.EpochMillis, null));
            else if (name == "epoch_second") parts.Add(new Part(Kind.EpochSecond, null));
            else
            {
                var pattern = NamedPatterns.GetValueOrDefault(name, piece);
                try
                {
                    parts.Add(new Part(Kind.Pattern, JavaDateFormatter.Create(pattern, locale)));
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"Invalid format: [{format}]: {e.Message}", e);
                }
            }
        }
        return new OpenSearchDateFormat(format, parts.ToArray(), locale);
    }

    /// <summary>
    /// Parses with the first format that accepts the whole text: into <paramref name="fields"/> (reset here), or,
    /// for the epoch formats, into an instant (<paramref name="isInstant"/>).
    /// </summary>
    public bool TryParse(ReadOnlySpan<char> text, ref ParsedFields fields, out bool isInstant, out long epochSecond, out int nano)
    {
        isInstant = false;
        epochSecond = 0;
        nano = 0;
        foreach (var part in _parts)
        {
            fields = ParsedFields.Empty;
            switch (part.Kind)
            {
                case Kind.Iso:
                    if (IsoDateParser.TryParse(text, ref fields)) return true;
                    break;
                case Kind.EpochMillis:
                    if (TryParseEpoch(text, 1_000_000, out epochSecond, out nano)) return isInstant = true;
                    break;
                case Kind.EpochSecond:
                    if (TryParseEpoch(text, 1_000_000_000, out epochSecond, out nano)) return isInstant = true;
                    break;
                default:
                    if (part.Pattern!.TryParse(text, ref fields)) return true;
                    break;
            }
        }
        return false;
    }

    // epoch_millis / epoch_second: an optional sign, digits, an optional fraction (sub-unit precision).
    private static bool TryParseEpoch(ReadOnlySpan<char> text, long nanosPerUnit, out long epochSecond, out int nano)
    {
        epochSecond = 0;
        nano = 0;
        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        if (!long.TryParse(whole, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units)) return false;
        long fractionNanos = 0;
        if (dot >= 0)
        {
            var fraction = text[(dot + 1)..];
            if (fraction.IsEmpty || fraction.Length > 9) return false;
            foreach (var c in fraction) if (!char.IsAsciiDigit(c)) return false;
            var scale = nanosPerUnit;
            foreach (var c in fraction)
            {
                scale /= 10;
                fractionNanos += (c - '0') * scale;
            }
            if (whole.StartsWith("-")) fractionNanos = -fractionNanos;
        }
        var totalSeconds = nanosPerUnit == 1_000_000_000 ? units : CivilCalendar.FloorDiv(units, 1000);
        var unitNanos = nanosPerUnit == 1_000_000_000 ? 0 : CivilCalendar.FloorMod(units, 1000) * 1_000_000;
        var nanos = unitNanos + fractionNanos;
        epochSecond = totalSeconds + CivilCalendar.FloorDiv(nanos, CivilCalendar.NanosPerSecond);
        nano = (int)CivilCalendar.FloorMod(nanos, CivilCalendar.NanosPerSecond);
        return true;
    }

    [SkipLocalsInit] // TryFormat writes what is read
    public string Format(in ZonedDateTimeValue value)
    {
        Span<char> buffer = stackalloc char[256];
        return TryFormat(value, buffer, out var written) ? new string(buffer[..written]) : _parts[0].Pattern!.Format(value);
    }

    public bool TryFormat(in ZonedDateTimeValue value, Span<char> destination, out int written)
    {
        var part = _parts[0];
        switch (part.Kind)
        {
            case Kind.Pattern:
                return part.Pattern!.TryFormat(value, destination, out written);
            case Kind.EpochMillis:
                return (value.EpochSecond * 1000 + value.Nano / 1_000_000).TryFormat(destination, out written, provider: CultureInfo.InvariantCulture);
            case Kind.EpochSecond:
                return value.EpochSecond.TryFormat(destination, out written, provider: CultureInfo.InvariantCulture);
            default:
                return TryFormatIso(value, destination, out written);
        }
    }

    private static bool TryFormatIso(in ZonedDateTimeValue value, Span<char> destination, out int written)
    {
        written = 0;
        if (!IsoPrinterBase.TryFormat(value, destination, out var baseLength)) return false;
        var writer = new SpanWriter(destination[baseLength..]);
        writer.Append('.');
        var nano = value.Nano;
        var digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
        var shown = (long)nano;
        for (var k = digits; k < 9; k++) shown /= 10;
        writer.AppendNumber(shown, digits);
        var offset = value.OffsetSeconds;
        if (offset == 0) writer.Append('Z');
        else
        {
            var abs = Math.Abs(offset);
            writer.Append(offset < 0 ? '-' : '+');
            writer.AppendNumber(abs / 3600, 2);
            writer.Append(':');
            writer.AppendNumber(abs / 60 % 60, 2);
        }
        written = baseLength + writer.Length;
        return !writer.Overflowed;
    }
}
