using System.Text.RegularExpressions;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// One compiled grok regex, matched without a per-line <see cref="Match"/> allocation where the runtime allows it
/// (<see cref="ReusedMatch"/>): each thread gets its own instance (the first thread reuses the one compiled when
/// the pipeline was parsed), so the reused capture object is never shared.
/// </summary>
internal sealed class GrokRegex
{
    private readonly ThreadLocal<Regex>? _perThread;
    private int _sharedTaken;

    public GrokRegex(string pattern, RegexOptions options, TimeSpan matchTimeout)
    {
        Regex = new Regex(pattern, options, matchTimeout);
        if (ReusedMatch.Available)
            _perThread = new ThreadLocal<Regex>(() =>
                Interlocked.Exchange(ref _sharedTaken, 1) == 0 ? Regex : new Regex(pattern, options, matchTimeout));
    }

    /// <summary>The regex as compiled (also the instance of the first thread that matches).</summary>
    public Regex Regex { get; }

    /// <summary>
    /// Searches <paramref name="text"/>; the returned captures are valid until this thread's next call
    /// (read them with <see cref="MatchGroups"/>). Null when there is no match.
    /// </summary>
    public Match? Match(string text)
    {
        if (_perThread is not null)
        {
            var regex = _perThread.Value!;
            return regex.IsMatch(text) ? ReusedMatch.Last(regex) : null;
        }
        var match = Regex.Match(text);
        return match.Success ? match : null;
    }
}
