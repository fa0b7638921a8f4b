using System.Text.Json.Nodes;
using System.Xml.Linq;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests;

public class BenchCommandTests
{
    // Every figure the issue asks for: split against gzip -dc, peak RSS at 1× and 4×, grok + date per core, NDJSON
    // per core, one sender over HTTP, the full run's wall time, CPU and peak RSS against gzip -dc of both archives.
    private static readonly string[] FigureIds =
    [
        "gzip.jul95.throughput", "split.jul95.throughput", "split.jul95.peak-rss", "split.jul95x4.peak-rss",
        "ingest.grok-date.rate", "ingest.nasa.rate", "ndjson.rate", "embedded.bulk.rate", "sender.http.none", "sender.http.nasa",
        "gzip.both.wall", "run.wall", "run.cpu", "run.peak-rss",
    ];

    [Fact]
    public async Task Quick_bench_writes_a_table_json_and_chart_naming_the_machine_and_command_of_every_figure()
    {
        using var dir = new TempDirectory("bench");
        var outDir = dir.Combine("out");

        var (exit, output, error) = await CliRunner.RunAsync("bench", "--quick", "--out", outDir, "--data", dir.Combine("data"));

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")))!;
        var machine = json["machine"]!;
        Assert.True(machine["cores"]!.GetValue<int>() > 0);
        Assert.True(machine["memoryBytes"]!.GetValue<long>() > 0);
        Assert.False(string.IsNullOrWhiteSpace(machine["cpu"]!.GetValue<string>()));
        Assert.Contains(".NET", machine["runtime"]!.GetValue<string>());
        Assert.StartsWith("backfill bench --quick", json["command"]!.GetValue<string>());
        Assert.True(json["quick"]!.GetValue<bool>());

        var figures = json["figures"]!.AsArray().ToDictionary(f => f!["id"]!.GetValue<string>(), f => f!);
        var missingGzip = FigureIds.Where(id => id.StartsWith("gzip.") && !figures.ContainsKey(id)).ToList();
        Assert.True(missingGzip.Count == 0, $"no gzip -dc baseline figures ({string.Join(", ", missingGzip)}): install gzip (apt-get install gzip)\n{error}");
        foreach (var id in FigureIds)
        {
            Assert.True(figures.ContainsKey(id), $"figure {id} missing from results.json");
            var figure = figures[id];
            var value = figure["value"]!.GetValue<double>();
            Assert.True(value > 0 && double.IsFinite(value), $"{id}: value {value}");
            Assert.False(string.IsNullOrWhiteSpace(figure["unit"]!.GetValue<string>()), id);
            Assert.False(string.IsNullOrWhiteSpace(figure["command"]!.GetValue<string>()), id);
            Assert.Contains(machine["cpu"]!.GetValue<string>(), figure["machine"]!.GetValue<string>());
            Assert.Null(figure["meetsTarget"]); // quick data is too small to judge a target
        }
        Assert.StartsWith("backfill split --source", figures["split.jul95.throughput"]["command"]!.GetValue<string>());
        Assert.StartsWith("backfill run --input", figures["run.wall"]["command"]!.GetValue<string>());
        Assert.StartsWith("gzip -dc", figures["gzip.both.wall"]["command"]!.GetValue<string>());
        Assert.Equal("lines/s per core", figures["ingest.grok-date.rate"]["unit"]!.GetValue<string>());
        Assert.Equal("MB/s per core", figures["ndjson.rate"]["unit"]!.GetValue<string>());

        // The markdown table: printed and written, one row per figure, each naming its command and machine.
        var markdown = File.ReadAllText(Path.Combine(outDir, "results.md"));
        Assert.Contains("| stage | measure | value | range (n) | target | met | load | command | machine | notes |", markdown);
        Assert.Contains(markdown.Trim(), output);
        var rows = markdown.Split('\n').Where(l => l.StartsWith("| ") && !l.StartsWith("| stage") && !l.StartsWith("| ---")).ToList();
        Assert.Equal(figures.Count, rows.Count);
        Assert.All(rows, row => Assert.Contains(machine["cpu"]!.GetValue<string>(), row));

        // The chart: one self-contained SVG with a bar per throughput figure.
        var svg = XDocument.Parse(File.ReadAllText(Path.Combine(outDir, "throughput.svg")));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var bars = svg.Descendants(ns + "rect").Where(r => r.Element(ns + "title") is not null).ToList();
        var withRate = json["figures"]!.AsArray().Count(f => f!["logMegabytesPerSecond"] is not null);
        Assert.Equal(withRate, bars.Count);
        Assert.True(bars.Count >= 8, $"only {bars.Count} bars");
        Assert.DoesNotContain("href", svg.ToString());

        // The data is kept for the next run.
        Assert.True(File.Exists(dir.Combine("data", "NASA_like_Jul95_quick.log.gz")));
    }

    [Fact]
    public async Task Only_measures_the_groups_asked_for()
    {
        using var dir = new TempDirectory("bench-only");
        var (exit, output, error) = await CliRunner.RunAsync("bench", "--quick", "--only", "stages", "--out", dir.Combine("out"), "--data", dir.Combine("data"));

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var ids = JsonNode.Parse(File.ReadAllText(dir.Combine("out", "results.json")))!["figures"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["ingest.grok-date.rate", "ingest.nasa.rate", "ndjson.rate", "embedded.bulk.rate"], ids);
    }

    [Fact]
    public async Task An_unknown_group_is_a_usage_error()
    {
        var (exit, _, error) = await CliRunner.RunAsync("bench", "--quick", "--only", "stages,everything");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--only everything: expected one of split, stages, sender, run", error);
    }

    [Fact]
    public async Task A_repeat_count_out_of_range_is_a_usage_error()
    {
        var (exit, _, error) = await CliRunner.RunAsync("bench", "--quick", "--repeat", "0");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--repeat 0: expected a whole number from 1 to 20", error);
    }
}
