using System.Globalization;
using System.Text.Json;

namespace Backfill.Core.Reporting.Html;

/// <summary>
/// Requests per day, read from the indexed data: the pipeline routes each line to the daily index
/// <c>{prefix}yyyy-MM-dd</c>, so a daily index's document count is that day's number of requests. Indices under the
/// prefix that are not daily (e.g. <c>nasa-logs-failed</c>, <c>nasa-logs-unparsed</c>) are listed apart.
/// Counts are the cluster's, across all runs that wrote to these indices.
/// </summary>
public sealed record DailyDocumentCounts(IReadOnlyList<(DateOnly Day, long Documents)> Days, IReadOnlyList<(string Index, long Documents)> Others)
{
    public static DailyDocumentCounts From(IEnumerable<(string Index, long Documents)> indices, string prefix)
    {
        var days = new SortedDictionary<DateOnly, long>();
        var others = new List<(string, long)>();
        foreach (var (index, documents) in indices)
        {
            if (!index.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (DateOnly.TryParseExact(index.AsSpan(prefix.Length), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                days[day] = days.GetValueOrDefault(day) + documents;
            else
                others.Add((index, documents));
        }
        return new DailyDocumentCounts(days.Select(d => (d.Key, d.Value)).ToList(), others.OrderBy(o => o.Item1, StringComparer.Ordinal).ToList());
    }

    /// <summary>Reads <c>GET _cat/indices?format=json</c> (an array of objects with "index" and "docs.count", counts as strings).</summary>
    public static List<(string Index, long Documents)> ParseCatIndices(ReadOnlySpan<byte> json, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new Errors.BackfillException($"{what}: expected a JSON array of indices, found {document.RootElement.ValueKind}");
            var indices = new List<(string, long)>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (!item.TryGetProperty("index", out var index) || index.ValueKind != JsonValueKind.String) continue;
                long count = 0;
                if (item.TryGetProperty("docs.count", out var docs))
                {
                    if (docs.ValueKind == JsonValueKind.Number) count = docs.GetInt64();
                    else if (docs.ValueKind == JsonValueKind.String) long.TryParse(docs.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out count);
                }
                indices.Add((index.GetString()!, count));
            }
            return indices;
        }
        catch (JsonException e)
        {
            throw new Errors.BackfillException($"{what}: not valid JSON ({e.Message})");
        }
    }
}
