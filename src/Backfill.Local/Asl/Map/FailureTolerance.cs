namespace Backfill.Local.Asl.Map;

/// <summary>
/// How many failed iterations a Map accepts. Without ToleratedFailureCount/Percentage none are accepted; with
/// either, the Map fails (States.ExceedToleratedFailureThreshold) once failures exceed the count or the
/// percentage of all items.
/// </summary>
public readonly record struct FailureTolerance(long? Count, double? Percentage)
{
    public bool IsSpecified => Count is not null || Percentage is not null;

    public bool IsExceeded(long failures, long total)
    {
        if (failures == 0) return false;
        if (!IsSpecified) return true;
        if (Count is { } c && failures > c) return true;
        if (Percentage is { } p && total > 0 && failures * 100.0 / total > p) return true;
        return false;
    }
}
