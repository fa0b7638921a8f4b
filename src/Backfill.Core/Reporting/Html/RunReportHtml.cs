using System.Globalization;
using System.Text;

namespace Backfill.Core.Reporting.Html;

/// <summary>
/// Renders a <see cref="RunReportPage"/> as one self-contained HTML file: inline CSS, inline SVG charts, no script
/// and no external asset, so it can be mailed or opened from a bucket. Sections (element ids): run, totals, sources,
/// throughput, dead-letters, requests-per-day, chunks. Figures carry <c>data-field</c> attributes. All text is
/// escaped (<see cref="HtmlText"/>); the markup is also well-formed XML.
/// </summary>
public static class RunReportHtml
{
    public static string Render(RunReportPage page)
    {
        var html = new StringBuilder(16 * 1024 + page.Report.Chunks.Count * 400);
        var r = page.Report;
        var t = r.Totals;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        html.Append("<title>Backfill run ").Append(E(r.RunId)).Append("</title>");
        html.Append("<style>").Append(Css).Append("</style></head><body>\n");

        var status = page.Status ?? (t.ChunksFailed > 0 ? "CHUNKS FAILED" : "COMPLETE");
        html.Append("<header><h1>Backfill run <span class=\"run-id\">").Append(E(r.RunId)).Append("</span></h1>")
            .Append("<p class=\"status ").Append(StatusClass(status, t)).Append("\" data-field=\"status\">").Append(E(status)).Append("</p></header>\n");

        Run(html, page);
        Totals(html, r);
        Sources(html, r);
        Throughput(html, r);
        DeadLetters(html, r);
        RequestsPerDay(html, page);
        Chunks(html, r);

        html.Append("<footer>Generated ").Append(E(Time(r.GeneratedAt))).Append(" (report.json) · rendered by backfill report</footer>\n</body></html>\n");
        return html.ToString();
    }

    private static void Run(StringBuilder html, RunReportPage page)
    {
        html.Append("<section id=\"run\"><h2>Run</h2><dl>");
        Item(html, "Run id", page.Report.RunId, "run-id");
        Item(html, "Execution", page.Execution, "execution");
        Item(html, "Status", page.Status, "execution-status");
        Item(html, "Started", page.Started is { } s ? Time(s) : null, "started");
        Item(html, "Stopped", page.Stopped is { } e ? Time(e) : null, "stopped");
        if (page.Started is { } from && page.Stopped is { } to) Item(html, "Duration", Duration(to - from), "duration");
        if (page.RedriveCount > 0) Item(html, "Redriven", $"{page.RedriveCount} time(s)", "redrives");
        Item(html, "Error", page.Error, "error");
        Item(html, "Cause", page.Cause, "cause");
        Item(html, "Report", page.ReportLocation, "report");
        Item(html, "OpenSearch", page.OpenSearchEndpoint, "endpoint");
        if (page.Report.FailedChunksKey is { } failed) Item(html, "Failed chunks", failed + " (backfill rerun-failed, or redrive)", "failed-chunks");
        html.Append("</dl></section>\n");
    }

    private static void Totals(StringBuilder html, RunReport r)
    {
        var t = r.Totals;
        var unaccounted = t.LinesRead - t.Indexed - t.DeadLettered;
        html.Append("<section id=\"totals\"><h2>Totals</h2><table class=\"figures\"><tbody>");
        Figure(html, "Chunks", t.Chunks, "chunks");
        Figure(html, "Chunks succeeded", t.ChunksSucceeded, "chunks-succeeded");
        Figure(html, "Chunks failed", t.ChunksFailed, "chunks-failed", t.ChunksFailed > 0);
        Figure(html, "Lines planned", t.LinesPlanned, "lines-planned");
        Figure(html, "Lines read", t.LinesRead, "lines-read");
        Figure(html, "Indexed", t.Indexed, "indexed");
        Figure(html, "Dead-lettered", t.DeadLettered, "dead-lettered", t.DeadLettered > 0);
        Figure(html, "Read but neither indexed nor dead-lettered", unaccounted, "unaccounted", unaccounted != 0);
        Figure(html, "Planned but not read (failed chunks)", t.LinesPlanned - t.LinesRead, "unread", t.LinesPlanned != t.LinesRead);
        Figure(html, "_bulk requests", t.Requests, "requests");
        Figure(html, "Items retried", t.RetriedItems, "retried");
        html.Append("<tr><th>Bytes sent</th><td class=\"num\" data-field=\"bytes-sent\">").Append(E(Bytes(t.BytesSent))).Append("</td></tr>");
        html.Append("</tbody></table>");
        html.Append(unaccounted == 0 && t.LinesRead == t.LinesPlanned
            ? "<p class=\"ok\">Every planned line was read and is indexed or dead-lettered.</p>"
            : "<p class=\"bad\">Not every planned line is accounted for: re-send the failed chunks (backfill rerun-failed or redrive).</p>");
        html.Append("</section>\n");
    }

