using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// Lets a grok match run without allocating a <see cref="Match"/> per line: <see cref="Regex.IsMatch(string)"/>
/// records the captures in a Match object its runner keeps and reuses, and this reads that object back (through
/// <see cref="UnsafeAccessorAttribute"/>, since the runtime does not expose it). Only safe when no other thread
/// uses the same <see cref="Regex"/> instance, hence <see cref="GrokRegex"/>'s per-thread instances. Verified once
/// against <see cref="Regex.Match(string)"/> at startup; when the runtime's internals differ, <see cref="Available"/>
/// is false and grok allocates a Match per line as usual.
/// </summary>
internal static class ReusedMatch
{
    public static readonly bool Available = Verify();

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_runner")]
    private static extern ref RegexRunner? Runner(Regex regex);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "runmatch")]
    private static extern ref Match? RunMatch(RegexRunner runner);

    /// <summary>The captures of the last successful <see cref="Regex.IsMatch(string)"/> on <paramref name="regex"/>.</summary>
    public static Match? Last(Regex regex)
    {
        var runner = Runner(regex);
        return runner is null ? null : RunMatch(runner);
    }

    private static bool Verify()
    {
        if (!MatchGroups.UsesFastPath) return false;
        try
        {
            var regex = new Regex(@"(?<a>\w+)-(?<b>\d+)?(?:(?<c>x)|(?<d>y))+(?<e>z)?", RegexOptions.ExplicitCapture | RegexOptions.Compiled);
            foreach (var text in new[] { "..ab-12xyx", "q-yy", "ab-12xyx", "zz-1xz" })
            {
                var expected = regex.Match(text);
                if (!regex.IsMatch(text)) return false;
                var reused = Last(regex);
                if (reused is null) return false;
                for (var group = 1; group <= 5; group++)
                {
                    var found = MatchGroups.TryGet(reused, group, out var index, out var length);
                    var g = expected.Groups[group];
                    if (found != g.Success || (found && (index != g.Index || length != g.Length))) return false;
                }
            }
            return !regex.IsMatch("!!!");
        }
        catch (Exception e) when (e is MissingFieldException or MissingMemberException or InvalidCastException or NullReferenceException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
