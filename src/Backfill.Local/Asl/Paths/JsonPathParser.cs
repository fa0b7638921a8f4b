using System.Globalization;
using System.Text;

namespace Backfill.Local.Asl.Paths;

/// <summary>
/// Parses JSONPath text: <c>$</c> or <c>$$</c> (context object), then <c>.name</c>, <c>['name']</c>, <c>[n]</c>,
/// <c>[a,b]</c>, <c>[start:end:step]</c>, <c>*</c>, <c>..</c>, <c>[?(filter)]</c> and a trailing <c>.length()</c>.
/// Inside filters the same grammar starts at <c>@</c> (current node) or <c>$</c> (root).
/// </summary>
internal sealed class JsonPathParser
{
    private readonly string _text;
    private readonly bool _inFilter;
    private int _pos;

    private JsonPathParser(string text, int start, bool inFilter)
    {
        _text = text;
        _pos = start;
        _inFilter = inFilter;
    }

    public static JsonPath Parse(string text)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '$')
            throw new JsonPathSyntaxException(text ?? "", 0, "a path must start with '$'");
        var isContext = text.Length > 1 && text[1] == '$';
        var parser = new JsonPathParser(text, isContext ? 2 : 1, inFilter: false);
        var segments = parser.ParseSegments();
        if (parser._pos != text.Length)
            throw new JsonPathSyntaxException(text, parser._pos, $"unexpected '{text[parser._pos]}'");
        return new JsonPath(text, isContext, segments);
    }

    /// <summary>Parses an <c>@…</c> or <c>$…</c> path inside a filter, stopping where the path ends.</summary>
    internal static JsonPath ParseEmbedded(string text, ref int pos)
    {
        var start = pos;
        var parser = new JsonPathParser(text, pos + 1, inFilter: true);
        var segments = parser.ParseSegments();
        pos = parser._pos;
        return new JsonPath(text[start..pos], isContextPath: false, segments);
    }

    private List<PathSegment> ParseSegments()
    {
        var segments = new List<PathSegment>();
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '.')
            {
                if (Peek(1) == '.')
                {
                    _pos += 2;
                    PathSegment inner;
                    if (At('[')) inner = ParseBracket();
                    else if (At('*')) { _pos++; inner = new WildcardSegment(); }
                    else inner = new PropertySegment(ReadName());
                    segments.Add(new DeepScanSegment(inner));
                    continue;
                }
                _pos++;
                if (At('*')) { _pos++; segments.Add(new WildcardSegment()); continue; }
                var name = ReadName();
                if (At('('))
                {
                    if (name == "length" && Peek(1) == ')')
                    {
                        _pos += 2;
                        segments.Add(new LengthFunctionSegment());
                        if (_pos < _text.Length && !_inFilter) throw Error("nothing may follow a path function");
                        continue;
                    }
                    throw Error($"unsupported path function '{name}()' (only length() is supported)");
                }
                segments.Add(new PropertySegment(name));
            }
            else if (c == '[')
            {
                segments.Add(ParseBracket());
            }
            else if (_inFilter)
            {
                break;
            }
            else
            {
                throw Error($"expected '.' or '[' but found '{c}'");
            }
        }
        return segments;
    }

    private string ReadName()
    {
        var start = _pos;
        while (_pos < _text.Length && IsNameChar(_text[_pos])) _pos++;
        if (_pos == start) throw Error(_pos < _text.Length ? $"expected a property name but found '{_text[_pos]}'" : "expected a property name after '.'");
        return _text[start.._pos];
    }

    private bool IsNameChar(char c)
    {
        if (c is '.' or '[' or '(' ) return false;
        if (_inFilter && (char.IsWhiteSpace(c) || c is ')' or '=' or '!' or '<' or '>' or '&' or '|' or ',' or ']')) return false;
        return true;
    }

    private PathSegment ParseBracket()
    {
        Expect('[');
        SkipSpaces();
        if (At('*'))
        {
            _pos++;
            SkipSpaces();
            Expect(']');
            return new WildcardSegment();
        }
        if (At('?'))
        {
            _pos++;
            SkipSpaces();
            Expect('(');
            var start = _pos;
            var filter = FilterParser.Parse(_text, ref _pos);
            var text = _text[start.._pos];
            SkipSpaces();
            Expect(')');
            SkipSpaces();
            Expect(']');
            return new FilterSegment(filter, text.Trim());
        }
        if (At('\'') || At('"'))
        {
            var names = new List<string> { ReadQuoted() };
            SkipSpaces();
            while (At(','))
            {
                _pos++;
                SkipSpaces();
                names.Add(ReadQuoted());
                SkipSpaces();
            }
            Expect(']');
            return names.Count == 1 ? new PropertySegment(names[0]) : new MultiPropertySegment(names);
        }
        // Indexes, unions and slices.
        var first = ReadOptionalInt();
        SkipSpaces();
        if (At(':'))
        {
            _pos++;
            SkipSpaces();
            var end = ReadOptionalInt();
            SkipSpaces();
            var step = 1;
            if (At(':'))
            {
                _pos++;
                SkipSpaces();
                step = ReadOptionalInt() ?? 1;
                if (step == 0) throw Error("a slice step may not be 0");
                SkipSpaces();
            }
            Expect(']');
            return new SliceSegment(first, end, step);
        }
        if (first is null) throw Error("expected an index, a quoted name, '*', a slice or a filter inside '[ ]'");
        var indexes = new List<int> { first.Value };
        while (At(','))
        {
            _pos++;
            SkipSpaces();
            indexes.Add(ReadOptionalInt() ?? throw Error("expected an index after ','"));
            SkipSpaces();
        }
        Expect(']');
        return indexes.Count == 1 ? new IndexSegment(indexes[0]) : new UnionSegment(indexes);
    }

    private int? ReadOptionalInt()
    {
        var start = _pos;
        if (At('-')) _pos++;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
        if (_pos == start) return null;
        if (_pos == start + 1 && _text[start] == '-') throw Error("expected digits after '-'");
        if (!int.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error("index out of range");
        return value;
    }

    private string ReadQuoted()
    {
        var quote = _text[_pos++];
        var builder = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] == '\\' && _pos + 1 < _text.Length) _pos++;
            builder.Append(_text[_pos++]);
        }
        if (_pos >= _text.Length) throw Error("unterminated quoted name");
        _pos++;
        return builder.ToString();
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ') _pos++;
    }

    private bool At(char c) => _pos < _text.Length && _text[_pos] == c;
    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void Expect(char c)
    {
        if (!At(c)) throw Error(_pos < _text.Length ? $"expected '{c}' but found '{_text[_pos]}'" : $"expected '{c}' but the path ended");
        _pos++;
    }

    private JsonPathSyntaxException Error(string problem) => new(_text, _pos, problem);
}
