using System.Globalization;
using System.Text;

namespace Backfill.Core.Ingest.Documents;

/// <summary>
/// How OpenSearch (Java) names and prints document values, so error messages and converted strings read the same
/// as the cluster's: <c>java.lang.Integer</c>, <c>1.0E10</c>, <c>[a, b]</c>, <c>{k=v}</c>.
/// </summary>
internal static class JavaText
{
    public static string TypeName(object? value) => value switch
    {
        null => "null",
        string => "java.lang.String",
        int => "java.lang.Integer",
        long => "java.lang.Long",
        double => "java.lang.Double",
        float => "java.lang.Float",
        bool => "java.lang.Boolean",
        List<object?> => "java.util.ArrayList",
        Dictionary<string, object?> => "java.util.HashMap",
        byte[] => "[B",
        _ => value.GetType().FullName ?? value.GetType().Name,
    };

    /// <summary>Java's <c>String.valueOf(value)</c>.</summary>
    public static string ToString(object? value)
    {
        switch (value)
        {
            case null: return "null";
            case string s: return s;
            case int i: return i.ToString(CultureInfo.InvariantCulture);
            case long l: return l.ToString(CultureInfo.InvariantCulture);
            case double d: return DoubleToString(d);
            case float f: return FloatToString(f);
            case bool b: return b ? "true" : "false";
            case List<object?> or Dictionary<string, object?>:
                var builder = new StringBuilder();
                Append(builder, value);
                return builder.ToString();
            default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
    }

    private static void Append(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case List<object?> list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Append(builder, list[i]);
                }
                builder.Append(']');
                break;
            case Dictionary<string, object?> map:
                builder.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    if (!first) builder.Append(", ");
                    first = false;
                    builder.Append(key).Append('=');
                    Append(builder, item);
                }
                builder.Append('}');
                break;
            default:
                builder.Append(ToString(value));
                break;
        }
    }

    /// <summary>Java's <c>Double.toString</c>: plain notation in [1e-3, 1e7), else <c>d.dddE±n</c>; always a fraction digit.</summary>
    public static string DoubleToString(double d) => FloatingToString(d, d.ToString("R", CultureInfo.InvariantCulture));

    public static string FloatToString(float f) => FloatingToString(f, f.ToString("R", CultureInfo.InvariantCulture));

    private static string FloatingToString(double value, string shortest)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // Split the shortest round-trip form into sign, digits and decimal exponent.
        var negative = shortest[0] == '-';
        var body = negative ? shortest[1..] : shortest;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var point = body.IndexOf('.');
        var digits = point >= 0 ? body.Remove(point, 1) : body;
        var pointPosition = (point >= 0 ? point : body.Length) + exponent; // digits before the decimal point
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0') leadingZeros++;
        digits = digits[leadingZeros..];
        pointPosition -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";

        var builder = new StringBuilder();
        if (negative) builder.Append('-');
        var magnitude = Math.Abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7)
        {
            if (pointPosition <= 0)
            {
                builder.Append("0.").Append('0', -pointPosition).Append(digits);
            }
            else if (pointPosition >= digits.Length)
            {
                builder.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            }
            else
            {
                builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
            }
        }
        else
        {
            builder.Append(digits[0]).Append('.');
            builder.Append(digits.Length > 1 ? digits[1..] : "0");
            builder.Append('E').Append((pointPosition - 1).ToString(CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
