using System.Text.RegularExpressions;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// A compiled grok expression: its regex (plus, when the expression uses the standard IPV6 pattern, a variant
/// without it for texts that cannot contain an IPv6 address — see <see cref="Ipv6Guard"/>), its captures, and
/// for <c>trace_match</c> the group of each pattern. Immutable and thread-safe.
/// </summary>
internal sealed class GrokExpression
{
    private readonly GrokRegex _regex;
    private readonly GrokRegex? _withoutIpv6;

    public GrokExpression(GrokRegex regex, GrokRegex? withoutIpv6, GrokCapture[] captures, int[]? patternGroups, string expandedPattern)
    {
        _regex = regex;
        _withoutIpv6 = withoutIpv6;
        Captures = captures;
        PatternGroups = patternGroups;
        ExpandedPattern = expandedPattern;
    }

    public GrokCapture[] Captures { get; }

    /// <summary>With trace_match over several patterns: the group number wrapping each pattern.</summary>
    public int[]? PatternGroups { get; }

    /// <summary>The expression after %{…} expansion, before translation to .NET syntax (for diagnostics).</summary>
    public string ExpandedPattern { get; }

    /// <summary>The regex used for texts that could contain an IPv6 address (all texts when there is no variant).</summary>
    public Regex Regex => _regex.Regex;

    /// <summary>The IPV6-free variant, when the expression has one.</summary>
    public Regex? RegexWithoutIpv6 => _withoutIpv6?.Regex;

    /// <summary>
    /// Searches <paramref name="text"/> (unanchored, like Joni's search); null when nothing matches. The captures
    /// are valid until the calling thread's next match (read them with <see cref="MatchGroups"/>).
    /// </summary>
    public Match? Match(string text)
        => (_withoutIpv6 is not null && !Ipv6Guard.CouldMatch(text) ? _withoutIpv6 : _regex).Match(text);
}
