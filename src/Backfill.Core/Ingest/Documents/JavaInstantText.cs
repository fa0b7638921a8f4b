using System.Globalization;

namespace Backfill.Core.Ingest.Documents;

/// <summary>Prints an instant as Java's <c>ZonedDateTime.toString()</c> does for UTC: fraction in groups of 3 digits, trailing zero groups dropped.</summary>
internal static class JavaInstantText
{
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var ticks = utc.Ticks % TimeSpan.TicksPerSecond; // 100 ns units
        if (ticks != 0)
        {
            var nanos = ticks * 100;
            var fraction = nanos.ToString("D9", CultureInfo.InvariantCulture);
            if (nanos % 1_000_000 == 0) fraction = fraction[..3];
            else if (nanos % 1_000 == 0) fraction = fraction[..6];
            text += "." + fraction;
        }
        return text + "Z";
    }
}
