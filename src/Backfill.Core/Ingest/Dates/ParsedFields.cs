namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// The raw fields a Java date pattern parsed (java.time's "Parsed" before resolving), with
/// <see cref="Unset"/> for absent ones, and the STRICT resolution into a local date and time.
/// </summary>
internal struct ParsedFields
{
    public const long Unset = long.MinValue;

    public long Year, YearOfEra, WeekBasedYear, Era;
    public long Month, Day, DayOfYear, DayOfWeek, LocalizedDayOfWeek, WeekOfWeekBasedYear;
    public long HourOfDay, ClockHourOfDay, HourOfAmPm, ClockHourOfAmPm, AmPm, Minute, Second, Nano, MilliOfDay, NanoOfDay;
    public long OffsetSeconds;
    public IngestZone? Zone;

    public static ParsedFields Empty => new()
    {
        Year = Unset, YearOfEra = Unset, WeekBasedYear = Unset, Era = Unset,
        Month = Unset, Day = Unset, DayOfYear = Unset, DayOfWeek = Unset, LocalizedDayOfWeek = Unset, WeekOfWeekBasedYear = Unset,
        HourOfDay = Unset, ClockHourOfDay = Unset, HourOfAmPm = Unset, ClockHourOfAmPm = Unset, AmPm = Unset,
        Minute = Unset, Second = Unset, Nano = Unset, MilliOfDay = Unset, NanoOfDay = Unset,
        OffsetSeconds = Unset,
    };

    /// <summary>Stores a parsed value; a second, different value for the same field is a conflict (parse fails).</summary>
    public static bool Set(ref long field, long value)
    {
        if (field != Unset && field != value) return false;
        field = value;
        return true;
    }

    public readonly bool HasYear => Year != Unset || YearOfEra != Unset;
    public readonly bool HasWeekBasedYear => WeekBasedYear != Unset && WeekOfWeekBasedYear != Unset;

    /// <summary>
    /// Resolves the date (year or year-of-era with month/day, day-of-year, or week-based fields; missing month
    /// and day default to 1 as OpenSearch's DateFormatters.from does) and the time (missing parts 0), checking
    /// ranges and cross-checking a parsed day-of-week. <paramref name="defaultYear"/> is used when no year was parsed.
    /// </summary>
    public readonly bool TryResolve(WeekRules weeks, long defaultYear, out long epochDay, out long nanoOfDay)
    {
        epochDay = 0;
        nanoOfDay = 0;
        long year;
        if (Year != Unset)
        {
            year = Year;
            if (YearOfEra != Unset && YearFromEra() != year) return false;
        }
        else if (YearOfEra != Unset)
        {
            year = YearFromEra();
        }
        else
        {
            year = defaultYear;
        }
        if (year is < -999_999_999 or > 999_999_999) return false;

        if (Year == Unset && YearOfEra == Unset && HasWeekBasedYear)
        {
            var week = WeekOfWeekBasedYear;
            if (week < 1 || week > 53) return false;
            var start = weeks.WeekOneStart(WeekBasedYear);
            var dayInWeek = LocalizedDayOfWeek != Unset ? LocalizedDayOfWeek
                : DayOfWeek != Unset ? CivilCalendar.FloorMod(DayOfWeek - weeks.FirstDayOfWeek, 7) + 1
                : 1;
            if (dayInWeek is < 1 or > 7) return false;
            epochDay = start + (week - 1) * 7 + (dayInWeek - 1);
            weeks.WeekBasedFields(epochDay, out var checkYear, out var checkWeek);
            if (checkYear != WeekBasedYear || checkWeek != week) return false;
        }
        else if (DayOfYear != Unset && Month == Unset && Day == Unset)
        {
            if (DayOfYear < 1 || DayOfYear > CivilCalendar.DaysInYear(year)) return false;
            epochDay = CivilCalendar.DaysFromCivil(year, 1, 1) + DayOfYear - 1;
        }
        else
        {
            var month = Month == Unset ? 1 : Month;
            var day = Day == Unset ? 1 : Day;
            if (month is < 1 or > 12) return false;
            if (day < 1 || day > CivilCalendar.DaysInMonth(year, (int)month)) return false;
            epochDay = CivilCalendar.DaysFromCivil(year, (int)month, (int)day);
            if (DayOfYear != Unset && CivilCalendar.DayOfYear(year, (int)month, (int)day) != DayOfYear) return false;
        }
        if (DayOfWeek != Unset && CivilCalendar.DayOfWeek(epochDay) != DayOfWeek) return false;
        if (LocalizedDayOfWeek != Unset && weeks.LocalizedDayOfWeek(epochDay) != LocalizedDayOfWeek) return false;

        return TryResolveTime(out nanoOfDay);
    }

    private readonly long YearFromEra() => Era == 0 ? 1 - YearOfEra : YearOfEra;

    private readonly bool TryResolveTime(out long nanoOfDay)
    {
        nanoOfDay = 0;
        if (NanoOfDay != Unset)
        {
            if (NanoOfDay < 0 || NanoOfDay >= CivilCalendar.NanosPerDay) return false;
            nanoOfDay = NanoOfDay;
            return true;
        }
        if (MilliOfDay != Unset)
        {
            if (MilliOfDay < 0 || MilliOfDay >= 86_400_000) return false;
            nanoOfDay = MilliOfDay * 1_000_000;
            return true;
        }
        long hour = 0;
        if (HourOfDay != Unset)
        {
            if (HourOfDay is < 0 or > 23) return false;
            hour = HourOfDay;
        }
        else if (ClockHourOfDay != Unset)
        {
            if (ClockHourOfDay is < 1 or > 24) return false;
            hour = ClockHourOfDay == 24 ? 0 : ClockHourOfDay;
        }
        else if (HourOfAmPm != Unset || ClockHourOfAmPm != Unset)
        {
            var hourOfAmPm = HourOfAmPm;
            if (ClockHourOfAmPm != Unset)
            {
                if (ClockHourOfAmPm is < 1 or > 12) return false;
                hourOfAmPm = ClockHourOfAmPm == 12 ? 0 : ClockHourOfAmPm;
            }
            if (hourOfAmPm is < 0 or > 11) return false;
            hour = hourOfAmPm + (AmPm == 1 ? 12 : 0);
        }
        if (HourOfDay != Unset && AmPm != Unset && HourOfDay / 12 != AmPm) return false;
        var minute = Minute == Unset ? 0 : Minute;
        var second = Second == Unset ? 0 : Second;
        var nano = Nano == Unset ? 0 : Nano;
        if (minute is < 0 or > 59 || second is < 0 or > 59 || nano is < 0 or > 999_999_999) return false;
        nanoOfDay = ((hour * 60 + minute) * 60 + second) * CivilCalendar.NanosPerSecond + nano;
        return true;
    }
}
