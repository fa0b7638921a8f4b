namespace Backfill.Core.Ingest.Grok;

/// <summary>The parsed standard pattern bank (name → definition), shared by every grok processor.</summary>
internal static class GrokPatternLibrary
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Bank = new(() => Load(GrokPatternBank.Text));

    public static IReadOnlyDictionary<string, string> Patterns => Bank.Value;

    /// <summary>Parses "NAME definition" lines; later definitions of a name replace earlier ones.</summary>
    public static Dictionary<string, string> Load(string text)
    {
        var patterns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimStart();
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.IndexOfAny([' ', '\t']);
            if (space <= 0) continue;
            var definition = line[(space + 1)..].TrimStart(' ', '\t').TrimEnd('\r');
            patterns[line[..space]] = definition;
        }
        return patterns;
    }
}
