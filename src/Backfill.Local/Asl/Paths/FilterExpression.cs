using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backfill.Local.Asl.Json;

namespace Backfill.Local.Asl.Paths;

/// <summary>
/// A predicate inside <c>[?( … )]</c>: comparisons (== != &lt; &lt;= &gt; &gt;= =~ in nin), existence tests
/// (<c>@.x</c>), <c>&amp;&amp;</c>, <c>||</c>, <c>!</c> and parentheses, with Jayway's semantics — values of
/// different types are never equal and never ordered; a missing path makes a comparison false.
/// </summary>
public abstract class FilterExpression
{
    public abstract bool Matches(JsonNode? current, JsonNode? root);
}

internal sealed class OrFilter(FilterExpression left, FilterExpression right) : FilterExpression
{
    public override bool Matches(JsonNode? current, JsonNode? root) => left.Matches(current, root) || right.Matches(current, root);
}

internal sealed class AndFilter(FilterExpression left, FilterExpression right) : FilterExpression
{
    public override bool Matches(JsonNode? current, JsonNode? root) => left.Matches(current, root) && right.Matches(current, root);
}

internal sealed class NotFilter(FilterExpression inner) : FilterExpression
{
    public override bool Matches(JsonNode? current, JsonNode? root) => !inner.Matches(current, root);
}

internal sealed class ExistsFilter(FilterOperand operand) : FilterExpression
{
    public override bool Matches(JsonNode? current, JsonNode? root) => operand.TryGet(current, root, out _);
}

internal sealed class CompareFilter(FilterOperand left, string op, FilterOperand right) : FilterExpression
{
    public override bool Matches(JsonNode? current, JsonNode? root)
    {
        if (!left.TryGet(current, root, out var a)) return false;
        if (op == "=~")
            return right is RegexOperand regex && JsonValues.TryGetString(a, out var text) && regex.Regex.IsMatch(text);
        if (!right.TryGet(current, root, out var b)) return false;
        switch (op)
        {
            case "==": return JsonValues.DeepEquals(a, b);
            case "!=": return !JsonValues.DeepEquals(a, b);
            case "in": return b is JsonArray inList && inList.Any(item => JsonValues.DeepEquals(a, item));
            case "nin": return b is JsonArray ninList && !ninList.Any(item => JsonValues.DeepEquals(a, item));
        }
        int? order = null;
        if (JsonValues.IsNumber(a) && JsonValues.IsNumber(b)) order = JsonValues.CompareNumbers(a, b);
        else if (JsonValues.TryGetString(a, out var sa) && JsonValues.TryGetString(b, out var sb)) order = string.CompareOrdinal(sa, sb);
        if (order is null) return false;
        return op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            _ => false,
        };
    }
}

internal abstract class FilterOperand
{
    public abstract bool TryGet(JsonNode? current, JsonNode? root, out JsonNode? value);
}

internal sealed class PathOperand(JsonPath path, bool fromRoot) : FilterOperand
{
    public override bool TryGet(JsonNode? current, JsonNode? root, out JsonNode? value) =>
        path.TryEvaluate(fromRoot ? root : current, out value) && (path.IsDefinite || value is JsonArray { Count: > 0 });
}

internal sealed class LiteralOperand(JsonNode? value) : FilterOperand
{
    public override bool TryGet(JsonNode? current, JsonNode? root, out JsonNode? result)
    {
        result = value;
        return true;
    }
}

internal sealed class RegexOperand(Regex regex) : FilterOperand
{
    public Regex Regex { get; } = regex;

    public override bool TryGet(JsonNode? current, JsonNode? root, out JsonNode? value)
    {
        value = null;
        return false;
    }
}

