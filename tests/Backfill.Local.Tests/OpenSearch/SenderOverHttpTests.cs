using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Sending;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Local.OpenSearch.Hosting;
using Backfill.Tests.Shared;

namespace Backfill.Local.Tests.OpenSearch;

/// <summary>
/// The sender over loopback HTTP against the embedded endpoint hosted by Kestrel, with the endpoint's fault
/// injection: 429 storms, permanent item failures, connection resets, 503s, re-sends and continuations. Backoff
/// delays are zero (the retry policy is overridden), so nothing sleeps.
/// </summary>
public sealed class SenderOverHttpTests : IAsyncLifetime
{
    private const int Lines = 5000;
    private const string SourceId = "5e4d3c2b1a098765";
    private const string DeadLetterKey = "run/dead-letters/jul95/000000.jsonl";
    private readonly TempDirectory _dir = new("sender-http");
    private EmbeddedOpenSearch _endpoint = null!;
    private EmbeddedOpenSearchHost _host = null!;
    private LocalDirectoryObjectStore _store = null!;
    private ManifestRow _chunk = null!;
    private byte[][] _lines = null!;

    public async Task InitializeAsync()
    {
        _endpoint = EmbeddedOpenSearch.Open(_dir.Combine("opensearch"), new EmbeddedOpenSearchOptions { AllowFaultInjection = true });
        _host = await EmbeddedOpenSearchHost.StartAsync(_endpoint, FreePort.Next());
        _store = new LocalDirectoryObjectStore(_dir.Combine("store"));
        (_chunk, _lines) = await WriteChunkAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _endpoint.Dispose();
        _dir.Dispose();
    }

    /// <summary>Log lines with quotes, backslashes, a control character and, every 500th, bytes that are not UTF-8.</summary>
    private async Task<(ManifestRow, byte[][])> WriteChunkAsync()
    {
        var lines = new byte[Lines][];
        using var content = new MemoryStream();
        for (var i = 0; i < Lines; i++)
        {
            var text = $"host{i % 97}.example.com - - [01/Jul/1995:00:{i / 60 % 60:D2}:{i % 60:D2} -0400] \"GET /a\\b/{i}.html HTTP/1.0\" 200 {i * 7}";
            var bytes = Encoding.UTF8.GetBytes(text).ToList();
            if (i % 500 == 7) bytes.AddRange([0xE9, 0xFF, 0x09]);
            lines[i] = bytes.ToArray();
            content.Write(lines[i]);
            content.Write(i % 3 == 0 ? "\r\n"u8 : "\n"u8);
        }
        var key = "run/chunks/jul95/000000.log";
        await _store.PutAsync(key, content.ToArray());
        return (new ManifestRow(key, "jul95", "file:///data/jul95.gz", SourceId, 0, 1, Lines, content.Length, "", "none"), lines);
    }

    private OpenSearchSettings Settings(bool gzip = false) => OpenSearchSettings.Default with
    {
        Endpoint = _host.Address.ToString(), Pipeline = "_none", BulkActions = 250, BulkBytes = 256 * 1024, Concurrency = 2,
        GzipRequests = gzip, MaxAttempts = 30,
    };

    private ChunkSender Sender(HttpMessageHandler? handler = null, TimeProvider? time = null) =>
        new(_store, new HttpOpenSearchTransport(_host.Address, handler), new SenderOptions
        {
            Retry = new RetryPolicy(30, TimeSpan.FromMinutes(5), TimeSpan.Zero, TimeSpan.Zero),
            Time = time ?? TimeProvider.System,
            DeadlineReserve = TimeSpan.Zero,
        });

    private long Count() => _endpoint.Count("nasa-logs-unparsed");

    private async Task<(long Count, long Deleted)> CatAsync()
    {
        using var client = new HttpClient();
        var json = JsonDocument.Parse(await client.GetStringAsync(new Uri(_host.Address, "_cat/indices/nasa-logs-unparsed?format=json"))).RootElement[0];
        return (long.Parse(json.GetProperty("docs.count").GetString()!), long.Parse(json.GetProperty("docs.deleted").GetString()!));
    }

