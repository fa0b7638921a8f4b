using System.Globalization;
using Backfill.Core.Ingest.Documents;
using Backfill.Core.Ingest.Pipeline;

namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// One entry of a date processor's <c>formats</c> (OpenSearch's ingest DateFormat): <c>ISO8601</c>, <c>UNIX</c>
/// (seconds, fractional), <c>UNIX_MS</c>, <c>TAI64N</c>, or anything DateFormatter.forPattern accepts (Java
/// patterns, built-in names), bound to the processor's time zone and locale. Java patterns behave as in
/// OpenSearch: an offset in the text fixes the instant, which is then shown in the configured zone (UTC unless
/// set); without one the text is local time in that zone; without a year the current year is used.
/// </summary>
internal sealed class IngestDateParser
{
    private enum Kind { Iso8601, Unix, UnixMs, Tai64n, Java }

    private readonly Kind _kind;
    private readonly OpenSearchDateFormat? _format;
    private readonly IngestZone _zone;

    private IngestDateParser(string format, Kind kind, OpenSearchDateFormat? javaFormat, IngestZone zone)
    {
        Format = format;
        _kind = kind;
        _format = javaFormat;
        _zone = zone;
    }

    public string Format { get; }

    public bool IsIso8601 => _kind == Kind.Iso8601;

    /// <summary>What <see cref="TryParse"/> gives for an ISO8601 parser and <paramref name="printed"/>'s text, without reading it.</summary>
    public ZonedDateTimeValue ReadBack(in PrintedDate printed) => ZonedDateTimeValue.OfInstant(printed.EpochSecond, printed.Nano, _zone);

    /// <summary>Throws <see cref="ArgumentException"/> for a Java pattern java.time would refuse.</summary>
    public static IngestDateParser Create(string format, IngestZone zone, DateLocale locale) => format switch
    {
        "ISO8601" => new IngestDateParser(format, Kind.Iso8601, null, zone),
        "UNIX" => new IngestDateParser(format, Kind.Unix, null, zone),
        "UNIX_MS" => new IngestDateParser(format, Kind.UnixMs, null, zone),
        "TAI64N" => new IngestDateParser(format, Kind.Tai64n, null, zone),
        _ => new IngestDateParser(format, Kind.Java, OpenSearchDateFormat.Create(format, locale), zone),
    };

    /// <summary>Parses <paramref name="text"/>; on failure returns the cause (java.time-like wording).</summary>
    public IngestFailure? TryParse(string text, out ZonedDateTimeValue value)
    {
        value = default;
        switch (_kind)
        {
            case Kind.Iso8601:
            {
                // ISO text carries an offset or none, never a zone id: the local date-time at that offset, or in the zone.
                if (!IsoDateParser.TryParseLocal(text, out var day, out var nanoOfDay, out var offset, out var hasOffset)) return Unparseable(text);
                value = hasOffset ? ZonedDateTimeValue.OfLocalAtOffset(day, nanoOfDay, offset, _zone) : ZonedDateTimeValue.OfLocal(day, nanoOfDay, _zone);
                return null;
            }
            case Kind.Unix:
                if (!JavaNumbers.TryParseDouble(text, out var seconds)) return NumberFormat(text);
                value = ZonedDateTimeValue.OfEpochMilli(JavaLongCast(seconds * 1000.0), _zone);
                return null;
            case Kind.UnixMs:
                if (!JavaNumbers.TryParseLong(text, out var millis)) return NumberFormat(text);
                value = ZonedDateTimeValue.OfEpochMilli(millis, _zone);
                return null;
            case Kind.Tai64n:
                return TryTai64n(text, out value);
            default:
            {
                if (_format!.SimpleLayout is { } layout && layout.TryParse(text, out var day, out var nanoOfDay, out var offset, out var hasOffset))
                {
                    value = hasOffset ? ZonedDateTimeValue.OfLocalAtOffset(day, nanoOfDay, offset, _zone) : ZonedDateTimeValue.OfLocal(day, nanoOfDay, _zone);
                    return null;
                }
                ParsedFields fields = default; // TryParse starts it empty
                if (!_format!.TryParse(text, ref fields, out var isInstant, out var epochSecond, out var nano)) return Unparseable(text);
                if (isInstant)
                {
                    value = ZonedDateTimeValue.OfInstant(epochSecond, nano, _zone);
                    return null;
                }
                return ResolveJava(fields, out value) ? null : Unparseable(text);
            }
        }
    }

    private bool ResolveJava(in ParsedFields fields, out ZonedDateTimeValue value)
    {
        var weeks = _format!.Locale.Weeks;
        if (!fields.HasYear && !fields.HasWeekBasedYear)
        {
            // OpenSearch: current year, the parsed month/day/time on top of the epoch, local in the zone (a parsed offset is dropped).
            var partial = fields;
            partial.OffsetSeconds = ParsedFields.Unset;
            partial.Zone = null;
            if (!partial.TryResolve(weeks, DateTime.UtcNow.Year, out var epochDay, out var nanoOfDay))
            {
                value = default;
                return false;
            }
            value = ZonedDateTimeValue.OfLocal(epochDay, nanoOfDay, _zone);
            return true;
        }
        return Resolve(fields, _zone, alwaysInZone: false, weeks, out value);
    }

    private static bool Resolve(in ParsedFields fields, IngestZone zone, bool alwaysInZone, WeekRules weeks, out ZonedDateTimeValue value)
    {
        value = default;
        if (!fields.TryResolve(weeks, 1970, out var epochDay, out var nanoOfDay)) return false;
        if (fields.Zone is { } parsedZone)
        {
            value = ZonedDateTimeValue.OfLocal(epochDay, nanoOfDay, parsedZone);
            if (alwaysInZone || zone.IsUtcOffset) value = value.WithZoneSameInstant(zone);
            return true;
        }
        if (fields.OffsetSeconds != ParsedFields.Unset)
        {
            value = ZonedDateTimeValue.OfLocalAtOffset(epochDay, nanoOfDay, (int)fields.OffsetSeconds, zone);
            return true;
        }
        value = ZonedDateTimeValue.OfLocal(epochDay, nanoOfDay, zone);
        return true;
    }

    private IngestFailure? TryTai64n(string text, out ZonedDateTimeValue value)
    {
        value = default;
        var date = text.StartsWith('@') ? text[1..] : text;
        if (date.Length < 24)
            return new IngestFailure("string_index_out_of_bounds_exception", $"begin 16, end 24, length {date.Length}");
        if (!long.TryParse(date.AsSpan(1, 15), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var seconds))
            return NumberFormat(date[1..16]);
        if (!long.TryParse(date.AsSpan(16, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var nanos))
            return NumberFormat(date[16..24]);
        value = ZonedDateTimeValue.OfEpochMilli(seconds * 1000 - 10_000 + nanos / 1_000_000, _zone);
        return null;
    }

    // Java's (long) cast of a double: truncation toward zero, NaN → 0, saturating at the long range.
    private static long JavaLongCast(double value)
    {
        if (double.IsNaN(value)) return 0;
        if (value >= long.MaxValue) return long.MaxValue;
        if (value <= long.MinValue) return long.MinValue;
        return (long)value;
    }

    private static IngestFailure Unparseable(string text)
        => new("date_time_parse_exception", $"Text '{text}' could not be parsed");

    private static IngestFailure NumberFormat(string text)
        => new("number_format_exception", $"For input string: \"{text}\"");
}