/// <summary>Recursive-descent parser for filter expressions; stops before the closing ')' of <c>[?( … )]</c>.</summary>
internal static class FilterParser
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "=~", "<", ">"];

    public static FilterExpression Parse(string text, ref int pos)
    {
        var expression = ParseOr(text, ref pos);
        SkipSpaces(text, ref pos);
        return expression;
    }

    private static FilterExpression ParseOr(string text, ref int pos)
    {
        var left = ParseAnd(text, ref pos);
        while (TryConsume(text, ref pos, "||")) left = new OrFilter(left, ParseAnd(text, ref pos));
        return left;
    }

    private static FilterExpression ParseAnd(string text, ref int pos)
    {
        var left = ParseUnary(text, ref pos);
        while (TryConsume(text, ref pos, "&&")) left = new AndFilter(left, ParseUnary(text, ref pos));
        return left;
    }

    private static FilterExpression ParseUnary(string text, ref int pos)
    {
        SkipSpaces(text, ref pos);
        if (pos < text.Length && text[pos] == '!' && (pos + 1 >= text.Length || text[pos + 1] != '='))
        {
            pos++;
            return new NotFilter(ParseUnary(text, ref pos));
        }
        if (pos < text.Length && text[pos] == '(')
        {
            pos++;
            var inner = ParseOr(text, ref pos);
            SkipSpaces(text, ref pos);
            if (pos >= text.Length || text[pos] != ')') throw new JsonPathSyntaxException(text, pos, "expected ')' in filter");
            pos++;
            return inner;
        }
        var left = ParseOperand(text, ref pos);
        SkipSpaces(text, ref pos);
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(text, pos, op, 0, op.Length) != 0) continue;
            pos += op.Length;
            SkipSpaces(text, ref pos);
            var right = op == "=~" ? ParseRegex(text, ref pos) : ParseOperand(text, ref pos);
            return new CompareFilter(left, op, right);
        }
        foreach (var word in new[] { "nin", "in" })
        {
            if (string.CompareOrdinal(text, pos, word, 0, word.Length) == 0 && pos + word.Length < text.Length && text[pos + word.Length] == ' ')
            {
                pos += word.Length;
                SkipSpaces(text, ref pos);
                return new CompareFilter(left, word, ParseOperand(text, ref pos));
            }
        }
        if (left is not PathOperand) throw new JsonPathSyntaxException(text, pos, "a literal alone is not a filter condition");
        return new ExistsFilter(left);
    }

    private static FilterOperand ParseOperand(string text, ref int pos)
    {
        SkipSpaces(text, ref pos);
        if (pos >= text.Length) throw new JsonPathSyntaxException(text, pos, "the filter ended early");
        var c = text[pos];
        if (c is '@' or '$')
        {
            var path = JsonPathParser.ParseEmbedded(text, ref pos);
            return new PathOperand(path, fromRoot: c == '$');
        }
        if (c is '\'' or '"')
        {
            var end = pos + 1;
            var builder = new System.Text.StringBuilder();
            while (end < text.Length && text[end] != c)
            {
                if (text[end] == '\\' && end + 1 < text.Length) end++;
                builder.Append(text[end++]);
            }
            if (end >= text.Length) throw new JsonPathSyntaxException(text, pos, "unterminated string in filter");
            pos = end + 1;
            return new LiteralOperand(JsonValue.Create(builder.ToString()));
        }
        if (c == '[')
        {
            var depth = 0;
            var start = pos;
            do
            {
                if (text[pos] == '[') depth++;
                else if (text[pos] == ']') depth--;
                pos++;
            } while (pos < text.Length && depth > 0);
            try
            {
                return new LiteralOperand(JsonValues.Parse(text[start..pos].Replace('\'', '"')));
            }
            catch (JsonException)
            {
                throw new JsonPathSyntaxException(text, start, "invalid array literal in filter");
            }
        }
        var tokenStart = pos;
        while (pos < text.Length && !char.IsWhiteSpace(text[pos]) && text[pos] is not (')' or '&' or '|' or '=' or '!' or '<' or '>')) pos++;
        var token = text[tokenStart..pos];
        switch (token)
        {
            case "true": return new LiteralOperand(JsonValue.Create(true));
            case "false": return new LiteralOperand(JsonValue.Create(false));
            case "null": return new LiteralOperand(null);
        }
        try
        {
            var number = JsonValues.Parse(token);
            if (JsonValues.IsNumber(number)) return new LiteralOperand(number);
        }
        catch (JsonException)
        {
        }
        throw new JsonPathSyntaxException(text, tokenStart, $"unexpected '{token}' in filter");
    }

    private static FilterOperand ParseRegex(string text, ref int pos)
    {
        if (pos >= text.Length || text[pos] != '/') throw new JsonPathSyntaxException(text, pos, "expected a /regex/ after =~");
        var end = pos + 1;
        while (end < text.Length && text[end] != '/')
        {
            if (text[end] == '\\') end++;
            end++;
        }
        if (end >= text.Length) throw new JsonPathSyntaxException(text, pos, "unterminated /regex/");
        var pattern = text[(pos + 1)..end];
        pos = end + 1;
        var options = RegexOptions.CultureInvariant;
        while (pos < text.Length && char.IsAsciiLetterLower(text[pos]))
        {
            if (text[pos] == 'i') options |= RegexOptions.IgnoreCase;
            pos++;
        }
        try
        {
            // Jayway uses Matcher.matches(): the whole string must match.
            return new RegexOperand(new Regex("^(?:" + pattern + ")$", options, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException e)
        {
            throw new JsonPathSyntaxException(text, pos, "invalid regex: " + e.Message);
        }
    }

    private static bool TryConsume(string text, ref int pos, string token)
    {
        SkipSpaces(text, ref pos);
        if (string.CompareOrdinal(text, pos, token, 0, token.Length) != 0) return false;
        pos += token.Length;
        return true;
    }

    private static void SkipSpaces(string text, ref int pos)
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }
}
