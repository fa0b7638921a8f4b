using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests;

public sealed class PipelineCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("pipeline-cli");
    private static string NasaPipeline => Path.Combine(RepoPaths.StateMachine, "opensearch", "nasa-http.pipeline.json");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, byte[] content)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private string WriteLines(string name, params string[] lines) => Write(name, Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    [Fact]
    public async Task Simulate_prints_one_document_per_line_in_the_simulate_shape()
    {
        var lines = WriteLines("lines.log",
            "199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200 6245",
            "garbage");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("pipeline", "simulate", "--pipeline", NasaPipeline, "--lines", lines);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var docs = json.RootElement.GetProperty("docs").EnumerateArray().ToArray();
        Assert.Equal(2, docs.Length);
        var first = docs[0].GetProperty("doc");
        Assert.Equal("nasa-logs-1995-07-01", first.GetProperty("_index").GetString());
        Assert.Equal("1", first.GetProperty("_id").GetString());
        Assert.Equal("1995-07-01T04:00:01.000Z", first.GetProperty("_source").GetProperty("@timestamp").GetString());
        Assert.Equal(6245, first.GetProperty("_source").GetProperty("bytes").GetInt64());
        var second = docs[1].GetProperty("doc");
        Assert.Equal("nasa-logs-failed", second.GetProperty("_index").GetString());
        Assert.Equal("grok", second.GetProperty("_source").GetProperty("error").GetProperty("processor_type").GetString());
        Assert.Contains("simulated 2 lines with pipeline [nasa-http]: 2 indexed, 0 failed, 0 dropped", stderr);
        Assert.Equal(4, stdout.TrimEnd().Split('\n').Length); // {"docs":[ / one line per document / ]}
    }

    [Fact]
    public async Task Verbose_shows_each_processor_and_failures_are_reported_per_document()
    {
        var pipeline = Write("strict.json", """{"processors":[{"grok":{"tag":"parse","field":"message","patterns":["%{INT:n:int}"]}},{"set":{"field":"seen","value":true}}]}"""u8.ToArray());
        var lines = WriteLines("lines.log", "id 42", "none");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("pipeline", "simulate", "--pipeline", pipeline, "--lines", lines, "--verbose");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var docs = json.RootElement.GetProperty("docs").EnumerateArray().ToArray();
        var steps = docs[0].GetProperty("processor_results").EnumerateArray().Select(s => s.GetProperty("processor_type").GetString() + ":" + s.GetProperty("status").GetString());
        Assert.Equal(["grok:success", "set:success"], steps);
        var failed = docs[1].GetProperty("processor_results")[0];
        Assert.Equal("error", failed.GetProperty("status").GetString());
        Assert.Equal("parse", failed.GetProperty("tag").GetString());
        Assert.Equal("Provided Grok expressions do not match field value: [none]", failed.GetProperty("error").GetProperty("reason").GetString());
        Assert.Contains("1 indexed, 1 failed", stderr);
    }

    [Fact]
    public async Task Gzip_input_CRLF_and_non_UTF8_bytes_use_the_senders_decoding()
    {
        var content = new MemoryStream();
        using (var gzip = new GZipStream(content, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("a b\r\n"u8);
            gzip.Write([(byte)'r', 0xE9, (byte)'s', (byte)'\n']);
            gzip.Write("last-without-newline"u8);
        }
        var lines = Write("lines.log.gz", content.ToArray());
        var pipeline = Write("p.json", """{"processors":[]}"""u8.ToArray());
        var (exit, stdout, stderr) = await CliRunner.RunAsync("pipeline", "simulate", "--pipeline", pipeline, "--lines", lines);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var sources = json.RootElement.GetProperty("docs").EnumerateArray().Select(d => d.GetProperty("doc").GetProperty("_source")).ToArray();
        Assert.Equal(3, sources.Length);
        Assert.Equal("a b", sources[0].GetProperty("message").GetString());
        Assert.Equal("rés", sources[1].GetProperty("message").GetString());
        Assert.Equal("latin1", sources[1].GetProperty("message_encoding").GetString());
        Assert.Equal("last-without-newline", sources[2].GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_invalid_pipeline_exits_2_naming_the_file_processor_and_property()
    {
        var pipeline = Write("bad.pipeline.json", """{"processors":[{"date":{"tag":"when","field":"t"}}]}"""u8.ToArray());
        var lines = WriteLines("lines.log", "x");
        var (exit, stdout, stderr) = await CliRunner.RunAsync("pipeline", "simulate", "--pipeline", pipeline, "--lines", lines);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("bad.pipeline.json", stderr);
        Assert.Contains("pipeline [bad], processor [date] with tag [when]: [formats] required property is missing", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Missing_files_exit_2_with_the_option_and_path()
    {
        var missing = _temp.Combine("nope.json");
        var (exit, _, stderr) = await CliRunner.RunAsync("pipeline", "simulate", "--pipeline", missing, "--lines", missing);
        Assert.Equal(2, exit);
        Assert.Contains($"--pipeline {missing}: cannot read the file", stderr);

        var (exit2, _, stderr2) = await CliRunner.RunAsync("pipeline", "simulate", "--pipeline", NasaPipeline, "--lines", missing);
        Assert.Equal(2, exit2);
        Assert.Contains($"--lines {missing}: cannot read the file", stderr2);
    }
}
