using System.IO.Compression;
using System.Text.Json.Nodes;
using Backfill.Cli.Local;
using Backfill.Core.Input;
using Backfill.Core.Samples;
using Backfill.Core.Staging;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.Local;

/// <summary>
/// report.json after local runs, read as the file operators get: a chunk sent more than once reports the requests of
/// every send without counting a line twice, and a source with an empty archive is listed with no chunks.
/// </summary>
public sealed class LocalRunReportTests : IDisposable
{
    private readonly TempDirectory _dir = new("local-report");
    private ChunkFaultTransport? _faults;
    private Lazy<List<ManifestRow>>? _rows;

    public void Dispose() => _dir.Dispose();

    private LocalBackfill Backfill()
        => new(TestRunOptions.Create(_dir.Combine("executions"), _dir.Combine("opensearch"), inner => _faults ??= Faults(inner)));

    /// <summary>Chunk key → 503s to answer to its first requests (set before the run).</summary>
    private readonly Dictionary<string, int> _failFirst = [];

    private ChunkFaultTransport Faults(Backfill.Core.OpenSearch.IOpenSearchTransport inner)
    {
        var faults = new ChunkFaultTransport(inner, ChunkOfLine);
        foreach (var (chunk, count) in _failFirst) faults.FailNext[chunk] = count;
        return faults;
    }

