using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backfill.Local.Asl.Json;

/// <summary>
/// Renders values the way the Step Functions service (Java, Jackson) turns them into text where that shows:
/// States.Format prints objects as Java's Map.toString (<c>{a=1, b=[]}</c>), arrays as List.toString
/// (<c>[1, 2]</c>), strings unquoted, and floating-point numbers with Java's Double.toString (<c>1.0E20</c>).
/// </summary>
public static class JavaText
{
    public static string ToJavaString(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, JsonNode? node)
    {
        switch (JsonValues.Kind(node))
        {
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.String:
                builder.Append(node!.GetValue<string>());
                break;
            case JsonValueKind.Number:
                builder.Append(FormatNumber(JsonValues.NumberText(node)!));
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in (JsonArray)node!)
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    Append(builder, item);
                }
                builder.Append(']');
                break;
            case JsonValueKind.Object:
                builder.Append('{');
                var firstProperty = true;
                foreach (var (key, value) in (JsonObject)node!)
                {
                    if (!firstProperty) builder.Append(", ");
                    firstProperty = false;
                    builder.Append(key).Append('=');
                    Append(builder, value);
                }
                builder.Append('}');
                break;
        }
    }

    /// <summary>
    /// A JSON number as Jackson reads and Java prints it: integers as written (normalising "-0" to "0"),
    /// anything with a fraction or exponent as a double through <see cref="FormatDouble"/>.
    /// </summary>
    public static string FormatNumber(string numberText)
    {
        if (JsonValues.IsIntegralLiteral(numberText))
        {
            if (long.TryParse(numberText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                return l.ToString(CultureInfo.InvariantCulture);
            return System.Numerics.BigInteger.Parse(numberText, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }
        return FormatDouble(double.Parse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Java's Double.toString: plain notation with at least one fractional digit for 1e-3 ≤ |d| &lt; 1e7,
    /// otherwise "computerised scientific" notation (<c>1.0E-5</c>, <c>1.2345E7</c>), shortest round-trip digits.
    /// </summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        var (negative, digits, exponent) = Decompose(value);
        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        var magnitude = Math.Abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7)
        {
            // exponent is the power of ten of the first digit.
            if (exponent >= 0)
            {
                var integerDigits = exponent + 1;
                builder.Append(digits.Length >= integerDigits ? digits[..integerDigits] : digits.PadRight(integerDigits, '0'));
                builder.Append('.');
                builder.Append(digits.Length > integerDigits ? digits[integerDigits..] : "0");
            }
            else
            {
                builder.Append("0.");
                builder.Append('0', -exponent - 1);
                builder.Append(digits);
            }
        }
        else
        {
            builder.Append(digits[0]).Append('.');
            builder.Append(digits.Length > 1 ? digits[1..] : "0");
            builder.Append('E').Append(exponent.ToString(CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Shortest round-trip significant digits (no leading/trailing zeros) and the first digit's power of ten.</summary>
    private static (bool Negative, string Digits, int Exponent) Decompose(double value)
    {
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative) shortest = shortest[1..];
        var exponentPart = 0;
        var e = shortest.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponentPart = int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            shortest = shortest[..e];
        }
        var dot = shortest.IndexOf('.');
        var integerPart = dot < 0 ? shortest : shortest[..dot];
        var fractionPart = dot < 0 ? "" : shortest[(dot + 1)..];
        var all = integerPart + fractionPart;
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0') leadingZeros++;
        var digits = all[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var exponent = integerPart.Length - 1 - leadingZeros + exponentPart;
        return (negative, digits, exponent);
    }
}
