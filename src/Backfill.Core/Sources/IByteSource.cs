namespace Backfill.Core.Sources;

/// <summary>
/// Where an archive's bytes come from (ftp, http(s), s3, file). A source can be (re)opened at any byte offset,
/// which is what lets <see cref="ResumingStream"/> continue after a dropped connection instead of starting over.
/// </summary>
public interface IByteSource
{
    /// <summary>The source URL with any credentials removed: safe to print and log.</summary>
    string DisplayUrl { get; }

    /// <summary>Opens the source positioned at <paramref name="offset"/>.</summary>
    Task<SourceOpening> OpenAsync(long offset, CancellationToken cancellationToken);
}

/// <summary>
/// An open source stream plus what the server told us about the object. <see cref="Validator"/> (ETag, or
/// Last-Modified, or FTP MDTM/SIZE) lets a resume check that the object did not change between attempts.
/// </summary>
public sealed record SourceOpening(Stream Stream, long? Length, string? ETag, DateTimeOffset? LastModified)
{
    public string? Validator => ETag ?? LastModified?.ToString("O");
}
