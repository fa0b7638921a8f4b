using Backfill.Core.Errors;

namespace Backfill.Local.OpenSearch.Storage;

/// <summary>
/// Makes an embedded data directory one store's at a time: <c>{data}/.lock</c> is held open with
/// <see cref="FileShare.None"/> for the store's lifetime (an exclusive flock on Linux and macOS, a sharing mode on
/// Windows), so a second opener — another backfill run or serve, or a second store in this process — fails instead of
/// recovering and appending to index logs the first one is writing. The lock goes with the handle, so a process that
/// dies leaves no stale lock; the file itself stays (deleting it would let two openers lock different files).
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream _file;

    private DataDirectoryLock(string directory, FileStream file)
    {
        Directory = directory;
        _file = file;
    }

    /// <summary>The data directory held.</summary>
    public string Directory { get; }

    /// <summary>Takes the lock of <paramref name="dataDirectory"/> (which must exist), or throws <see cref="DataDirectoryInUseException"/>.</summary>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            return new DataDirectoryLock(dataDirectory, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (IOException e) when (HeldElsewhere(e))
        {
            throw new DataDirectoryInUseException(dataDirectory, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackfillException($"embedded OpenSearch data directory {dataDirectory}: cannot create or lock {path} ({e.Message})", e);
        }
    }

    // The lock is refused with EWOULDBLOCK (errno 11 on Linux, 35 on macOS) or, on Windows, a sharing or lock violation.
    private static bool HeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult == (OperatingSystem.IsLinux() ? 11 : 35);

    public void Dispose() => _file.Dispose();
}

/// <summary>The embedded data directory is held by another store (<see cref="DataDirectoryLock"/>).</summary>
public sealed class DataDirectoryInUseException(string dataDirectory, Exception inner)
    : BackfillException($"embedded OpenSearch data directory {dataDirectory} is in use by another backfill process (backfill run, serve or report); "
        + "expected it to be free: wait for that process to end, or give another --opensearch-data", inner)
{
    public string DataDirectory { get; } = dataDirectory;
}