    private async Task SetFaultsAsync(string json)
    {
        using var client = new HttpClient();
        var response = await client.PutAsync(new Uri(_host.Address, "_backfill/faults"), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task A_429_storm_ends_fully_indexed_with_exact_counts()
    {
        await SetFaultsAsync("""{"reject429":{"fraction":0.3,"requests":1000},"seed":5}""");
        var result = await Sender().SendAsync(_chunk, Settings(), DeadLetterKey);

        var stats = _endpoint.Faults.Stats;
        Assert.True(stats.Rejected429 > Lines * 0.3, $"expected a storm, got {stats.Rejected429} rejections");
        Assert.Equal((long)Lines, result.LinesRead);
        Assert.Equal((long)Lines, result.Indexed);
        Assert.Equal(0, result.DeadLettered);
        Assert.Equal(stats.Rejected429, result.RetriedItems); // only rejected items were sent again
        Assert.True(result.Requests > Lines / 250 + 20, "several rounds of retries");
        Assert.Equal(Lines, Count());
        Assert.Equal(((long)Lines, 0L), await CatAsync()); // and nothing was written twice
    }

    [Fact]
    public async Task Permanent_failures_end_as_dead_letters_with_the_original_bytes()
    {
        await SetFaultsAsync("""{"reject400":{"fraction":0.02},"seed":9}""");
        var result = await Sender().SendAsync(_chunk, Settings(), DeadLetterKey);

        var rejected = _endpoint.Faults.Stats.Rejected400;
        Assert.True(rejected > 0);
        Assert.Equal(rejected, result.DeadLettered);
        Assert.Equal(Lines - rejected, result.Indexed);
        Assert.Equal(0, result.RetriedItems);
        Assert.Equal(Lines - rejected, Count());

        var letters = Encoding.UTF8.GetString(await _store.ReadAllBytesAsync(DeadLetterKey)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(rejected, letters.Count);
        foreach (var letter in letters)
        {
            var line = letter.GetProperty("line").GetInt64();
            Assert.Equal(_lines[line - 1], letter.GetProperty("raw").GetBytesFromBase64());
            Assert.Equal(400, letter.GetProperty("status").GetInt32());
            Assert.Equal("mapper_parsing_exception", letter.GetProperty("errorType").GetString());
            Assert.Equal($"{SourceId}-{line}", letter.GetProperty("id").GetString());
        }
        Assert.Equal(letters.Select(l => l.GetProperty("line").GetInt64()).Order(), letters.Select(l => l.GetProperty("line").GetInt64()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Connection_resets_mid_request_lose_nothing_and_duplicate_nothing(bool afterProcessing)
    {
        await SetFaultsAsync($$"""{"reset":{"fraction":0.5,"requests":6},"resetAfterProcessing":{{(afterProcessing ? "true" : "false")}},"fail503":{"fraction":0.1,"requests":3},"seed":3}""");
        var result = await Sender().SendAsync(_chunk, Settings(), DeadLetterKey);

        Assert.Equal(6, _endpoint.Faults.Stats.Resets);
        Assert.Equal((long)Lines, result.Indexed);
        Assert.True(result.RetriedItems > 0);
        var (count, deleted) = await CatAsync();
        Assert.Equal(Lines, count);
        // Stored-then-reset batches were stored again under the same ids: overwritten, not duplicated.
        Assert.Equal(afterProcessing, deleted > 0);
    }

    [Fact]
    public async Task Sending_the_same_chunk_twice_leaves_the_count_unchanged()
    {
        var first = await Sender().SendAsync(_chunk, Settings(), DeadLetterKey);
        var second = await Sender().SendAsync(_chunk, Settings(gzip: true), DeadLetterKey);
        Assert.Equal((long)Lines, first.Indexed);
        Assert.Equal((long)Lines, second.Indexed);
        Assert.True(second.BytesSent < first.BytesSent / 3, $"gzip bodies: {second.BytesSent} vs {first.BytesSent} bytes");
        Assert.Equal(((long)Lines, (long)Lines), await CatAsync()); // every document overwritten once
        using var client = new HttpClient();
        var count = JsonDocument.Parse(await client.GetStringAsync(new Uri(_host.Address, "_count"))).RootElement.GetProperty("count").GetInt64();
        Assert.Equal(Lines, count);
    }

    [Fact]
    public async Task A_continueAt_resumption_sends_every_line_exactly_once_in_total()
    {
        var clock = new SteppingClock();
        var handler = new StepPerRequest(clock, TimeSpan.FromSeconds(1)) { InnerHandler = HttpOpenSearchTransport.CreateDefaultHandler() };
        var sender = Sender(handler, clock);
        var settings = Settings() with { Concurrency = 1 };

        var invocations = 0;
        long? continueAt = null;
        long indexed = 0, read = 0;
        do
        {
            var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(4.5);
            var result = await sender.SendAsync(_chunk, settings, DeadLetterKey, continueAt, deadline);
            Assert.Equal(continueAt ?? 1, result.StartLine);
            indexed += result.Indexed;
            read += result.LinesRead;
            continueAt = result.ContinueAt;
            invocations++;
        } while (continueAt is not null && invocations < 50);

        Assert.True(invocations > 2, $"expected several invocations, got {invocations}");
        Assert.Equal((long)Lines, read);
        Assert.Equal((long)Lines, indexed);
        Assert.Equal(((long)Lines, 0L), await CatAsync()); // no line was indexed twice
        Assert.Equal(Lines, Count());
    }

    [Fact]
    public async Task Gzip_request_bodies_are_sent_and_accepted()
    {
        var recorder = new RecordingHandler { InnerHandler = HttpOpenSearchTransport.CreateDefaultHandler() };
        var result = await Sender(recorder).SendAsync(_chunk, Settings(gzip: true), DeadLetterKey);
        Assert.Equal((long)Lines, result.Indexed);
        Assert.All(recorder.ContentEncodings, e => Assert.Equal("gzip", e));
        Assert.NotEmpty(recorder.ContentEncodings);
        Assert.Equal(Lines, Count());
    }

    /// <summary>Virtual time that moves only when told.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    /// <summary>Every request "takes" <paramref name="step"/> of virtual time.</summary>
    private sealed class StepPerRequest(SteppingClock clock, TimeSpan step) : DelegatingHandler
    {
        public int Requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            var response = await base.SendAsync(request, cancellationToken);
            clock.Advance(step);
            return response;
        }
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public List<string> ContentEncodings { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (ContentEncodings) ContentEncodings.AddRange(request.Content?.Headers.ContentEncoding ?? []);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
