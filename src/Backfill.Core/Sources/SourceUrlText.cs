namespace Backfill.Core.Sources;

/// <summary>
/// Kept only so code written against the first redaction helper still compiles; use <see cref="SourceUrl.Redact"/>.
/// Delete once nothing refers to it.
/// </summary>
public static class SourceUrlText
{
    public static string Redact(string url) => SourceUrl.Redact(url);
}
