using System.Globalization;
using System.Text.RegularExpressions;
using Backfill.Core.Errors;

namespace Backfill.Cli.Aws;

/// <summary>
/// EventBridge Scheduler expressions from --cron / --rate: "cron(minutes hours day-of-month month day-of-week year)"
/// with exactly one of day-of-month and day-of-week being '?', and "rate(N unit)" with minute(s), hour(s) or day(s).
/// </summary>
public static partial class ScheduleExpression
{
    public static string FromCron(string text)
    {
        var body = Unwrap(text, "cron");
        var fields = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
            throw new BackfillException($"--cron \"{text}\": expected 6 fields (minutes hours day-of-month month day-of-week year), e.g. \"0 3 * * ? *\", found {fields.Length}");
        if ((fields[2] == "?") == (fields[4] == "?"))
            throw new BackfillException($"--cron \"{text}\": exactly one of day-of-month (3rd field) and day-of-week (5th field) must be '?', e.g. \"0 3 * * ? *\"");
        return $"cron({string.Join(' ', fields)})";
    }

    public static string FromRate(string text)
    {
        var body = Unwrap(text, "rate");
        var match = Rate().Match(body);
        if (!match.Success)
            throw new BackfillException($"--rate \"{text}\": expected \"N minutes|hours|days\", e.g. \"1 day\" or \"12 hours\"");
        var value = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value.TrimEnd('s');
        if (value < 1) throw new BackfillException($"--rate \"{text}\": the value must be at least 1");
        // Scheduler wants the singular for 1 and the plural otherwise.
        return $"rate({value} {unit}{(value == 1 ? "" : "s")})";
    }

    private static string Unwrap(string text, string kind)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith(kind + "(", StringComparison.OrdinalIgnoreCase) && trimmed.EndsWith(')') ? trimmed[(kind.Length + 1)..^1].Trim() : trimmed;
    }

    [GeneratedRegex(@"^(\d{1,6})\s+(minutes?|hours?|days?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rate();
}
