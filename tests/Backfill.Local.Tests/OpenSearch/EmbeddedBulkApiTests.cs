using System.Text.Json;
using Backfill.Local.OpenSearch;
using Backfill.Tests.Shared;
using static Backfill.Local.Tests.OpenSearch.EmbeddedTestHelpers;

namespace Backfill.Local.Tests.OpenSearch;

/// <summary>The bulk API's statuses, results and error shapes, in-process through the REST router.</summary>
public sealed class EmbeddedBulkApiTests : IDisposable
{
    private readonly TempDirectory _dir = new("embedded");
    private readonly EmbeddedOpenSearch _endpoint;

    public EmbeddedBulkApiTests() => _endpoint = EmbeddedOpenSearch.Open(_dir.Path);

    public void Dispose()
    {
        _endpoint.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Index_then_overwrite_is_created_then_updated_with_versions_and_one_document()
    {
        var (status, json) = await _endpoint.CallAsync("POST", "/_bulk", Ndjson(
            """{"index":{"_index":"logs","_id":"a"}}""", """{"message":"one"}""",
            """{"index":{"_index":"logs","_id":"a"}}""", """{"message":"two"}""",
            """{"index":{"_index":"logs","_id":"b"}}""", """{"message":"three"}"""));
        Assert.Equal(200, status);
        Assert.False(json.GetProperty("errors").GetBoolean());
        var items = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("index")).ToList();
        Assert.Equal(["created", "updated", "created"], items.Select(i => i.GetProperty("result").GetString()));
        Assert.Equal([201, 200, 201], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal([1L, 2L, 1L], items.Select(i => i.GetProperty("_version").GetInt64()));
        Assert.Equal([0L, 1L, 2L], items.Select(i => i.GetProperty("_seq_no").GetInt64()));
        Assert.Equal("logs", items[0].GetProperty("_index").GetString());
        Assert.Equal("a", items[0].GetProperty("_id").GetString());

        var (countStatus, count) = await _endpoint.CallAsync("GET", "/logs/_count");
        Assert.Equal(200, countStatus);
        Assert.Equal(2, count.GetProperty("count").GetInt64());

        var (getStatus, doc) = await _endpoint.CallAsync("GET", "/logs/_doc/a");
        Assert.Equal(200, getStatus);
        Assert.True(doc.GetProperty("found").GetBoolean());
        Assert.Equal(2, doc.GetProperty("_version").GetInt64());
        Assert.Equal("two", doc.GetProperty("_source").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Create_on_an_existing_id_is_a_409_conflict_and_delete_reports_found_or_not()
    {
        await _endpoint.CallAsync("POST", "/logs/_bulk", Ndjson("""{"index":{"_id":"x"}}""", """{"n":1}"""));
        var (_, json) = await _endpoint.CallAsync("POST", "/logs/_bulk", Ndjson(
            """{"create":{"_id":"x"}}""", """{"n":2}""",
            """{"delete":{"_id":"x"}}""",
            """{"delete":{"_id":"x"}}""",
            """{"create":{"_id":"x"}}""", """{"n":3}"""));
        Assert.True(json.GetProperty("errors").GetBoolean());
        var items = json.GetProperty("items").EnumerateArray().ToList();
        var conflict = items[0].GetProperty("create");
        Assert.Equal(409, conflict.GetProperty("status").GetInt32());
        Assert.Equal("version_conflict_engine_exception", conflict.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("[x]: version conflict, document already exists (current version [1])", conflict.GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal(("deleted", 200), (items[1].GetProperty("delete").GetProperty("result").GetString(), items[1].GetProperty("delete").GetProperty("status").GetInt32()));
        Assert.Equal(("not_found", 404), (items[2].GetProperty("delete").GetProperty("result").GetString(), items[2].GetProperty("delete").GetProperty("status").GetInt32()));
        Assert.Equal(("created", 201), (items[3].GetProperty("create").GetProperty("result").GetString(), items[3].GetProperty("create").GetProperty("status").GetInt32()));
        Assert.Equal(1, _endpoint.Count("logs"));
    }

    [Fact]
    public async Task Ids_are_generated_when_absent()
    {
        var (_, json) = await _endpoint.CallAsync("POST", "/_bulk", Ndjson("""{"index":{"_index":"logs"}}""", """{"n":1}""", """{"index":{"_index":"logs"}}""", """{"n":2}"""));
        var ids = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("index").GetProperty("_id").GetString()).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id!.Length >= 20));
        Assert.Equal(2, _endpoint.Count("logs"));
    }

    [Theory]
    [InlineData("{\"index\":{\"_index\":\"logs\"}}\n{\"n\":1}", 400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]")]
    [InlineData("{\"upsert\":{\"_index\":\"logs\"}}\n{\"n\":1}\n", 400, "illegal_argument_exception", "Malformed action/metadata line [1], expected one of [create, delete, index, update] but found [upsert]")]
    [InlineData("[1]\n", 400, "illegal_argument_exception", "Malformed action/metadata line [1], expected START_OBJECT but found [START_ARRAY]")]
    [InlineData("{\"index\":{\"_index\":\"logs\",\"foo\":1}}\n{}\n", 400, "illegal_argument_exception", "Action/metadata line [1] contains an unknown parameter [foo]")]
    [InlineData("\n", 400, "action_request_validation_exception", "Validation Failed: 1: no requests added;")]
    public async Task Malformed_requests_fail_whole_with_OpenSearch_errors_and_store_nothing(string body, int status, string type, string reason)
    {
        var (code, json) = await _endpoint.CallAsync("POST", "/_bulk", body);
        Assert.Equal(status, code);
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.Equal(type, json.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(reason, json.GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal(type, json.GetProperty("error").GetProperty("root_cause")[0].GetProperty("type").GetString());
        Assert.Equal(0, _endpoint.Count());
    }

    [Fact]
    public async Task Item_failures_have_statuses_and_the_rest_is_indexed()
    {
        var (_, json) = await _endpoint.CallAsync("POST", "/_bulk", Ndjson(
            """{"index":{"_index":"Logs","_id":"1"}}""", """{"n":1}""",
            """{"index":{"_index":"logs","_id":"2"}}""", """not json""",
            """{"index":{"_index":"logs","_id":"3","pipeline":"missing"}}""", """{"n":3}""",
            """{"index":{"_id":"4"}}""", """{"n":4}""",
            """{"index":{"_index":"logs","_id":"5"}}""", """{"n":5}"""));
        var items = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("index")).ToList();
        Assert.Equal([400, 400, 400, 400, 201], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal("invalid_index_name_exception", items[0].GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Invalid index name [Logs], must be lowercase", items[0].GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal("mapper_parsing_exception", items[1].GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("pipeline with id [missing] does not exist", items[2].GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal("Validation Failed: 1: index is missing;", items[3].GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal(1, _endpoint.Count());
    }

    [Fact]
    public async Task Counts_and_cat_indices_cover_patterns_and_missing_indices_are_404()
    {
        await _endpoint.CallAsync("POST", "/_bulk", Ndjson(
            """{"index":{"_index":"nasa-logs-1995.07.01","_id":"1"}}""", "{}",
            """{"index":{"_index":"nasa-logs-1995.07.02","_id":"2"}}""", "{}",
            """{"index":{"_index":"nasa-logs-1995.07.02","_id":"3"}}""", "{}",
            """{"index":{"_index":"other","_id":"4"}}""", "{}"));
        Assert.Equal(4, (await _endpoint.CallAsync("GET", "/_count")).Json.GetProperty("count").GetInt64());
        Assert.Equal(3, (await _endpoint.CallAsync("GET", "/nasa-logs-*/_count")).Json.GetProperty("count").GetInt64());
        Assert.Equal(2, (await _endpoint.CallAsync("GET", "/nasa-logs-1995.07.02,nope-*/_count")).Json.GetProperty("count").GetInt64());
        Assert.Equal(0, (await _endpoint.CallAsync("GET", "/nope-*/_count")).Json.GetProperty("count").GetInt64());

        var (status, missing) = await _endpoint.CallAsync("GET", "/nope/_count");
        Assert.Equal(404, status);
        Assert.Equal("index_not_found_exception", missing.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("no such index [nope]", missing.GetProperty("error").GetProperty("reason").GetString());

        var (_, cat) = await _endpoint.CallAsync("GET", "/_cat/indices?format=json");
        var rows = cat.EnumerateArray().ToDictionary(r => r.GetProperty("index").GetString()!, r => r.GetProperty("docs.count").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["nasa-logs-1995.07.01"] = "1", ["nasa-logs-1995.07.02"] = "2", ["other"] = "1" }, rows);

        var text = await _endpoint.CallTextAsync("GET", "/_cat/indices/nasa-*?v");
        Assert.StartsWith("health status index", text);
        Assert.Equal(3, text.Trim().Split('\n').Length);
    }

    [Fact]
    public async Task Get_document_shapes_for_found_missing_and_unknown_index()
    {
        await _endpoint.CallAsync("POST", "/_bulk", Ndjson("""{"index":{"_index":"logs","_id":"a b"}}""", """{"m":"x"}"""));
        Assert.Equal(200, (await _endpoint.CallAsync("GET", "/logs/_doc/a%20b")).Status);
        var (status, json) = await _endpoint.CallAsync("GET", "/logs/_doc/zzz");
        Assert.Equal(404, status);
        Assert.False(json.GetProperty("found").GetBoolean());
        Assert.Equal(404, (await _endpoint.CallAsync("GET", "/nope/_doc/zzz")).Status);
    }

    [Fact]
    public async Task Root_templates_and_unknown_routes()
    {
        var (status, root) = await _endpoint.CallAsync("GET", "/");
        Assert.Equal(200, status);
        Assert.Equal("opensearch", root.GetProperty("version").GetProperty("distribution").GetString());

        var template = """{"index_patterns":["nasa-logs-*"],"template":{"settings":{"number_of_shards":1}}}""";
        Assert.True((await _endpoint.CallAsync("PUT", "/_index_template/nasa-logs", template)).Json.GetProperty("acknowledged").GetBoolean());
        var (_, got) = await _endpoint.CallAsync("GET", "/_index_template/nasa-logs");
        Assert.Equal("nasa-logs", got.GetProperty("index_templates")[0].GetProperty("name").GetString());
        Assert.Equal("nasa-logs-*", got.GetProperty("index_templates")[0].GetProperty("index_template").GetProperty("index_patterns")[0].GetString());
        var (bad, error) = await _endpoint.CallAsync("PUT", "/_index_template/x", "{}");
        Assert.Equal(400, bad);
        Assert.Equal("Validation Failed: 1: index patterns are missing;", error.GetProperty("error").GetProperty("reason").GetString());
        Assert.Equal(404, (await _endpoint.CallAsync("GET", "/_index_template/none")).Status);

        var (unknown, message) = await _endpoint.CallAsync("GET", "/_nodes/stats");
        Assert.Equal(400, unknown);
        Assert.Equal("no handler found for uri [/_nodes/stats] and method [GET]", message.GetProperty("error").GetString());
        Assert.Equal(400, (await _endpoint.CallAsync("GET", "/_backfill/faults")).Status); // not enabled
    }

    [Fact]
    public async Task Counts_reject_queries_they_cannot_answer()
    {
        await _endpoint.CallAsync("POST", "/_bulk", Ndjson("""{"index":{"_index":"logs","_id":"1"}}""", "{}"));
        Assert.Equal(1, (await _endpoint.CallAsync("POST", "/logs/_count", """{"query":{"match_all":{}}}""")).Json.GetProperty("count").GetInt64());
        Assert.Equal(400, (await _endpoint.CallAsync("POST", "/logs/_count", """{"query":{"term":{"a":1}}}""")).Status);
    }
}

/// <summary>Pipelines through the REST surface: PUT/GET, refusals, _simulate (plain and verbose) and default_pipeline.</summary>
public sealed class EmbeddedPipelineApiTests : IDisposable
{
    private const string Pipeline = """{"description":"t","processors":[{"set":{"field":"tagged","value":"yes"}},{"grok":{"field":"message","patterns":["%{WORD:first} %{INT:n}"]}}]}""";
    private readonly TempDirectory _dir = new("embedded-pipelines");
    private readonly EmbeddedOpenSearch _endpoint;

    public EmbeddedPipelineApiTests() => _endpoint = EmbeddedOpenSearch.Open(_dir.Path);

    public void Dispose()
    {
        _endpoint.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Put_get_and_refusals()
    {
        Assert.Equal(200, (await _endpoint.CallAsync("PUT", "/_ingest/pipeline/p1", Pipeline)).Status);
        var (status, got) = await _endpoint.CallAsync("GET", "/_ingest/pipeline/p1");
        Assert.Equal(200, status);
        Assert.Equal("t", got.GetProperty("p1").GetProperty("description").GetString());
        Assert.Equal(404, (await _endpoint.CallAsync("GET", "/_ingest/pipeline/none")).Status);
        var (bad, error) = await _endpoint.CallAsync("PUT", "/_ingest/pipeline/p2", """{"processors":[{"nope":{}}]}""");
        Assert.Equal(400, bad);
        Assert.Contains("nope", error.GetProperty("error").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Simulate_shows_documents_errors_and_verbose_steps()
    {
        await _endpoint.CallAsync("PUT", "/_ingest/pipeline/p1", Pipeline);
        var docs = """{"docs":[{"_index":"i","_id":"1","_source":{"message":"hello 42"}},{"_source":{"message":"no match"}}]}""";
        var (status, json) = await _endpoint.CallAsync("POST", "/_ingest/pipeline/p1/_simulate", docs);
        Assert.Equal(200, status);
        var first = json.GetProperty("docs")[0].GetProperty("doc");
        Assert.Equal("hello", first.GetProperty("_source").GetProperty("first").GetString());
        Assert.Equal("yes", first.GetProperty("_source").GetProperty("tagged").GetString());
        Assert.True(first.GetProperty("_ingest").TryGetProperty("timestamp", out _));
        Assert.True(json.GetProperty("docs")[1].TryGetProperty("error", out var error));
        Assert.Contains("Grok", error.GetProperty("reason").GetString());

        var (_, verbose) = await _endpoint.CallAsync("POST", "/_ingest/pipeline/p1/_simulate?verbose=true", docs);
        var steps = verbose.GetProperty("docs")[0].GetProperty("processor_results");
        Assert.Equal(["set", "grok"], steps.EnumerateArray().Select(s => s.GetProperty("processor_type").GetString()));
        Assert.All(steps.EnumerateArray(), s => Assert.Equal("success", s.GetProperty("status").GetString()));

        var (inline, inlineJson) = await _endpoint.CallAsync("POST", "/_ingest/pipeline/_simulate", "{\"pipeline\":" + Pipeline + ""","docs":[{"_source":{"message":"a 1"}}]}""");
        Assert.Equal(200, inline);
        Assert.Equal("1", inlineJson.GetProperty("docs")[0].GetProperty("doc").GetProperty("_source").GetProperty("n").GetString());
    }

    [Fact]
    public async Task A_template_default_pipeline_applies_when_a_bulk_item_names_none()
    {
        await _endpoint.CallAsync("PUT", "/_ingest/pipeline/p1", Pipeline);
        await _endpoint.CallAsync("PUT", "/_index_template/t", """{"index_patterns":["logs-*"],"template":{"settings":{"index":{"default_pipeline":"p1"}}}}""");
        await _endpoint.CallAsync("POST", "/_bulk", EmbeddedTestHelpers.Ndjson(
            """{"index":{"_index":"logs-a","_id":"1"}}""", """{"message":"hi 7"}""",
            """{"index":{"_index":"logs-a","_id":"2","pipeline":"_none"}}""", """{"message":"raw"}""",
            """{"index":{"_index":"other","_id":"3"}}""", """{"message":"hi 7"}"""));
        Assert.Equal("yes", (await _endpoint.CallAsync("GET", "/logs-a/_doc/1")).Json.GetProperty("_source").GetProperty("tagged").GetString());
        Assert.False((await _endpoint.CallAsync("GET", "/logs-a/_doc/2")).Json.GetProperty("_source").TryGetProperty("tagged", out _));
        Assert.False((await _endpoint.CallAsync("GET", "/other/_doc/3")).Json.GetProperty("_source").TryGetProperty("tagged", out _));
    }
}

public sealed class EmbeddedBulkFilterPathTests : IDisposable
{
    private readonly TempDirectory _dir = new("embedded-filter");
    private readonly EmbeddedOpenSearch _endpoint;

    public EmbeddedBulkFilterPathTests() => _endpoint = EmbeddedOpenSearch.Open(_dir.Path);

    public void Dispose()
    {
        _endpoint.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Filter_path_limits_the_bulk_response_to_the_fields_asked_for()
    {
        var body = EmbeddedTestHelpers.Ndjson("""{"index":{"_index":"a","_id":"1"}}""", "{}", """{"create":{"_index":"a","_id":"1"}}""", "{}");
        var text = (await _endpoint.HandleAsync(Backfill.Local.OpenSearch.Rest.RestRequest.Parse("POST", "/_bulk?filter_path=errors%2Citems.*.status%2Citems.*.error", System.Text.Encoding.UTF8.GetBytes(body)))).BodyText;
        Assert.Equal("""{"errors":true,"items":[{"index":{"status":201}},{"create":{"status":409,"error":{"type":"version_conflict_engine_exception","reason":"[1]: version conflict, document already exists (current version [1])","index":"a","index_uuid":"_na_"}}}]}""", text);
        var unfiltered = (await _endpoint.CallAsync("POST", "/_bulk?filter_path=-took", body)).Json;
        Assert.True(unfiltered.TryGetProperty("took", out _)); // unsupported forms give the whole response
    }
}
