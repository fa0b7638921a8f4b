using Backfill.Core.Input;
using Backfill.Core.Reporting;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Reporting;

/// <summary>report.json from a plan, per-chunk outcomes and the run's source list.</summary>
public sealed class RunSummarizerTests : IDisposable
{
    private readonly TempDirectory _dir = new("summarizer");
    private readonly LocalDirectoryObjectStore _store;
    private readonly StagingLayout _layout = new("", "r1");

    public RunSummarizerTests() => _store = new LocalDirectoryObjectStore(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private static ManifestRow Row(string source, int index, long first, long lines) =>
        new($"r1/chunks/{source}/{index:D6}.log", source, $"file:///data/{source}.gz", "id-" + source, index, first, lines, lines * 100, $"sha-{source}-{index}", "none");

    private async Task PlanAsync(params ManifestRow[] rows) => await _store.PutAsync(_layout.Plan, ManifestJson.Serialize(rows));

    private Task SentAsync(ManifestRow row, long requests, int attempts, long dead = 0) => new ChunkOutcomeStore(_store, _layout).WriteAsync(new ChunkOutcome
    {
        ChunkKey = row.ChunkKey,
        Source = row.Source,
        ChunkIndex = row.ChunkIndex,
        Sha256 = row.Sha256,
        Status = ChunkOutcome.Succeeded,
        LinesRead = row.LineCount,
        Indexed = row.LineCount - dead,
        DeadLettered = dead,
        Requests = requests,
        RetriedItems = 5 * (attempts - 1),
        Attempts = attempts,
    });

    [Fact]
    public async Task Every_listed_source_is_reported_in_input_order_an_empty_one_with_no_chunks_and_its_redacted_url()
    {
        var jul = Row("jul", 0, 1, 1000);
        await PlanAsync(jul);
        await SentAsync(jul, requests: 7, attempts: 3, dead: 4);
        await RunSources.WriteAsync(_store, _layout, [
            new SourceSpec("empty", "ftp://anonymous:S3cret@ftp.example.org/pub/empty.gz"),
            new SourceSpec("jul", "file:///data/jul.gz"),
            new SourceSpec("signed", "https://bucket.example.org/aug.gz?X-Amz-Signature=abc&X-Amz-Credential=k"),
        ]);

        var report = await new RunSummarizer(_store, _layout).SummarizeAsync();

        Assert.Equal(["empty", "jul", "signed"], report.Sources.Select(s => s.Source));
        Assert.Equal(new SourceReport("empty", "ftp://ftp.example.org/pub/empty.gz", 0, 0, 0, 0, 0), report.Sources[0]);
        Assert.Equal(new SourceReport("jul", "file:///data/jul.gz", 1, 0, 1000, 996, 4), report.Sources[1]);
        Assert.Equal(new SourceReport("signed", "https://bucket.example.org/aug.gz?<redacted>", 0, 0, 0, 0, 0), report.Sources[2]);
        var text = System.Text.Encoding.UTF8.GetString(await _store.ReadAllBytesAsync(_layout.Report));
        Assert.DoesNotContain("S3cret", text);
        Assert.DoesNotContain("abc", text);
        Assert.Equal(0, report.Totals.ChunksFailed);
    }

    [Fact]
    public async Task Without_a_source_list_the_sources_are_those_of_the_plan()
    {
        var jul = Row("jul", 0, 1, 10);
        var aug = Row("aug", 0, 1, 20);
        await PlanAsync(jul, aug);

        var report = await new RunSummarizer(_store, _layout).SummarizeAsync();

        Assert.Equal(["jul", "aug"], report.Sources.Select(s => s.Source));
        Assert.All(report.Sources, s => Assert.Equal(1, s.ChunksFailed));
    }

    [Fact]
    public async Task A_source_in_the_plan_but_not_in_the_list_is_still_reported_after_the_listed_ones()
    {
        var jul = Row("jul", 0, 1, 10);
        await PlanAsync(jul);
        await SentAsync(jul, requests: 1, attempts: 1);
        await RunSources.WriteAsync(_store, _layout, [new SourceSpec("aug", "file:///data/aug.gz")]);

        var report = await new RunSummarizer(_store, _layout).SummarizeAsync();

        Assert.Equal(["aug", "jul"], report.Sources.Select(s => s.Source));
        Assert.Equal(1, report.Sources[1].Chunks);
    }

    [Fact]
    public async Task Chunks_and_totals_carry_the_requests_retries_and_attempts_of_every_send()
    {
        var first = Row("jul", 0, 1, 100);
        var second = Row("jul", 1, 101, 100);
        await PlanAsync(first, second);
        await SentAsync(first, requests: 9, attempts: 3);
        await SentAsync(second, requests: 2, attempts: 1);

        var report = await new RunSummarizer(_store, _layout).SummarizeAsync();

        Assert.Equal([(9L, 10L, 3), (2L, 0L, 1)], report.Chunks.Select(c => (c.Requests, c.RetriedItems, c.Attempts)));
        Assert.Equal((11L, 10L), (report.Totals.Requests, report.Totals.RetriedItems));
        Assert.Equal(report.Totals.LinesPlanned, report.Totals.Indexed + report.Totals.DeadLettered);
    }

    [Fact]
    public async Task An_outcome_for_other_bytes_lends_the_chunk_none_of_its_figures()
    {
        var row = Row("jul", 0, 1, 100);
        await PlanAsync(row);
        await SentAsync(row with { Sha256 = "older" }, requests: 4, attempts: 2);

        var report = await new RunSummarizer(_store, _layout).SummarizeAsync();

        var chunk = Assert.Single(report.Chunks);
        Assert.Equal(ChunkOutcome.Failed, chunk.Status);
        Assert.Equal((0L, 0L, 0L, 0), (chunk.Indexed, chunk.Requests, chunk.RetriedItems, chunk.Attempts));
    }

    [Fact]
    public async Task An_unreadable_source_list_is_an_error_naming_it()
    {
        await PlanAsync(Row("jul", 0, 1, 10));
        await _store.PutAsync(RunSources.Key(_layout), "{\"name\":1}"u8.ToArray());

        var e = await Assert.ThrowsAsync<Errors.BackfillException>(() => new RunSummarizer(_store, _layout).SummarizeAsync());

        Assert.Contains("r1/sources.json", e.Message);
        Assert.Contains("not a list of sources", e.Message);
    }
}
