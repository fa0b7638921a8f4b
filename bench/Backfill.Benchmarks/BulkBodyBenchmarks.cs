using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Backfill.Core.Samples;
using Backfill.Core.Sending;

namespace Backfill.Benchmarks;

/// <summary>
/// NDJSON body building on Jul95-sized generated data (≈1.9 M lines), one thread: the sender's builder against a
/// Utf8JsonWriter baseline writing the same documents. Throughput = NDJSON bytes produced / time
/// (see <see cref="BulkBenchmarkData"/>; the figure printed at setup gives the bytes per run).
/// Run: dotnet run -c Release --project bench/Backfill.Benchmarks -- --filter '*BulkBody*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class BulkBodyBenchmarks
{
    private const int BulkBytes = 5 * 1024 * 1024;
    private readonly BulkActionTemplate _template = new("nasa-logs-unparsed", "0123456789abcdef");
    private BulkBenchmarkData _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = BulkBenchmarkData.Jul95();
        var bytes = BuildBodies();
        Console.WriteLine($"// Jul95-like: {_data.Lines:N0} lines, {_data.RawBytes / 1e6:F1} MB raw, {bytes / 1e6:F1} MB NDJSON per run");
    }

    [Benchmark(Baseline = true, Description = "BulkBodyBuilder (5 MB bodies)")]
    public long BuildBodies()
    {
        using var builder = new BulkBodyBuilder(BulkBytes, 10_000);
        long total = 0, line = 0;
        var data = _data.Bytes.AsSpan(0, _data.RawBytes);
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var raw = newline < 0 ? data : data[..newline];
            data = newline < 0 ? default : data[(newline + 1)..];
            line++;
            var encoding = LineEncodings.Detect(raw);
            if (!builder.TryAppendLine(_template, line, raw, encoding))
            {
                total += builder.Length;
                builder.Clear();
                builder.TryAppendLine(_template, line, raw, encoding);
            }
        }
        return total + builder.Length;
    }

    [Benchmark(Description = "Utf8JsonWriter (same documents)")]
    public long Utf8JsonWriterBaseline()
    {
        var output = new ArrayBufferWriter<byte>(BulkBytes + (1 << 16));
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        long total = 0, line = 0;
        var data = _data.Bytes.AsSpan(0, _data.RawBytes);
        Span<char> id = stackalloc char[64];
        "0123456789abcdef-".CopyTo(id);
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var raw = newline < 0 ? data : data[..newline];
            data = newline < 0 ? default : data[(newline + 1)..];
            line++;
            line.TryFormat(id[17..], out var digits);
            writer.WriteStartObject();
            writer.WritePropertyName("index"u8);
            writer.WriteStartObject();
            writer.WriteString("_index"u8, "nasa-logs-unparsed"u8);
            writer.WriteString("_id"u8, id[..(17 + digits)]);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
            output.Write("\n"u8);
            writer.Reset();
            writer.WriteStartObject();
            if (LineEncodings.Detect(raw) == LineEncoding.Utf8) writer.WriteString("message"u8, raw);
            else
            {
                writer.WriteString("message"u8, LineEncodings.Decode(raw, LineEncoding.Latin1));
                writer.WriteString("message_encoding"u8, "latin1"u8);
            }
            writer.WriteEndObject();
            writer.Flush();
            output.Write("\n"u8);
            writer.Reset();
            if (output.WrittenCount > BulkBytes)
            {
                total += output.WrittenCount;
                output.ResetWrittenCount();
            }
        }
        return total + output.WrittenCount;
    }
}

/// <summary>Jul95-sized NASA-like lines in memory, generated once by the deterministic generator.</summary>
public sealed class BulkBenchmarkData
{
    private static BulkBenchmarkData? _jul95;

    public required byte[] Bytes { get; init; }
    public required int RawBytes { get; init; }
    public required long Lines { get; init; }

    public static BulkBenchmarkData Jul95() => _jul95 ??= Generate(NasaLogProfile.Jul95);

    public static BulkBenchmarkData Generate(NasaLogProfile profile)
    {
        using var buffer = new MemoryStream();
        NasaLikeLogGenerator.Write(buffer, profile);
        var bytes = buffer.GetBuffer();
        var length = (int)buffer.Length;
        return new BulkBenchmarkData { Bytes = bytes, RawBytes = length, Lines = bytes.AsSpan(0, length).Count((byte)'\n') + 1 };
    }
}
