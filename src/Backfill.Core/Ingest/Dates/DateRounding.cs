namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// Date-math units (<c>y M w d h H m s</c>): rounding down (<c>/d</c>) and adding (<c>+1d</c>) in local time of a
/// zone, as OpenSearch's JavaDateMathParser does (weeks start on Monday).
/// </summary>
internal static class DateRounding
{
    public static bool IsUnit(char unit) => unit is 'y' or 'M' or 'w' or 'd' or 'h' or 'H' or 'm' or 's';

    public static ZonedDateTimeValue RoundDown(in ZonedDateTimeValue value, char unit)
    {
        var epochDay = value.LocalEpochDay;
        var nanoOfDay = value.LocalNanoOfDay;
        CivilCalendar.CivilFromDays(epochDay, out var year, out var month, out _);
        const long nanosPerHour = 3600 * CivilCalendar.NanosPerSecond;
        const long nanosPerMinute = 60 * CivilCalendar.NanosPerSecond;
        switch (unit)
        {
            case 'y': epochDay = CivilCalendar.DaysFromCivil(year, 1, 1); nanoOfDay = 0; break;
            case 'M': epochDay = CivilCalendar.DaysFromCivil(year, month, 1); nanoOfDay = 0; break;
            case 'w': epochDay -= CivilCalendar.DayOfWeek(epochDay) - 1; nanoOfDay = 0; break;
            case 'd': nanoOfDay = 0; break;
            case 'h' or 'H': nanoOfDay -= nanoOfDay % nanosPerHour; break;
            case 'm': nanoOfDay -= nanoOfDay % nanosPerMinute; break;
            case 's': nanoOfDay -= nanoOfDay % CivilCalendar.NanosPerSecond; break;
            default: throw new ArgumentException($"unit [{unit}] not supported for date math");
        }
        return ZonedDateTimeValue.OfLocal(epochDay, nanoOfDay, value.Zone);
    }

    public static ZonedDateTimeValue Add(in ZonedDateTimeValue value, long amount, char unit)
    {
        var epochDay = value.LocalEpochDay;
        var nanoOfDay = value.LocalNanoOfDay;
        switch (unit)
        {
            case 'y' or 'M':
            {
                CivilCalendar.CivilFromDays(epochDay, out var year, out var month, out var day);
                var months = year * 12 + (month - 1) + (unit == 'y' ? amount * 12 : amount);
                var newYear = CivilCalendar.FloorDiv(months, 12);
                var newMonth = (int)CivilCalendar.FloorMod(months, 12) + 1;
                day = Math.Min(day, CivilCalendar.DaysInMonth(newYear, newMonth));
                return ZonedDateTimeValue.OfLocal(CivilCalendar.DaysFromCivil(newYear, newMonth, day), nanoOfDay, value.Zone);
            }
            case 'w': return ZonedDateTimeValue.OfLocal(epochDay + amount * 7, nanoOfDay, value.Zone);
            case 'd': return ZonedDateTimeValue.OfLocal(epochDay + amount, nanoOfDay, value.Zone);
            // Time units move the instant (java.time's plusHours etc. on ZonedDateTime).
            case 'h' or 'H': return ZonedDateTimeValue.OfInstant(value.EpochSecond + amount * 3600, value.Nano, value.Zone);
            case 'm': return ZonedDateTimeValue.OfInstant(value.EpochSecond + amount * 60, value.Nano, value.Zone);
            case 's': return ZonedDateTimeValue.OfInstant(value.EpochSecond + amount, value.Nano, value.Zone);
            default: throw new ArgumentException($"unit [{unit}] not supported for date math");
        }
    }
}
