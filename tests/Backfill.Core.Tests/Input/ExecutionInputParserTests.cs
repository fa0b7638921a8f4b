using System.Text;
using System.Text.Json;
using Backfill.Core.Input;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Input;

public class ExecutionInputParserTests
{
    private static ExecutionInput Parse(string json) => ExecutionInputParser.Parse(Encoding.UTF8.GetBytes(json), "input.json");

    private static IReadOnlyList<string> Problems(string json) =>
        Assert.Throws<InputValidationException>(() => Parse(json)).Problems;

    [Fact]
    public void A_minimal_input_gets_the_documented_defaults()
    {
        var input = Parse("""{"runId":"r1","sources":[{"name":"jul95","url":"ftp://ita.ee.lbl.gov/traces/NASA_access_log_Jul95.gz"}]}""");
        Assert.Equal("r1", input.RunId);
        Assert.Equal(StagingSettings.DefaultRoot, input.Staging.Root);
        Assert.Equal(StagingSettings.DefaultChunkBytes, input.Staging.ChunkBytes);
        Assert.Equal(ChunkCompression.None, input.Staging.ChunkCompression);
        Assert.True(input.OpenSearch.IsEmbedded);
        Assert.Equal("nasa-http", input.OpenSearch.Pipeline);
        Assert.Equal(OpenSearchSettings.DefaultBulkBytes, input.OpenSearch.BulkBytes);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_json_path()
    {
        var problems = Problems("""
        {
          "runId": "bad id!",
          "sources": [
            {"name": "ok", "url": "https://example.org/a.gz"},
            {"name": "ok", "url": "gopher://example.org/x", "extra": 1},
            {"url": 5}
          ],
          "staging": {"bucket": "Bad_Bucket", "chunkBytes": 10, "chunkCompression": "zip"},
          "opensearch": {"endpoint": "ftp://nope", "bulkBytes": 99999999, "auth": {"type": "basic"}, "concurrency": "2"},
          "typo": true
        }
        """);
        Assert.Contains("$.typo: unknown field (expected one of: runId, sources, staging, opensearch, rerun)", problems);
        Assert.Contains(problems, p => p.StartsWith("$.runId: \"bad id!\" is not a valid name"));
        Assert.Contains("$.sources[1].url: scheme \"gopher\" is not supported (expected ftp, http, https, s3 or file)", problems);
        Assert.Contains(problems, p => p.StartsWith("$.sources[1].name: \"ok\" is already used by $.sources[0]"));
        Assert.Contains(problems, p => p.StartsWith("$.sources[1].extra: unknown field"));
        Assert.Contains("$.sources[2].name: is required (expected a string)", problems);
        Assert.Contains("$.sources[2].url: expected a string, found the number 5", problems);
        Assert.Contains(problems, p => p.StartsWith("$.staging.bucket: \"Bad_Bucket\" is not a valid S3 bucket name"));
        Assert.Contains("$.staging.chunkBytes: 10 is out of range (expected 1024 to 1073741824)", problems);
        Assert.Contains("$.staging.chunkCompression: \"zip\" is not supported (expected none, gzip)", problems);
        Assert.Contains(problems, p => p.StartsWith("$.opensearch.endpoint: \"ftp://nope\" is not supported"));
        Assert.Contains("$.opensearch.bulkBytes: 99999999 is out of range (expected 1024 to 10485760)", problems);
        Assert.Contains("$.opensearch.auth.username: is required when type is \"basic\"", problems);
        Assert.Contains(problems, p => p.StartsWith("$.opensearch.auth.passwordRef: is required"));
        Assert.Contains("$.opensearch.concurrency: expected an integer, found the string \"2\"", problems);
        Assert.True(15 == problems.Count, string.Join("\n", problems));
    }

    [Fact]
    public void The_message_lists_every_problem_and_never_echoes_credentials()
    {
        var error = Assert.Throws<InputValidationException>(() => Parse("""{"runId":"r","sources":[{"name":"a","url":"gopher://user:s3cret@host/x"},{"name":"b","url":"ftp://user:hunter2@host/"}]}"""));
        Assert.StartsWith("input.json is not a valid execution input (2 problems):", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void Invalid_json_names_the_line()
    {
        var problems = Problems("{\n  \"runId\": \"r\",\n  \"sources\": [,]\n}");
        Assert.Single(problems);
        Assert.StartsWith("$: not valid JSON at line 3", problems[0]);
    }

    [Fact]
    public void Secrets_must_be_references_not_values()
    {
        var problems = Problems("""{"runId":"r","sources":[{"name":"a","url":"ftp://h/x.gz","credentials":"user:password"}]}""");
        Assert.Equal(["$.sources[0].credentials: expected a reference such as env:VARIABLE or file:PATH (never the secret itself)"], problems);
    }

    [Fact]
    public void The_example_input_in_data_samples_is_valid()
    {
        var path = Path.Combine(RepoPaths.DataSamples, "example-input.json");
        var input = ExecutionInputParser.Parse(File.ReadAllBytes(path), path);
        Assert.NotEmpty(input.Sources);
    }

    [Fact]
    public void The_json_schema_names_exactly_the_fields_the_parser_accepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.StateMachine, "input.schema.json")));
        var root = schema.RootElement;
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        string[] Fields(JsonElement obj) => obj.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToArray();
        var defs = root.GetProperty("$defs");
        Assert.Equal(["opensearch", "rerun", "runId", "sources", "staging"], Fields(root));
        Assert.Equal(["credentials", "name", "url"], Fields(defs.GetProperty("source")));
        Assert.Equal(["bucket", "chunkBytes", "chunkCompression", "endpoint", "prefix", "region", "root"], Fields(defs.GetProperty("staging")));
        Assert.Equal(["auth", "bulkActions", "bulkBytes", "concurrency", "endpoint", "gzip", "indexPrefix", "ingest", "maxAttempts", "maxRetrySeconds", "pipeline", "senders"], Fields(defs.GetProperty("opensearch")));
        Assert.Equal(["passwordRef", "region", "service", "type", "username"], Fields(defs.GetProperty("auth")));
        Assert.Equal(["failedChunksKey", "previousRunId"], Fields(defs.GetProperty("rerun")));
        // Every unknown field is an error in the parser, so every object in the schema must forbid them too.
        foreach (var def in defs.EnumerateObject().Where(d => d.Value.TryGetProperty("properties", out _)))
            Assert.False(def.Value.GetProperty("additionalProperties").GetBoolean(), def.Name);
    }
}
