using System.Text;

namespace Backfill.Core.Ingest.Grok;

/// <summary>
/// Rewrites Oniguruma/Joni (grok) and java.util.regex (gsub, split) syntax into .NET's where they differ:
/// possessive quantifiers (<c>a*+</c> → <c>(?&gt;a*)</c>), POSIX brackets (<c>[[:alpha:]]</c>), <c>\h</c>,
/// <c>\x{…}</c>, <c>\Q…\E</c>, Java's <c>\p{Alpha}</c>-style classes, Ruby's <c>(?m)</c> (dot-all) and
/// <c>{,n}</c>. Named groups can be renamed on the way (grok names such as <c>NUMBER:bytes:long</c> or
/// <c>[a][b]</c> are not legal .NET group names).
/// </summary>
internal static class RegexDialect
{
    public enum Flavor { Oniguruma, Java }

    /// <summary>Translates a Java regex.</summary>
    public static string FromJava(string pattern) => Translate(pattern, Flavor.Java, null);

    /// <param name="renameGroup">Maps each named group's name to the .NET name to use; null keeps names.</param>
    public static string Translate(string pattern, Flavor flavor, Func<string, string>? renameGroup)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var groupStarts = new Stack<int>();
        var atomStart = -1; // where the last complete atom begins in output, for possessive quantifiers
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                {
                    var start = output.Length;
                    i = TranslateEscape(pattern, i, output, flavor, renameGroup, inClass: false);
                    atomStart = start;
                    break;
                }
                case '[':
                {
                    var start = output.Length;
                    i = TranslateClass(pattern, i, output, flavor);
                    atomStart = start;
                    break;
                }
                case '(':
                    groupStarts.Push(output.Length);
                    i = TranslateGroupOpen(pattern, i, output, flavor, renameGroup);
                    atomStart = -1;
                    break;
                case ')':
                    output.Append(')');
                    atomStart = groupStarts.Count > 0 ? groupStarts.Pop() : -1;
                    i++;
                    break;
                case '*' or '+' or '?':
                    output.Append(c);
                    i++;
                    i = AfterQuantifier(pattern, i, output, ref atomStart);
                    break;
                case '{':
                {
                    var quantifier = ReadBraceQuantifier(pattern, i, flavor);
                    if (quantifier is null)
                    {
                        output.Append("\\{");
                        atomStart = output.Length - 2;
                        i++;
                        break;
                    }
                    output.Append(quantifier.Value.Text);
                    i = quantifier.Value.End;
                    i = AfterQuantifier(pattern, i, output, ref atomStart);
                    break;
                }
                default:
                    atomStart = output.Length;
                    output.Append(c);
                    i++;
                    break;
            }
        }
        return output.ToString();
    }

    // After a quantifier: "?" makes it lazy (kept), "+" makes it possessive (an atomic group in .NET).
    private static int AfterQuantifier(string pattern, int i, StringBuilder output, ref int atomStart)
    {
        if (i < pattern.Length && pattern[i] == '?')
        {
            output.Append('?');
            i++;
        }
        else if (i < pattern.Length && pattern[i] == '+' && atomStart >= 0)
        {
            output.Insert(atomStart, "(?>");
            output.Append(')');
            i++;
        }
        atomStart = -1;
        return i;
    }

    private readonly record struct Quantifier(string Text, int End);

    private static Quantifier? ReadBraceQuantifier(string pattern, int i, Flavor flavor)
    {
        var close = pattern.IndexOf('}', i);
        if (close < 0) return null;
        var body = pattern.AsSpan(i + 1, close - i - 1);
        var comma = body.IndexOf(',');
        var low = comma < 0 ? body : body[..comma];
        var high = comma < 0 ? ReadOnlySpan<char>.Empty : body[(comma + 1)..];
        if (!AllDigits(low) || !AllDigits(high)) return null;
        if (low.IsEmpty)
        {
            // Ruby's {,n} means {0,n}; Java and .NET treat it as literal text.
            if (flavor != Flavor.Oniguruma || comma < 0 || high.IsEmpty) return null;
            return new Quantifier("{0," + high.ToString() + "}", close + 1);
        }
        return new Quantifier(pattern[i..(close + 1)], close + 1);
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    private static int TranslateGroupOpen(string pattern, int i, StringBuilder output, Flavor flavor, Func<string, string>? renameGroup)
    {
        if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
        {
            output.Append('(');
            return i + 1;
        }
        // (?<name>…) and (?'name'…), but not the lookbehinds (?<=…) and (?<!…)
        if (i + 2 < pattern.Length && (pattern[i + 2] == '\'' || (pattern[i + 2] == '<' && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!'))))
        {
            var quote = pattern[i + 2] == '<' ? '>' : '\'';
            var close = pattern.IndexOf(quote, i + 3);
            if (close < 0) throw new ArgumentException($"unterminated group name at position {i} in [{pattern}]");
            var name = pattern[(i + 3)..close];
            output.Append("(?<").Append(renameGroup is null ? name : renameGroup(name)).Append('>');
            return close + 1;
        }
        if (flavor == Flavor.Oniguruma)
        {
            // Inline options: Ruby's m is .NET's s (dot matches newline).
            var j = i + 2;
            var options = new StringBuilder();
            while (j < pattern.Length && pattern[j] is 'i' or 'm' or 'x' or '-')
            {
                options.Append(pattern[j] == 'm' ? 's' : pattern[j]);
                j++;
            }
            if (options.Length > 0 && j < pattern.Length && pattern[j] is ':' or ')')
            {
                output.Append("(?").Append(options);
                return j;
            }
        }
        output.Append("(?");
        return i + 2;
    }

    private static int TranslateEscape(string pattern, int i, StringBuilder output, Flavor flavor, Func<string, string>? renameGroup, bool inClass)
    {
        if (i + 1 >= pattern.Length)
        {
            output.Append("\\\\");
            return i + 1;
        }
        var next = pattern[i + 1];
        switch (next)
        {
            case 'h' or 'H':
            {
                var negate = next == 'H';
                var set = flavor == Flavor.Oniguruma ? "0-9a-fA-F" : " \\t\\u00A0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000";
                output.Append(inClass ? (negate ? "" : set) : (negate ? "[^" + set + "]" : "[" + set + "]"));
                if (inClass && negate) throw new ArgumentException($"\\H inside a character class is not supported in [{pattern}]");
                return i + 2;
            }
            case 'x' when i + 2 < pattern.Length && pattern[i + 2] == '{':
            {
                var close = pattern.IndexOf('}', i + 3);
                if (close < 0) throw new ArgumentException($"unterminated \\x{{…}} at position {i} in [{pattern}]");
                var code = Convert.ToInt32(pattern[(i + 3)..close], 16);
                output.Append(code <= 0xFFFF ? $"\\u{code:X4}" : EscapeLiteral(char.ConvertFromUtf32(code)));
                return close + 1;
            }
            case 'Q' when flavor == Flavor.Java:
            {
                var end = pattern.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                var literal = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
                output.Append(EscapeLiteral(literal));
                return end < 0 ? pattern.Length : end + 2;
            }
            case 'p' or 'P' when i + 2 < pattern.Length && pattern[i + 2] == '{':
            {
                var close = pattern.IndexOf('}', i + 3);
                if (close < 0) throw new ArgumentException($"unterminated \\p{{…}} at position {i} in [{pattern}]");
                var name = pattern[(i + 3)..close];
                var posix = PosixSet(name.StartsWith("Is", StringComparison.Ordinal) ? name[2..] : name);
                if (posix is not null)
                {
                    var negate = next == 'P';
                    output.Append(inClass ? posix : (negate ? "[^" + posix + "]" : "[" + posix + "]"));
                    if (inClass && negate) throw new ArgumentException($"\\P{{{name}}} inside a character class is not supported in [{pattern}]");
                }
                else
                {
                    output.Append(pattern, i, close + 1 - i);
                }
                return close + 1;
            }
            case 'k' when !inClass && i + 2 < pattern.Length && pattern[i + 2] is '<' or '\'':
            {
                var quote = pattern[i + 2] == '<' ? '>' : '\'';
                var close = pattern.IndexOf(quote, i + 3);
                if (close < 0) throw new ArgumentException($"unterminated back reference at position {i} in [{pattern}]");
                var name = pattern[(i + 3)..close];
                output.Append("\\k<").Append(renameGroup is null ? name : renameGroup(name)).Append('>');
                return close + 1;
            }
            default:
                output.Append('\\').Append(next);
                return i + 2;
        }
    }

    private static int TranslateClass(string pattern, int i, StringBuilder output, Flavor flavor)
    {
        output.Append('[');
        i++;
        if (i < pattern.Length && pattern[i] == '^')
        {
            output.Append('^');
            i++;
        }
        // A ']' first in the class is a literal in both dialects.
        if (i < pattern.Length && pattern[i] == ']')
        {
            output.Append("\\]");
            i++;
        }
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == ']')
            {
                output.Append(']');
                return i + 1;
            }
            if (c == '\\')
            {
                i = TranslateEscape(pattern, i, output, flavor, null, inClass: true);
                continue;
            }
            if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
            {
                var close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (close > 0)
                {
                    var name = pattern[(i + 2)..close];
                    var negate = name.StartsWith('^');
                    var set = PosixSet(negate ? name[1..] : name)
                        ?? throw new ArgumentException($"unknown POSIX bracket [[:{name}:]] in [{pattern}]");
                    if (negate) throw new ArgumentException($"negated POSIX bracket [[:{name}:]] is not supported in [{pattern}]");
                    output.Append(set);
                    i = close + 2;
                    continue;
                }
            }
            if (c == '[')
            {
                // Nested classes (Java/Onig union) are not .NET syntax; '[' is a literal in .NET classes.
                output.Append("\\[");
                i++;
                continue;
            }
            output.Append(c);
            i++;
        }
        throw new ArgumentException($"unclosed character class in [{pattern}]");
    }

    private static string? PosixSet(string name) => name switch
    {
        "alnum" or "Alnum" => "a-zA-Z0-9",
        "alpha" or "Alpha" => "a-zA-Z",
        "ascii" or "ASCII" => "\\x00-\\x7F",
        "blank" or "Blank" => " \\t",
        "cntrl" or "Cntrl" => "\\x00-\\x1F\\x7F",
        "digit" or "Digit" => "0-9",
        "graph" or "Graph" => "\\x21-\\x7E",
        "lower" or "Lower" => "a-z",
        "print" or "Print" => "\\x20-\\x7E",
        "punct" or "Punct" => "!-/:-@\\[-`{-~",
        "space" or "Space" => " \\t\\n\\x0B\\f\\r",
        "upper" or "Upper" => "A-Z",
        "word" => "\\w",
        "xdigit" or "XDigit" => "0-9a-fA-F",
        _ => null,
    };

    private static string EscapeLiteral(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