    private JsonObject Input(string runId, params (string Name, string Url)[] sources) => new()
    {
        ["runId"] = runId,
        ["sources"] = new JsonArray(sources.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["url"] = s.Url }).ToArray()),
        ["staging"] = new JsonObject { ["root"] = _dir.Combine("store"), ["chunkBytes"] = 64 * 1024 },
        ["opensearch"] = new JsonObject { ["endpoint"] = "embedded", ["bulkBytes"] = 32 * 1024, ["maxAttempts"] = 2, ["maxRetrySeconds"] = 5, ["senders"] = 3 },
    };

    // The manifests exist once the split is done, before the first chunk is sent.
    private string? ChunkOfLine(string sourceId, long line) =>
        _rows?.Value.FirstOrDefault(r => r.SourceId == sourceId && line >= r.FirstLine && line < r.FirstLine + r.LineCount)?.ChunkKey;

    private List<ManifestRow> Manifest(string runId, string source) =>
        ManifestJson.Parse(File.ReadAllBytes(_dir.Combine("store", runId, "manifests", source + ".jsonl")), source);

    private JsonObject ReportJson(string runId) => JsonNode.Parse(File.ReadAllText(_dir.Combine("store", runId, "report.json")))!.AsObject();

    private static long Long(JsonNode? node, string field) => node![field]!.GetValue<long>();

    [Fact]
    public async Task A_chunk_re_sent_after_503s_reports_the_requests_of_every_send_and_counts_each_line_once()
    {
        var jul = NasaLikeLogGenerator.EnsureGzip(_dir.Combine("jul.gz"), NasaLogProfile.Sample.Scaled(3));
        _rows = new(() => Manifest("r1", "jul"));
        var victim = new StagingLayout("", "r1").Chunk("jul", 1, ChunkCompression.None);
        using var backfill = Backfill();
        // One request in flight per sender and maxAttempts 2: each send of the chunk ends after its first batch is
        // refused twice. Six 503s fail it in SendChunks with both task retries (3 sends); ResendFailedChunks sends it
        // through (the 4th).
        const int failures = 6;
        _failFirst[victim] = failures;
        var input = Input("r1", ("jul", jul));
        input["opensearch"]!["concurrency"] = 1;

        var run = await backfill.StartAsync(input, "test", null, null, CancellationToken.None);

        Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
        Assert.Contains(backfill.Executions.ReadHistory(run.Execution.Name), e => e["stateEnteredEventDetails"]?["name"]?.GetValue<string>() == "ResendFailedChunks");
        Assert.Contains(_rows.Value, r => r.ChunkKey == victim);
        Assert.NotNull(_faults);
        Assert.Equal(0, _faults.FailNext[victim]);
        Assert.True(_faults.RequestsPerChunk[victim] > failures, "the chunk was sent through after the 503s");

        var report = ReportJson("r1");
        var chunks = report["chunks"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(_rows.Value.Count, chunks.Count);
        foreach (var chunk in chunks)
        {
            var key = chunk["chunkKey"]!.GetValue<string>();
            Assert.Equal("succeeded", chunk["status"]!.GetValue<string>());
            // Every request the endpoint saw for the chunk, over all its sends.
            Assert.Equal(_faults.RequestsPerChunk[key], Long(chunk, "requests"));
            Assert.Equal(Long(chunk, "lines"), Long(chunk, "indexed") + Long(chunk, "deadLettered"));
            Assert.Equal(key == victim ? 4 : 1, Long(chunk, "attempts"));
        }
        var sent = chunks.Single(c => c["chunkKey"]!.GetValue<string>() == victim);
        Assert.True(Long(sent, "retriedItems") > 0, "the items of the refused requests were sent again");

        var totals = report["totals"]!;
        Assert.Equal(_faults.RequestsPerChunk.Values.Sum(), Long(totals, "requests"));
        Assert.Equal(chunks.Sum(c => Long(c, "retriedItems")), Long(totals, "retriedItems"));
        Assert.Equal(NasaLogProfile.Sample.Scaled(3).Lines, Long(totals, "linesPlanned"));
        Assert.Equal(Long(totals, "linesPlanned"), Long(totals, "linesRead"));
        Assert.Equal(Long(totals, "linesRead"), Long(totals, "indexed") + Long(totals, "deadLettered"));
        Assert.Equal(Long(totals, "indexed"), backfill.Embedded.Count("nasa-logs-*"));
    }

    [Fact]
    public async Task A_second_execution_of_the_same_run_reports_only_its_own_requests()
    {
        var jul = NasaLikeLogGenerator.EnsureGzip(_dir.Combine("jul.gz"), NasaLogProfile.Sample);
        _rows = new(() => Manifest("r1", "jul"));
        Dictionary<string, int> first;
        using (var backfill = Backfill())
        {
            var run = await backfill.StartAsync(Input("r1", ("jul", jul)), "test", "first", null, CancellationToken.None);
            Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
            first = new Dictionary<string, int>(_faults!.RequestsPerChunk);
        }
        using (var backfill = Backfill())
        {
            var run = await backfill.StartAsync(Input("r1", ("jul", jul)), "test", "second", null, CancellationToken.None);
            Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
        }

        var chunks = ReportJson("r1")["chunks"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(_rows.Value.Count, chunks.Count);
        foreach (var chunk in chunks)
        {
            var key = chunk["chunkKey"]!.GetValue<string>();
            Assert.True(first[key] > 0);
            Assert.Equal(_faults!.RequestsPerChunk[key] - first[key], Long(chunk, "requests"));
            Assert.Equal(1, Long(chunk, "attempts"));
        }
    }

    [Fact]
    public async Task Every_source_of_the_input_is_in_report_json_an_empty_archive_with_no_chunks_and_its_url_without_credentials()
    {
        const string password = "Em9ty-archive-pa55";
        await using var server = await HttpTestServer.StartAsync();
        server.Files["/empty.gz"] = (Gzip([]), "\"empty-1\"");
        var emptyUrl = server.Url("/empty.gz").Replace("http://", $"http://reader:{password}@");
        var jul = NasaLikeLogGenerator.EnsureGzip(_dir.Combine("jul.gz"), NasaLogProfile.Sample);
        using var backfill = Backfill();

        var run = await backfill.StartAsync(Input("r1", ("empty", emptyUrl), ("jul", jul)), "test", null, null, CancellationToken.None);

        Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
        Assert.Empty(Manifest("r1", "empty"));
        var text = File.ReadAllText(_dir.Combine("store", "r1", "report.json"));
        Assert.DoesNotContain(password, text);
        var sources = JsonNode.Parse(text)!["sources"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(["empty", "jul"], sources.Select(s => s["source"]!.GetValue<string>()));

        var empty = sources[0];
        Assert.Equal(server.Url("/empty.gz"), empty["sourceUrl"]!.GetValue<string>());
        Assert.Equal((0L, 0L, 0L, 0L, 0L), (Long(empty, "chunks"), Long(empty, "chunksFailed"), Long(empty, "linesPlanned"), Long(empty, "indexed"), Long(empty, "deadLettered")));

        var full = sources[1];
        Assert.Equal(jul, full["sourceUrl"]!.GetValue<string>());
        Assert.Equal(Manifest("r1", "jul").Count, Long(full, "chunks"));
        Assert.Equal(NasaLogProfile.Sample.Lines, Long(full, "linesPlanned"));
        Assert.Equal(Long(full, "linesPlanned"), Long(full, "indexed") + Long(full, "deadLettered"));
        Assert.Equal(run.Report!.Totals.Indexed, backfill.Embedded.Count("nasa-logs-*"));
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(content);
        return buffer.ToArray();
    }
}
