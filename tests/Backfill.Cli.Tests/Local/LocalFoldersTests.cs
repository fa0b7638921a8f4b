using System.CommandLine;
using System.Text.Json.Nodes;
using Backfill.Cli.Local;
using Backfill.Core.Samples;
using Backfill.Core.Staging;
using Backfill.Local.OpenSearch;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Local;

/// <summary>
/// `backfill redrive` and `backfill rerun-failed` of a local execution kept in other folders than the defaults:
/// --executions and --opensearch-data, as `backfill run` takes them.
/// </summary>
public sealed class LocalFoldersTests : IDisposable
{
    private readonly TempDirectory _dir = new("local-folders");
    private ChunkFaultTransport? _faults;
    private List<ManifestRow>? _rows;

    public void Dispose() => _dir.Dispose();

    private string Executions => _dir.Combine("my-executions");
    private string OpenSearchData => _dir.Combine("my-opensearch");

    private string? ChunkOfLine(string sourceId, long line)
    {
        _rows ??= ManifestJson.Parse(File.ReadAllBytes(_dir.Combine("store", "r1", "manifests", "jul.jsonl")), "jul");
        return _rows.FirstOrDefault(r => r.SourceId == sourceId && line >= r.FirstLine && line < r.FirstLine + r.LineCount)?.ChunkKey;
    }

    /// <summary>A failed execution "failed" in the custom folders: one chunk of "jul" is refused on every send.</summary>
    private async Task<long> FailedExecutionAsync()
    {
        var victim = new StagingLayout("", "r1").Chunk("jul", 1, Backfill.Core.Input.ChunkCompression.None);
        using var backfill = new LocalBackfill(TestRunOptions.Create(Executions, OpenSearchData, inner =>
        {
            _faults ??= new ChunkFaultTransport(inner, ChunkOfLine);
            _faults.FailingChunks[victim] = true;
            return _faults;
        }));
        var input = new JsonObject
        {
            ["runId"] = "r1",
            ["sources"] = new JsonArray(new JsonObject { ["name"] = "jul", ["url"] = NasaLikeLogGenerator.EnsureGzip(_dir.Combine("jul.gz"), NasaLogProfile.Sample) }),
            ["staging"] = new JsonObject { ["root"] = _dir.Combine("store"), ["chunkBytes"] = 64 * 1024 },
            ["opensearch"] = new JsonObject { ["endpoint"] = "embedded", ["bulkBytes"] = 32 * 1024, ["maxAttempts"] = 2, ["maxRetrySeconds"] = 5 },
        };
        var failed = await backfill.StartAsync(input, "test", "failed", null, CancellationToken.None);
        Assert.Equal("FAILED", failed.Execution.Status);
        Assert.Equal(1, failed.Report!.Totals.ChunksFailed);
        return failed.Report.Totals.DeadLettered;
    }

    [Theory]
    [InlineData("redrive")]
    [InlineData("rerun-failed")]
    public async Task Continues_an_execution_kept_in_the_folders_given_and_with_the_defaults_says_where_it_looked(string command)
    {
        var deadLettered = await FailedExecutionAsync();

        var defaults = await CliRunner.RunAsync(command, "failed");

        Assert.Equal(ExitCodes.UsageError, defaults.Exit);
        Assert.Contains($"execution \"failed\" was not found in {Path.GetFullPath(".backfill/executions")}", defaults.Error);
        Assert.Contains("--executions", defaults.Error);

        string[] named = command == "rerun-failed" ? ["--name", "again"] : [];
        var (exit, output, error) = await CliRunner.RunAsync([command, "failed", "--executions", Executions, "--opensearch-data", OpenSearchData, .. named]);

        Assert.True(exit == 0, output + error);
        Assert.Contains("SUCCEEDED", output);
        var list = await CliRunner.RunAsync("executions", "list", "--executions", Executions, "--output", "json");
        var executions = JsonNode.Parse(list.Out)!.AsArray().Select(e => (Name: e!["name"]!.GetValue<string>(), Status: e["status"]!.GetValue<string>())).ToList();
        if (command == "redrive")
            Assert.Equal([("failed", "SUCCEEDED")], executions);
        else
            Assert.Equal([("failed", "FAILED"), ("again", "SUCCEEDED")], executions);
        // The re-sent chunk went into the embedded data given, which now holds every line that was not dead-lettered.
        using var embedded = EmbeddedOpenSearch.Open(OpenSearchData);
        var rerunDeadLettered = command == "redrive" ? 0 : DeadLetteredInRerun();
        Assert.Equal(NasaLogProfile.Sample.Lines - deadLettered - rerunDeadLettered, embedded.Count("nasa-logs-*"));
    }

    /// <summary>Dead letters of the re-run's own run (its report).</summary>
    private long DeadLetteredInRerun()
    {
        var run = Directory.EnumerateDirectories(_dir.Combine("store")).Single(d => Path.GetFileName(d).StartsWith("r1-rerun-", StringComparison.Ordinal));
        return JsonNode.Parse(File.ReadAllText(Path.Combine(run, "report.json")))!["totals"]!["deadLettered"]!.GetValue<long>();
    }

    [Theory]
    [InlineData("redrive")]
    [InlineData("rerun-failed")]
    public void Takes_the_folder_options_with_the_names_defaults_and_descriptions_of_run(string command)
    {
        var root = BackfillCli.Build();
        var run = root.Subcommands.Single(c => c.Name == "run");
        var other = root.Subcommands.Single(c => c.Name == command);
        foreach (var name in new[] { "--executions", "--opensearch-data" })
        {
            var expected = run.Options.Single(o => o.Name == name);
            var actual = other.Options.Single(o => o.Name == name);
            Assert.Equal(expected.Description, actual.Description);
            Assert.Equal(root.Parse(["run", "--input", "x"]).GetValue<string>(name), root.Parse([command, "x"]).GetValue<string>(name));
        }
    }
}
