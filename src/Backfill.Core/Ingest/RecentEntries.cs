namespace Backfill.Core.Ingest;

/// <summary>
/// A few recently used immutable entries of a cache that every thread of a pipeline shares (the printed text of a
/// day, a resolved index name). A single "last entry" field would be overwritten on every line when two threads
/// work on different days — as they do when two archives are sent at once — and measured 1.6 times slower per line
/// than one day at a time; with four entries each thread finds its own. Entries are replaced in turn; each read or
/// write is of a whole reference, so no lock is needed.
/// </summary>
internal sealed class RecentEntries<T> where T : class
{
    private readonly T?[] _entries = new T?[4];
    private int _next;

    /// <summary>The entries, newest not necessarily first; unused slots are null.</summary>
    public ReadOnlySpan<T?> Entries => _entries;

    public void Add(T entry) => _entries[(int)((uint)Interlocked.Increment(ref _next) % (uint)_entries.Length)] = entry;
}
