using System.Text.Json;
using Backfill.Core.Reporting;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Reporting;

/// <summary>
/// Chunk outcomes across attempts in one run: requests, retried items, bytes and attempts add up over every send of
/// the same bytes; lines, dead letters and seconds are the latest send's, so no line is counted twice.
/// </summary>
public sealed class ChunkOutcomeStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("chunk-outcomes");
    private readonly LocalDirectoryObjectStore _store;
    private readonly ChunkOutcomeStore _outcomes;

    public ChunkOutcomeStoreTests()
    {
        _store = new LocalDirectoryObjectStore(_dir.Path);
        _outcomes = new ChunkOutcomeStore(_store, new StagingLayout("p/", "run1"));
    }

    public void Dispose() => _dir.Dispose();

    private static ChunkOutcome Send(string status, long lines, long indexed, long dead, long requests, long retried, long bytes, double seconds, string sha = "sha-a") => new()
    {
        ChunkKey = "p/run1/chunks/jul/000002.log",
        Source = "jul",
        ChunkIndex = 2,
        Sha256 = sha,
        Status = status,
        LinesRead = lines,
        Indexed = indexed,
        DeadLettered = dead,
        Requests = requests,
        RetriedItems = retried,
        BytesSent = bytes,
        Seconds = seconds,
        DeadLetterReasons = dead > 0 ? new() { ["400 mapper_parsing_exception"] = dead } : null,
    };

    private static void AssertStored(ChunkOutcome expected, ChunkOutcome? stored) =>
        Assert.Equal(JsonSerializer.Serialize(expected, BackfillJson.Options), JsonSerializer.Serialize(stored, BackfillJson.Options));

    [Fact]
    public async Task A_first_send_is_one_attempt()
    {
        var recorded = await _outcomes.RecordAsync(Send(ChunkOutcome.Succeeded, 100, 98, 2, 3, 0, 9000, 1.5), continuesStored: false);

        Assert.Equal(1, recorded.Attempts);
        AssertStored(recorded, await _outcomes.ReadAsync("jul", 2));
    }

    [Fact]
    public async Task Sends_after_a_failure_add_their_requests_and_keep_the_latest_lines()
    {
        await _outcomes.RecordAsync(Send(ChunkOutcome.Failed, 40, 40, 0, 5, 30, 4000, 2.0), continuesStored: false);
        await _outcomes.RecordAsync(Send(ChunkOutcome.Failed, 0, 0, 0, 2, 10, 1000, 0.5), continuesStored: false);

        var final = await _outcomes.RecordAsync(Send(ChunkOutcome.Succeeded, 100, 98, 2, 3, 1, 9000, 1.5), continuesStored: false);

        Assert.Equal((3, 10L, 41L, 14000L), (final.Attempts, final.Requests, final.RetriedItems, final.BytesSent));
        Assert.Equal((ChunkOutcome.Succeeded, 100L, 98L, 2L, 1.5), (final.Status, final.LinesRead, final.Indexed, final.DeadLettered, final.Seconds));
        Assert.Equal(2, final.DeadLetterReasons!["400 mapper_parsing_exception"]);
        AssertStored(final, await _outcomes.ReadAsync("jul", 2));
    }

    [Fact]
    public async Task A_continuation_already_holds_the_stored_figures_and_stays_the_same_attempt()
    {
        await _outcomes.RecordAsync(Send(ChunkOutcome.Failed, 10, 10, 0, 4, 0, 500, 1), continuesStored: false);
        var stopped = await _outcomes.RecordAsync(Send("continuing", 60, 60, 0, 2, 0, 6000, 3), continuesStored: false);
        Assert.Equal((2, 6L), (stopped.Attempts, stopped.Requests));

        // The handler adds the stored counts to the continuation's own (here 1 request, 40 lines) before recording.
        var done = await _outcomes.RecordAsync(Send(ChunkOutcome.Succeeded, 100, 100, 0, stopped.Requests + 1, 0, stopped.BytesSent + 4000, 4), continuesStored: true);

        Assert.Equal((2, 7L, 10500L), (done.Attempts, done.Requests, done.BytesSent));
    }

    [Fact]
    public async Task An_outcome_for_other_bytes_is_not_an_earlier_attempt()
    {
        await _outcomes.RecordAsync(Send(ChunkOutcome.Failed, 10, 10, 0, 4, 3, 500, 1, sha: "sha-old"), continuesStored: false);

        var recorded = await _outcomes.RecordAsync(Send(ChunkOutcome.Succeeded, 100, 100, 0, 2, 0, 9000, 1), continuesStored: false);

        Assert.Equal((1, 2L, 0L), (recorded.Attempts, recorded.Requests, recorded.RetriedItems));
    }

    [Fact]
    public async Task An_outcome_written_before_attempts_were_counted_is_one_attempt()
    {
        await _outcomes.WriteAsync(Send(ChunkOutcome.Failed, 10, 10, 0, 4, 0, 500, 1));

        var recorded = await _outcomes.RecordAsync(Send(ChunkOutcome.Succeeded, 100, 100, 0, 2, 0, 9000, 1), continuesStored: false);

        Assert.Equal((2, 6L), (recorded.Attempts, recorded.Requests));
    }

    [Fact]
    public async Task An_unreadable_stored_outcome_does_not_stop_the_send_being_recorded()
    {
        await _store.PutAsync("p/run1/results/jul/000002.json", "{not json"u8.ToArray());

        var recorded = await _outcomes.RecordAsync(Send(ChunkOutcome.Succeeded, 100, 100, 0, 2, 0, 9000, 1), continuesStored: false);

        Assert.Equal((1, 2L), (recorded.Attempts, recorded.Requests));
        AssertStored(recorded, await _outcomes.ReadAsync("jul", 2));
    }
}
