using Backfill.Local.Asl.Errors;

namespace Backfill.Local.Asl.Model;

/// <summary>
/// Whether an ErrorEquals list matches an error: by exact name, States.ALL (anything), or States.TaskFailed
/// (anything but States.Timeout). Terminal errors (States.Runtime, States.DataLimitExceeded) never match.
/// </summary>
public static class ErrorMatcher
{
    public static bool Matches(IReadOnlyList<string> errorEquals, string error)
    {
        if (AslErrorNames.IsTerminal(error)) return false;
        foreach (var name in errorEquals)
        {
            if (name == error || name == AslErrorNames.All) return true;
            if (name == AslErrorNames.TaskFailed && error != AslErrorNames.Timeout) return true;
        }
        return false;
    }
}
