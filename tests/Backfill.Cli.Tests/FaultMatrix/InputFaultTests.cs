using System.Text.Json.Nodes;
using Backfill.Core.Samples;
using Backfill.Core.Staging;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// Malformed execution inputs and keys that try to leave the staging root: `backfill run` refuses them with exit
/// code 2 and the JSON path at fault before anything runs; a tampered failed-chunks list cannot make a sender read or
/// write outside the store.
/// </summary>
public sealed class InputFaultTests : IDisposable
{
    private readonly FaultBed _bed = new("input");

    public void Dispose() => _bed.Dispose();

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "truncated JSON", """{"runId": "r1", "sources": [""", "input.json: not valid JSON at line 1" },
        { "not an object", """["r1"]""", "$: expected an object, found an array" },
        { "misspelt field", """{"runId": "r1", "sources": [{"name": "a", "url": "/tmp/a.gz"}], "staging": {"chunkbytes": 1}}""", "$.staging.chunkbytes: unknown field" },
        { "missing url", """{"runId": "r1", "sources": [{"name": "a"}]}""", "$.sources[0].url: is required" },
        { "wrong type", """{"runId": "r1", "sources": [{"name": "a", "url": "/tmp/a.gz"}], "opensearch": {"senders": "four"}}""", "$.opensearch.senders" },
        { "out of range", """{"runId": "r1", "sources": [{"name": "a", "url": "/tmp/a.gz"}], "staging": {"chunkBytes": 10}}""", "$.staging.chunkBytes: 10 is out of range" },
        { "duplicate source", """{"runId": "r1", "sources": [{"name": "a", "url": "/tmp/a.gz"}, {"name": "a", "url": "/tmp/b.gz"}]}""", "$.sources[1].name: \"a\" is already used" },
        { "unsupported scheme", """{"runId": "r1", "sources": [{"name": "a", "url": "gopher://h/a.gz"}]}""", "$.sources[0].url: scheme \"gopher\" is not supported" },
        { "traversal in runId", """{"runId": "../../escape", "sources": [{"name": "a", "url": "/tmp/a.gz"}]}""", "$.runId: \"../../escape\" is not a valid name" },
        { "traversal in source name", """{"runId": "r1", "sources": [{"name": "../x", "url": "/tmp/a.gz"}]}""", "$.sources[0].name: \"../x\" is not a valid name" },
        { "traversal in prefix", """{"runId": "r1", "sources": [{"name": "a", "url": "/tmp/a.gz"}], "staging": {"prefix": "ok/../../out"}}""", "$.staging.prefix" },
        { "absolute prefix", """{"runId": "r1", "sources": [{"name": "a", "url": "/tmp/a.gz"}], "staging": {"prefix": "/etc"}}""", "$.staging.prefix" },
        { "traversal in rerun key", """{"runId": "r1", "rerun": {"failedChunksKey": "../../../etc/passwd"}}""", "$.rerun.failedChunksKey" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_input_is_refused_with_exit_code_2_and_the_path_at_fault_before_anything_runs(string what, string json, string expected)
    {
        var input = _bed.Dir.Combine("input.json");
        File.WriteAllText(input, json);

        var run = await _bed.RunCliAsync(input, "malformed");

        Assert.True(run.Exit == ExitCodes.UsageError, $"{what}: exit {run.Exit}\n{run.Out}{run.Error}");
        Assert.Contains(expected, run.Error);
        Assert.StartsWith("backfill: error: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error); // no stack trace
        Assert.False(Directory.Exists(_bed.ExecutionsRoot) && Directory.EnumerateFileSystemEntries(_bed.ExecutionsRoot).Any(), $"{what}: an execution was created");
        Assert.False(Directory.Exists(_bed.StagingRoot), $"{what}: something was staged");
    }

    [Fact]
    public async Task An_execution_name_that_leaves_the_executions_folder_is_refused()
    {
        var archive = TestArchive.Nasa(_bed.Archive("jul.gz"), NasaLogProfile.Sample with { Lines = 10 });

        var run = await _bed.RunCliAsync(_bed.WriteInput(_bed.Input("r1", [("jul", archive.Path)])), "../escaped");

        Assert.Equal(ExitCodes.UsageError, run.Exit);
        Assert.Contains("execution name \"../escaped\" is not valid", run.Error);
        Assert.False(Directory.Exists(_bed.Dir.Combine("escaped")));
    }

    [Fact]
    public async Task A_tampered_failed_chunks_list_cannot_make_a_sender_read_or_write_outside_the_staging_root()
    {
        var archive = TestArchive.Nasa(_bed.Archive("jul.gz"), NasaLogProfile.Sample);
        var first = await _bed.StartAsync(_bed.Input("r1", [("jul", archive.Path)]));
        Assert.True(first.Succeeded);
        var indexed = _bed.Embedded.Count("nasa-logs-*");

        // A log file beside the store that a traversal key would reach, and rows that point at it or escape by name.
        var outside = TestArchive.FromLines(_bed.Dir.Combine("outside.log"), [.. archive.Lines.Take(3)]);
        File.WriteAllBytes(outside.Path, outside.Content);
        var real = ManifestJson.Parse(File.ReadAllBytes(Path.Combine(_bed.StagingRoot, "r1", "manifests", "jul.jsonl")), "jul")[0];
        var tampered = new[]
        {
            real with { ChunkKey = "r1/../../outside.log", LineCount = 3 },
            real with { Source = "../../escaped" },
        };
        File.WriteAllBytes(Path.Combine(_bed.StagingRoot, "r1", "tampered.jsonl"), ManifestJson.Serialize(tampered));
        var before = Snapshot();
        var input = _bed.Input("r2", []);
        input.Remove("sources");
        input["rerun"] = new JsonObject { ["failedChunksKey"] = "r1/tampered.jsonl" };

        var run = await _bed.StartAsync(input);

        Assert.Equal("FAILED", run.Execution.Status);
        var said = run.Execution.Cause + string.Join("\n", run.Report?.Chunks.Select(c => c.Error) ?? []);
        Assert.Contains("is not a valid object key", said + ReadFailureEvents("r2"));
        Assert.Equal(indexed, _bed.Embedded.Count("nasa-logs-*"));
        Assert.Equal(before, Snapshot().Where(p => !p.StartsWith(_bed.StagingRoot + "/r2/") && !p.StartsWith(_bed.ExecutionsRoot + "/")).ToList());
    }

    /// <summary>Every file under the bed except the executions, so a write outside the store shows up.</summary>
    private List<string> Snapshot() =>
        Directory.EnumerateFiles(_bed.Dir.Path, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(_bed.ExecutionsRoot + "/") && !p.StartsWith(_bed.OpenSearchData + "/") && !p.StartsWith(_bed.StagingRoot + "/r2/"))
            .Order(StringComparer.Ordinal).ToList();

    private string ReadFailureEvents(string name) =>
        string.Join("\n", _bed.Backfill.Executions.ReadHistory(name).Where(e => e["type"]!.GetValue<string>().EndsWith("Failed", StringComparison.Ordinal)).Select(e => e.ToJsonString()));
}
