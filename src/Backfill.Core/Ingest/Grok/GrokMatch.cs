using System.Text.RegularExpressions;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// The captures of one successful grok match, read by regex group number: either the regex's reused
/// <see cref="Match"/> or the (index, length) pairs a hand-written matcher (<see cref="CommonLogMatcher"/>) filled.
/// Valid until the calling thread's next match.
/// </summary>
internal readonly ref struct GrokMatch
{
    private readonly Match? _match;
    private readonly ReadOnlySpan<int> _spans;

    public GrokMatch(Match match) => _match = match;

    public GrokMatch(ReadOnlySpan<int> spans) => _spans = spans;

    /// <summary>The last capture of <paramref name="group"/>, or false when it did not take part.</summary>
    public bool TryGet(int group, out int index, out int length)
    {
        if (_match is not null) return MatchGroups.TryGet(_match, group, out index, out length);
        index = _spans[2 * group];
        length = _spans[2 * group + 1];
        return index >= 0;
    }
}