    private static void Sources(StringBuilder html, RunReport r)
    {
        html.Append("<section id=\"sources\"><h2>Sources</h2><table><thead><tr><th>Source</th><th>URL</th><th>Chunks</th><th>Failed</th><th>Lines</th><th>Indexed</th><th>Dead letters</th></tr></thead><tbody>");
        foreach (var s in r.Sources)
        {
            html.Append(s.ChunksFailed > 0 ? "<tr class=\"failed\">" : "<tr>")
                .Append("<td>").Append(E(s.Source)).Append("</td><td class=\"url\">").Append(E(s.SourceUrl)).Append("</td>");
            Cells(html, s.Chunks, s.ChunksFailed, s.LinesPlanned, s.Indexed, s.DeadLettered);
            html.Append("</tr>");
        }
        html.Append("</tbody></table></section>\n");
    }

    private static void Throughput(StringBuilder html, RunReport r)
    {
        html.Append("<section id=\"throughput\"><h2>Throughput</h2>");
        var series = ThroughputSeries.From(r.Chunks);
        if (series is null)
        {
            html.Append("<p class=\"note\">No chunk has finished yet.</p></section>\n");
            return;
        }
        var bars = series.LinesPerSecond.Select((rate, i) =>
        {
            var at = series.Start + series.BucketWidth * i;
            var label = series.BucketWidth < TimeSpan.FromSeconds(1) ? "HH:mm:ss.f" : series.BucketWidth < TimeSpan.FromHours(1) ? "HH:mm:ss" : "MM-dd HH:mm";
            var from = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.f", CultureInfo.InvariantCulture);
            return new Bar(at.UtcDateTime.ToString(label, CultureInfo.InvariantCulture), rate,
                $"{from}Z + {Duration(series.BucketWidth)}: {rate.ToString("N0", CultureInfo.InvariantCulture)} lines/s");
        }).ToList();
        html.Append(BarChart.Svg(bars, "Lines sent per second over time", "lines/s"));
        var seconds = r.Chunks.Sum(c => c.Seconds);
        html.Append("<p class=\"note\">Lines indexed or dead-lettered per second (UTC), each chunk's lines spread over its sender's time; buckets of ")
            .Append(E(Duration(series.BucketWidth))).Append(". Peak <span data-field=\"peak-lines-per-second\">")
            .Append(series.LinesPerSecond.Max().ToString("N0", CultureInfo.InvariantCulture)).Append("</span> lines/s; ")
            .Append(E(seconds.ToString("N1", CultureInfo.InvariantCulture))).Append(" sender-seconds in all.</p></section>\n");
    }

    private static void DeadLetters(StringBuilder html, RunReport r)
    {
        html.Append("<section id=\"dead-letters\"><h2>Dead letters</h2>");
        if (r.DeadLetterReasons.Count == 0)
        {
            html.Append("<p class=\"ok\">No line was refused.</p></section>\n");
            return;
        }
        html.Append("<table><thead><tr><th>Reason (status, error type)</th><th>Lines</th></tr></thead><tbody>");
        foreach (var (reason, count) in r.DeadLetterReasons.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
            html.Append("<tr><td>").Append(E(reason)).Append("</td><td class=\"num\">").Append(N(count)).Append("</td></tr>");
        html.Append("</tbody></table><p class=\"note\">Each dead letter keeps the line's original bytes, its source, line number and the error: ")
            .Append(E(r.RunId)).Append("/dead-letters/{source}/{chunk}.jsonl in the staging store.</p></section>\n");
    }

    private static void RequestsPerDay(StringBuilder html, RunReportPage page)
    {
        html.Append("<section id=\"requests-per-day\"><h2>Requests per day</h2>");
        if (page.Documents is not { } documents)
        {
            html.Append("<p class=\"note\">").Append(E(page.DocumentsNote ?? "The cluster's indices were not read.")).Append("</p></section>\n");
            return;
        }
        if (documents.Days.Count > 0)
        {
            var bars = documents.Days.Select(d => new Bar(d.Day.ToString("MM-dd", CultureInfo.InvariantCulture), d.Documents,
                $"{d.Day:yyyy-MM-dd}: {d.Documents.ToString("N0", CultureInfo.InvariantCulture)} requests")).ToList();
            html.Append(BarChart.Svg(bars, "Requests per day in the indexed data", "requests"));
        }
        html.Append("<table><thead><tr><th>Day (UTC)</th><th>Requests</th></tr></thead><tbody>");
        foreach (var (day, count) in documents.Days)
            html.Append("<tr><td>").Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">").Append(N(count)).Append("</td></tr>");
        foreach (var (index, count) in documents.Others)
            html.Append("<tr class=\"other\"><td>").Append(E(index)).Append("</td><td class=\"num\">").Append(N(count)).Append("</td></tr>");
        html.Append("</tbody><tfoot><tr><th>All</th><td class=\"num\" data-field=\"documents\">")
            .Append(N(documents.Days.Sum(d => d.Documents) + documents.Others.Sum(o => o.Documents))).Append("</td></tr></tfoot></table>");
        html.Append("<p class=\"note\">").Append(E(page.DocumentsNote ?? "Documents per daily index in the cluster.")).Append("</p></section>\n");
    }

