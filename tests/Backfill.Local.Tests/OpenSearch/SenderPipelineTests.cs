using System.Text;
using System.Text.Json;
using Backfill.Core.Input;
using Backfill.Core.OpenSearch;
using Backfill.Core.Samples;
using Backfill.Core.Sending;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Hosting;
using Backfill.Tests.Shared;
using static Backfill.Local.Tests.OpenSearch.EmbeddedTestHelpers;

namespace Backfill.Local.Tests.OpenSearch;

/// <summary>
/// The sender with the project's NASA pipeline (statemachine/opensearch/nasa-http.pipeline.json) run by the
/// embedded endpoint (server-side) and by the sender itself (client-side): daily routing by date_index_name,
/// unparsable lines kept in nasa-logs-failed, and a strict pipeline's refusals as dead letters.
/// </summary>
public sealed class SenderPipelineTests : IAsyncLifetime
{
    private static readonly NasaLogProfile Profile = NasaLogProfile.Sample with { Lines = 3000 };
    private readonly TempDirectory _dir = new("sender-pipeline");
    private LocalDirectoryObjectStore _store = null!;
    private ManifestRow _chunk = null!;

    public async Task InitializeAsync()
    {
        _store = new LocalDirectoryObjectStore(_dir.Combine("store"));
        using var content = new MemoryStream();
        NasaLikeLogGenerator.Write(content, Profile);
        await _store.PutAsync("run/chunks/sample/000000.log", content.ToArray());
        _chunk = new ManifestRow("run/chunks/sample/000000.log", "sample", "file:///sample.gz", "feedfacecafebeef", 0, 1, Profile.Lines, content.Length, "", "none");
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private static byte[] NasaPipeline() => File.ReadAllBytes(Path.Combine(RepoPaths.StateMachine, "opensearch", "nasa-http.pipeline.json"));

    private static OpenSearchSettings Settings(IngestLocation ingest) => OpenSearchSettings.Default with
    {
        Endpoint = "http://embedded", Pipeline = "nasa-http", Ingest = ingest, BulkActions = 500,
    };

    private async Task<(ChunkSendResult Result, EmbeddedOpenSearch Endpoint)> SendAsync(string name, IngestLocation ingest, byte[] pipeline)
    {
        var endpoint = EmbeddedOpenSearch.Open(_dir.Combine(name));
        Assert.Equal(200, (await endpoint.CallAsync("PUT", "/_ingest/pipeline/nasa-http", Encoding.UTF8.GetString(pipeline))).Status);
        var options = new SenderOptions
        {
            ClientPipeline = ingest == IngestLocation.Client ? await new ClientPipelineLoader().LoadAsync(endpoint.Transport, "nasa-http") : null,
        };
        var result = await new ChunkSender(_store, endpoint.Transport, options).SendAsync(_chunk, Settings(ingest), $"run/dead-letters/sample/{name}.jsonl");
        return (result, endpoint);
    }

    [Theory]
    [InlineData(IngestLocation.Server)]
    [InlineData(IngestLocation.Client)]
    public async Task The_nasa_pipeline_routes_every_line_to_a_daily_index_or_nasa_logs_failed(IngestLocation ingest)
    {
        var (result, endpoint) = await SendAsync("nasa-" + ingest, ingest, NasaPipeline());
        using (endpoint)
        {
            Assert.Equal((Profile.Lines, Profile.Lines, 0L), (result.LinesRead, result.Indexed, result.DeadLettered));
            var indices = endpoint.Indices().ToDictionary(i => i.Index, i => i.Count);
            Assert.Equal(Profile.Lines, indices.Values.Sum());
            Assert.Contains("nasa-logs-1995-07-01", indices.Keys);
            Assert.True(indices.Keys.Count(k => k.StartsWith("nasa-logs-1995-07-", StringComparison.Ordinal)) >= 28, string.Join(", ", indices.Keys));
            Assert.True(indices.GetValueOrDefault("nasa-logs-failed") > 0, "the generator's malformed lines are kept in nasa-logs-failed");
            Assert.False(indices.ContainsKey("nasa-logs-unparsed"));

            // Line 1 is parsed into fields; its _id is the deterministic one.
            var (status, doc) = await endpoint.CallAsync("GET", "/nasa-logs-1995-07-01/_doc/feedfacecafebeef-1");
            Assert.Equal(200, status);
            var source = doc.GetProperty("_source");
            Assert.Equal(JsonValueKind.Number, source.GetProperty("response").ValueKind);
            Assert.StartsWith("1995-07-01T04:00:00", source.GetProperty("@timestamp").GetString());
        }
    }

    [Fact]
    public async Task Client_and_server_side_ingest_produce_the_same_documents()
    {
        var (_, server) = await SendAsync("server", IngestLocation.Server, NasaPipeline());
        var (_, client) = await SendAsync("client", IngestLocation.Client, NasaPipeline());
        using (server)
        using (client)
        {
            Assert.Equal(server.Indices(), client.Indices());
            foreach (var line in new[] { 1, 2, 500, 2999 })
            {
                var found = 0;
                foreach (var (index, _) in server.Indices())
                {
                    var (status, a) = await server.CallAsync("GET", $"/{index}/_doc/feedfacecafebeef-{line}");
                    if (status != 200) continue;
                    var (_, b) = await client.CallAsync("GET", $"/{index}/_doc/feedfacecafebeef-{line}");
                    Assert.Equal(a.GetProperty("_source").GetRawText(), b.GetProperty("_source").GetRawText());
                    found++;
                }
                Assert.Equal(1, found);
            }
        }
    }

    [Fact]
    public async Task A_strict_pipeline_refusing_lines_dead_letters_them_with_the_engine_reason()
    {
        var strict = """{"processors":[{"grok":{"field":"message","patterns":["%{COMMONAPACHELOG}"]}}]}"""u8.ToArray();
        var (result, endpoint) = await SendAsync("strict", IngestLocation.Server, strict);
        using (endpoint)
        {
            Assert.True(result.DeadLettered > 0);
            Assert.Equal(Profile.Lines, result.Indexed + result.DeadLettered);
            Assert.Equal(result.Indexed, endpoint.Count());
            var letters = Encoding.UTF8.GetString(await _store.ReadAllBytesAsync("run/dead-letters/sample/strict.jsonl"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(result.DeadLettered, letters.Count);
            Assert.All(letters, l =>
            {
                Assert.Equal(400, l.GetProperty("status").GetInt32());
                Assert.Contains("Grok", l.GetProperty("reason").GetString());
            });
        }
    }

    [Fact]
    public async Task Over_http_the_nasa_pipeline_gives_the_same_counts()
    {
        using var endpoint = EmbeddedOpenSearch.Open(_dir.Combine("http"));
        await using var host = await EmbeddedOpenSearchHost.StartAsync(endpoint, FreePort.Next());
        using var transport = new HttpOpenSearchTransport(host.Address);
        var put = await transport.SendAsync(OpenSearchRequest.Put("_ingest/pipeline/nasa-http", NasaPipeline()));
        Assert.Equal(200, put.StatusCode);
        var result = await new ChunkSender(_store, transport).SendAsync(_chunk, Settings(IngestLocation.Server) with { GzipRequests = true }, "run/dead-letters/sample/http.jsonl");
        Assert.Equal(Profile.Lines, result.Indexed);
        var count = await transport.SendAsync(OpenSearchRequest.Get("nasa-logs-*/_count"));
        Assert.Equal(Profile.Lines, JsonDocument.Parse(count.Body).RootElement.GetProperty("count").GetInt64());
    }
}
