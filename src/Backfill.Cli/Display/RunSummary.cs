using Backfill.Cli.Local;

namespace Backfill.Cli.Display;

/// <summary>The closing summary of a local execution: outcome, a table per source, totals, and what to do next.</summary>
public static class RunSummary
{
    public static void Write(CommandContext context, LocalRunOutcome outcome, RunProgress progress, string executionFolder)
    {
        var e = outcome.Execution;
        var o = context.Out;
        var seconds = ((e.StopDate ?? DateTimeOffset.UtcNow) - progress.Started).TotalSeconds;
        o.WriteLine($"execution  {e.Name}  {e.Status}{(e.RedriveCount > 0 ? $" (redriven {e.RedriveCount}x)" : "")}{(e.RerunOf is null ? "" : $" (re-run of {e.RerunOf})")}");
        if (e.Error is not null) o.WriteLine($"error      {e.Error}: {ReadableCause(e.Cause)}");
        if (outcome.Report is { } report)
        {
            o.WriteLine();
            var rows = report.Sources.Select(s => new[] { s.Source, $"{s.Chunks:N0}", $"{s.ChunksFailed:N0}", $"{s.LinesPlanned:N0}", $"{s.Indexed:N0}", $"{s.DeadLettered:N0}" }).ToList();
            var t = report.Totals;
            rows.Add(["total", $"{t.Chunks:N0}", $"{t.ChunksFailed:N0}", $"{t.LinesPlanned:N0}", $"{t.Indexed:N0}", $"{t.DeadLettered:N0}"]);
            WriteTable(o, ["source", "chunks", "failed", "lines", "indexed", "dead letters"], rows);
            o.WriteLine();
            o.WriteLine($"requests   {t.Requests:N0} _bulk requests, {t.RetriedItems:N0} items retried, {t.BytesSent / 1e6:F1} MB sent");
            if (report.DeadLetterReasons.Count > 0)
                o.WriteLine($"dead letters by reason: {string.Join(", ", report.DeadLetterReasons.Select(r => $"{r.Key} ({r.Value:N0})"))}");
            o.WriteLine($"time       {seconds:F1} s, {t.Indexed / Math.Max(seconds, 0.001):N0} docs/s");
            if (report.FailedChunksKey is not null)
                o.WriteLine($"next       re-send the {t.ChunksFailed} failed chunk(s): backfill rerun-failed {e.Name}   (or: backfill redrive {e.Name})");
        }
        o.WriteLine($"history    {executionFolder}");
    }

    /// <summary>A Lambda-shaped cause ({"errorType","errorMessage","stackTrace"}) is shown as its message only.</summary>
    public static string? ReadableCause(string? cause)
    {
        if (cause is null || !cause.StartsWith('{')) return cause;
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(cause)?["errorMessage"]?.GetValue<string>() ?? cause;
        }
        catch (System.Text.Json.JsonException)
        {
            return cause;
        }
    }

    private static void WriteTable(TextWriter o, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        string Row(string[] cells) => string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
        o.WriteLine(Row(header));
        foreach (var row in rows) o.WriteLine(Row(row));
    }
}
