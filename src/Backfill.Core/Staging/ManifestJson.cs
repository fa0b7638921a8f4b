using System.Text;
using System.Text.Json;

namespace Backfill.Core.Staging;

/// <summary>Reads and writes manifests: JSON Lines, one <see cref="ManifestRow"/> per line, camelCase fields.</summary>
public static class ManifestJson
{
    public static byte[] Serialize(IEnumerable<ManifestRow> rows)
    {
        using var buffer = new MemoryStream();
        foreach (var row in rows)
        {
            JsonSerializer.Serialize(buffer, row, ManifestJsonContext.Default.ManifestRow);
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }

    /// <summary>Parses JSON Lines; blank lines are ignored; a bad line names its number.</summary>
    public static List<ManifestRow> Parse(ReadOnlySpan<byte> jsonLines, string document)
    {
        var rows = new List<ManifestRow>();
        var lineNumber = 0;
        while (!jsonLines.IsEmpty)
        {
            lineNumber++;
            var newline = jsonLines.IndexOf((byte)'\n');
            var line = newline < 0 ? jsonLines : jsonLines[..newline];
            jsonLines = newline < 0 ? default : jsonLines[(newline + 1)..];
            if (line.Trim((byte)' ').Trim((byte)'\r').IsEmpty) continue;
            try
            {
                rows.Add(JsonSerializer.Deserialize(line, ManifestJsonContext.Default.ManifestRow)
                         ?? throw new JsonException("null row"));
            }
            catch (JsonException e)
            {
                throw new Errors.BackfillException($"{document} line {lineNumber}: not a manifest row ({e.Message}); expected a JSON object with chunkKey, source, firstLine, lineCount, …");
            }
        }
        return rows;
    }

    public static string ToJson(ManifestRow row) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(row, ManifestJsonContext.Default.ManifestRow));
}
