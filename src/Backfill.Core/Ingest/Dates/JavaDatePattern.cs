using System.Text;

namespace Backfill.Core.Ingest.Dates;

/// <summary>
/// Compiles a java.time DateTimeFormatter pattern (<c>dd/MMM/yyyy:HH:mm:ss Z</c>, <c>yyyy-MM-dd'T'HH:mm:ss.SSSXXX</c>)
/// into printer-parser elements, with java.time's letter rules (<c>MMM</c> short month text, <c>yy</c> 2000-based,
/// single letters variable width, <c>[…]</c> optional sections, <c>'…'</c> literals) and its error messages
/// ("Unknown pattern letter: b", "Too many pattern letters: d").
/// </summary>
internal static class JavaDatePattern
{
    public static DatePatternElement[] Compile(string pattern)
    {
        var position = 0;
        var elements = CompileSequence(pattern, ref position, nested: false);
        return elements;
    }

    /// <summary>True when the elements print or parse names (so the locale must have them).</summary>
    public static bool UsesText(IEnumerable<DatePatternElement> elements)
        => elements.Any(e => e is TextElement || (e is OptionalElement optional && UsesText(optional.Elements)));

    private static DatePatternElement[] CompileSequence(string pattern, ref int i, bool nested)
    {
        var elements = new List<DatePatternElement>();
        var literal = new StringBuilder();
        void FlushLiteral()
        {
            if (literal.Length == 0) return;
            elements.Add(new LiteralElement(literal.ToString()));
            literal.Clear();
        }

        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < pattern.Length && pattern[i] == c) i++;
                var count = i - start;
                FlushLiteral();
                elements.Add(Letter(c, count));
            }
            else if (c == '\'')
            {
                i++;
                if (i < pattern.Length && pattern[i] == '\'')
                {
                    literal.Append('\'');
                    i++;
                    continue;
                }
                var closed = false;
                while (i < pattern.Length)
                {
                    if (pattern[i] == '\'')
                    {
                        if (i + 1 < pattern.Length && pattern[i + 1] == '\'')
                        {
                            literal.Append('\'');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    literal.Append(pattern[i++]);
                }
                if (!closed) throw new ArgumentException($"Pattern ends with an incomplete string literal: {pattern}");
            }
            else if (c == '[')
            {
                FlushLiteral();
                i++;
                elements.Add(new OptionalElement(CompileSequence(pattern, ref i, nested: true)));
            }
            else if (c == ']')
            {
                if (!nested) throw new ArgumentException("Pattern invalid as it contains ] without previous [");
                i++;
                FlushLiteral();
                ReserveAdjacentWidths(elements);
                return elements.ToArray();
            }
            else if (c is '{' or '}' or '#')
            {
                throw new ArgumentException($"Pattern includes reserved character: '{c}'");
            }
            else
            {
                literal.Append(c);
                i++;
            }
        }
        FlushLiteral();
        ReserveAdjacentWidths(elements);
        return elements.ToArray();
    }

    // java.time's adjacent value parsing: a variable-width number leaves room for fixed-width numbers after it.
    private static void ReserveAdjacentWidths(List<DatePatternElement> elements)
    {
        for (var k = 0; k < elements.Count; k++)
        {
            if (elements[k] is not NumberElement { FixedDigits: 0 } variable) continue;
            var reserved = 0;
            for (var j = k + 1; j < elements.Count && elements[j].FixedDigits > 0; j++) reserved += elements[j].FixedDigits;
            variable.Reserved = reserved;
        }
    }

    private static DatePatternElement Letter(char letter, int count)
    {
        switch (letter)
        {
            case 'G':
                return count switch
                {
                    <= 3 => new TextElement(TextField.EraShort),
                    4 => new TextElement(TextField.EraFull),
                    5 => new TextElement(TextField.EraNarrow),
                    _ => throw TooMany(letter),
                };
            case 'u' or 'y' or 'Y':
            {
                var field = letter switch { 'u' => NumberField.Year, 'y' => NumberField.YearOfEra, _ => NumberField.WeekBasedYear };
                if (count == 2) return new ReducedYearElement(field);
                return count < 4 ? new NumberElement(field, count, 19, signed: false) : new NumberElement(field, count, 19, signed: true);
            }
            case 'M' or 'L':
                return count switch
                {
                    1 => new NumberElement(NumberField.Month, 1, 19, false),
                    2 => new NumberElement(NumberField.Month, 2, 2, false),
                    3 => new TextElement(TextField.MonthShort),
                    4 => new TextElement(TextField.MonthFull),
                    5 => new TextElement(TextField.MonthNarrow),
                    _ => throw TooMany(letter),
                };
            case 'd' or 'H' or 'h' or 'K' or 'k' or 'm' or 's' or 'w':
            {
                var field = letter switch
                {
                    'd' => NumberField.Day,
                    'H' => NumberField.HourOfDay,
                    'h' => NumberField.ClockHourOfAmPm,
                    'K' => NumberField.HourOfAmPm,
                    'k' => NumberField.ClockHourOfDay,
                    'm' => NumberField.Minute,
                    's' => NumberField.Second,
                    _ => NumberField.WeekOfWeekBasedYear,
                };
                return count switch
                {
                    1 => new NumberElement(field, 1, 19, false),
                    2 => new NumberElement(field, 2, 2, false),
                    _ => throw TooMany(letter),
                };
            }
            case 'D':
                return count switch
                {
                    1 => new NumberElement(NumberField.DayOfYear, 1, 19, false),
                    2 => new NumberElement(NumberField.DayOfYear, 2, 3, false),
                    3 => new NumberElement(NumberField.DayOfYear, 3, 3, false),
                    _ => throw TooMany(letter),
                };
            case 'E':
                return count switch
                {
                    <= 3 => new TextElement(TextField.DayShort),
                    4 => new TextElement(TextField.DayFull),
                    5 => new TextElement(TextField.DayNarrow),
                    _ => throw TooMany(letter),
                };
            case 'e' or 'c':
                return count switch
                {
                    1 => new NumberElement(NumberField.LocalizedDayOfWeek, 1, 1, false),
                    2 when letter == 'e' => new NumberElement(NumberField.LocalizedDayOfWeek, 2, 2, false),
                    3 => new TextElement(TextField.DayShort),
                    4 => new TextElement(TextField.DayFull),
                    5 => new TextElement(TextField.DayNarrow),
                    _ => throw TooMany(letter),
                };
            case 'a':
                return count == 1 ? new TextElement(TextField.AmPm) : throw TooMany(letter);
            case 'S':
                return new FractionElement(count);
            case 'n':
                return new NumberElement(NumberField.NanoOfSecond, count, Math.Max(count, 9), false);
            case 'A':
                return new NumberElement(NumberField.MilliOfDay, count, 19, false);
            case 'N':
                return new NumberElement(NumberField.NanoOfDay, count, 19, false);
            case 'V':
                return count == 2 ? new ZoneIdElement() : throw new ArgumentException("Pattern letter count must be 2: V");
            case 'z':
                return count switch
                {
                    <= 3 => new ZoneTextElement(full: false),
                    4 => new ZoneTextElement(full: true),
                    _ => throw TooMany(letter),
                };
            case 'O':
                return count switch
                {
                    1 => new LocalizedOffsetElement(full: false),
                    4 => new LocalizedOffsetElement(full: true),
                    _ => throw new ArgumentException("Pattern letter count must be 1 or 4: O"),
                };
            case 'X':
                return count switch
                {
                    1 => new OffsetElement("+HHmm", "Z"),
                    2 => new OffsetElement("+HHMM", "Z"),
                    3 => new OffsetElement("+HH:MM", "Z"),
                    4 => new OffsetElement("+HHMMss", "Z"),
                    5 => new OffsetElement("+HH:MM:ss", "Z"),
                    _ => throw TooMany(letter),
                };
            case 'x':
                return count switch
                {
                    1 => new OffsetElement("+HHmm", "+00"),
                    2 => new OffsetElement("+HHMM", "+0000"),
                    3 => new OffsetElement("+HH:MM", "+00:00"),
                    4 => new OffsetElement("+HHMMss", "+0000"),
                    5 => new OffsetElement("+HH:MM:ss", "+00:00"),
                    _ => throw TooMany(letter),
                };
            case 'Z':
                return count switch
                {
                    <= 3 => new OffsetElement("+HHMM", "+0000"),
                    4 => new LocalizedOffsetElement(full: true),
                    5 => new OffsetElement("+HH:MM:ss", "Z"),
                    _ => throw TooMany(letter),
                };
            case 'Q' or 'q' or 'W' or 'F' or 'B' or 'v' or 'g' or 'p':
                throw new ArgumentException($"Pattern letter '{letter}' is not supported by backfill's date parser");
            default:
                throw new ArgumentException($"Unknown pattern letter: {letter}");
        }
    }

    private static ArgumentException TooMany(char letter) => new($"Too many pattern letters: {letter}");
}
