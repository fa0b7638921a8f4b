using System.Text;

namespace Backfill.Local.Asl.Map;

/// <summary>
/// Reads RFC 4180 CSV records from a text stream: fields separated by the delimiter, optionally double-quoted
/// (quotes doubled inside, delimiters and line breaks allowed), records ending at CRLF or LF.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter)
{
    private readonly StringBuilder _field = new();

    /// <summary>The next record's fields, or null at the end of the input. Blank lines are skipped.</summary>
    public async Task<List<string>?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null) return null;
            if (line.Length == 0) continue;
            var fields = new List<string>();
            var quoted = false;
            var i = 0;
            _field.Clear();
            while (true)
            {
                if (i >= line.Length)
                {
                    if (!quoted) break;
                    // A quoted field goes on over a line break.
                    var more = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                               ?? throw new FormatException("a quoted CSV field is not closed before the end of the file");
                    _field.Append('\n');
                    line = more;
                    i = 0;
                    continue;
                }
                var c = line[i];
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            _field.Append('"');
                            i += 2;
                            continue;
                        }
                        quoted = false;
                        i++;
                        continue;
                    }
                    _field.Append(c);
                    i++;
                    continue;
                }
                if (c == '"' && _field.Length == 0)
                {
                    quoted = true;
                    i++;
                    continue;
                }
                if (c == delimiter)
                {
                    fields.Add(_field.ToString());
                    _field.Clear();
                    i++;
                    continue;
                }
                _field.Append(c);
                i++;
            }
            fields.Add(_field.ToString());
            return fields;
        }
    }
}
