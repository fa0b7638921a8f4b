namespace Backfill.Core.Sources;

/// <summary>
/// Where an archive's bytes come from (ftp, http(s), s3, file). A source can be (re)opened at any byte offset,
/// which is what lets <see cref="ResumingStream"/> continue after a dropped connection instead of starting over.
/// Create one with <see cref="SourceFactory"/>.
/// </summary>
/// <remarks>
/// Failures while opening or reading are reported by exception type: an <see cref="IOException"/> (or a socket,
/// HTTP or timeout exception) is transient and worth a resume; a <see cref="Errors.BackfillException"/> such as
/// <see cref="SourceUnavailableException"/> is permanent (missing object, refused login) and is not retried.
/// </remarks>
public interface IByteSource
{
    /// <summary>The source URL with any credentials removed: safe to print and log.</summary>
    string DisplayUrl { get; }

    /// <summary>Opens the source positioned at <paramref name="offset"/>.</summary>
    Task<SourceOpening> OpenAsync(long offset, CancellationToken cancellationToken);
}

/// <summary>
/// An open source stream plus what the server told us about the object. <paramref name="Length"/> is the length of
/// the whole object (not of what is left after the offset). <see cref="Validator"/> (ETag, or Last-Modified, or FTP
/// MDTM) together with <paramref name="Length"/> (FTP SIZE) lets a resume check that the object did not change
/// between attempts.
/// </summary>
public sealed record SourceOpening(Stream Stream, long? Length, string? ETag, DateTimeOffset? LastModified)
{
    public string? Validator => ETag ?? LastModified?.ToString("O");
}
