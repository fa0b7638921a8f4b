namespace Backfill.Core.Sources;

/// <summary>A local file (file:// URL or plain path). Its size and modification time guard resumes.</summary>
public sealed class FileByteSource(string path, string? displayUrl = null) : IByteSource
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string DisplayUrl { get; } = displayUrl ?? path;

    public Task<SourceOpening> OpenAsync(long offset, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SourceUnavailableException(DisplayUrl, "file not found", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new SourceUnavailableException(DisplayUrl, "permission denied: " + e.Message, e);
        }
        try
        {
            var info = new FileInfo(Path);
            if (offset > 0) stream.Seek(offset, SeekOrigin.Begin);
            return Task.FromResult(new SourceOpening(stream, stream.Length, null, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
