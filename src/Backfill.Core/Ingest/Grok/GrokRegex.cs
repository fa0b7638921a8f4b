using System.Text.RegularExpressions;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// One compiled grok regex, matched without a per-line <see cref="Match"/> allocation where the runtime allows it
/// (<see cref="ReusedMatch"/>): each thread gets its own <see cref="Regex"/> instance, so the reused capture object
/// is never shared. The instances share the compiled matcher (<see cref="SharedCodeRegex"/>), so an extra thread
/// costs a few objects, not another compilation — the JIT needs ~100 ms for a COMMONAPACHELOG matcher.
/// </summary>
internal sealed class GrokRegex
{
    private readonly SharedCodeRegex _template;
    private readonly ThreadLocal<Regex>? _perThread;
    private int _templateTaken;

    public GrokRegex(string pattern, RegexOptions options, TimeSpan matchTimeout)
    {
        _template = new SharedCodeRegex(pattern, options, matchTimeout);
        if (ReusedMatch.Available)
            _perThread = new ThreadLocal<Regex>(() => Interlocked.Exchange(ref _templateTaken, 1) == 0 ? _template : _template.Share());
    }

    /// <summary>The regex as compiled (also the instance of the first thread that matches).</summary>
    public Regex Regex => _template;

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
        var match = _template.Match(text);
        return match.Success ? match : null;
    }

    /// <summary>
    /// A <see cref="Regex"/> whose copies share its compiled matcher, through the members the runtime exposes to
    /// derived regexes (those the regex source generator sets): pattern, options, runner factory, group tables.
    /// </summary>
    private sealed class SharedCodeRegex : Regex
    {
        public SharedCodeRegex(string pattern, RegexOptions options, TimeSpan matchTimeout) : base(pattern, options, matchTimeout) { }

        private SharedCodeRegex(SharedCodeRegex template)
        {
            pattern = template.pattern;
            roptions = template.roptions;
            internalMatchTimeout = template.internalMatchTimeout;
            factory = template.factory;
            caps = template.caps;
            capnames = template.capnames;
            capslist = template.capslist;
            capsize = template.capsize;
        }

        public SharedCodeRegex Share() => new(this);
    }
}
