using System.Text;
using Backfill.Local.OpenSearch;
using Backfill.Tests.Shared;
using static Backfill.Local.Tests.OpenSearch.EmbeddedTestHelpers;

namespace Backfill.Local.Tests.OpenSearch;

/// <summary>Documents survive a restart; last write wins per (index, _id); a torn tail is dropped, not fatal.</summary>
public sealed class EmbeddedStoreDurabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new("embedded-store");

    public void Dispose() => _dir.Dispose();

    private static string Docs(int from, int count, string index = "logs", string value = "v")
    {
        var body = new StringBuilder();
        for (var i = from; i < from + count; i++)
            body.Append($"{{\"index\":{{\"_index\":\"{index}\",\"_id\":\"id-{i}\"}}}}\n{{\"n\":{i},\"v\":\"{value}\"}}\n");
        return body.ToString();
    }

    [Fact]
    public async Task Reopening_restores_counts_versions_and_sources()
    {
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
        {
            await endpoint.CallAsync("POST", "/_bulk", Docs(0, 5000));
            await endpoint.CallAsync("POST", "/_bulk", Docs(2500, 5000, value: "second"));
            await endpoint.CallAsync("POST", "/_bulk", Ndjson("""{"delete":{"_index":"logs","_id":"id-0"}}"""));
            Assert.Equal(7499, endpoint.Count("logs"));
        }
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
        {
            Assert.Equal(7499, endpoint.Count("logs"));
            var (_, doc) = await endpoint.CallAsync("GET", "/logs/_doc/id-3000");
            Assert.Equal(2, doc.GetProperty("_version").GetInt64());
            Assert.Equal("second", doc.GetProperty("_source").GetProperty("v").GetString());
            Assert.Equal(404, (await endpoint.CallAsync("GET", "/logs/_doc/id-0")).Status);
            // Writing after reopening continues versions.
            var (_, json) = await endpoint.CallAsync("POST", "/_bulk", Docs(3000, 1, value: "third"));
            Assert.Equal(3, json.GetProperty("items")[0].GetProperty("index").GetProperty("_version").GetInt64());
            Assert.Equal(7499, endpoint.Count("logs"));
        }
    }

    [Fact]
    public async Task A_log_larger_than_the_background_sync_step_is_complete_after_closing()
    {
        // ~20 MB in one index: background syncs start while later requests still append, and closing waits for them.
        var padding = new string('x', 1000);
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
        {
            for (var request = 0; request < 10; request++)
                await endpoint.CallAsync("POST", "/_bulk", Docs(request * 2000, 2000, value: padding));
        }
        var log = Directory.EnumerateFiles(_dir.Path, "docs.log", SearchOption.AllDirectories).Single();
        Assert.True(new FileInfo(log).Length > 16 * 1024 * 1024, "the log must outgrow two background sync steps");
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
        {
            Assert.Equal(20_000, endpoint.Count("logs"));
            var (_, doc) = await endpoint.CallAsync("GET", "/logs/_doc/id-19999");
            Assert.Equal(padding, doc.GetProperty("_source").GetProperty("v").GetString());
        }
    }

    [Fact]
    public async Task A_torn_last_record_is_truncated_on_open()
    {
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
            await endpoint.CallAsync("POST", "/_bulk", Docs(0, 10));
        var log = Path.Combine(_dir.Path, "indices", "logs", "docs.log");
        var bytes = File.ReadAllBytes(log);
        File.WriteAllBytes(log, bytes[..^7]); // the last record loses its end, as after a crash mid-write
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
        {
            Assert.Equal(9, endpoint.Count("logs"));
            await endpoint.CallAsync("POST", "/_bulk", Docs(9, 1));
            Assert.Equal(10, endpoint.Count("logs"));
        }
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
            Assert.Equal(10, endpoint.Count("logs"));
    }

    [Fact]
    public async Task Pipelines_and_templates_persist()
    {
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
        {
            Assert.Equal(200, (await endpoint.CallAsync("PUT", "/_index_template/t", """{"index_patterns":["a-*"]}""")).Status);
        }
        using (var endpoint = EmbeddedOpenSearch.Open(_dir.Path))
        {
            Assert.Equal(200, (await endpoint.CallAsync("GET", "/_index_template/t")).Status);
        }
    }

    [Fact]
    public async Task Many_documents_in_one_index_keep_exact_counts_under_overwrites()
    {
        using var endpoint = EmbeddedOpenSearch.Open(_dir.Path);
        for (var round = 0; round < 2; round++)
            for (var start = 0; start < 100_000; start += 10_000)
                Assert.Equal(200, (await endpoint.CallAsync("POST", "/_bulk", Docs(start, 10_000))).Status);
        Assert.Equal(100_000, endpoint.Count("logs"));
        var (_, doc) = await endpoint.CallAsync("GET", "/logs/_doc/id-99999");
        Assert.Equal(2, doc.GetProperty("_version").GetInt64());
    }
}
