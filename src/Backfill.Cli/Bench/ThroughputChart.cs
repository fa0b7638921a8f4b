using System.Globalization;
using System.Net;
using System.Text;

namespace Backfill.Cli.Bench;

/// <summary>
/// A self-contained SVG bar chart of the throughput figures, all expressed in one unit — MB/s of uncompressed log
/// lines each stage gets through — so stages measured in lines, bytes or documents can stand side by side.
/// </summary>
public static class ThroughputChart
{
    private const int Width = 1000, Left = 400, Right = 230, Bar = 22, Gap = 10, Top = 74;

    public static string Svg(BenchResults results)
    {
        var bars = results.Figures.Where(f => f.LogMegabytesPerSecond is > 0 && !double.IsInfinity(f.LogMegabytesPerSecond.Value)).ToList();
        var max = bars.Count == 0 ? 1 : bars.Max(f => f.LogMegabytesPerSecond!.Value);
        var height = Top + bars.Count * (Bar + Gap) + 40;
        var plot = Width - Left - Right;
        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(Invariant($"<rect width=\"{Width}\" height=\"{height}\" fill=\"#ffffff\"/>"));
        svg.AppendLine($"<text x=\"12\" y=\"22\" font-size=\"16\" font-weight=\"bold\">Throughput per stage (MB/s of uncompressed log){(results.Quick ? " — quick mode, indicative only" : "")}</text>");
        svg.AppendLine($"<text x=\"12\" y=\"42\" fill=\"#555\">{Escape(results.Machine.ToString())}</text>");
        svg.AppendLine($"<text x=\"12\" y=\"58\" fill=\"#555\">{Escape(results.Command)} · {results.Started:yyyy-MM-dd HH:mm} UTC · load {results.LoadAverageAtStart?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"}</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var f = bars[i];
            var y = Top + i * (Bar + Gap);
            var w = Math.Max(1, plot * f.LogMegabytesPerSecond!.Value / max);
            var color = f.Stage.StartsWith("gzip", StringComparison.Ordinal) ? "#9e9e9e" : f.MeetsTarget == false ? "#d9534f" : "#3b7dd8";
            svg.AppendLine(Invariant($"<text x=\"{Left - 8}\" y=\"{y + 15}\" text-anchor=\"end\">{Escape(Label(f))}</text>"));
            svg.AppendLine(Invariant($"<rect x=\"{Left}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{Bar}\" fill=\"{color}\"><title>{Escape($"{f.Id}: {BenchReport.Format(f.Value)} {f.Unit} — {f.Command}")}</title></rect>"));
            var native = f.Unit == "MB/s" ? "" : $" · {BenchReport.Format(f.Value)} {f.Unit}";
            svg.AppendLine(Invariant($"<text x=\"{Left + w + 6:0.#}\" y=\"{y + 15}\">{Escape($"{BenchReport.Format(f.LogMegabytesPerSecond.Value)} MB/s{native}")}</text>"));
        }
        svg.AppendLine(Invariant($"<text x=\"12\" y=\"{height - 14}\" fill=\"#555\">grey: gzip -dc baseline · red: target missed · per-core stages divide by one thread's CPU time, the others by wall time</text>"));
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Label(BenchFigure f)
    {
        var stage = f.Stage.Length > 62 ? f.Stage[..61] + "…" : f.Stage;
        return f.Measure == "throughput" ? stage : $"{stage} ({f.Measure})";
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
