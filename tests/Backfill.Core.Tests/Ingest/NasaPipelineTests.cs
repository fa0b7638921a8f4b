using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Backfill.Core.Ingest;
using Backfill.Core.Sending;
using Backfill.Tests.Shared;

namespace Backfill.Core.Tests.Ingest;

/// <summary>
/// statemachine/opensearch/nasa-http.pipeline.json over NASA-like lines: each line is checked against an
/// independent, deliberately simple reading of Common Log Format, so the test does not trust the grok library
/// to grade itself.
/// </summary>
public sealed class NasaPipelineTests
{
    private static readonly Lazy<IngestPipeline> Pipeline = new(() =>
        IngestPipeline.Parse("nasa-http", File.ReadAllBytes(Path.Combine(RepoPaths.StateMachine, "opensearch", "nasa-http.pipeline.json"))));

    // The shape COMMONAPACHELOG accepts for these lines; like grok, it need not reach the end of the line.
    private static readonly Regex Reference = new(
        """^(?<clientip>\S+) (?<ident>\S+) (?<auth>\S+) \[(?<timestamp>\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] "(?<verb>\w+) (?<request>\S+?)(?: HTTP/(?<httpversion>\d+(?:\.\d+)?))?" (?<response>\d+) (?:(?<bytes>\d+)|-)""");

    private static readonly string[] ParsedFields = ["clientip", "ident", "auth", "timestamp", "verb", "request"];

    [Fact]
    public void Every_line_of_the_sample_archive_is_indexed_with_its_fields_or_kept_with_its_error()
    {
        var archive = Path.Combine(RepoPaths.DataSamples, "nasa-sample.log.gz");
        Assert.True(File.Exists(archive), $"{archive} is missing (data-samples/ is committed with the repository)");
        var lines = ReadLines(archive);
        Assert.True(lines.Count >= 1000, $"expected the sample archive's lines, found {lines.Count}");

        int wellFormed = 0, malformed = 0, withoutBytes = 0, withoutProtocol = 0, latin1 = 0;
        foreach (var (raw, number) in lines.Select((line, i) => (line, i + 1)))
        {
            var encoding = LineEncodings.Detect(raw);
            var message = LineEncodings.Decode(raw, encoding);
            if (encoding == LineEncoding.Latin1) latin1++;
            var document = new IngestDocument("nasa", number.ToString(CultureInfo.InvariantCulture), new Dictionary<string, object?> { ["message"] = message });
            var result = Pipeline.Value.Execute(document);
            Assert.True(result.Status == IngestStatus.Indexed, $"line {number} was {result.Status} ({result.ErrorType}: {result.Reason}): {message}");
            Assert.Equal(message, document.Source["message"]);

            var expected = Reference.Match(message);
            if (!expected.Success)
            {
                malformed++;
                AssertKeptWithError(document, number, message);
                continue;
            }
            wellFormed++;
            AssertParsed(document, expected, number, message);
            if (!expected.Groups["bytes"].Success) withoutBytes++;
            if (!expected.Groups["httpversion"].Success) withoutProtocol++;
        }
        // The sample exercises every branch this test claims to check.
        Assert.True(wellFormed > 0 && malformed > 0 && withoutBytes > 0 && withoutProtocol > 0 && latin1 > 0,
            $"well-formed {wellFormed}, malformed {malformed}, '-' bytes {withoutBytes}, no protocol {withoutProtocol}, latin-1 {latin1}");
    }

    public static TheoryData<string> HandWrittenLines => new()
    {
        "199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200 6245",
        "unicomp6.unicomp.net - - [01/Jul/1995:00:00:06 -0400] \"GET /shuttle/countdown/ HTTP/1.0\" 200 3985",
        "burger.letters.com - - [01/Jul/1995:23:59:59 -0400] \"GET /shuttle/countdown/video/livevideo.gif HTTP/1.0\" 304 -",
        "d104.aa.net - - [31/Jul/1995:20:00:00 -0400] \"GET /index.html\" 200 7280",
        "2001:db8::ff00:42:8329 - - [04/Aug/1995:10:05:09 -0400] \"GET /ksc.html HTTP/1.0\" 200 7074",
        "piweba4y.prodigy.com - - [01/Jul/1995:00:00:12 -0400] \"GET /pub/winvn/réadme.txt HTTP/1.0\" 200 1024",
    };

    [Theory]
    [MemberData(nameof(HandWrittenLines))]
    public void Hand_written_well_formed_lines_yield_every_field_in_UTC_and_the_daily_index(string line)
    {
        var document = new IngestDocument("nasa", "1", new Dictionary<string, object?> { ["message"] = line });
        var result = Pipeline.Value.Execute(document);
        Assert.Equal(IngestStatus.Indexed, result.Status);
        var expected = Reference.Match(line);
        Assert.True(expected.Success, "the reference reading must accept the hand-written line");
        AssertParsed(document, expected, 1, line);
    }

