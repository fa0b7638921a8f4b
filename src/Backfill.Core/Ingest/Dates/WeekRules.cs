namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// java.time's WeekFields: the first day of the week and the minimal days in the first week, which define
/// week-based-year (<c>YYYY</c>) and week-of-week-based-year (<c>ww</c>).
/// </summary>
internal readonly record struct WeekRules(int FirstDayOfWeek, int MinimalDays)
{
    /// <summary>ISO-8601: weeks start on Monday, week 1 has at least 4 days (OpenSearch's rules for Locale.ROOT).</summary>
    public static WeekRules Iso => new(1, 4);

    /// <summary>Day of week (1 = first day per these rules … 7).</summary>
    public int LocalizedDayOfWeek(long epochDay) => (int)CivilCalendar.FloorMod(CivilCalendar.DayOfWeek(epochDay) - FirstDayOfWeek, 7) + 1;

    /// <summary>The epoch day on which week 1 of <paramref name="weekBasedYear"/> starts.</summary>
    public long WeekOneStart(long weekBasedYear)
    {
        var januaryFirst = CivilCalendar.DaysFromCivil(weekBasedYear, 1, 1);
        var offset = LocalizedDayOfWeek(januaryFirst) - 1; // days from the week's start to Jan 1
        var start = januaryFirst - offset;
        // If the week containing Jan 1 has fewer than MinimalDays days in the year, week 1 is the next one.
        if (7 - offset < MinimalDays) start += 7;
        return start;
    }

    public void WeekBasedFields(long epochDay, out long weekBasedYear, out int week)
    {
        CivilCalendar.CivilFromDays(epochDay, out var year, out _, out _);
        weekBasedYear = year;
        var start = WeekOneStart(year);
        if (epochDay < start)
        {
            weekBasedYear = year - 1;
            start = WeekOneStart(year - 1);
        }
        else
        {
            var nextStart = WeekOneStart(year + 1);
            if (epochDay >= nextStart)
            {
                weekBasedYear = year + 1;
                start = nextStart;
            }
        }
        week = (int)((epochDay - start) / 7) + 1;
    }
}
