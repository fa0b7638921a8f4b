using System.Text;
using System.Text.RegularExpressions;
using Backfill.Core.Ingest.Documents;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// Turns grok expressions into one compiled .NET regular expression, once per processor, the way OpenSearch's
/// Grok builds its Joni regex: the patterns are joined as alternatives (<c>(?:p1)|(?:p2)</c>, or with
/// <c>trace_match</c> one group per pattern), <c>%{NAME:field:type}</c> references are expanded recursively from
/// <c>pattern_definitions</c> then the standard bank, captured references become named groups and the rest
/// non-capturing. Group names .NET cannot use (<c>NUMBER:bytes:long</c>, <c>[a][b]</c>, dotted names) are
/// replaced by <c>g1</c>, <c>g2</c>, … and mapped back to fields.
/// </summary>
internal static class GrokCompiler
{
    public const string MatchIndexField = "_ingest._grok_match_index";

    // OpenSearch's GROK_PATTERN, in .NET syntax ([[:alnum:]] spelled out).
    private static readonly Regex Reference = new(
        @"%\{(?<name>(?<pattern>[A-z0-9]+)(?::(?<subname>[a-zA-Z0-9@\[\]_:.-]+))?)(?:=(?<definition>(?:[^{}]+|\.+)+))?\}",
        RegexOptions.CultureInvariant);