    [Fact]
    public void Late_evening_local_times_land_in_the_next_UTC_day()
    {
        var document = new IngestDocument("nasa", "1", new Dictionary<string, object?>
        {
            ["message"] = "burger.letters.com - - [01/Jul/1995:23:59:59 -0400] \"GET /a HTTP/1.0\" 200 1",
        });
        Pipeline.Value.Execute(document);
        Assert.Equal("1995-07-02T03:59:59.000Z", document.Source["@timestamp"]);
        Assert.Equal("nasa-logs-1995-07-02", document.Index);
    }

    [Theory]
    [InlineData("garbage line with no structure at all")]
    [InlineData("")]
    [InlineData("199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /truncat")]
    [InlineData("199.72.81.55 - - [01/Jul/1995:25:00:01 -0400] \"GET / HTTP/1.0\" 200 6245")]
    public void A_malformed_line_keeps_its_message_and_records_the_failure(string line)
    {
        var document = new IngestDocument("nasa", "7", new Dictionary<string, object?> { ["message"] = line });
        var result = Pipeline.Value.Execute(document);
        Assert.Equal(IngestStatus.Indexed, result.Status);
        AssertKeptWithError(document, 7, line);
    }

    [Fact]
    public void An_impossible_date_is_recorded_as_a_date_failure_keeping_what_grok_found()
    {
        // grok's MONTHDAY accepts 31 in any month; the date processor knows June has 30 days.
        var document = new IngestDocument("nasa", "1", new Dictionary<string, object?>
        {
            ["message"] = "199.72.81.55 - - [31/Jun/1995:10:00:01 -0400] \"GET / HTTP/1.0\" 200 6245",
        });
        Pipeline.Value.Execute(document);
        var error = Assert.IsType<Dictionary<string, object?>>(document.Source["error"]);
        Assert.Equal("date", error["processor_type"]);
        Assert.Equal("timestamp", error["processor_tag"]);
        // on_failure_message is the root cause's message, as in OpenSearch.
        Assert.StartsWith("Text '31/Jun/1995:10:00:01 -0400' could not be parsed", (string)error["message"]!);
        Assert.Equal("199.72.81.55", document.Source["clientip"]); // what grok found is kept
        Assert.Equal("nasa-logs-failed", document.Index);
    }

    private static void AssertParsed(IngestDocument document, Match expected, int number, string message)
    {
        var source = document.Source;
        Assert.False(source.ContainsKey("error"), $"line {number} recorded an error: {IngestConformanceTests.Describe(document)}");
        foreach (var field in ParsedFields)
            Assert.True(source.TryGetValue(field, out var value) && (string?)value == expected.Groups[field].Value,
                $"line {number}: {field} expected [{expected.Groups[field].Value}], document: {IngestConformanceTests.Describe(document)}");
        if (expected.Groups["httpversion"].Success) Assert.Equal(expected.Groups["httpversion"].Value, source["httpversion"]);
        else Assert.False(source.ContainsKey("httpversion"), $"line {number}: no protocol, yet httpversion is set");
        Assert.Equal(int.Parse(expected.Groups["response"].Value, CultureInfo.InvariantCulture), Assert.IsType<int>(source["response"]));
        if (expected.Groups["bytes"].Success) Assert.Equal(long.Parse(expected.Groups["bytes"].Value, CultureInfo.InvariantCulture), Assert.IsType<long>(source["bytes"]));
        else Assert.False(source.ContainsKey("bytes"), $"line {number}: '-' bytes must leave bytes unset (not 0, not a failure)");

        var utc = ParseClfTimestamp(expected.Groups["timestamp"].Value);
        Assert.Equal(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), source["@timestamp"]);
        Assert.Equal("nasa-logs-" + utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), document.Index);
        Assert.True(message == (string?)source["message"]);
    }

    private static void AssertKeptWithError(IngestDocument document, int number, string message)
    {
        Assert.Equal(message, document.Source["message"]);
        Assert.True(document.Source.TryGetValue("error", out var errorValue), $"line {number}: no error recorded: {IngestConformanceTests.Describe(document)}");
        var error = Assert.IsType<Dictionary<string, object?>>(errorValue);
        Assert.False(string.IsNullOrEmpty(error["message"] as string), $"line {number}: empty error message");
        Assert.False(string.IsNullOrEmpty(error["processor_type"] as string), $"line {number}: no failing processor recorded");
        Assert.Equal("nasa-logs-failed", document.Index);
    }

    /// <summary>dd/MMM/yyyy:HH:mm:ss ±hhmm, read without the code under test.</summary>
    private static DateTime ParseClfTimestamp(string text)
    {
        var local = DateTime.ParseExact(text[..20], "dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None);
        var sign = text[21] == '-' ? -1 : 1;
        var offset = new TimeSpan(int.Parse(text.Substring(22, 2), CultureInfo.InvariantCulture), int.Parse(text.Substring(24, 2), CultureInfo.InvariantCulture), 0);
        return local - sign * offset;
    }

    private static List<byte[]> ReadLines(string gzipPath)
    {
        using var gzip = new GZipStream(File.OpenRead(gzipPath), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var bytes = memory.ToArray();
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
            if (i > start || i < bytes.Length) lines.Add(LineEncodings.TrimTerminator(bytes.AsSpan(start, i - start)).ToArray());
            start = i + 1;
        }
        return lines;
    }
}
