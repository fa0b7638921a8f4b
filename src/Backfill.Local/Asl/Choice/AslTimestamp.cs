using System.Globalization;
using System.Text.RegularExpressions;

namespace Backfill.Local.Asl.Choice;

/// <summary>
/// Timestamps as ASL defines them: the RFC 3339 profile of ISO 8601 with an uppercase 'T' between date and time
/// and an uppercase 'Z' when there is no numeric offset, e.g. 2016-03-14T01:59:00Z or 2016-03-14T01:59:00.123+02:00.
/// </summary>
public static partial class AslTimestamp
{
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var match = Rfc3339().Match(text);
        if (!match.Success) return false;
        // .NET parses at most 7 fractional digits; finer precision cannot change an ordering that matters here.
        var fraction = match.Groups[2].Success ? match.Groups[2].Value : "";
        if (fraction.Length > 8) fraction = fraction[..8];
        var zone = match.Groups[3].Value == "Z" ? "+00:00" : match.Groups[3].Value;
        return DateTimeOffset.TryParseExact(match.Groups[1].Value + fraction + zone,
            fraction.Length == 0 ? "yyyy-MM-dd'T'HH:mm:sszzz" : "yyyy-MM-dd'T'HH:mm:ss" + "." + new string('F', fraction.Length - 1) + "zzz",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>The form Step Functions prints timestamps in (context object, history): 2024-01-02T03:04:05.678Z.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
