namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// Proleptic Gregorian calendar arithmetic on epoch days (days since 1970-01-01), valid far beyond
/// <see cref="DateTime"/>'s range, as java.time's LocalDate is (algorithms after Howard Hinnant's "chrono-compatible
/// low-level date algorithms").
/// </summary>
internal static class CivilCalendar
{
    public const long SecondsPerDay = 86_400;
    public const long NanosPerSecond = 1_000_000_000;
    public const long NanosPerDay = SecondsPerDay * NanosPerSecond;

    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    public static void CivilFromDays(long days, out long year, out int month, out int day)
    {
        days += 719_468;
        var era = (days >= 0 ? days : days - 146_096) / 146_097;
        var dayOfEra = days - era * 146_097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        year = yearOfEra + era * 400;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        if (month <= 2) year++;
    }

    public static bool IsLeapYear(long year) => (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    public static int DaysInYear(long year) => IsLeapYear(year) ? 366 : 365;

    /// <summary>ISO day of week, Monday = 1 … Sunday = 7.</summary>
    public static int DayOfWeek(long epochDay) => (int)(FloorMod(epochDay + 3, 7) + 1);

    public static int DayOfYear(long year, int month, int day) => (int)(DaysFromCivil(year, month, day) - DaysFromCivil(year, 1, 1) + 1);

    public static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    public static long FloorMod(long a, long b) => a - FloorDiv(a, b) * b;
}
