using System.Collections.Concurrent;

namespace Backfill.Local.OpenSearch.Storage;

/// <summary>
/// The indices under <c>{data}/indices/</c>, one directory each, opened on first use and created on first write
/// (as OpenSearch auto-creates indices). Names are validated before they reach the file system. The catalog holds the
/// data directory's <see cref="DataDirectoryLock"/> from before it opens any log until it is disposed: opening a log
/// recovers it (truncates a torn tail) and every write appends, which only one store may do.
/// </summary>
internal sealed class IndexCatalog : IDisposable
{
    private readonly string _root;
    private readonly DataDirectoryLock _lock;
    private readonly ConcurrentDictionary<string, Lazy<IndexLog>> _open = new(StringComparer.Ordinal);

    public IndexCatalog(string dataDirectory)
    {
        _lock = DataDirectoryLock.Acquire(dataDirectory);
        _root = Path.Combine(dataDirectory, "indices");
        try
        {
            Directory.CreateDirectory(_root);
            OpenExisting();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void OpenExisting()
    {
        foreach (var directory in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(directory);
            if (IndexNames.Validate(name) is null && File.Exists(Path.Combine(directory, "docs.log"))) GetOrCreate(name);
        }
    }

    /// <summary>Indices that exist, by name.</summary>
    public IEnumerable<IndexLog> All => _open.Values.Select(l => l.Value).OrderBy(l => l.Name, StringComparer.Ordinal);

    public IndexLog? Find(string name) => _open.TryGetValue(name, out var log) ? log.Value : null;

    /// <summary>The index, created when missing. The name must have passed <see cref="IndexNames.Validate"/>.</summary>
    public IndexLog GetOrCreate(string name) =>
        (_open.TryGetValue(name, out var open) ? open : _open.GetOrAdd(name, static (n, root) => new Lazy<IndexLog>(() => IndexLog.Open(Path.Combine(root, n), n)), _root)).Value;

    /// <summary>Closes and removes an index with its files.</summary>
    public bool Delete(string name)
    {
        if (!_open.TryRemove(name, out var log)) return false;
        if (log.IsValueCreated) log.Value.Dispose();
        Directory.Delete(Path.Combine(_root, name), recursive: true);
        return true;
    }

    public void FlushAll()
    {
        foreach (var log in _open.Values) if (log.IsValueCreated) log.Value.Flush();
    }

    public void Dispose()
    {
        foreach (var log in _open.Values) if (log.IsValueCreated) log.Value.Dispose();
        _open.Clear();
        _lock.Dispose();
    }
}

/// <summary>OpenSearch's index-name rules (MetadataCreateIndexService.validateIndexOrAliasName).</summary>
internal static class IndexNames
{
    private static readonly char[] Forbidden = ['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':'];

    /// <summary>Null when <paramref name="name"/> is a valid index name, else why it is not (OpenSearch's wording).</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0) return "must not be empty";
        if (name is "." or "..") return "must not be '.' or '..'";
        if (name.IndexOfAny(Forbidden) >= 0) return "must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?, #, :]";
        if (name[0] is '_' or '-' or '+') return "must not start with '_', '-', or '+'";
        if (!name.Equals(name.ToLowerInvariant(), StringComparison.Ordinal)) return "must be lowercase";
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 255) return "index name is too long, (" + System.Text.Encoding.UTF8.GetByteCount(name) + " > 255)";
        return null;
    }
}
