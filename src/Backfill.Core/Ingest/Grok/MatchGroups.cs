using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// Reads a group's last capture (index, length) from a <see cref="Match"/> without materializing
/// <see cref="Match.Groups"/>, which allocates a Group object per group on first access — on the grok hot path
/// that is most of the per-line garbage. Uses the runtime's capture arrays through <see cref="UnsafeAccessorAttribute"/>,
/// verified once against the public API at startup; if the runtime's internals ever differ, it falls back to
/// <see cref="Match.Groups"/>.
/// </summary>
internal static class MatchGroups
{
    private static readonly bool FastPath = Verify();

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_matches")]
    private static extern ref int[][] Matches(Match match);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_matchcount")]
    private static extern ref int[] MatchCount(Match match);

    /// <summary>
    /// The last capture of group <paramref name="group"/> (a dense group number: the regexes here have only
    /// named, explicit groups, numbered 1..n), or false when it did not participate in the match.
    /// </summary>
    public static bool TryGet(Match match, int group, out int index, out int length)
    {
        if (FastPath)
        {
            var count = MatchCount(match)[group];
            if (count > 0)
            {
                var captures = Matches(match)[group];
                index = captures[(count - 1) * 2];
                length = captures[(count - 1) * 2 + 1];
                return true;
            }
            index = length = 0;
            return false;
        }
        var g = match.Groups[group];
        index = g.Index;
        length = g.Length;
        return g.Success;
    }

    private static bool Verify()
    {
        try
        {
            var regex = new Regex("(?<a>x)(?<b>y)?(?:(?<c>z)|(?<d>w))+", RegexOptions.ExplicitCapture);
            var match = regex.Match("..xzwz");
            if (!match.Success) return false;
            for (var group = 1; group <= 4; group++)
            {
                var count = MatchCount(match)[group];
                var expected = match.Groups[group];
                if ((count > 0) != expected.Success) return false;
                if (count > 0)
                {
                    var captures = Matches(match)[group];
                    if (captures[(count - 1) * 2] != expected.Index || captures[(count - 1) * 2 + 1] != expected.Length) return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is MissingFieldException or MissingMemberException or InvalidCastException or IndexOutOfRangeException or NullReferenceException)
        {
            return false;
        }
    }

    /// <summary>Whether the fast path is in use (tests assert it, so a runtime change is noticed).</summary>
    internal static bool UsesFastPath => FastPath;
}
