using System.Buffers;
using System.CommandLine;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Backfill.Core.Errors;
using Backfill.Core.Ingest;
using Backfill.Core.Sending;

namespace Backfill.Cli.Commands;

/// <summary>
/// <c>backfill pipeline simulate</c>: runs an ingest pipeline definition client-side over sample lines and prints
/// what OpenSearch's <c>_simulate</c> would answer, one document per line, so operators can check a pipeline
/// before a multi-hour backfill. Lines are decoded with the sender's policy (UTF-8, else Latin-1 with
/// <c>message_encoding</c>), so the output is what the backfill would index.
/// </summary>
public static class PipelineCommand
{
    public static Command Create()
    {
        var pipelineOption = new Option<string>("--pipeline") { Description = "Pipeline definition: the JSON body of PUT _ingest/pipeline/<id>", Required = true };
        var linesOption = new Option<string>("--lines") { Description = "Log lines to run through it: a file (.gz is decompressed) or - for standard input", Required = true };
        var verboseOption = new Option<bool>("--verbose") { Description = "Show every processor's result (OpenSearch's ?verbose)" };
        var indexOption = new Option<string>("--index") { Description = "The _index documents start with (before date_index_name)", DefaultValueFactory = _ => "_index" };

        var simulate = new Command("simulate", "Run a pipeline over sample lines and print the _simulate response, one document per line.");
        simulate.Options.Add(pipelineOption);
        simulate.Options.Add(linesOption);
        simulate.Options.Add(verboseOption);
        simulate.Options.Add(indexOption);
        CommandAction.Set(simulate, async (parse, context, cancellationToken) =>
        {
            var pipeline = LoadPipeline(parse.GetValue(pipelineOption)!);
            var linesPath = parse.GetValue(linesOption)!;
            await using var input = OpenLines(linesPath);
            var counts = await SimulateAsync(pipeline, input, context.Out, parse.GetValue(verboseOption), parse.GetValue(indexOption)!, cancellationToken);
            context.Error.WriteLine($"simulated {counts.Lines:N0} lines with pipeline [{pipeline.Id}]: {counts.Indexed:N0} indexed, {counts.Failed:N0} failed, {counts.Dropped:N0} dropped");
            return ExitCodes.Success;
        });

        var command = new Command("pipeline", "OpenSearch ingest pipelines, run client-side.");
        command.Subcommands.Add(simulate);
        return command;
    }

    public readonly record struct SimulationCounts(long Lines, long Indexed, long Failed, long Dropped);

    /// <summary>Parses the pipeline file; its id is the file name without <c>.pipeline.json</c> / <c>.json</c>.</summary>
    public static IngestPipeline LoadPipeline(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackfillException($"--pipeline {path}: cannot read the file ({e.Message})");
        }
        var name = Path.GetFileName(path);
        var id = name.EndsWith(".pipeline.json", StringComparison.OrdinalIgnoreCase) ? name[..^".pipeline.json".Length]
            : name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name[..^".json".Length] : name;
        try
        {
            return IngestPipeline.Parse(id, json);
        }
        catch (IngestConfigurationException e)
        {
            throw new BackfillException($"--pipeline {path}: {e.Message}", e);
        }
    }

    private static Stream OpenLines(string path)
    {
        if (path == "-") return Console.OpenStandardInput();
        try
        {
            Stream file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackfillException($"--lines {path}: cannot read the file ({e.Message})");
        }
    }

    /// <summary>Streams <c>{"docs":[…]}</c> to <paramref name="output"/>, one entry per input line (memory stays bounded).</summary>
    public static async Task<SimulationCounts> SimulateAsync(IngestPipeline pipeline, Stream input, TextWriter output, bool verbose, string index,
        CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        // Relaxed escaping keeps quotes and non-ASCII readable on a terminal; the output is still valid JSON.
        await using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        long lines = 0, indexed = 0, failed = 0, dropped = 0;
        await output.WriteAsync("{\"docs\":[");
        await foreach (var line in ReadLinesAsync(input, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lines++;
            var raw = line.Span;
            var encoding = LineEncodings.Detect(raw);
            var source = new Dictionary<string, object?> { ["message"] = LineEncodings.Decode(raw, encoding) };
            if (encoding == LineEncoding.Latin1) source[LineEncodings.MarkerField] = LineEncodings.Latin1Name;
            var document = new IngestDocument(index, lines.ToString(System.Globalization.CultureInfo.InvariantCulture), source);
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            var result = IngestSimulation.WriteEntry(json, pipeline, document, verbose);
            json.Flush();
            switch (result.Status)
            {
                case IngestStatus.Indexed: indexed++; break;
                case IngestStatus.Failed: failed++; break;
                default: dropped++; break;
            }
            await output.WriteAsync(lines == 1 ? "\n" : ",\n");
            await output.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        await output.WriteAsync(lines == 0 ? "]}\n" : "\n]}\n");
        await output.FlushAsync(cancellationToken);
        return new SimulationCounts(lines, indexed, failed, dropped);
    }

    /// <summary>Lines without their terminator (LF or CRLF); a last line without one counts too.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadLinesAsync(Stream input,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        var pending = new ArrayBufferWriter<byte>();
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                if (newline < 0) break;
                ReadOnlyMemory<byte> line;
                if (pending.WrittenCount > 0)
                {
                    pending.Write(buffer.AsSpan(start, newline - start));
                    line = pending.WrittenMemory.ToArray();
                    pending.ResetWrittenCount();
                }
                else
                {
                    line = buffer.AsMemory(start, newline - start);
                }
                yield return TrimCarriageReturn(line);
                start = newline + 1;
            }
            pending.Write(buffer.AsSpan(start, read - start));
        }
        if (pending.WrittenCount > 0) yield return TrimCarriageReturn(pending.WrittenMemory.ToArray());
    }

    private static ReadOnlyMemory<byte> TrimCarriageReturn(ReadOnlyMemory<byte> line)
        => line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;
}
