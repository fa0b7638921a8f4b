namespace Backfill.Core.Sources;

/// <summary>
/// A failure worth resuming after: an HTTP 5xx/429, an FTP 4xx reply (421, 425, 426, 450, 451), or a transfer
/// that ended before the object's full length. It is an <see cref="IOException"/> so callers that do not use
/// <see cref="ResumingStream"/> still see an ordinary I/O error.
/// </summary>
public class SourceTransientException(string message, Exception? inner = null) : IOException(message, inner);
