using System.Globalization;

namespace Backfill.Core.Ingest.Documents;

/// <summary>
/// Java's number parsing as OpenSearch's convert processor and grok's typed captures use it: Integer.parseInt
/// (sign, ASCII digits, range-checked), Integer.decode for <c>0x</c> hex, Float/Double.parseFloat (trimmed,
/// <c>NaN</c>, <c>Infinity</c>, an optional <c>f</c>/<c>d</c> suffix). Spans in, no allocation.
/// </summary>
internal static class JavaNumbers
{
    private const int BoxCacheMin = -128;
    private const int BoxCacheMax = 1023;
    private static readonly object[] BoxedInts = Enumerable.Range(BoxCacheMin, BoxCacheMax - BoxCacheMin + 1).Select(i => (object)i).ToArray();

    /// <summary>A boxed int, shared for small values (status codes, counts): boxes are immutable, so sharing is safe.</summary>
    public static object Box(int value)
        => value is >= BoxCacheMin and <= BoxCacheMax ? BoxedInts[value - BoxCacheMin] : value;

    public static bool TryParseInt(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (!TryParseLongCore(text, int.MinValue, int.MaxValue, out var result)) return false;
        value = (int)result;
        return true;
    }

    public static bool TryParseLong(ReadOnlySpan<char> text, out long value)
        => TryParseLongCore(text, long.MinValue, long.MaxValue, out value);

    private static bool TryParseLongCore(ReadOnlySpan<char> text, long min, long max, out long value)
    {
        value = 0;
        if (text.IsEmpty) return false;
        var negative = false;
        var i = 0;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i = 1;
            if (text.Length == 1) return false;
        }
        // Java's algorithm: accumulate negatively so the minimum value parses, checking overflow before each step.
        long result = 0;
        var limit = negative ? min : -max;
        var multiplyMin = limit / 10;
        for (; i < text.Length; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9) return false;
            if (result < multiplyMin) return false;
            result *= 10;
            if (result < limit + digit) return false;
            result -= digit;
        }
        value = negative ? result : -result;
        return true;
    }

    /// <summary>Integer.decode / Long.decode for the <c>0x</c> and <c>-0x</c> forms the convert processor hands it.</summary>
    public static bool TryDecodeHex(ReadOnlySpan<char> text, long min, long max, out long value)
    {
        value = 0;
        var negative = text.StartsWith("-");
        var digits = text[(negative ? 3 : 2)..];
        if (digits.IsEmpty || digits[0] is '-' or '+') return false;
        if (!ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var magnitude)) return false;
        if (negative)
        {
            if (magnitude > (ulong)max + 1) return false;
            value = magnitude == (ulong)max + 1 ? min : -(long)magnitude;
            return true;
        }
        if (magnitude > (ulong)max) return false;
        value = (long)magnitude;
        return true;
    }

    public static bool TryParseDouble(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        text = TrimJava(text);
        if (text.IsEmpty) return false;
        var sign = 1.0;
        var body = text;
        if (body[0] is '+' or '-')
        {
            if (body[0] == '-') sign = -1;
            body = body[1..];
        }
        if (body.SequenceEqual("NaN")) { value = double.NaN; return true; }
        if (body.SequenceEqual("Infinity")) { value = sign * double.PositiveInfinity; return true; }
        if (body.Length > 0 && body[^1] is 'f' or 'F' or 'd' or 'D') body = body[..^1];
        if (body.IsEmpty) return false;
        // Java requires a digit somewhere and allows "1." and ".5"; .NET does too with these styles.
        foreach (var c in body)
            if (!(char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')) return false;
        if (!double.TryParse(body, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var magnitude))
            return false;
        value = sign * magnitude;
        return true;
    }

    public static bool TryParseFloat(ReadOnlySpan<char> text, out float value)
    {
        value = 0;
        text = TrimJava(text);
        if (text.IsEmpty) return false;
        if (!TryParseDouble(text, out _)) return false;
        var body = text;
        if (body[^1] is 'f' or 'F' or 'd' or 'D') body = body[..^1];
        if (body.EndsWith("NaN") || body.EndsWith("Infinity"))
        {
            TryParseDouble(text, out var special);
            value = (float)special;
            return true;
        }
        // Parse directly as float: rounding once from the decimal text, as Java does.
        return float.TryParse(body, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    private static ReadOnlySpan<char> TrimJava(ReadOnlySpan<char> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && text[start] <= ' ') start++;
        while (end > start && text[end - 1] <= ' ') end--;
        return text[start..end];
    }
}
