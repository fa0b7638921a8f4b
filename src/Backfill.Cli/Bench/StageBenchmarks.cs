using System.Diagnostics;
using Backfill.Core.Ingest;
using Backfill.Core.Input;
using Backfill.Core.Sending;

namespace Backfill.Cli.Bench;

/// <summary>
/// The in-process figures, each on one thread over the Jul95-sized trace in memory: client-side grok
/// COMMONAPACHELOG + date, the whole NASA pipeline, and NDJSON bulk-body building. Each stage runs once over a
/// slice first (so the JIT has optimised it), then over every line; "per core" divides by the thread's CPU time.
/// </summary>
internal static class StageBenchmarks
{
    private const string GrokAndDate = """
        {"processors":[
          {"grok":{"field":"message","patterns":["%{COMMONAPACHELOG}"]}},
          {"date":{"field":"timestamp","formats":["dd/MMM/yyyy:HH:mm:ss Z"]}}
        ]}
        """;

    public readonly record struct Timing(double WallSeconds, double CpuSeconds, long Work);

    public static Timing Ingest(LogLines lines, IngestPipeline pipeline)
    {
        RunIngest(lines, pipeline, Math.Min(lines.Count, 50_000));
        return Measure(() => RunIngest(lines, pipeline, lines.Count));
    }

    public static IngestPipeline GrokAndDatePipeline() => IngestPipeline.Parse("grok-date", System.Text.Encoding.UTF8.GetBytes(GrokAndDate));

    /// <summary>The NASA pipeline shipped beside the executable (opensearch/nasa-http.pipeline.json).</summary>
    public static IngestPipeline NasaPipeline()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "opensearch", "nasa-http.pipeline.json");
        return IngestPipeline.Parse("nasa-http", File.ReadAllBytes(path));
    }

    /// <summary>
    /// Each line decoded with the sender's policy into a document reset per line (as the sender's client-side ingest
    /// and the embedded endpoint use it) and run through the pipeline; returns lines indexed.
    /// </summary>
    private static long RunIngest(LogLines lines, IngestPipeline pipeline, int count)
    {
        long indexed = 0;
        var document = new IngestDocument("nasa-logs-unparsed", null, new Dictionary<string, object?>(16));
        for (var i = 0; i < count; i++)
        {
            var raw = lines.Line(i);
            var encoding = LineEncodings.Detect(raw);
            document.Reset("nasa-logs-unparsed", null);
            document.Source["message"] = LineEncodings.Decode(raw, encoding);
            if (encoding == LineEncoding.Latin1) document.Source[LineEncodings.MarkerField] = LineEncodings.Latin1Name;
            if (pipeline.Execute(document).Status == IngestStatus.Indexed) indexed++;
        }
        return indexed;
    }

    /// <summary>NDJSON bodies as the sender builds them (5 MB, 10,000 actions); Work is the bytes produced.</summary>
    public static Timing BulkBodies(LogLines lines)
    {
        var template = new BulkActionTemplate("nasa-logs-unparsed", "0123456789abcdef");
        using var builder = new BulkBodyBuilder((int)OpenSearchSettings.DefaultBulkBytes, OpenSearchSettings.DefaultBulkActions);
        BuildBodies(lines, template, builder, Math.Min(lines.Count, 50_000));
        return Measure(() => BuildBodies(lines, template, builder, lines.Count));
    }

    private static long BuildBodies(LogLines lines, BulkActionTemplate template, BulkBodyBuilder builder, int count)
    {
        long total = 0;
        builder.Clear();
        for (var i = 0; i < count; i++)
        {
            var raw = lines.Line(i);
            var encoding = LineEncodings.Detect(raw);
            if (builder.TryAppendLine(template, i + 1, raw, encoding)) continue;
            total += builder.Length;
            builder.Clear();
            if (!builder.TryAppendLine(template, i + 1, raw, encoding)) throw new InvalidOperationException($"line {i + 1} does not fit an empty body");
        }
        return total + builder.Length;
    }

    /// <summary>
    /// The embedded endpoint's share of a local run, on one thread: the trace as the sender's NDJSON bodies through
    /// the in-process transport with the NASA pipeline (parse, pipeline, serialise, store). Work is documents indexed.
    /// </summary>
    public static Timing EmbeddedBulk(LogLines lines, string pipelineJson, string workDirectory)
    {
        var root = Path.Combine(workDirectory, "embedded-bulk");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        try
        {
            using var endpoint = Backfill.Local.OpenSearch.EmbeddedOpenSearch.Open(root);
            var put = endpoint.Transport.SendAsync(Core.OpenSearch.OpenSearchRequest.Put("/_ingest/pipeline/nasa-http", System.Text.Encoding.UTF8.GetBytes(pipelineJson))).GetAwaiter().GetResult();
            if (!put.IsSuccess) throw new InvalidOperationException($"the embedded endpoint refused the pipeline: {put.BodyText}");
            var bodies = Bodies(lines);
            // Warm-up: the first body (its documents are overwritten by the measured pass).
            Send(endpoint.Transport, bodies.Take(1));
            return Measure(() => Send(endpoint.Transport, bodies));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static List<(byte[] Body, int Count)> Bodies(LogLines lines)
    {
        var bodies = new List<(byte[], int)>();
        var template = new BulkActionTemplate("nasa-logs-unparsed", "0123456789abcdef");
        using var builder = new BulkBodyBuilder((int)OpenSearchSettings.DefaultBulkBytes, OpenSearchSettings.DefaultBulkActions);
        for (var i = 0; i < lines.Count; i++)
        {
            var raw = lines.Line(i);
            var encoding = LineEncodings.Detect(raw);
            if (builder.TryAppendLine(template, i + 1, raw, encoding)) continue;
            bodies.Add((builder.BodySpan.ToArray(), builder.Count));
            builder.Clear();
            builder.TryAppendLine(template, i + 1, raw, encoding);
        }
        if (builder.Count > 0) bodies.Add((builder.BodySpan.ToArray(), builder.Count));
        return bodies;
    }

    private static long Send(Core.OpenSearch.IOpenSearchTransport transport, IEnumerable<(byte[] Body, int Count)> bodies)
    {
        long indexed = 0;
        foreach (var (body, count) in bodies)
        {
            // The in-process transport runs the request on the calling thread when a write slot is free (always, here).
            var response = transport.BulkAsync(new Core.OpenSearch.BulkRequest(body, count, "nasa-http")).GetAwaiter().GetResult();
            foreach (var item in response.Items) if (item.IsSuccess) indexed++;
        }
        return indexed;
    }

    private static Timing Measure(Func<long> body)
    {
        var cpu = CpuClock.ThreadSeconds();
        var watch = Stopwatch.StartNew();
        var work = body();
        var wall = watch.Elapsed.TotalSeconds;
        var cpuAfter = CpuClock.ThreadSeconds();
        return new Timing(wall, cpu is { } a && cpuAfter is { } b ? b - a : wall, work);
    }
}
