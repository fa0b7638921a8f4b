using System.Text.Json.Nodes;
using Backfill.Cli.Local;
using Backfill.Core.OpenSearch;
using Backfill.Core.Samples;
using Backfill.Core.Staging;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Local;

/// <summary>
/// The real definition, handlers and embedded OpenSearch, end to end on generated NASA-like data: nothing lost,
/// nothing duplicated, failed chunks found exactly and re-sent alone by rerun-failed and by redrive.
/// </summary>
public sealed class LocalRunTests : IDisposable
{
    private readonly TempDirectory _dir = new("local-run");
    private ChunkFaultTransport? _faults;
    private List<ManifestRow> _rows = [];

    public void Dispose() => _dir.Dispose();

    private JsonObject Input(string runId) => new()
    {
        ["runId"] = runId,
        ["sources"] = new JsonArray(
            new JsonObject { ["name"] = "jul", ["url"] = NasaLikeLogGenerator.EnsureGzip(_dir.Combine("jul.gz"), NasaLogProfile.Sample.Scaled(5)) },
            new JsonObject { ["name"] = "aug", ["url"] = NasaLikeLogGenerator.EnsureGzip(_dir.Combine("aug.gz"), NasaLogProfile.Sample with { Name = "aug", Month = 8, Seed = 7 }) }),
        ["staging"] = new JsonObject { ["root"] = _dir.Combine("store"), ["chunkBytes"] = 64 * 1024 },
        ["opensearch"] = new JsonObject { ["endpoint"] = "embedded", ["bulkBytes"] = 32 * 1024, ["maxAttempts"] = 2, ["maxRetrySeconds"] = 5, ["senders"] = 3 },
    };

    private LocalBackfill Backfill()
        => new(TestRunOptions.Create(_dir.Combine("executions"), _dir.Combine("opensearch"), inner => _faults ??= new ChunkFaultTransport(inner, ChunkOfLine)));

    private string? ChunkOfLine(string sourceId, long line) =>
        _rows.FirstOrDefault(r => r.SourceId == sourceId && line >= r.FirstLine && line < r.FirstLine + r.LineCount)?.ChunkKey;

    private List<ManifestRow> Manifest(string runId, string source) =>
        ManifestJson.Parse(File.ReadAllBytes(_dir.Combine("store", runId, "manifests", source + ".jsonl")), source);

    [Fact]
    public async Task Every_line_is_indexed_or_dead_lettered_and_a_second_run_duplicates_nothing()
    {
        using var backfill = Backfill();
        var first = await backfill.StartAsync(Input("r1"), "test input", null, new RunProgress(), CancellationToken.None);

        Assert.True(first.Succeeded, $"{first.Execution.Error}: {first.Execution.Cause}");
        var totals = first.Report!.Totals;
        var lines = NasaLogProfile.Sample.Scaled(5).Lines + NasaLogProfile.Sample.Lines;
        Assert.Equal(lines, totals.LinesPlanned);
        Assert.Equal(lines, totals.LinesRead);
        Assert.Equal(totals.LinesRead, totals.Indexed + totals.DeadLettered);
        Assert.Equal(0, totals.ChunksFailed);
        Assert.Equal(totals.Indexed, backfill.Embedded.Count("nasa-logs-*"));
        Assert.Contains(backfill.Embedded.Indices(), i => i.Index == "nasa-logs-1995-07-01");
        Assert.Contains(backfill.Embedded.Indices(), i => i.Index == "nasa-logs-1995-08-31");

        var second = await backfill.StartAsync(Input("r2"), "test input", null, new RunProgress(), CancellationToken.None);
        Assert.True(second.Succeeded);
        Assert.Equal(totals.Indexed, backfill.Embedded.Count("nasa-logs-*"));
        Assert.Equal("SUCCEEDED", backfill.Executions.GetSummary(first.Execution.Name).Status);
        Assert.Equal(2, backfill.Executions.List().Count);
        Assert.Contains(backfill.Executions.ReadHistory(first.Execution.Name), e => e["type"]!.GetValue<string>() == "MapRunStarted");
    }

    [Fact]
    public async Task Failed_chunks_are_listed_exactly_and_rerun_failed_sends_only_them()
    {
        using var backfill = Backfill();
        // First pass to learn the chunk layout (same keys every run), then fail two chunks of "jul".
        Assert.True((await backfill.StartAsync(Input("probe"), "test", null, null, CancellationToken.None)).Succeeded);
        _rows = Manifest("probe", "jul").Select(r => r with { ChunkKey = r.ChunkKey.Replace("probe/", "r1/") }).ToList();
        var failing = new[] { _rows[1].ChunkKey, _rows[3].ChunkKey };
        foreach (var key in failing) _faults!.FailingChunks[key] = true;
        _faults!.RequestsPerChunk.Clear();

        var failed = await backfill.StartAsync(Input("r1"), "test", null, null, CancellationToken.None);

        Assert.False(failed.Succeeded);
        Assert.Equal(failing.Order(), ManifestJson.Parse(File.ReadAllBytes(_dir.Combine("store", "r1", "failed-chunks.jsonl")), "f").Select(r => r.ChunkKey).Order());

        _faults.FailingChunks.Clear();
        _faults.RequestsPerChunk.Clear();
        var rerun = await backfill.RerunFailedAsync(failed.Execution.Name, null, CancellationToken.None);

        Assert.True(rerun.Succeeded, $"{rerun.Execution.Error}: {rerun.Execution.Cause}");
        Assert.Equal(failing.Order(), _faults.RequestsPerChunk.Keys.Order());
        Assert.Equal(2, rerun.Report!.Totals.Chunks);
        Assert.Equal(failed.Execution.Name, rerun.Execution.RerunOf);
        var lines = NasaLogProfile.Sample.Scaled(5).Lines + NasaLogProfile.Sample.Lines;
        Assert.Equal(lines - failed.Report!.Totals.DeadLettered - rerun.Report.Totals.DeadLettered, backfill.Embedded.Count("nasa-logs-*"));
    }

    [Fact]
    public async Task Redrive_re_sends_only_the_failed_chunks_of_the_failed_execution()
    {
        using var backfill = Backfill();
        Assert.True((await backfill.StartAsync(Input("probe"), "test", null, null, CancellationToken.None)).Succeeded);
        _rows = Manifest("probe", "jul").Select(r => r with { ChunkKey = r.ChunkKey.Replace("probe/", "r1/") }).ToList();
        var failing = _rows[2].ChunkKey;
        _faults!.FailingChunks[failing] = true;

        var failed = await backfill.StartAsync(Input("r1"), "test", null, null, CancellationToken.None);
        Assert.Equal("FAILED", failed.Execution.Status);

        _faults.FailingChunks.Clear();
        _faults.RequestsPerChunk.Clear();
        var redriven = await backfill.RedriveAsync(failed.Execution.Name, null, CancellationToken.None);

        Assert.True(redriven.Succeeded, $"{redriven.Execution.Error}: {redriven.Execution.Cause}");
        Assert.Equal(1, redriven.Execution.RedriveCount);
        Assert.Equal([failing], _faults.RequestsPerChunk.Keys);
        Assert.Equal(0, redriven.Report!.Totals.ChunksFailed);
        var t = redriven.Report.Totals;
        Assert.Equal(t.LinesPlanned, t.Indexed + t.DeadLettered);
    }
}
