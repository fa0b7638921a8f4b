using System.Runtime.CompilerServices;

namespace Backfill.Core.Storage;

/// <summary>
/// Objects as files under a root directory: the embedded default. Writes go to a hidden temporary file beside the
/// target and are renamed into place on commit, so readers never see a half-written object.
/// </summary>
public sealed class LocalDirectoryObjectStore : IObjectStore
{
    private const string TempMarker = ".partial-";
    private readonly string _root;

    public LocalDirectoryObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public string Describe(string key) => new Uri(PathFor(key)).AbsoluteUri;

    public Task<ObjectWriter> CreateAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + TempMarker + Guid.NewGuid().ToString("N"));
        return Task.FromResult<ObjectWriter>(new FileObjectWriter(temp, path));
    }

    public Task<Stream> OpenReadAsync(string key, long offset = 0, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(Describe(key));
        }
        if (offset > 0) stream.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream>(stream);
    }

    public Task<ObjectInfo?> GetInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathFor(key));
        return Task.FromResult(file.Exists ? InfoFor(key, file) : null);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        // Start from the deepest directory the prefix names completely, then filter by the full prefix.
        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(directory)) yield break;
        var keys = new List<(string Key, FileInfo File)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(path).Contains(TempMarker, StringComparison.Ordinal)) continue;
            var key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal)) keys.Add((key, new FileInfo(path)));
        }
        keys.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (key, file) in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return InfoFor(key, file);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try { File.Delete(PathFor(key)); }
        catch (DirectoryNotFoundException) { }
        return Task.CompletedTask;
    }

    /// <summary>The file path for a key; the key rules guarantee it stays under the root.</summary>
    public string PathFor(string key)
    {
        ObjectKey.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        // Defence in depth against anything the key rules missed (e.g. platform-specific path forms).
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidObjectKeyException("key", key, "it resolves outside the store's root");
        return path;
    }

    private static ObjectInfo InfoFor(string key, FileInfo file) =>
        new(key, file.Length, $"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"", file.LastWriteTimeUtc);

    private sealed class FileObjectWriter(string tempPath, string finalPath) : ObjectWriter
    {
        private readonly FileStream _file = new(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        private bool _committed;

        public override void Write(byte[] buffer, int offset, int count) => _file.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _file.Write(buffer);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _file.WriteAsync(buffer, offset, count, cancellationToken);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _file.WriteAsync(buffer, cancellationToken);
        public override void Flush() => _file.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _file.FlushAsync(cancellationToken);

        public override async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _file.DisposeAsync().ConfigureAwait(false);
            File.Move(tempPath, finalPath, overwrite: true);
            _committed = true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Abandon();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync().ConfigureAwait(false);
            Abandon();
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private void Abandon()
        {
            _file.Dispose();
            if (!_committed) File.Delete(tempPath);
        }
    }
}
