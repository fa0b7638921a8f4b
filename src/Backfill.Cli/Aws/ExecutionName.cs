using Backfill.Core.Errors;

namespace Backfill.Cli.Aws;

/// <summary>Step Functions' rules for execution names: 1–80 characters, no whitespace, brackets, wildcards, control or special characters.</summary>
public static class ExecutionName
{
    private const string Forbidden = " <>{}[]?*\"#%\\^|~`$&,;:/";

    public static string? Problem(string name)
    {
        if (name.Length is 0 or > 80) return $"is {name.Length} characters long (expected 1 to 80)";
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return $"contains whitespace or a control character (U+{(int)c:X4})";
            if (Forbidden.Contains(c)) return $"contains '{c}' (not allowed: whitespace and {Forbidden.Trim()})";
        }
        return null;
    }

    public static void Check(string name, string option = "--name")
    {
        if (Problem(name) is { } problem) throw new BackfillException($"{option} \"{name}\" {problem}");
    }
}