    private static void Chunks(StringBuilder html, RunReport r)
    {
        html.Append("<section id=\"chunks\"><h2>Chunks</h2><table><thead><tr><th>Source</th><th>#</th><th>Status</th><th>First line</th><th>Lines</th><th>Indexed</th><th>Dead letters</th><th>Requests</th><th>Attempts</th><th>Seconds</th><th>Finished (UTC)</th><th>Chunk / error</th></tr></thead><tbody>");
        foreach (var c in r.Chunks)
        {
            var failed = c.Status != ChunkOutcome.Succeeded;
            html.Append(failed ? "<tr class=\"failed\">" : "<tr>")
                .Append("<td>").Append(E(c.Source)).Append("</td><td class=\"num\">").Append(c.ChunkIndex.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(E(c.Status)).Append("</td>");
            Cells(html, c.FirstLine, c.Lines, c.Indexed, c.DeadLettered, c.Requests, c.Attempts);
            html.Append("<td class=\"num\">").Append(c.Seconds.ToString("0.00", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(c.FinishedAt is { } f ? E(f.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)) : "")
                .Append("</td><td class=\"key\">").Append(E(c.ChunkKey));
            if (c.Error is not null) html.Append("<div class=\"error\">").Append(E(c.Error)).Append("</div>");
            html.Append("</td></tr>");
        }
        html.Append("</tbody></table><p class=\"note\">Requests and attempts count every send of a chunk in this run (a retry, the resend, a redrive); indexed, dead letters and seconds are its latest send's.</p></section>\n");
    }

    private static void Item(StringBuilder html, string term, string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return;
        html.Append("<dt>").Append(E(term)).Append("</dt><dd data-field=\"").Append(field).Append("\">").Append(E(value)).Append("</dd>");
    }

    private static void Figure(StringBuilder html, string label, long value, string field, bool warn = false) =>
        html.Append(warn ? "<tr class=\"warn\">" : "<tr>").Append("<th>").Append(E(label)).Append("</th><td class=\"num\" data-field=\"")
            .Append(field).Append("\">").Append(N(value)).Append("</td></tr>");

    private static void Cells(StringBuilder html, params long[] values)
    {
        foreach (var value in values) html.Append("<td class=\"num\">").Append(N(value)).Append("</td>");
    }

    private static string StatusClass(string status, RunTotals t) =>
        status is "SUCCEEDED" or "COMPLETE" && t.ChunksFailed == 0 ? "ok" : status is "RUNNING" ? "running" : "bad";

    private static string E(string? text) => HtmlText.Encode(text);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        < 3600 => span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min",
        _ => span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private const string Css = """
        body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1d2430}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dde6;padding-bottom:4px}
        .status{display:inline-block;font-weight:600;padding:2px 10px;border-radius:4px;margin:0}
        .status.ok{background:#dcf3e3;color:#14532d}.status.bad{background:#fde2e1;color:#7f1d1d}.status.running{background:#e0ecff;color:#1e3a8a}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}dt{color:#5b6474}dd{margin:0;word-break:break-all}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:3px 8px;border-bottom:1px solid #eef0f4;text-align:left;vertical-align:top}
        thead th{background:#f4f6f9;font-weight:600}.num{text-align:right;white-space:nowrap}table.figures{width:auto}
        tr.failed td,tr.warn td,tr.warn th{background:#fff4f2}.error{color:#9b1c1c;font-size:12px}.key,.url{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
        tr.other td{color:#5b6474}.ok{color:#14532d}.bad{color:#9b1c1c;font-weight:600}.note{color:#5b6474;font-size:13px}
        svg.chart{max-width:100%;height:auto}.bar{fill:#3b6fd8}.bar:hover{fill:#1e40af}.grid{stroke:#eef0f4}.axis-line{stroke:#9aa3b2}.axis{font-size:11px;fill:#5b6474}
        footer{margin:32px 0 8px;color:#8a93a3;font-size:12px}
        """;
}
