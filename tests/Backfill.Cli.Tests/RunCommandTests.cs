using System.Text.Json.Nodes;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests;

public class RunCommandTests
{
    [Fact]
    public async Task Runs_the_sample_then_lists_and_shows_the_execution_and_its_history()
    {
        using var dir = new TempDirectory("cli-run");
        var input = dir.Combine("input.json");
        File.WriteAllText(input, new JsonObject
        {
            ["runId"] = "sample",
            ["sources"] = new JsonArray(new JsonObject { ["name"] = "sample", ["url"] = Path.Combine(RepoPaths.DataSamples, "nasa-sample.log.gz") }),
            ["staging"] = new JsonObject { ["root"] = dir.Combine("store"), ["chunkBytes"] = 65536 },
        }.ToJsonString());
        string[] state = ["--executions", dir.Combine("executions")];

        var (exit, output, error) = await CliRunner.RunAsync(["run", "--input", input, "--name", "first", "--opensearch-data", dir.Combine("os"), .. state]);

        Assert.True(exit == 0, output + error);
        Assert.Contains("execution  first  SUCCEEDED", output);
        Assert.Matches(@"total\s+4\s+0\s+2,000\s+\d[\d,]*\s+\d+", output);

        var list = await CliRunner.RunAsync(["executions", "list", .. state]);
        Assert.Contains("first", list.Out);
        var show = await CliRunner.RunAsync(["executions", "show", "first", .. state]);
        Assert.Contains("status     SUCCEEDED", show.Out);
        var history = await CliRunner.RunAsync(["executions", "history", "first", "--output", "json", .. state]);
        var events = JsonNode.Parse(history.Out)!["events"]!.AsArray();
        Assert.Equal("ExecutionStarted", events[0]!["type"]!.GetValue<string>());
        Assert.Equal("ExecutionSucceeded", events[^1]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_input_is_a_usage_error_with_every_path_and_creates_no_execution()
    {
        using var dir = new TempDirectory();
        var input = dir.Combine("bad.json");
        File.WriteAllText(input, """{"runId": "x", "sources": [{"name": "a", "url": "gopher://h/x"}], "opensearch": {"bulkBytes": 1}}""");

        var (exit, _, error) = await CliRunner.RunAsync("run", "--input", input, "--executions", dir.Combine("executions"));

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("$.sources[0].url: scheme \"gopher\" is not supported", error);
        Assert.Contains("$.opensearch.bulkBytes: 1 is out of range", error);
        Assert.False(Directory.Exists(dir.Combine("executions")) && Directory.EnumerateDirectories(dir.Combine("executions")).Any());
    }

    [Fact]
    public async Task A_missing_input_file_names_the_file()
    {
        var (exit, _, error) = await CliRunner.RunAsync("run", "--input", "/nonexistent/input.json");
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--input /nonexistent/input.json: file not found", error);
    }

    [Fact]
    public void A_password_in_a_source_url_is_warned_about_without_being_printed()
    {
        var input = JsonNode.Parse("""{"sources":[{"name":"a","url":"ftp://anonymous@h/x.gz"},{"name":"b","url":"ftp://bob:Hunter2@h/x.gz"}]}""")!;
        var error = new StringWriter();
        Commands.RunCommand.WarnAboutUrlCredentials(input, new CommandContext(new StringWriter(), error));
        var text = error.ToString();
        Assert.Contains("$.sources[1].url carries a password", text);
        Assert.DoesNotContain("$.sources[0]", text);
        Assert.DoesNotContain("Hunter2", text);
    }
}
