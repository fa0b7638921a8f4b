using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Backfill.Cli.Commands;
using Backfill.Core.Reporting;
using Backfill.Core.Samples;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Hosting;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests;

/// <summary>`backfill report`: the HTML page of a local execution, next to report.json or where --out says.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("cli-report");

    public void Dispose() => _dir.Dispose();

    private string Executions => _dir.Combine("executions");
    private string OpenSearchData => _dir.Combine("opensearch");
    private string[] State => ["--executions", Executions, "--opensearch-data", OpenSearchData];

    private async Task RunAsync(string name, string runId, string archive, string endpoint = "embedded")
    {
        var input = _dir.Combine(name + ".json");
        File.WriteAllText(input, new JsonObject
        {
            ["runId"] = runId,
            ["sources"] = new JsonArray(new JsonObject { ["name"] = "jul", ["url"] = archive }),
            ["staging"] = new JsonObject { ["root"] = _dir.Combine("store"), ["chunkBytes"] = 65536 },
            ["opensearch"] = new JsonObject { ["endpoint"] = endpoint, ["bulkBytes"] = 16384 },
        }.ToJsonString());
        var run = await CliRunner.RunAsync(["run", "--input", input, "--name", name, "--definition", Path.Combine(RepoPaths.StateMachine, "backfill.asl.json"), .. State]);
        Assert.True(run.Exit is 0 or 1, run.Out + run.Error);
    }

    private string Sample() => NasaLikeLogGenerator.EnsureGzip(_dir.Combine("jul.gz"), NasaLogProfile.Sample);

    private static XDocument Parse(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static string Field(XDocument page, string field) =>
        page.Descendants().Single(e => (string?)e.Attribute("data-field") == field).Value;

    private async Task<RunReport> ReportJsonAsync(string runId) =>
        (await RunSummarizer.ReadAsync(new LocalDirectoryObjectStore(_dir.Combine("store")), new StagingLayout("", runId)))!;

    [Fact]
    public async Task Writes_report_html_next_to_report_json_with_the_runs_figures_and_prints_its_path()
    {
        await RunAsync("first", "r1", Sample());

        var (exit, output, error) = await CliRunner.RunAsync(["report", "first", .. State]);

        Assert.True(exit == 0, output + error);
        var path = _dir.Combine("store", "r1", "report.html");
        Assert.Equal(path, output.Trim());
        var page = Parse(path);
        var report = await ReportJsonAsync("r1");
        Assert.Equal("SUCCEEDED", Field(page, "status"));
        Assert.Equal("first", Field(page, "execution"));
        Assert.Equal("2,000", Field(page, "lines-read"));
        Assert.Equal(report.Totals.Indexed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Field(page, "indexed"));
        Assert.Equal(report.Totals.Requests.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Field(page, "requests"));
        Assert.Equal(report.Chunks.Count, page.Descendants("section").Single(s => (string?)s.Attribute("id") == "chunks").Descendants("tbody").Single().Elements("tr").Count());
        using (var embedded = EmbeddedOpenSearch.Open(OpenSearchData))
        {
            Assert.Equal(embedded.Count("nasa-logs-*").ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Field(page, "documents"));
            var days = embedded.Indices().Count(i => i.Index.StartsWith("nasa-logs-1995-", StringComparison.Ordinal));
            Assert.Equal(days, page.Descendants("section").Single(s => (string?)s.Attribute("id") == "requests-per-day").Descendants("rect").Count());
        }
        Assert.DoesNotMatch("(src|href)\\s*=\\s*[\"']?https?://", File.ReadAllText(path));
    }

    [Fact]
    public async Task Out_writes_the_page_to_that_file_instead()
    {
        await RunAsync("first", "r1", Sample());
        var out_ = _dir.Combine("pages", "run.html");
        Directory.CreateDirectory(_dir.Combine("pages"));

        var (exit, output, error) = await CliRunner.RunAsync(["report", "first", "--out", out_, .. State]);

        Assert.True(exit == 0, output + error);
        Assert.Equal(out_, output.Trim());
        Assert.Equal("2,000", Field(Parse(out_), "lines-read"));
        Assert.False(File.Exists(_dir.Combine("store", "r1", "report.html")));
    }

    [Fact]
    public async Task Open_hands_the_page_to_the_desktop_and_says_where_it_is_when_that_fails()
    {
        await RunAsync("first", "r1", Sample());
        var opened = new List<string>();
        var previous = ReportCommand.Opener;
        ReportCommand.Opener = path => { opened.Add(path); return "xdg-open is not available"; };
        try
        {
            var (exit, output, error) = await CliRunner.RunAsync(["report", "first", "--open", .. State]);

            Assert.Equal(0, exit);
            var path = _dir.Combine("store", "r1", "report.html");
            Assert.Equal([path], opened);
            Assert.Contains($"could not open the page: xdg-open is not available; open {path} in a browser", error);
        }
        finally
        {
            ReportCommand.Opener = previous;
        }
    }

    [Fact]
    public async Task A_cluster_over_http_is_asked_for_its_daily_indices()
    {
        using var cluster = EmbeddedOpenSearch.Open(_dir.Combine("cluster"));
        await using var host = await EmbeddedOpenSearchHost.StartAsync(cluster, FreePort.Next());
        await RunAsync("remote", "r1", Sample(), host.Address.ToString().TrimEnd('/'));

        var (exit, output, error) = await CliRunner.RunAsync(["report", "remote", .. State]);

        Assert.True(exit == 0, output + error);
        var page = Parse(output.Trim());
        Assert.Equal(cluster.Count("nasa-logs-*").ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Field(page, "documents"));
        Assert.Contains("GET _cat/indices", page.Descendants("section").Single(s => (string?)s.Attribute("id") == "requests-per-day").Value);
        Assert.Equal(host.Address.ToString().TrimEnd('/'), Field(page, "endpoint").TrimEnd('/'));
    }

    [Fact]
    public async Task Embedded_data_held_by_another_process_is_left_alone_and_the_page_says_so()
    {
        await RunAsync("first", "r1", Sample());
        using var busy = EmbeddedOpenSearch.Open(OpenSearchData); // as a running `backfill serve` would hold it
        _ = busy.Count("nasa-logs-*");

        var (exit, output, error) = await CliRunner.RunAsync(["report", "first", .. State]);

        Assert.True(exit == 0, output + error);
        var section = Parse(output.Trim()).Descendants("section").Single(s => (string?)s.Attribute("id") == "requests-per-day");
        Assert.Contains("is in use by another process", section.Value);
        Assert.Empty(section.Descendants("rect"));
    }

    [Fact]
    public async Task An_execution_that_stopped_before_its_report_says_so_with_a_usage_error()
    {
        var broken = _dir.Combine("broken.gz");
        var bytes = File.ReadAllBytes(Sample());
        File.WriteAllBytes(broken, bytes[..(bytes.Length / 2)]);
        await RunAsync("broken", "r1", broken);

        var (exit, _, error) = await CliRunner.RunAsync(["report", "broken", .. State]);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("execution \"broken\" has no report at " + _dir.Combine("store", "r1", "report.json"), error);
        Assert.Contains("FAILED", error);
    }

    [Fact]
    public async Task An_unknown_execution_is_a_usage_error_naming_where_it_looked()
    {
        var (exit, _, error) = await CliRunner.RunAsync(["report", "nope", .. State]);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains($"execution \"nope\" was not found in {Executions}", error);
    }
}
