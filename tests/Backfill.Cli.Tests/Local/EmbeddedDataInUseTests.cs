using System.Diagnostics;
using System.Text.Json.Nodes;
using Backfill.Local.OpenSearch;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Local;

/// <summary>
/// A command that needs the embedded data another store holds (a `backfill serve`, another run) stops with one line
/// naming the directory and a non-zero exit, before it records anything.
/// </summary>
public sealed class EmbeddedDataInUseTests : IDisposable
{
    private readonly TempDirectory _dir = new("embedded-in-use");

    public void Dispose() => _dir.Dispose();

    private string Data => _dir.Combine("opensearch");

    [Fact]
    public async Task Run_into_embedded_data_held_by_another_store_fails_naming_it_and_records_no_execution()
    {
        var input = _dir.Combine("input.json");
        File.WriteAllText(input, new JsonObject
        {
            ["runId"] = "r1",
            ["sources"] = new JsonArray(new JsonObject { ["name"] = "sample", ["url"] = Path.Combine(RepoPaths.DataSamples, "nasa-sample.log.gz") }),
            ["staging"] = new JsonObject { ["root"] = _dir.Combine("store") },
        }.ToJsonString());
        using var held = EmbeddedOpenSearch.Open(Data); // as a running `backfill serve --data` would hold it

        var (exit, output, error) = await CliRunner.RunAsync("run", "--input", input, "--name", "blocked", "--definition", Path.Combine(RepoPaths.StateMachine, "backfill.asl.json"),
            "--executions", _dir.Combine("executions"), "--opensearch-data", Data);

        Assert.Equal(ExitCodes.UsageError, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"backfill: error: embedded OpenSearch data directory {Data} is in use by another backfill process (backfill run, serve or report); expected it to be free: wait for that process to end, or give another --opensearch-data", line.TrimEnd('\r'));
        Assert.DoesNotContain("SUCCEEDED", output);
        Assert.False(Directory.Exists(_dir.Combine("executions", "blocked")), "no execution may be recorded when the data is in use");
    }

    [Fact]
    public async Task A_serve_process_on_data_this_process_holds_exits_non_zero_with_one_line()
    {
        using var held = EmbeddedOpenSearch.Open(Data);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "backfill.dll"), "serve", "--data", Data, "--port", FreePort.Next().ToString() })
            start.ArgumentList.Add(arg);
        using var serve = Process.Start(start)!;
        var stdout = serve.StandardOutput.ReadToEndAsync();
        var stderr = serve.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await serve.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            serve.Kill();
            Assert.Fail($"backfill serve kept running on data another process holds: {await stdout}");
        }

        Assert.Equal(ExitCodes.UsageError, serve.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"embedded OpenSearch data directory {Data} is in use by another backfill process", line);
        Assert.DoesNotContain("listening", await stdout);
    }
}
