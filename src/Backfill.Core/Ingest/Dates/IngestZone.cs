using System.Collections.Concurrent;
using System.Globalization;

namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// A time zone as java.time's ZoneId.of reads one: <c>Z</c>, offsets (<c>+01:00</c>, <c>-0800</c>, <c>+1</c>),
/// prefixed offsets (<c>UTC+01:00</c>, <c>GMT-5</c>), and region ids (<c>Europe/Amsterdam</c>) from the tz
/// database. Local times in a gap move forward by the gap, ambiguous ones take the earlier offset, as in java.time.
/// </summary>
internal sealed class IngestZone
{
    private static readonly ConcurrentDictionary<string, IngestZone> Regions = new(StringComparer.Ordinal);
    private readonly TimeZoneInfo? _rules;
    private readonly int _fixedOffset;

    private IngestZone(string id, TimeZoneInfo? rules, int fixedOffset)
    {
        Id = id;
        _rules = rules;
        _fixedOffset = fixedOffset;
    }

    /// <summary>ZoneOffset.UTC (id "Z").</summary>
    public static IngestZone Utc { get; } = new("Z", null, 0);

    /// <summary>Java's getId(): "Z", "+01:00", "UTC", "Europe/Amsterdam".</summary>
    public string Id { get; }

    /// <summary>True for a fixed offset (no rules).</summary>
    public bool IsFixed => _rules is null;

    /// <summary>True for ZoneOffset.UTC itself ("Z"), which OpenSearch treats specially.</summary>
    public bool IsUtcOffset => ReferenceEquals(this, Utc);

    public static IngestZone FixedOffset(int seconds) => seconds == 0 ? Utc : new IngestZone(OffsetId(seconds), null, seconds);

    /// <summary>The offset in seconds at an instant.</summary>
    public int OffsetAt(long epochSecond)
    {
        if (_rules is null) return _fixedOffset;
        var utc = ClampToDateTime(epochSecond);
        return (int)_rules.GetUtcOffset(new DateTimeOffset(utc, TimeSpan.Zero)).TotalSeconds;
    }

    /// <summary>The offset for a local date-time; <paramref name="localSecond"/> moves forward when it falls in a gap.</summary>
    public int OffsetForLocal(ref long localSecond)
    {
        if (_rules is null) return _fixedOffset;
        var local = ClampToDateTime(localSecond);
        if (_rules.IsAmbiguousTime(local))
            return (int)_rules.GetAmbiguousTimeOffsets(local).Max().TotalSeconds;
        if (_rules.IsInvalidTime(local))
        {
            var before = (int)_rules.GetUtcOffset(local.AddHours(-3)).TotalSeconds;
            var after = (int)_rules.GetUtcOffset(local.AddHours(3)).TotalSeconds;
            localSecond += after - before;
            return after;
        }
        return (int)_rules.GetUtcOffset(local).TotalSeconds;
    }

    private static DateTime ClampToDateTime(long epochSecond)
    {
        const long min = -62_135_596_800; // 0001-01-01
        const long max = 253_402_300_799; // 9999-12-31T23:59:59
        var clamped = Math.Clamp(epochSecond, min + 86_400, max - 86_400);
        return new DateTime(DateTime.UnixEpoch.Ticks + clamped * TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);
    }

    /// <summary>ZoneId.of; the error reads like java.time's ("Unknown time-zone ID: x").</summary>
    public static bool TryParse(string id, out IngestZone zone, out string error)
    {
        zone = Utc;
        error = "";
        if (id == "Z") return true;
        if (id.Length > 0 && id[0] is '+' or '-')
        {
            if (TryParseOffset(id, out var seconds))
            {
                zone = FixedOffset(seconds);
                return true;
            }
            error = $"Invalid ID for ZoneOffset, invalid format: {id}";
            return false;
        }
        foreach (var prefix in new[] { "UTC", "GMT", "UT" })
        {
            if (id == prefix)
            {
                zone = Regions.GetOrAdd(id, static key => new IngestZone(key, null, 0));
                return true;
            }
            if (id.StartsWith(prefix, StringComparison.Ordinal) && id.Length > prefix.Length && id[prefix.Length] is '+' or '-')
            {
                if (!TryParseOffset(id.AsSpan(prefix.Length), out var seconds))
                {
                    error = $"Invalid ID for offset-based ZoneId: {id}";
                    return false;
                }
                var normalized = seconds == 0 ? prefix : prefix + OffsetId(seconds);
                zone = new IngestZone(normalized, null, seconds);
                return true;
            }
        }
        if (!IsRegionIdSyntax(id))
        {
            error = $"Invalid ID for region-based ZoneId, invalid format: {id}";
            return false;
        }
        if (Regions.TryGetValue(id, out var cached))
        {
            zone = cached;
            return true;
        }
        try
        {
            var rules = TimeZoneInfo.FindSystemTimeZoneById(id);
            zone = Regions.GetOrAdd(id, new IngestZone(id, rules, 0));
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"Unknown time-zone ID: {id}";
            return false;
        }
    }

    private static bool IsRegionIdSyntax(string id)
    {
        if (id.Length < 2 || !char.IsAsciiLetter(id[0])) return false;
        foreach (var c in id)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '~' or '/' or '.' or '_' or '+' or '-')) return false;
        return true;
    }

    /// <summary>ZoneOffset.of: +h, +hh, +hh:mm, +hhmm, +hh:mm:ss, +hhmmss (within ±18:00).</summary>
    public static bool TryParseOffset(ReadOnlySpan<char> text, out int seconds)
    {
        seconds = 0;
        if (text.Length < 2 || text[0] is not ('+' or '-')) return false;
        var sign = text[0] == '-' ? -1 : 1;
        var body = text[1..];
        int hours, minutes = 0, secs = 0;
        switch (body.Length)
        {
            case 1: if (!Digits(body, out hours)) return false; break;
            case 2: if (!Digits(body, out hours)) return false; break;
            case 4: if (!Digits(body[..2], out hours) || !Digits(body[2..], out minutes)) return false; break;
            case 5: if (body[2] != ':' || !Digits(body[..2], out hours) || !Digits(body[3..], out minutes)) return false; break;
            case 6: if (!Digits(body[..2], out hours) || !Digits(body[2..4], out minutes) || !Digits(body[4..], out secs)) return false; break;
            case 8:
                if (body[2] != ':' || body[5] != ':' || !Digits(body[..2], out hours) || !Digits(body[3..5], out minutes) || !Digits(body[6..], out secs)) return false;
                break;
            default: return false;
        }
        if (hours > 18 || minutes > 59 || secs > 59) return false;
        seconds = sign * (hours * 3600 + minutes * 60 + secs);
        return Math.Abs(seconds) <= 18 * 3600;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>ZoneOffset's id: "Z", "+01:00", "-05:30", "+00:19:32".</summary>
    public static string OffsetId(int seconds)
    {
        if (seconds == 0) return "Z";
        var sign = seconds < 0 ? '-' : '+';
        var abs = Math.Abs(seconds);
        var text = $"{sign}{abs / 3600:D2}:{abs / 60 % 60:D2}";
        return abs % 60 == 0 ? text : text + $":{abs % 60:D2}";
    }

    public override string ToString() => Id;
}
