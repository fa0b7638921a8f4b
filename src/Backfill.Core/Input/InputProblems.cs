using System.Text.Json;

namespace Backfill.Core.Input;

/// <summary>
/// Collects every problem found in an input document, each prefixed by its JSON path, so an operator fixes
/// them all in one pass instead of one per run.
/// </summary>
public sealed class InputProblems
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;
    public bool Any => _problems.Count > 0;

    public void Add(string path, string problem) => _problems.Add($"{path}: {problem}");

    /// <summary>Reports fields of <paramref name="obj"/> that are not in <paramref name="known"/>.</summary>
    public void RejectUnknownFields(JsonElement obj, string path, params string[] known)
    {
        foreach (var property in obj.EnumerateObject())
            if (Array.IndexOf(known, property.Name) < 0)
                Add($"{path}.{property.Name}", $"unknown field (expected one of: {string.Join(", ", known)})");
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "nothing",
    };

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
