using System.Text;
using System.Text.Json;
using Backfill.Core.Ingest;
using Backfill.Tests.Shared;
using static Backfill.Core.Tests.Ingest.IngestTestKit;

namespace Backfill.Core.Tests.Ingest;

public sealed class PipelineTests
{
    [Fact]
    public void The_definition_is_read_with_description_and_version()
    {
        var pipeline = Pipeline("""{"description":"d","version":3,"_meta":{"a":1},"processors":[{"set":{"field":"a","value":1}}]}""");
        Assert.Equal("test", pipeline.Id);
        Assert.Equal("d", pipeline.Description);
        Assert.Equal(3, pipeline.Version);
        Assert.Equal(["set"], pipeline.ProcessorTypes);
    }

    [Theory]
    [InlineData("""{"processors":[{"set":{"tag":"s1","field":"a","value":1,"if":"ctx.a == null"}}]}""", "Painless 'if' conditions are not supported", "set", "s1", "if")]
    [InlineData("""{"processors":[{"frobnicate":{}}]}""", "No processor type exists with name [frobnicate]", "frobnicate", null, null)]
    [InlineData("""{"processors":[{"script":{"source":"ctx.a = 1"}}]}""", "processor type [script] is not supported by backfill's client-side ingest", "script", null, null)]
    [InlineData("""{"processors":[{"set":{"value":1}}]}""", "[field] required property is missing", "set", null, "field")]
    [InlineData("""{"processors":[{"set":{"field":1,"value":1}}]}""", "[field] property isn't a string, but of type [java.lang.Integer]", "set", null, "field")]
    [InlineData("""{"processors":[{"set":{"field":"a","value":1,"ignore_failure":"yes"}}]}""", "[ignore_failure] property isn't a boolean, but of type [java.lang.String]", "set", null, "ignore_failure")]
    [InlineData("""{"processors":[{"set":{"field":"a","value":1,"colour":"red","size":2}}]}""", "processor [set] doesn't support one or more provided configuration parameters [colour, size]", "set", null, null)]
    [InlineData("""{"processors":[{"set":{"field":"a","value":1,"on_failure":[]}}]}""", "[on_failure] processors list cannot be empty", "set", null, "on_failure")]
    [InlineData("""{"processors":[],"on_failure":[]}""", "pipeline [test] cannot have an empty on_failure option defined", null, null, "on_failure")]
    [InlineData("""{"description":"no processors"}""", "[processors] required property is missing", null, null, "processors")]
    [InlineData("""{"processors":{}}""", "[processors] property isn't a list, but of type [java.util.HashMap]", null, null, "processors")]
    [InlineData("""{"processors":[],"processor":[]}""", "unknown pipeline property [processor]", null, null, "processor")]
    [InlineData("""{"processors":[{"set":{"field":"a","value":"{{#list}}x{{/list}}"}}]}""", "is not supported (only variables", "set", null, null)]
    public void Bad_definitions_are_refused_naming_the_processor_tag_and_property(string json, string reason, string? type, string? tag, string? property)
    {
        var refused = Refused(json);
        Assert.Contains(reason, refused.Reason);
        Assert.Equal(type, refused.ProcessorType);
        Assert.Equal(tag, refused.ProcessorTag);
        Assert.Equal(property, refused.PropertyName);
        Assert.Equal("test", refused.PipelineId);
        Assert.Contains("pipeline [test]", refused.Message);
        if (type is not null) Assert.Contains($"processor [{type}]", refused.Message);
        if (tag is not null) Assert.Contains($"tag [{tag}]", refused.Message);
    }

    [Fact]
    public void Invalid_JSON_names_line_and_position()
    {
        var refused = Assert.Throws<IngestConfigurationException>(() => IngestPipeline.Parse("p", "{\n  \"processors\": [,]\n}"u8));
        Assert.Contains("not valid JSON (line 2", refused.Message);
    }

    [Fact]
    public void A_processor_level_on_failure_handles_the_failure_and_the_pipeline_continues()
    {
        var pipeline = Pipeline("""
            {"processors":[
              {"convert":{"tag":"c","field":"a","type":"integer","on_failure":[{"set":{"field":"why","value":"{{_ingest.on_failure_processor_type}}/{{_ingest.on_failure_processor_tag}}: {{{_ingest.on_failure_message}}}"}}]}},
              {"set":{"field":"after","value":"{{_ingest.on_failure_message}}-gone"}}
            ]}
            """);
        var (result, document) = Run(pipeline, """{"a":"x"}""");
        Assert.Equal(IngestStatus.Indexed, result.Status);
        // As in OpenSearch, the message is the root cause's (convert's NumberFormatException), unescaped with {{{ }}}.
        Assert.Equal("convert/c: For input string: \"x\"", document.Source["why"]);
        Assert.Equal("-gone", document.Source["after"]); // the failure metadata exists only while handlers run
    }

    [Fact]
    public void The_pipeline_level_on_failure_ends_the_pipeline_and_keeps_the_document()
    {
        var pipeline = Pipeline("""
            {"processors":[{"fail":{"message":"first"}},{"set":{"field":"never","value":1}}],
             "on_failure":[{"set":{"field":"error","value":"{{_ingest.on_failure_message}}"}}]}
            """);
        var (result, document) = Run(pipeline, "{}");
        Assert.Equal(IngestStatus.Indexed, result.Status);
        Assert.Equal("""{"error":"first"}""", SourceJson(document));
        Assert.False(document.IngestMetadata?.ContainsKey("on_failure_message") ?? false);
    }

