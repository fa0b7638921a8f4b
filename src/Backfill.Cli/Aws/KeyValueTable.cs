namespace Backfill.Cli.Aws;

/// <summary>Rows of "label   value", the label column padded to the widest label.</summary>
public sealed class KeyValueTable
{
    private readonly List<(string Key, string Value)> _rows = [];

    public KeyValueTable Add(string key, string? value)
    {
        if (value is not null) _rows.Add((key, value));
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var width = _rows.Count == 0 ? 0 : _rows.Max(r => r.Key.Length);
        foreach (var (key, value) in _rows) writer.WriteLine(key.PadRight(width + 2) + value);
    }
}

/// <summary>A plain text table with a header row and left-aligned columns.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string?[] cells) => _rows.Add(cells.Select(c => c ?? "").ToArray());

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        void Line(IReadOnlyList<string> cells) =>
            writer.WriteLine(string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        foreach (var row in _rows) Line(row);
    }
}
