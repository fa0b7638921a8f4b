using System.Text.RegularExpressions;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// A compiled grok expression: its regex (plus, when the expression uses the standard IPV6 pattern, a variant
/// without it for texts that cannot contain an IPv6 address — see <see cref="Ipv6Guard"/>; and for the standard
/// COMMONAPACHELOG a hand-written matcher tried first — see <see cref="CommonLogMatcher"/>), its captures, and
/// for <c>trace_match</c> the group of each pattern. Immutable and thread-safe.
/// </summary>
internal sealed class GrokExpression
{
    private readonly GrokRegex _regex;
    private readonly GrokRegex? _withoutIpv6;
    private readonly CommonLogMatcher? _commonLog;

    public GrokExpression(GrokRegex regex, GrokRegex? withoutIpv6, CommonLogMatcher? commonLog, GrokCapture[] captures, int[]? patternGroups,
        string expandedPattern)
    {
        _regex = regex;
        _withoutIpv6 = withoutIpv6;
        _commonLog = commonLog;
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

    /// <summary>The hand-written matcher tried before the regex, when the expression has one.</summary>
    internal CommonLogMatcher? CommonLog => _commonLog;

    /// <summary>The length of the scratch span <see cref="TryMatch"/> needs (0 when it needs none).</summary>
    public int ScratchLength => _commonLog?.SpanLength ?? 0;

    /// <summary>
    /// Searches <paramref name="text"/> (unanchored, like Joni's search); false when nothing matches. The captures
    /// may live in <paramref name="scratch"/> (at least <see cref="ScratchLength"/> long) and are valid until the
    /// calling thread's next match.
    /// </summary>
    public bool TryMatch(string text, Span<int> scratch, out GrokMatch match)
    {
        if (_commonLog is not null && _commonLog.TryMatch(text, scratch))
        {
            match = new GrokMatch(scratch);
            return true;
        }
        var found = RegexMatch(text);
        match = found is null ? default : new GrokMatch(found);
        return found is not null;
    }

    /// <summary>The regex's own match (as <see cref="TryMatch"/> when the hand-written matcher declines); null when none.</summary>
    internal Match? RegexMatch(string text)
        => (_withoutIpv6 is not null && !Ipv6Guard.CouldMatch(text) ? _withoutIpv6 : _regex).Match(text);
}
