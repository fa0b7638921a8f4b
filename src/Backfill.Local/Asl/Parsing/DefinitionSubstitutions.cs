using System.Text;
using System.Text.RegularExpressions;
using Backfill.Local.Asl.Errors;

namespace Backfill.Local.Asl.Parsing;

/// <summary>
/// CloudFormation-style DefinitionSubstitutions: replaces each <c>${Name}</c> in the definition text with its
/// value. A placeholder without a value is an error naming it and its line.
/// </summary>
public static partial class DefinitionSubstitutions
{
    [GeneratedRegex(@"\$\{([A-Za-z0-9_.:\-]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public static string Apply(string definition, IReadOnlyDictionary<string, string> values, string source = "definition")
    {
        var missing = new List<AslValidationError>();
        var result = Placeholder().Replace(definition, match =>
        {
            var name = match.Groups[1].Value;
            if (values.TryGetValue(name, out var value)) return JsonEscape(value);
            var line = 1 + definition.AsSpan(0, match.Index).Count('\n');
            missing.Add(new AslValidationError($"line {line}", null, "${" + name + "}",
                $"has no definition substitution (expected a value for '{name}'; provided: {(values.Count == 0 ? "none" : string.Join(", ", values.Keys.Order(StringComparer.Ordinal)))})"));
            return match.Value;
        });
        if (missing.Count > 0) throw new AslValidationException(source, missing);
        return result;
    }

    /// <summary>The names of all placeholders in a definition.</summary>
    public static IReadOnlyList<string> Names(string definition) =>
        Placeholder().Matches(definition).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    // Substitutions land inside JSON strings (ARNs, names); keep the text valid JSON.
    private static string JsonEscape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }
}