    [Fact]
    public void Ignore_failure_skips_the_processor_and_a_failing_handler_fails_the_document()
    {
        var (ignored, document) = Run(Pipeline("""{"processors":[{"fail":{"message":"x","ignore_failure":true}},{"set":{"field":"b","value":2}}]}"""), "{}");
        Assert.Equal(IngestStatus.Indexed, ignored.Status);
        Assert.Equal(2, document.Source["b"]);

        var (failed, _) = Run(Pipeline("""{"processors":[{"fail":{"message":"x"}}],"on_failure":[{"fail":{"tag":"h","message":"handler: {{_ingest.on_failure_message}}"}}]}"""), "{}");
        Assert.Equal(IngestStatus.Failed, failed.Status);
        Assert.Equal("handler: x", failed.Reason);
        Assert.Equal("fail", failed.ProcessorType);
        Assert.Equal("h", failed.ProcessorTag);
    }

    [Fact]
    public void Drop_in_an_on_failure_handler_drops_the_document()
    {
        var (result, _) = Run(Pipeline("""{"processors":[{"fail":{"message":"x"}}],"on_failure":[{"drop":{}}]}"""), "{}");
        Assert.Equal(IngestStatus.Dropped, result.Status);
    }

    [Fact]
    public void Verbose_traces_every_processor_with_its_status_and_a_snapshot()
    {
        var pipeline = Pipeline("""
            {"processors":[
              {"set":{"tag":"one","field":"a","value":1}},
              {"fail":{"message":"ignored","ignore_failure":true}},
              {"convert":{"field":"a","type":"boolean","on_failure":[{"set":{"field":"handled","value":true}}]}},
              {"drop":{}}
            ]}
            """);
        var trace = new List<ProcessorTrace>();
        var result = pipeline.Execute(Document("{}"), trace);
        Assert.Equal(IngestStatus.Dropped, result.Status);
        Assert.Equal(["set:success", "fail:error_ignored", "convert:error", "set:success", "drop:dropped"],
            trace.Select(t => $"{t.ProcessorType}:{t.StatusText}"));
        Assert.Equal("one", trace[0].Tag);
        Assert.Equal(1, trace[0].Document!.Source["a"]);
        Assert.False(trace[0].Document!.Source.ContainsKey("handled")); // a snapshot, not the live document
        Assert.Equal("ignored", trace[1].Reason);
        Assert.NotNull(trace[1].Document);
        Assert.Null(trace[2].Document);
        Assert.Equal("[1] is not a boolean value, cannot convert to boolean", trace[2].Reason);
        Assert.Null(trace[4].Document);
    }

    [Fact]
    public void One_pipeline_runs_on_many_threads_with_the_same_results()
    {
        var pipeline = IngestPipeline.Parse("nasa-http", File.ReadAllBytes(Path.Combine(RepoPaths.StateMachine, "opensearch", "nasa-http.pipeline.json")));
        var lines = Enumerable.Range(0, 4000).Select(i =>
            i % 97 == 0 ? $"broken line {i}"
            : $"host{i % 13}.example.com - - [{1 + i % 28:00}/{(i % 2 == 0 ? "Jul" : "Aug")}/1995:{i % 24:00}:{i % 60:00}:{(i * 7) % 60:00} -0400] \"GET /p/{i} HTTP/1.0\" {(i % 5 == 0 ? 304 : 200)} {(i % 5 == 0 ? "-" : i.ToString())}").ToArray();
        string Render(string line)
        {
            var document = new IngestDocument("nasa", "1", new Dictionary<string, object?> { ["message"] = line });
            var result = pipeline.Execute(document);
            return $"{result.Status} {document.Index} {SourceJson(document)}";
        }
        var expected = lines.Select(Render).ToArray();
        var actual = new string[lines.Length];
        Parallel.For(0, lines.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = Render(lines[i]));
        Assert.Equal(expected, actual);
        Assert.Contains(expected, e => e.StartsWith("Indexed nasa-logs-1995-08-", StringComparison.Ordinal));
        Assert.Contains(expected, e => e.StartsWith("Indexed nasa-logs-failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Simulation_entries_have_OpenSearchs_shape()
    {
        var pipeline = Pipeline("""{"processors":[{"fail":{"tag":"f","message":"no {{a}}"}}]}""");
        Assert.Equal("""{"error":{"root_cause":[{"type":"fail_processor_exception","reason":"no 1","header":{"processor_type":"fail","processor_tag":"f"}}],"type":"fail_processor_exception","reason":"no 1","header":{"processor_type":"fail","processor_tag":"f"}}}""",
            Entry(pipeline, """{"a":1}""", verbose: false));
        var ok = Entry(Pipeline("""{"processors":[{"set":{"field":"b","value":2}}]}"""), """{"a":1}""", verbose: false);
        Assert.StartsWith("""{"doc":{"_index":"idx","_id":"1","_source":{"a":1,"b":2},"_ingest":{"timestamp":""", ok);
        Assert.Equal("null", Entry(Pipeline("""{"processors":[{"drop":{}}]}"""), "{}", verbose: false));
        var verbose = Entry(Pipeline("""{"processors":[{"set":{"field":"b","value":2,"description":"d"}}]}"""), "{}", verbose: true);
        Assert.StartsWith("""{"processor_results":[{"processor_type":"set","status":"success","description":"d","doc":{"_index":"idx","_id":"1","_source":{"b":2}""", verbose);
    }

    private static string Entry(IngestPipeline pipeline, string source, bool verbose)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) IngestSimulation.WriteEntry(writer, pipeline, Document(source), verbose);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