    /// <summary>Compiles <paramref name="patterns"/>; throws <see cref="ArgumentException"/> with OpenSearch's message for bad ones.</summary>
    /// <param name="compileToIL">False builds interpreted regexes (tests that only check translation, much faster to build).</param>
    public static GrokExpression Compile(IReadOnlyList<string> patterns, IReadOnlyDictionary<string, string>? definitions,
        bool traceMatch, TimeSpan matchTimeout, bool compileToIL = true)
    {
        var combined = Combine(patterns, traceMatch);
        var bank = new PatternBank(definitions);
        var full = new Expander(bank, elideIpv6: false).Expand(combined);
        var elided = bank.Ipv6IsStandard ? new Expander(bank, elideIpv6: true).Expand(combined) : full;

        var names = new List<string>();
        var fullRegex = Build(full, names, matchTimeout, compileToIL);
        GrokRegex? elidedRegex = null;
        if (!ReferenceEquals(elided, full) && elided != full)
        {
            var elidedNames = new List<string>();
            elidedRegex = Build(elided, elidedNames, matchTimeout, compileToIL);
            if (!elidedNames.SequenceEqual(names)) elidedRegex = null; // cannot happen with the standard IPV6; stay exact
        }

        // One capture per distinct name, its groups in order of appearance; trace groups map to pattern indexes.
        var captures = new List<GrokCapture>();
        var traceGroups = traceMatch && patterns.Count > 1 ? new int[patterns.Count] : null;
        var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var k = 0; k < names.Count; k++)
        {
            var groupNumber = fullRegex.Regex.GroupNumberFromName(GroupName(k));
            if (elidedRegex is not null && elidedRegex.Regex.GroupNumberFromName(GroupName(k)) != groupNumber) elidedRegex = null;
            var name = names[k];
            if (traceGroups is not null && name.StartsWith(MatchIndexField + ".", StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(MatchIndexField.Length + 1), out var patternIndex) && patternIndex < traceGroups.Length)
            {
                traceGroups[patternIndex] = groupNumber;
                continue;
            }
            if (!byName.TryGetValue(name, out var groups))
            {
                byName[name] = groups = [];
                order.Add(name);
            }
            groups.Add(groupNumber);
        }
        foreach (var name in order)
        {
            var parts = name.Split(':');
            var fieldName = parts.Length >= 2 ? parts[1] : parts[0];
            var type = parts.Length == 3 ? TypeOf(parts[2]) : GrokCaptureType.String;
            if (!FieldPath.TryParse(fieldName, out var field, out var error))
                throw new ArgumentException($"capture [{name}] does not name a usable field: {error}");
            captures.Add(new GrokCapture(name, field, type, byName[name].ToArray(), captures.Count));
        }
        var commonLog = combined == CommonLogMatcher.Pattern && full == StandardCommonLog.Value
            ? CreateCommonLogMatcher(names, fullRegex.Regex) : null;
        return new GrokExpression(fullRegex, elidedRegex, commonLog, captures.ToArray(), traceGroups, full);
    }

    // COMMONAPACHELOG expanded from the standard bank alone: the hand-written matcher stands for exactly this.
    private static readonly Lazy<string> StandardCommonLog = new(() => new Expander(new PatternBank(null), elideIpv6: false).Expand(CommonLogMatcher.Pattern));

    private static CommonLogMatcher? CreateCommonLogMatcher(List<string> names, Regex regex)
    {
        var groups = new int[CommonLogMatcher.CaptureNames.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            var k = names.IndexOf(CommonLogMatcher.CaptureNames[i]);
            if (k < 0 || names.LastIndexOf(CommonLogMatcher.CaptureNames[i]) != k) return null;
            groups[i] = regex.GroupNumberFromName(GroupName(k));
        }
        return new CommonLogMatcher(groups, regex.GetGroupNumbers().Max() + 1);
    }

    private static string GroupName(int k) => "g" + (k + 1);

    private static GrokRegex Build(string expanded, List<string> names, TimeSpan matchTimeout, bool compileToIL)
    {
        var translated = RegexDialect.Translate(expanded, RegexDialect.Flavor.Oniguruma, name =>
        {
            names.Add(name);
            return GroupName(names.Count - 1);
        });
        // Joni with named groups does not capture plain (...) groups; Ruby's ^ and $ are line anchors (Multiline
        // only changes ^ and $, and costs the matcher ~10%, so it is set only when they may occur).
        var options = RegexOptions.CultureInvariant | (compileToIL ? RegexOptions.Compiled : RegexOptions.None);
        if (translated.Contains('^') || translated.Contains('$')) options |= RegexOptions.Multiline;
        if (names.Count > 0) options |= RegexOptions.ExplicitCapture;
        return new GrokRegex(translated, options, matchTimeout);
    }

    private static GrokCaptureType TypeOf(string type) => type switch
    {
        "int" => GrokCaptureType.Integer,
        "long" => GrokCaptureType.Long,
        "float" => GrokCaptureType.Float,
        "double" => GrokCaptureType.Double,
        "boolean" => GrokCaptureType.Boolean,
        _ => GrokCaptureType.String,
    };

    /// <summary>OpenSearch's GrokProcessor.combinePatterns.</summary>
    private static string Combine(IReadOnlyList<string> patterns, bool traceMatch)
    {
        if (patterns.Count == 1) return patterns[0];
        var builder = new StringBuilder();
        for (var i = 0; i < patterns.Count; i++)
        {
            if (i > 0) builder.Append('|');
            if (traceMatch) builder.Append("(?<").Append(MatchIndexField).Append('.').Append(i).Append('>').Append(patterns[i]).Append(')');
            else builder.Append("(?:").Append(patterns[i]).Append(')');
        }
        return builder.ToString();
    }

    /// <summary>Custom definitions over the standard bank.</summary>
    private sealed class PatternBank(IReadOnlyDictionary<string, string>? definitions)
    {
        public string? this[string name]
            => definitions is not null && definitions.TryGetValue(name, out var custom) ? custom
                : GrokPatternLibrary.Patterns.TryGetValue(name, out var standard) ? standard : null;

        /// <summary>True when IPV6 means the standard definition, for which <see cref="Ipv6Guard"/> holds.</summary>
        public bool Ipv6IsStandard => this["IPV6"] == GrokPatternLibrary.Patterns["IPV6"];
    }

    private sealed class Expander(PatternBank bank, bool elideIpv6)
    {
        private readonly Dictionary<string, string> _expanded = new(StringComparer.Ordinal);
        private readonly List<string> _stack = [];
        private int _steps;

        public string Expand(string text)
        {
            if (!text.Contains("%{", StringComparison.Ordinal)) return text;
            var builder = new StringBuilder();
            var position = 0;
            for (var match = Reference.Match(text); match.Success; match = match.NextMatch())
            {
                if (++_steps > 100_000) throw new ArgumentException("Can not convert grok patterns to regular expression");
                builder.Append(text, position, match.Index - position);
                position = match.Index + match.Length;
                var patternName = match.Groups["pattern"].Value;
                var definition = bank[patternName]
                    ?? throw new ArgumentException($"Unable to find pattern [{patternName}] in Grok's pattern dictionary");
                if (definition.Contains("%{" + patternName + "}", StringComparison.Ordinal)
                    || definition.Contains("%{" + patternName + ":", StringComparison.Ordinal))
                    throw new ArgumentException($"circular reference in pattern back [{patternName}]");
                var inner = ExpandNamed(patternName, definition);
                if (match.Groups["subname"].Success) builder.Append("(?<").Append(match.Groups["name"].Value).Append('>').Append(inner).Append(')');
                else builder.Append("(?:").Append(inner).Append(')');
            }
            builder.Append(text, position, text.Length - position);
            return builder.ToString();
        }

        private string ExpandNamed(string patternName, string definition)
        {
            // The standard IPV6 can only match text with "::" or six colons; the elided variant serves the rest.
            if (elideIpv6 && patternName == "IPV6") return "(?!)";
            if (_expanded.TryGetValue(patternName, out var cached)) return cached;
            if (_stack.Contains(patternName))
                throw new ArgumentException(
                    $"circular reference in pattern [{patternName}][{definition}] via patterns [{string.Join("=>", _stack)}]");
            _stack.Add(patternName);
            var expanded = Expand(definition);
            _stack.RemoveAt(_stack.Count - 1);
            _expanded[patternName] = expanded;
            return expanded;
        }
    }
}
