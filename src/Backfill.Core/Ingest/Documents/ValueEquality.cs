namespace Backfill.Core.Ingest.Documents;

/// <summary>Java's <c>Object.equals</c> over document values: same type and value, lists and maps compared deeply.</summary>
internal static class ValueEquality
{
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is List<object?> listA)
        {
            if (b is not List<object?> listB || listA.Count != listB.Count) return false;
            for (var i = 0; i < listA.Count; i++)
                if (!AreEqual(listA[i], listB[i])) return false;
            return true;
        }
        if (a is Dictionary<string, object?> mapA)
        {
            if (b is not Dictionary<string, object?> mapB || mapA.Count != mapB.Count) return false;
            foreach (var (key, value) in mapA)
                if (!mapB.TryGetValue(key, out var other) || !AreEqual(value, other)) return false;
            return true;
        }
        return a.GetType() == b.GetType() && a.Equals(b);
    }
}
