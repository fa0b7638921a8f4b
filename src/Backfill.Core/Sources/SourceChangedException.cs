using Backfill.Core.Errors;

namespace Backfill.Core.Sources;

/// <summary>
/// The object's validator (ETag, Last-Modified, FTP MDTM or SIZE) differs between two openings of one download, so
/// bytes already read and bytes still to come belong to different versions. Not retried: the caller has to start
/// the download again from the beginning.
/// </summary>
public sealed class SourceChangedException(string displayUrl, long position, string what, string before, string after)
    : BackfillException($"{displayUrl}: source changed during download (when resuming at byte {position} its {what} was {after}, expected {before}); download it again from the start"),
      IServiceFailure
{
    public string DisplayUrl { get; } = displayUrl;

    public override string ErrorType => "SourceChanged";
}
