using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Backfill.Core.Errors;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Sending;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Sending;

/// <summary>The sender against a scripted transport: what is re-sent, what is dead-lettered, how it stops.</summary>
public sealed class ChunkSenderTests : IDisposable
{
    private const string SourceId = "abcdef0123456789";
    private const string DeadLetterKey = "run/dead-letters/jul95/000000.jsonl";
    private readonly TempDirectory _dir = new("sender");
    private readonly LocalDirectoryObjectStore _store;
    private readonly ScriptedTransport _transport = new();
    private readonly ManualTimeProvider _clock = new();

    public ChunkSenderTests() => _store = new LocalDirectoryObjectStore(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private static OpenSearchSettings Settings(int bulkActions = 4, int maxAttempts = 5, double maxRetrySeconds = 300, int concurrency = 1) =>
        OpenSearchSettings.Default with
        {
            Endpoint = "https://search.example:9200", BulkActions = bulkActions, Concurrency = concurrency,
            MaxAttempts = maxAttempts, MaxRetrySeconds = maxRetrySeconds,
        };

    private ChunkSender Sender(TimeSpan? reserve = null) => new(_store, _transport, new SenderOptions
    {
        Time = _clock, Random = new Random(7), DeadlineReserve = reserve ?? TimeSpan.Zero,
    });

    private async Task<ManifestRow> Chunk(byte[] content, long firstLine, long lineCount, bool gzip = false)
    {
        var key = "run/chunks/jul95/000000.log" + (gzip ? ".gz" : "");
        var bytes = content;
        if (gzip)
        {
            using var buffer = new MemoryStream();
            using (var z = new GZipStream(buffer, CompressionLevel.Fastest)) z.Write(content);
            bytes = buffer.ToArray();
        }
        await _store.PutAsync(key, bytes);
        return new ManifestRow(key, "jul95", "file:///data/jul95.gz", SourceId, 0, firstLine, lineCount, content.Length, "", gzip ? "gzip" : "none");
    }

    private Task<ManifestRow> Lines(int count, long firstLine = 1) =>
        Chunk(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i => $"line {firstLine + i}\n"))), firstLine, count);

    private static string Id(long line) => $"{SourceId}-{line}";

    private async Task<List<JsonElement>> DeadLetters()
    {
        var text = Encoding.UTF8.GetString(await _store.ReadAllBytesAsync(DeadLetterKey));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task Every_line_is_sent_once_in_order_in_bodies_bounded_by_action_count()
    {
        var chunk = await Lines(10, firstLine: 101);
        var result = await Sender().SendAsync(chunk, Settings(bulkActions: 4), DeadLetterKey);

        Assert.Equal([4, 4, 2], _transport.Requests.Select(r => r.Count));
        Assert.Equal(Enumerable.Range(101, 10).Select(l => Id(l)), _transport.AllIds());
        Assert.All(_transport.RequestOptions, r => Assert.Equal("nasa-http", r.Pipeline));
        Assert.Equal((10L, 10L, 0L, 0L, 3L), (result.LinesRead, result.Indexed, result.DeadLettered, result.RetriedItems, result.Requests));
        Assert.Equal(_transport.Bodies.Sum(b => Encoding.UTF8.GetByteCount(b)), result.BytesSent);
        Assert.Null(result.ContinueAt);
        Assert.Null(result.DeadLetterKey);
        Assert.Null(await _store.GetInfoAsync(DeadLetterKey));
    }

    [Fact]
    public async Task Crlf_and_invalid_utf8_lines_become_documents_as_documented()
    {
        var content = new List<byte>();
        content.AddRange("first\r\n"u8.ToArray());
        content.AddRange([(byte)'r', 0xE9, (byte)'\n']);
        content.AddRange("last without newline"u8.ToArray());
        var chunk = await Chunk(content.ToArray(), 1, 3);
        var result = await Sender().SendAsync(chunk, Settings(), DeadLetterKey);
        Assert.Equal(
            $"{{\"index\":{{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"{Id(1)}\"}}}}\n{{\"message\":\"first\"}}\n" +
            $"{{\"index\":{{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"{Id(2)}\"}}}}\n{{\"message\":\"r\u00e9\",\"message_encoding\":\"latin1\"}}\n" +
            $"{{\"index\":{{\"_index\":\"nasa-logs-unparsed\",\"_id\":\"{Id(3)}\"}}}}\n{{\"message\":\"last without newline\"}}\n",
            _transport.Bodies.Single());
        Assert.Equal(1, result.Latin1Lines);
    }

    [Fact]
    public async Task Gzip_chunks_are_read_decompressed()
    {
        var chunk = await Chunk(Encoding.UTF8.GetBytes("a\nb\nc\n"), 1, 3, gzip: true);
        var result = await Sender().SendAsync(chunk, Settings(), DeadLetterKey);
        Assert.Equal(3, result.Indexed);
    }

    [Fact]
    public async Task Only_items_answered_429_or_5xx_are_sent_again_with_backoff()
    {
        var chunk = await Lines(4);
        _transport.Script = (call, ids) => call switch
        {
            0 => ScriptedTransport.Answer(ids, id => id == Id(2) ? 429 : id == Id(4) ? 503 : null),
            1 => ScriptedTransport.Answer(ids, id => id == Id(4) ? 429 : null),
            _ => ScriptedTransport.AcceptAll(ids),
        };
        var result = await Sender().SendAsync(chunk, Settings(), DeadLetterKey);

        Assert.Equal([[Id(1), Id(2), Id(3), Id(4)], [Id(2), Id(4)], [Id(4)]], _transport.Requests);
        Assert.Equal((4L, 4L, 0L, 3L, 3L), (result.LinesRead, result.Indexed, result.DeadLettered, result.RetriedItems, result.Requests));
        // Full jitter: each wait is below its exponential ceiling (200 ms, 400 ms).
        Assert.Equal(2, _clock.Delays.Count);
        Assert.InRange(_clock.Delays[0].TotalMilliseconds, 0, 200);
        Assert.InRange(_clock.Delays[1].TotalMilliseconds, 0, 400);
    }

    [Fact]
    public async Task Permanent_item_failures_become_dead_letters_with_the_original_bytes()
    {
        var content = new List<byte>();
        content.AddRange("ok\n"u8.ToArray());
        content.AddRange([(byte)'b', (byte)'a', (byte)'d', 0xFF, (byte)'\r', (byte)'\n']);
        content.AddRange("missing\nconflict\n"u8.ToArray());
        var chunk = await Chunk(content.ToArray(), 41, 4);
        _transport.Script = (_, ids) => ScriptedTransport.Answer(ids, id => id == Id(42) ? 400 : id == Id(43) ? 404 : id == Id(44) ? 409 : null);

        var result = await Sender().SendAsync(chunk, Settings(), DeadLetterKey);

        Assert.Single(_transport.Requests); // nothing retried
        Assert.Equal((4L, 1L, 3L), (result.LinesRead, result.Indexed, result.DeadLettered));
        Assert.Equal(DeadLetterKey, result.DeadLetterKey);
        var letters = await DeadLetters();
        Assert.Equal([42L, 43L, 44L], letters.Select(l => l.GetProperty("line").GetInt64()));
        var first = letters[0];
        Assert.Equal("jul95", first.GetProperty("source").GetString());
        Assert.Equal(SourceId, first.GetProperty("sourceId").GetString());
        Assert.Equal(chunk.ChunkKey, first.GetProperty("chunkKey").GetString());
        Assert.Equal(Id(42), first.GetProperty("id").GetString());
        Assert.Equal("nasa-logs-unparsed", first.GetProperty("index").GetString());
        Assert.Equal(400, first.GetProperty("status").GetInt32());
        Assert.Equal("mapper_parsing_exception", first.GetProperty("errorType").GetString());
        Assert.Equal($"status 400 for {Id(42)}", first.GetProperty("reason").GetString());
        Assert.Equal("base64", first.GetProperty("rawEncoding").GetString());
        Assert.Equal(new byte[] { (byte)'b', (byte)'a', (byte)'d', 0xFF }, first.GetProperty("raw").GetBytesFromBase64());
        Assert.Equal("bad\u00ff", first.GetProperty("text").GetString());
        Assert.Equal("latin1", first.GetProperty("textEncoding").GetString());
        Assert.Equal([404, 409], letters.Skip(1).Select(l => l.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task Whole_request_503_and_connection_resets_are_retried_whole()
    {
        var chunk = await Lines(3);
        _transport.Script = (call, ids) => call switch
        {
            0 => BulkResponse.Failed(503, "unavailable_shards_exception", "primary shard is not active"),
            1 => throw new OpenSearchUnreachableException("https://search.example:9200", UnreachableKind.ConnectionReset, "reset"),
            _ => ScriptedTransport.AcceptAll(ids),
        };
        var result = await Sender().SendAsync(chunk, Settings(), DeadLetterKey);
        Assert.Equal(3, _transport.Requests.Count);
        Assert.All(_transport.Requests, r => Assert.Equal(3, r.Count));
        Assert.Equal((3L, 6L), (result.Indexed, result.RetriedItems));
    }

    [Fact]
    public async Task Running_out_of_attempts_fails_the_chunk_saying_how_many_lines_remain()
    {
        var chunk = await Lines(6);
        _transport.Script = (_, ids) => ScriptedTransport.Answer(ids, id => id is var x && (x == Id(2) || x == Id(5)) ? 429 : null);
        var e = await Assert.ThrowsAsync<ChunkSendFailedException>(() => Sender().SendAsync(chunk, Settings(bulkActions: 3, maxAttempts: 3), DeadLetterKey));

        Assert.Equal(3, _transport.Requests.Count); // the first batch: 3 attempts; the second batch never starts
        Assert.Equal(5, e.Unacknowledged);
        Assert.Contains("5 of 6 lines (from line 1) remain unacknowledged by OpenSearch at https://search.example:9200 after 3 attempts", e.Message);
        Assert.Contains("opensearch.maxAttempts 3", e.Message);
        Assert.Contains("429 Too Many Requests rejected_execution_exception", e.Message);
        Assert.Equal((1L, 1L, 0L), (e.Partial.LinesRead, e.Partial.Indexed, e.Partial.DeadLettered));
        Assert.IsAssignableFrom<IServiceFailure>(e);
    }

    [Fact]
    public async Task Retrying_stops_when_the_time_budget_is_spent()
    {
        var chunk = await Lines(2);
        _transport.Script = (_, ids) => ScriptedTransport.Answer(ids, _ => 429);
        _transport.OnRequest = _ => _clock.Advance(TimeSpan.FromSeconds(10));
        var e = await Assert.ThrowsAsync<ChunkSendFailedException>(() => Sender().SendAsync(chunk, Settings(maxAttempts: 100, maxRetrySeconds: 25), DeadLetterKey));
        Assert.Equal(3, _transport.Requests.Count);
        Assert.Equal(2, e.Unacknowledged);
        Assert.Contains("opensearch.maxRetrySeconds 25", e.Message);
    }

    [Theory]
    [InlineData(401, "check opensearch.auth")]
    [InlineData(403, "check opensearch.auth")]
    [InlineData(404, "check opensearch.endpoint")]
    [InlineData(413, "lower opensearch.bulkBytes")]
    public async Task Refusals_no_retry_can_fix_fail_at_once(int status, string hint)
    {
        var chunk = await Lines(3);
        _transport.Script = (_, _) => BulkResponse.Failed(status, "security_exception", "no permissions");
        var e = await Assert.ThrowsAsync<OpenSearchRequestRejectedException>(() => Sender().SendAsync(chunk, Settings(), DeadLetterKey));
        Assert.Single(_transport.Requests);
        Assert.Contains($"OpenSearch at https://search.example:9200 refused a bulk request for chunk ", e.Message);
        Assert.Contains(hint, e.Message);
        Assert.Equal(status, e.Status);
    }

    [Fact]
    public async Task Near_the_deadline_it_stops_at_a_batch_boundary_and_continuing_sends_the_rest_exactly_once()
    {
        var chunk = await Lines(10, firstLine: 11);
        _transport.OnRequest = _ => _clock.Advance(TimeSpan.FromSeconds(1));
        var deadline = _clock.GetUtcNow() + TimeSpan.FromSeconds(2.5);

        var first = await Sender().SendAsync(chunk, Settings(bulkActions: 3), DeadLetterKey, deadline: deadline);
        // Requests take 1 s: after two (t = 2 s), a third would end past the deadline.
        Assert.Equal(17, first.ContinueAt);
        Assert.Equal((11L, 6L, 6L, 0L), (first.StartLine, first.LinesRead, first.Indexed, first.DeadLettered));

        var second = await Sender().SendAsync(chunk, Settings(bulkActions: 3), DeadLetterKey, continueAt: first.ContinueAt);
        Assert.Null(second.ContinueAt);
        Assert.Equal((17L, 4L, 4L), (second.StartLine, second.LinesRead, second.Indexed));
        Assert.Equal(Enumerable.Range(11, 10).Select(l => Id(l)), _transport.AllIds());
    }

    [Fact]
    public async Task The_first_batch_always_goes_out_so_every_invocation_makes_progress()
    {
        var chunk = await Lines(5);
        var result = await Sender(reserve: TimeSpan.FromMinutes(1)).SendAsync(chunk, Settings(bulkActions: 2), DeadLetterKey, deadline: _clock.GetUtcNow());
        Assert.Equal(3, result.ContinueAt);
        Assert.Equal(2, result.Indexed);
    }

    [Fact]
    public async Task Retries_that_would_cross_the_deadline_without_progress_fail_the_chunk()
    {
        var chunk = await Lines(2);
        _transport.Script = (_, ids) => ScriptedTransport.Answer(ids, _ => 429);
        _transport.OnRequest = _ => _clock.Advance(TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<ChunkSendFailedException>(() =>
            Sender().SendAsync(chunk, Settings(), DeadLetterKey, deadline: _clock.GetUtcNow() + TimeSpan.FromSeconds(1.5)));
        Assert.Contains("before the invocation's deadline", e.Message);
    }

    [Fact]
    public async Task Dead_letters_of_earlier_invocations_are_kept_once_across_continuations()
    {
        var chunk = await Lines(6);
        _transport.Script = (_, ids) => ScriptedTransport.Answer(ids, id => id == Id(2) || id == Id(5) ? 400 : null);
        _transport.OnRequest = _ => _clock.Advance(TimeSpan.FromSeconds(1));
        var first = await Sender().SendAsync(chunk, Settings(bulkActions: 3), DeadLetterKey, deadline: _clock.GetUtcNow() + TimeSpan.FromSeconds(1.5));
        Assert.Equal(4, first.ContinueAt);
        Assert.Equal([2L], (await DeadLetters()).Select(l => l.GetProperty("line").GetInt64()));

        // The continuation runs twice (e.g. Step Functions retried it): still one letter per line.
        for (var i = 0; i < 2; i++)
        {
            var rest = await Sender().SendAsync(chunk, Settings(bulkActions: 3), DeadLetterKey, continueAt: 4);
            Assert.Equal((3L, 1L), (rest.LinesRead, rest.DeadLettered));
            Assert.Equal([2L, 5L], (await DeadLetters()).Select(l => l.GetProperty("line").GetInt64()));
        }
    }

    [Fact]
    public async Task A_clean_rerun_removes_stale_dead_letters()
    {
        var chunk = await Lines(3);
        _transport.Script = (_, ids) => ScriptedTransport.Answer(ids, id => id == Id(2) ? 400 : null);
        await Sender().SendAsync(chunk, Settings(), DeadLetterKey);
        Assert.NotNull(await _store.GetInfoAsync(DeadLetterKey));
        _transport.Script = null;
        var rerun = await Sender().SendAsync(chunk, Settings(), DeadLetterKey);
        Assert.Null(rerun.DeadLetterKey);
        Assert.Null(await _store.GetInfoAsync(DeadLetterKey));
    }

    [Fact]
    public async Task Concurrent_batches_account_for_every_line()
    {
        var chunk = await Lines(1000);
        var random = new Random(3);
        _transport.Script = (_, ids) => ScriptedTransport.Answer(ids, _ => { lock (random) return random.NextDouble() < 0.3 ? 429 : random.NextDouble() < 0.02 ? 400 : null; });
        var result = await Sender().SendAsync(chunk, Settings(bulkActions: 50, concurrency: 4, maxAttempts: 30), DeadLetterKey);
        Assert.Equal(1000, result.LinesRead);
        Assert.Equal(1000, result.Indexed + result.DeadLettered);
        Assert.True(result.RetriedItems > 0);
        Assert.Equal(result.DeadLettered, (await DeadLetters()).Count);
        var acked = _transport.AllIds().Distinct().Count();
        Assert.Equal(1000, acked);
    }

    [Fact]
    public async Task A_chunk_shorter_than_its_manifest_row_is_an_error()
    {
        var chunk = await Chunk("a\nb\n"u8.ToArray(), 1, 3);
        var e = await Assert.ThrowsAsync<BackfillException>(() => Sender().SendAsync(chunk, Settings(), DeadLetterKey));
        Assert.Contains("holds lines 1 to 2, but its manifest row says 1 to 3", e.Message);
    }

    [Fact]
    public async Task ContinueAt_outside_the_chunk_is_an_error()
    {
        var chunk = await Lines(3, firstLine: 10);
        var e = await Assert.ThrowsAsync<BackfillException>(() => Sender().SendAsync(chunk, Settings(), DeadLetterKey, continueAt: 20));
        Assert.Contains("continueAt 20 is outside chunk", e.Message);
    }

    [Fact]
    public async Task A_line_no_request_can_carry_is_dead_lettered_not_dropped()
    {
        var big = new byte[BulkBodyBuilder.HardLimitBytes + 10];
        big.AsSpan().Fill((byte)'x');
        var content = big.Concat("\nsmall\n"u8.ToArray()).ToArray();
        var chunk = await Chunk(content, 1, 2);
        var result = await new ChunkSender(_store, _transport, new SenderOptions { Time = _clock, MaxLineBytes = 32 << 20 }).SendAsync(chunk, Settings(), DeadLetterKey);
        Assert.Equal((2L, 1L, 1L), (result.LinesRead, result.Indexed, result.DeadLettered));
        var letter = (await DeadLetters()).Single();
        Assert.Equal("document_too_large", letter.GetProperty("errorType").GetString());
        Assert.Equal(big.Length, letter.GetProperty("raw").GetBytesFromBase64().Length);
    }

    [Fact]
    public async Task Gzip_setting_is_passed_to_the_transport()
    {
        var chunk = await Lines(2);
        await Sender().SendAsync(chunk, Settings() with { GzipRequests = true }, DeadLetterKey);
        Assert.True(_transport.RequestOptions.Single().Gzip);
    }
}

public sealed class ChunkSenderUnexpectedFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new("sender-bug");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unexpected_transport_exception_fails_the_chunk_instead_of_vanishing()
    {
        var store = new LocalDirectoryObjectStore(_dir.Path);
        await store.PutAsync("c/000000.log", "a\nb\nc\nd\n"u8.ToArray());
        var chunk = new ManifestRow("c/000000.log", "s", "file:///s", "00aa", 0, 1, 4, 8, "", "none");
        var transport = new ScriptedTransport { Script = (call, ids) => call == 1 ? throw new InvalidOperationException("boom") : ScriptedTransport.AcceptAll(ids) };
        var settings = OpenSearchSettings.Default with { Endpoint = "https://x", BulkActions = 2, Concurrency = 2 };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new ChunkSender(store, transport).SendAsync(chunk, settings, "c/dl.jsonl"));
        Assert.Equal("boom", e.Message);
    }
}
