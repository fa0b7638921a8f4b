using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Core;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Reporting;
using Backfill.Core.Sending;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Functions;
using Backfill.Functions.Handlers;
using Backfill.Tests.Shared;

namespace Backfill.Functions.Tests;

/// <summary>The SendChunk handler: event parsing, cumulative counts across continuations, and the chunk outcome it records.</summary>
public sealed class SendChunkHandlerTests : IDisposable
{
    private const string SourceId = "0011223344556677";
    private readonly TempDirectory _dir = new("sendchunk");
    private readonly LocalDirectoryObjectStore _store;
    private readonly FakeTransport _transport = new();
    private readonly SteppingClock _clock = new();

    public SendChunkHandlerTests() => _store = new LocalDirectoryObjectStore(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private SendChunkHandler Handler() => new(_ => _store, _ => _transport, () => new SenderOptions
    {
        Time = _clock, DeadlineReserve = TimeSpan.Zero, Retry = new RetryPolicy(2, TimeSpan.FromMinutes(1), TimeSpan.Zero, TimeSpan.Zero),
    });

    private async Task<JsonObject> EventAsync(int lines, long? continueAt = null)
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, lines).Select(i => $"line {i}\n")));
        var key = "prefix/run1/chunks/jul95/000003.log";
        await _store.PutAsync(key, content);
        var row = new ManifestRow(key, "jul95", "file:///x/jul95.gz", SourceId, 3, 1, lines, content.Length, "abc123", "none");
        var input = new JsonObject
        {
            ["runId"] = "run1",
            ["chunk"] = JsonSerializer.SerializeToNode(row, BackfillJson.Options),
            ["staging"] = new JsonObject { ["root"] = _dir.Path, ["prefix"] = "prefix/" },
            ["opensearch"] = new JsonObject { ["endpoint"] = "https://search.example", ["bulkActions"] = 10, ["concurrency"] = 1 },
        };
        if (continueAt is not null) input["continueAt"] = continueAt;
        return input;
    }

    private async Task<ChunkOutcome> OutcomeAsync() =>
        (await new ChunkOutcomeStore(_store, new StagingLayout("prefix/", "run1")).ReadAsync("jul95", 3))!;

    [Fact]
    public async Task A_whole_chunk_is_sent_and_its_outcome_recorded()
    {
        var output = (JsonObject)(await Handler().HandleAsync(await EventAsync(25), InvocationContext.Local(), default))!;
        Assert.Equal(25, output["linesRead"]!.GetValue<long>());
        Assert.Equal(25, output["indexed"]!.GetValue<long>());
        Assert.Equal(0, output["deadLettered"]!.GetValue<long>());
        Assert.Equal(3, output["requests"]!.GetValue<long>());
        Assert.False(output.ContainsKey("continueAt"));
        Assert.Equal("prefix/run1/results/jul95/000003.json", output["resultKey"]!.GetValue<string>());
        var outcome = await OutcomeAsync();
        Assert.Equal((ChunkOutcome.Succeeded, 25L, 25L, "abc123"), (outcome.Status, outcome.LinesRead, outcome.Indexed, outcome.Sha256));
        Assert.Equal($"{SourceId}-1", _transport.Ids[0]);
    }

    [Fact]
    public async Task Continuations_add_up_to_the_whole_chunk()
    {
        _transport.OnRequest = () => _clock.Advance(TimeSpan.FromSeconds(1));
        var handler = Handler();
        var context = new InvocationContext("r1", _clock.GetUtcNow() + TimeSpan.FromSeconds(1.5));
        var first = (JsonObject)(await handler.HandleAsync(await EventAsync(25), context, default))!;
        Assert.Equal(11, first["continueAt"]!.GetValue<long>());
        Assert.Equal(10, first["linesRead"]!.GetValue<long>());
        Assert.Equal(SendChunkHandler.Continuing, (await OutcomeAsync()).Status);

        var second = (JsonObject)(await handler.HandleAsync(await EventAsync(25, continueAt: 11), InvocationContext.Local(), default))!;
        Assert.False(second.ContainsKey("continueAt"));
        Assert.Equal(11, second["startLine"]!.GetValue<long>());
        Assert.Equal(25, second["linesRead"]!.GetValue<long>());
        Assert.Equal(25, second["indexed"]!.GetValue<long>());
        Assert.Equal(25, _transport.Ids.Count); // each line sent once
        var outcome = await OutcomeAsync();
        Assert.Equal((ChunkOutcome.Succeeded, 25L, 3L), (outcome.Status, outcome.LinesRead, outcome.Requests));
    }

    [Fact]
    public async Task A_continuation_without_matching_progress_starts_the_chunk_over()
    {
        var output = (JsonObject)(await Handler().HandleAsync(await EventAsync(25, continueAt: 11), InvocationContext.Local(), default))!;
        Assert.Equal(1, output["startLine"]!.GetValue<long>());
        Assert.Equal(25, output["linesRead"]!.GetValue<long>());
        Assert.Equal(ChunkOutcome.Succeeded, (await OutcomeAsync()).Status);
    }

    [Fact]
    public async Task A_failed_send_records_a_failed_outcome_and_rethrows()
    {
        _transport.Status = 429;
        var e = await Assert.ThrowsAsync<ChunkSendFailedException>(async () => await Handler().HandleAsync(await EventAsync(5), InvocationContext.Local(), default));
        Assert.Equal(5, e.Unacknowledged);
        var outcome = await OutcomeAsync();
        Assert.Equal(ChunkOutcome.Failed, outcome.Status);
        Assert.Equal(nameof(ChunkSendFailedException), outcome.Error);
        Assert.Contains("5 of 5 lines", outcome.Cause);
    }

    [Fact]
    public async Task A_send_after_a_failed_one_reports_the_requests_of_both_and_the_lines_once()
    {
        _transport.Status = 429;
        await Assert.ThrowsAsync<ChunkSendFailedException>(async () => await Handler().HandleAsync(await EventAsync(5), InvocationContext.Local(), default));
        var failed = await OutcomeAsync();
        Assert.Equal((1, 2L, 5L), (failed.Attempts, failed.Requests, failed.RetriedItems)); // one batch, refused twice

        _transport.Status = 201;
        var output = (JsonObject)(await Handler().HandleAsync(await EventAsync(5), InvocationContext.Local(), default))!;

        Assert.Equal(3, output["requests"]!.GetValue<long>());
        Assert.Equal(5, output["retriedItems"]!.GetValue<long>());
        Assert.Equal((5L, 5L), (output["linesRead"]!.GetValue<long>(), output["indexed"]!.GetValue<long>()));
        var outcome = await OutcomeAsync();
        Assert.Equal((ChunkOutcome.Succeeded, 2, 3L, 5L, 5L), (outcome.Status, outcome.Attempts, outcome.Requests, outcome.LinesRead, outcome.Indexed));
        Assert.Equal(_transport.Ids.Count, 5 * (int)outcome.Requests);
    }

    [Fact]
    public async Task Dead_letter_reasons_are_counted_in_the_outcome()
    {
        _transport.Status = 400;
        var output = (JsonObject)(await Handler().HandleAsync(await EventAsync(4), InvocationContext.Local(), default))!;
        Assert.Equal(4, output["deadLettered"]!.GetValue<long>());
        Assert.Equal("prefix/run1/dead-letters/jul95/000003.jsonl", output["deadLetterKey"]!.GetValue<string>());
        var outcome = await OutcomeAsync();
        Assert.Equal(4, outcome.DeadLetterReasons!["400 mapper_parsing_exception"]);
    }

    [Theory]
    [InlineData("chunk", null, "$.chunk: is required")]
    [InlineData("continueAt", "\"x\"", "$.continueAt: expected a line number")]
    [InlineData("extra", "1", "$.extra: unknown field")]
    public async Task Bad_events_name_the_field(string field, string? json, string expected)
    {
        var input = await EventAsync(3);
        if (json is null) input.Remove(field);
        else input[field] = JsonNode.Parse(json);
        var e = await Assert.ThrowsAsync<InputValidationException>(() => Handler().HandleAsync(input, InvocationContext.Local(), default));
        Assert.Contains(expected, e.Message);
    }

    private sealed class FakeTransport : IOpenSearchTransport
    {
        public int Status { get; set; } = 201;
        public Action? OnRequest { get; set; }
        public List<string> Ids { get; } = [];
        public string Endpoint => "https://search.example";

        public Task<OpenSearchResponse> SendAsync(OpenSearchRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new OpenSearchResponse(200, "{}"u8.ToArray()));

        public Task<BulkResponse> BulkAsync(BulkRequest request, CancellationToken cancellationToken = default)
        {
            var lines = Encoding.UTF8.GetString(request.Body.Span).Split('\n');
            for (var i = 0; i + 1 < lines.Length; i += 2)
                Ids.Add(JsonDocument.Parse(lines[i]).RootElement.GetProperty("index").GetProperty("_id").GetString()!);
            OnRequest?.Invoke();
            var item = Status < 300 ? new BulkItemResult(Status, Result: "created") : new BulkItemResult(Status, Status == 429 ? "rejected_execution_exception" : "mapper_parsing_exception", "no");
            return Task.FromResult(new BulkResponse(200, Enumerable.Repeat(item, request.ItemCount).ToArray()) { BytesSent = request.Body.Length });
        }
    }

    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
