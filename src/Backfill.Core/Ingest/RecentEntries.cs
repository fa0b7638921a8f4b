namespace Backfill.Core.Ingest;

/// <summary>
/// A few recently used immutable entries of a cache that every thread of a pipeline shares (the printed text of a
/// minute, a resolved index name). A single "last entry" field would be overwritten on every line when two threads
/// work on different days — as they do when two archives are sent at once — and measured 1.6 times slower per line
/// than one day at a time; with four entries each thread finds its own. Entries are replaced in turn; each read or
/// write is of a whole reference, so no lock is needed.
/// </summary>
internal sealed class RecentEntries<T> where T : class
{
    private const int Size = 4; // a power of two: positions wrap with a mask
    private readonly T?[] _entries = new T?[Size];
    private int _next;

    /// <summary>
    /// The entries, the one added last first (with one thread, the one a lookup usually wants: checking it first
    /// saved most of a 4-entry scan per date parsed); unused slots are null.
    /// </summary>
    public NewestFirst Entries => new(_entries, Volatile.Read(ref _next));

    public void Add(T entry) => _entries[Interlocked.Increment(ref _next) & (Size - 1)] = entry;

    public readonly ref struct NewestFirst(T?[] entries, int newest)
    {
        public Enumerator GetEnumerator() => new(entries, newest);
    }

    public ref struct Enumerator(T?[] entries, int newest)
    {
        private int _step = -1;

        public readonly T? Current => entries[(newest - _step) & (Size - 1)];

        public bool MoveNext() => ++_step < Size;
    }
}
