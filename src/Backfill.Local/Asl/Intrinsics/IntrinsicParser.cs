using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Backfill.Local.Asl.Paths;

namespace Backfill.Local.Asl.Intrinsics;

/// <summary>
/// Parses <c>States.Fn(arg, …)</c> expressions once, at definition load. Arguments are 'strings' (escapes
/// <c>\'</c> <c>\{</c> <c>\}</c> <c>\\</c>), numbers, true/false/null, JSONPaths ($ or $$) and nested calls.
/// </summary>
public sealed class IntrinsicParser
{
    private readonly string _text;
    private int _pos;

    private IntrinsicParser(string text) => _text = text;

    public static bool LooksLikeCall(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    public static IntrinsicCall Parse(string text)
    {
        var parser = new IntrinsicParser(text);
        var call = parser.ParseCall();
        parser.SkipSpaces();
        if (parser._pos != text.Length) throw parser.Error($"unexpected '{text[parser._pos]}' after the call");
        return call;
    }

    private IntrinsicCall ParseCall()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
        var name = _text[start.._pos];
        var function = IntrinsicFunctions.Find(name)
                       ?? throw Error($"unknown intrinsic function '{name}' (known: {string.Join(", ", IntrinsicFunctions.Names)})");
        SkipSpaces();
        Expect('(');
        var arguments = new List<IntrinsicArgument>();
        SkipSpaces();
        if (!At(')'))
        {
            while (true)
            {
                SkipSpaces();
                arguments.Add(ParseArgument());
                SkipSpaces();
                if (At(',')) { _pos++; continue; }
                break;
            }
        }
        Expect(')');
        var text = _text[start.._pos];
        if (arguments.Count < function.MinArguments || (function.MaxArguments >= 0 && arguments.Count > function.MaxArguments))
        {
            var expected = function.MaxArguments < 0 ? $"at least {function.MinArguments}"
                : function.MinArguments == function.MaxArguments ? $"{function.MinArguments}"
                : $"{function.MinArguments} to {function.MaxArguments}";
            throw new IntrinsicSyntaxException(_text, start, $"{name} takes {expected} argument(s) but was given {arguments.Count}");
        }
        return new IntrinsicCall(function, arguments, text);
    }

    private IntrinsicArgument ParseArgument()
    {
        if (_pos >= _text.Length) throw Error("expected an argument");
        var c = _text[_pos];
        if (c == '\'') return ParseString();
        if (c == '$') return ParsePath();
        if (string.CompareOrdinal(_text, _pos, "States.", 0, 7) == 0) return ParseCall();
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or ')') && !char.IsWhiteSpace(_text[_pos])) _pos++;
        var token = _text[start.._pos];
        switch (token)
        {
            case "true": return new LiteralArgument(JsonValue.Create(true), token);
            case "false": return new LiteralArgument(JsonValue.Create(false), token);
            case "null": return new LiteralArgument(null, token);
        }
        if (token.Length > 0 && (char.IsAsciiDigit(token[0]) || token[0] == '-'))
        {
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                return new LiteralArgument(JsonValue.Create(l), token);
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                return new LiteralArgument(Json.JsonValues.Parse(token), token);
        }
        throw new IntrinsicSyntaxException(_text, start, $"unexpected argument '{token}' (expected a 'string', a number, true, false, null, a path or States.*)");
    }

    private LiteralArgument ParseString()
    {
        var start = _pos;
        _pos++;
        var value = new StringBuilder();
        var rawStart = _pos;
        while (true)
        {
            if (_pos >= _text.Length) throw new IntrinsicSyntaxException(_text, start, "unterminated string literal");
            var c = _text[_pos];
            if (c == '\'') break;
            if (c == '\\')
            {
                if (_pos + 1 >= _text.Length) throw new IntrinsicSyntaxException(_text, _pos, "a backslash must escape one of ' { } \\");
                value.Append(_text[_pos + 1]);
                _pos += 2;
                continue;
            }
            value.Append(c);
            _pos++;
        }
        var raw = _text[rawStart.._pos];
        _pos++;
        return new LiteralArgument(JsonValue.Create(value.ToString()), _text[start.._pos], raw);
    }

    private PathArgument ParsePath()
    {
        var start = _pos;
        var depth = 0;
        char quote = '\0';
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
            }
            else if (c is '\'' or '"') quote = c;
            else if (c is '[' or '(') depth++;
            else if (c is ']' or ')')
            {
                if (depth == 0) break;
                depth--;
            }
            else if (c == ',' && depth == 0) break;
            _pos++;
        }
        var text = _text[start.._pos].TrimEnd();
        try
        {
            return new PathArgument(JsonPath.Parse(text));
        }
        catch (JsonPathSyntaxException e)
        {
            throw new IntrinsicSyntaxException(_text, start, e.Message);
        }
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool At(char c) => _pos < _text.Length && _text[_pos] == c;

    private void Expect(char c)
    {
        if (!At(c)) throw Error(_pos < _text.Length ? $"expected '{c}' but found '{_text[_pos]}'" : $"expected '{c}' but the expression ended");
        _pos++;
    }

    private IntrinsicSyntaxException Error(string problem) => new(_text, _pos, problem);
}
