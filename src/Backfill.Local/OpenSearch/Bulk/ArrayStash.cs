namespace Backfill.Local.OpenSearch.Bulk;

/// <summary>
/// A few arrays kept for reuse by the bulk executor (item lists, plans and pipeline output, ~1–8 MB each for a
/// 10,000-item request).
/// Not <c>ArrayPool&lt;T&gt;.Shared</c>: for element types holding references, its trimming after every gen-2
/// collection showed up at 2 % of a local run's CPU. Only as many arrays are kept as requests run at once.
/// </summary>
internal sealed class ArrayStash<T>(int keep)
{
    private readonly Stack<T[]> _free = new();

    /// <summary>The shared stash, sized for the embedded endpoint's write pool (one per core, plus slack).</summary>
    public static ArrayStash<T> Shared { get; } = new(Environment.ProcessorCount + 2);

    public T[] Rent(int minimum)
    {
        lock (_free)
        {
            while (_free.TryPop(out var array))
                if (array.Length >= minimum) return array;
        }
        return new T[(int)Math.Min(Array.MaxLength, Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)minimum)))];
    }

    /// <summary>Clears the first <paramref name="used"/> elements (no references kept alive; 0 for bytes) and keeps the array if there is room.</summary>
    public void Return(T[] array, int used)
    {
        Array.Clear(array, 0, Math.Min(used, array.Length));
        lock (_free)
        {
            if (_free.Count < keep) _free.Push(array);
        }
    }
}
