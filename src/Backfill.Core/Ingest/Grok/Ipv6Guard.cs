namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// A cheap necessary condition for the standard IPV6 pattern to match anywhere in a text. Every alternative of
/// that pattern either contains "::" or has at least six colons (<c>(h:){7}…</c>, <c>(h:){6}ipv4</c>; all the
/// others put ":" right after "h:" or start with "::"), so text without "::" and with fewer than six colons can
/// never match IPV6, and a regex with IPV6 replaced by a never-matching <c>(?!)</c> gives exactly the same result.
/// </summary>
/// <remarks>
/// Why bother: the expanded IPV6 alternatives make the compiled regex of IPORHOST-based patterns such as
/// COMMONAPACHELOG large enough that the JIT compiles its matcher with minimal optimizations (about 0.5 M lines/s
/// instead of 1.5 M lines/s here). Log lines rarely contain IPv6 addresses, so they get the small regex.
/// </remarks>
internal static class Ipv6Guard
{
    public static bool CouldMatch(ReadOnlySpan<char> text)
        => text.IndexOf("::", StringComparison.Ordinal) >= 0 || text.Count(':') >= 6;
}
