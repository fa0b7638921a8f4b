namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// java.time's ZonedDateTime reduced to what ingest needs: an instant with nanosecond precision, the zone it is
/// shown in and that zone's offset at the instant. <see cref="DateTime"/> cannot carry nanoseconds
/// (<c>SSSSSSSSS</c> output) or years beyond 9999, hence this type.
/// </summary>
internal readonly struct ZonedDateTimeValue
{
    private ZonedDateTimeValue(long epochSecond, int nano, int offsetSeconds, IngestZone zone)
    {
        EpochSecond = epochSecond;
        Nano = nano;
        OffsetSeconds = offsetSeconds;
        Zone = zone;
    }

    public long EpochSecond { get; }
    public int Nano { get; }
    public int OffsetSeconds { get; }
    public IngestZone Zone { get; }

    public long LocalSecond => EpochSecond + OffsetSeconds;
    public long LocalEpochDay => CivilCalendar.FloorDiv(LocalSecond, CivilCalendar.SecondsPerDay);
    public long LocalNanoOfDay => CivilCalendar.FloorMod(LocalSecond, CivilCalendar.SecondsPerDay) * CivilCalendar.NanosPerSecond + Nano;

    public long EpochMilli => EpochSecond * 1000 + Nano / 1_000_000;

    public static ZonedDateTimeValue OfInstant(long epochSecond, int nano, IngestZone zone)
        => new(epochSecond, nano, zone.OffsetAt(epochSecond), zone);

    public static ZonedDateTimeValue OfEpochMilli(long epochMilli, IngestZone zone)
        => OfInstant(CivilCalendar.FloorDiv(epochMilli, 1000), (int)CivilCalendar.FloorMod(epochMilli, 1000) * 1_000_000, zone);

    /// <summary>A local date-time in <paramref name="zone"/> (gaps move forward, overlaps take the earlier offset).</summary>
    public static ZonedDateTimeValue OfLocal(long epochDay, long nanoOfDay, IngestZone zone)
    {
        var localSecond = epochDay * CivilCalendar.SecondsPerDay + nanoOfDay / CivilCalendar.NanosPerSecond;
        var nano = (int)(nanoOfDay % CivilCalendar.NanosPerSecond);
        var offset = zone.OffsetForLocal(ref localSecond);
        return new ZonedDateTimeValue(localSecond - offset, nano, offset, zone);
    }

    /// <summary>A local date-time at a known offset, shown in <paramref name="zone"/>.</summary>
    public static ZonedDateTimeValue OfLocalAtOffset(long epochDay, long nanoOfDay, int offsetSeconds, IngestZone zone)
    {
        var localSecond = epochDay * CivilCalendar.SecondsPerDay + nanoOfDay / CivilCalendar.NanosPerSecond;
        return OfInstant(localSecond - offsetSeconds, (int)(nanoOfDay % CivilCalendar.NanosPerSecond), zone);
    }

    public ZonedDateTimeValue WithZoneSameInstant(IngestZone zone)
        => ReferenceEquals(zone, Zone) ? this : OfInstant(EpochSecond, Nano, zone);

    public DateTimeOffset ToDateTimeOffset()
        => new DateTimeOffset(DateTime.UnixEpoch.AddSeconds(EpochSecond).AddTicks(Nano / 100), TimeSpan.Zero).ToOffset(TimeSpan.FromSeconds(OffsetSeconds));
}

/// <summary>The calendar fields of a <see cref="ZonedDateTimeValue"/>, computed once per formatting.</summary>
internal readonly struct DateFields
{
    public DateFields(in ZonedDateTimeValue value)
    {
        Value = value;
        EpochDay = value.LocalEpochDay;
        CivilCalendar.CivilFromDays(EpochDay, out var year, out var month, out var day);
        Year = year;
        Month = month;
        Day = day;
        var nanoOfDay = value.LocalNanoOfDay;
        var secondOfDay = nanoOfDay / CivilCalendar.NanosPerSecond;
        Hour = (int)(secondOfDay / 3600);
        Minute = (int)(secondOfDay / 60 % 60);
        Second = (int)(secondOfDay % 60);
        Nano = value.Nano;
        NanoOfDay = nanoOfDay;
    }

    public ZonedDateTimeValue Value { get; }
    public long EpochDay { get; }
    public long Year { get; }
    public int Month { get; }
    public int Day { get; }
    public int Hour { get; }
    public int Minute { get; }
    public int Second { get; }
    public int Nano { get; }
    public long NanoOfDay { get; }
    public int DayOfWeek => CivilCalendar.DayOfWeek(EpochDay);
    public int DayOfYear => (int)(EpochDay - CivilCalendar.DaysFromCivil(Year, 1, 1) + 1);
}
