using System.Globalization;
using System.Text;
using Backfill.Core.Errors;
using Backfill.Core.Ingest.Dates;

namespace Backfill.Core.Ingest;

/// <summary>
/// Resolves OpenSearch date-math index names such as <c>&lt;logs-{now/d}&gt;</c> or
/// <c>&lt;events-{2016-04-22||/d{yyyy-MM-dd|UTC}}&gt;</c> (what the date_index_name processor produces) to the
/// concrete name (<c>events-2016-04-22</c>), as OpenSearch's DateMathExpressionResolver does: static text, and in
/// braces an anchor (<c>now</c> or <c>date||</c>), operations (<c>+1d</c>, <c>-1M</c>, <c>/w</c>), and an optional
/// <c>{format|time_zone}</c> (default <c>uuuu.MM.dd</c>, UTC). Names not wrapped in <c>&lt;…&gt;</c> are returned as they are.
/// </summary>
public static class DateMathIndexName
{
    public const string DefaultFormat = "uuuu.MM.dd";

    /// <summary>Resolves <paramref name="expression"/>; throws <see cref="DateMathIndexNameException"/> when it is malformed.</summary>
    public static string Resolve(string expression, DateTimeOffset now)
    {
        if (expression.Length < 2 || expression[0] != '<' || expression[^1] != '>') return expression;
        var inner = expression[1..^1];
        var result = new StringBuilder();
        var i = 0;
        while (i < inner.Length)
        {
            var c = inner[i];
            if (c == '\\' && i + 1 < inner.Length)
            {
                result.Append(inner[i + 1]);
                i += 2;
                continue;
            }
            if (c == '}') throw Invalid(expression, "invalid character at position [" + i + "]. '}' without a matching '{'");
            if (c != '{')
            {
                result.Append(c);
                i++;
                continue;
            }
            // {math{format|zone}}
            var close = FindClose(inner, i, expression);
            var body = inner[(i + 1)..close];
            i = close + 1;
            string math = body, format = DefaultFormat, zoneId = "UTC";
            var formatStart = body.IndexOf('{');
            if (formatStart >= 0)
            {
                if (body[^1] != '}') throw Invalid(expression, "missing closing '}' for the date format");
                math = body[..formatStart];
                var formatSection = body[(formatStart + 1)..^1];
                var bar = formatSection.IndexOf('|');
                if (bar >= 0)
                {
                    format = formatSection[..bar];
                    zoneId = formatSection[(bar + 1)..];
                }
                else
                {
                    format = formatSection;
                }
                if (format.Length == 0) format = DefaultFormat;
            }
            if (!IngestZone.TryParse(zoneId, out var zone, out var zoneError)) throw Invalid(expression, zoneError);
            OpenSearchDateFormat dateFormat;
            try
            {
                dateFormat = OpenSearchDateFormat.Create(format, DateLocale.Root);
            }
            catch (ArgumentException e)
            {
                throw Invalid(expression, e.Message);
            }
            result.Append(Evaluate(math, dateFormat, zone, now, expression));
        }
        return result.ToString();
    }

    private static int FindClose(string inner, int open, string expression)
    {
        var depth = 0;
        for (var j = open; j < inner.Length; j++)
        {
            if (inner[j] == '\\') { j++; continue; }
            if (inner[j] == '{') depth++;
            else if (inner[j] == '}' && --depth == 0) return j;
        }
        throw Invalid(expression, "date math placeholder is open ended");
    }

    private static string Evaluate(string math, OpenSearchDateFormat format, IngestZone zone, DateTimeOffset now, string expression)
    {
        ZonedDateTimeValue value;
        string operations;
        if (math.StartsWith("now", StringComparison.Ordinal))
        {
            var seconds = now.ToUnixTimeSeconds();
            var nano = (int)(now.UtcTicks % TimeSpan.TicksPerSecond) * 100;
            value = ZonedDateTimeValue.OfInstant(seconds, nano, zone);
            operations = math[3..];
        }
        else
        {
            var separator = math.IndexOf("||", StringComparison.Ordinal);
            if (separator < 0) throw Invalid(expression, $"[{math}] must start with 'now' or an anchor date followed by '||'");
            var anchor = math[..separator];
            if (!TryParseAnchor(anchor, format, zone, out value))
                throw Invalid(expression, $"failed to parse date field [{anchor}] with format [{format.Text}]");
            operations = math[(separator + 2)..];
        }
        value = Apply(value, operations, expression);
        return format.Format(value.WithZoneSameInstant(zone));
    }

    internal static bool TryParseAnchor(ReadOnlySpan<char> anchor, OpenSearchDateFormat format, IngestZone zone, out ZonedDateTimeValue value)
    {
        value = default;
        var fields = ParsedFields.Empty;
        if (!format.TryParse(anchor, ref fields, out var isInstant, out var epochSecond, out var nano)) return false;
        if (isInstant)
        {
            value = ZonedDateTimeValue.OfInstant(epochSecond, nano, zone);
            return true;
        }
        if (!fields.TryResolve(format.Locale.Weeks, 1970, out var epochDay, out var nanoOfDay)) return false;
        if (fields.Zone is { } parsedZone) value = ZonedDateTimeValue.OfLocal(epochDay, nanoOfDay, parsedZone).WithZoneSameInstant(zone);
        else if (fields.OffsetSeconds != ParsedFields.Unset) value = ZonedDateTimeValue.OfLocalAtOffset(epochDay, nanoOfDay, (int)fields.OffsetSeconds, zone);
        else value = ZonedDateTimeValue.OfLocal(epochDay, nanoOfDay, zone);
        return true;
    }

    internal static ZonedDateTimeValue Apply(ZonedDateTimeValue value, string operations, string expression)
    {
        var i = 0;
        while (i < operations.Length)
        {
            var op = operations[i++];
            if (op == '/')
            {
                if (i >= operations.Length || !DateRounding.IsUnit(operations[i]))
                    throw Invalid(expression, $"rounding `/` must be followed by a unit (y M w d h H m s) in [{operations}]");
                value = DateRounding.RoundDown(value, operations[i++]);
                continue;
            }
            if (op is not ('+' or '-')) throw Invalid(expression, $"operator not supported for date math [{operations}]");
            var start = i;
            while (i < operations.Length && char.IsAsciiDigit(operations[i])) i++;
            var amount = i == start ? 1 : long.Parse(operations.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            if (i >= operations.Length || !DateRounding.IsUnit(operations[i]))
                throw Invalid(expression, $"unit not supported for date math [{operations}]");
            value = DateRounding.Add(value, op == '-' ? -amount : amount, operations[i++]);
        }
        return value;
    }

    private static DateMathIndexNameException Invalid(string expression, string reason)
        => new($"invalid dynamic name expression [{expression}]: {reason}");
}

/// <summary>A malformed date-math index name (OpenSearch answers 400 with <c>parse_exception</c> / invalid_index_name).</summary>
public sealed class DateMathIndexNameException(string message) : BackfillException(message);
