using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Cli.Bench;

/// <summary>Writes a bench run as results.md (a markdown table), results.json and throughput.svg.</summary>
public static class BenchReport
{
    public const string MarkdownFile = "results.md";
    public const string JsonFile = "results.json";
    public const string ChartFile = "throughput.svg";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the three files into <paramref name="directory"/>; returns the markdown.</summary>
    public static string Write(BenchResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        var markdown = Markdown(results);
        File.WriteAllText(Path.Combine(directory, MarkdownFile), markdown);
        File.WriteAllText(Path.Combine(directory, JsonFile), JsonSerializer.Serialize(results, Json) + "\n");
        File.WriteAllText(Path.Combine(directory, ChartFile), ThroughputChart.Svg(results));
        return markdown;
    }

    public static string Markdown(BenchResults results)
    {
        var md = new StringBuilder();
        md.AppendLine("# backfill bench");
        md.AppendLine();
        md.AppendLine($"- machine: {results.Machine}");
        md.AppendLine($"- command: `{results.Command}`");
        md.AppendLine($"- when: {results.Started:yyyy-MM-dd HH:mm} to {results.Finished:HH:mm} UTC; 1-minute load average {Load(results.LoadAverageAtStart)} at the start, {Load(results.LoadAverageAtEnd)} at the end");
        if (results.Quick) md.AppendLine("- **quick mode**: 1/100 of the real data sizes; the figures only show that every stage runs, not how fast it is.");
        md.AppendLine();
        md.AppendLine("| stage | measure | value | range (n) | target | met | load | command | machine | notes |");
        md.AppendLine("| --- | --- | ---: | --- | --- | --- | ---: | --- | --- | --- |");
        foreach (var f in results.Figures)
        {
            var range = f.Samples > 1 ? $"{Format(f.Min)}–{Format(f.Max)} ({f.Samples})" : "(1)";
            var met = f.MeetsTarget switch { true => "yes", false => "**no**", null => "" };
            md.AppendLine($"| {Cell(f.Stage)} | {Cell(f.Measure)} | {Format(f.Value)} {f.Unit} | {range} | {Cell(f.Target ?? "")} | {met} | {Load(f.LoadAverage)} | `{Cell(f.Command)}` | {Cell(f.Machine)} | {Cell(f.Notes ?? "")} |");
        }
        return md.ToString();
    }

    /// <summary>Three significant figures, thousands separated (1,234,567 · 812 · 3.46 · 0.123).</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "n/a";
        var magnitude = Math.Abs(value);
        var format = magnitude >= 100 ? "N0" : magnitude >= 10 ? "N1" : magnitude >= 1 ? "N2" : "N3";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    private static string Load(double? load) => load is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
