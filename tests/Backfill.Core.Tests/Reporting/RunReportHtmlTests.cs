using System.Xml;
using System.Xml.Linq;
using Backfill.Core.Reporting;
using Backfill.Core.Reporting.Html;

namespace Backfill.Core.Tests.Reporting;

/// <summary>The operator's page: sections and figures from the report, self-contained, every text escaped.</summary>
public sealed class RunReportHtmlTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static RunReport Report(string source = "jul", string reason = "400 mapper_parsing_exception", string? chunkError = null) => new()
    {
        RunId = "nasa-1995",
        GeneratedAt = T0.AddMinutes(5),
        Totals = new RunTotals(Chunks: 3, ChunksSucceeded: 2, ChunksFailed: 1, LinesPlanned: 3000, LinesRead: 2000, Indexed: 1990, DeadLettered: 10, Requests: 41, BytesSent: 3 << 20, RetriedItems: 7),
        Sources =
        [
            new SourceReport(source, "ftp://ftp.example.org/pub/jul.gz", 2, 1, 2000, 990, 10),
            new SourceReport("aug", "http://logs.example.org/aug.gz?x=<y>", 1, 0, 1000, 1000, 0),
        ],
        Chunks =
        [
            new ChunkReport("nasa-1995/chunks/jul/000000.log", source, 0, 1, 1000, ChunkOutcome.Succeeded, 990, 10, 20, 10, T0.AddSeconds(10), null, RetriedItems: 7, Attempts: 2),
            new ChunkReport("nasa-1995/chunks/jul/000001.log", source, 1, 1001, 1000, ChunkOutcome.Failed, 0, 0, 0, 0, null, chunkError ?? "no result: the sender did not finish this chunk"),
            new ChunkReport("nasa-1995/chunks/aug/000000.log", "aug", 0, 1, 1000, ChunkOutcome.Succeeded, 1000, 0, 21, 5, T0.AddSeconds(10), null),
        ],
        DeadLetterReasons = new Dictionary<string, long> { [reason] = 8, ["413 document_too_large"] = 2 },
        FailedChunksKey = "nasa-1995/failed-chunks.jsonl",
    };

    private static RunReportPage Page(RunReport report) => new()
    {
        Report = report,
        Execution = "nasa-1995-20260301",
        Status = "FAILED",
        Started = T0.AddSeconds(-30),
        Stopped = T0.AddMinutes(1),
        Error = "States.ExceedToleratedFailureThreshold",
        Cause = "1 of 3 chunks failed",
        ReportLocation = "/data/store/nasa-1995/report.json",
        OpenSearchEndpoint = "embedded",
        Documents = DailyDocumentCounts.From([("nasa-logs-1995-07-01", 600), ("nasa-logs-1995-07-02", 390), ("nasa-logs-1995-08-01", 1000), ("nasa-logs-failed", 3), ("other-index", 99)], "nasa-logs-"),
        DocumentsNote = "from the embedded endpoint",
    };

    private static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    private static XElement Section(XDocument page, string id) =>
        page.Descendants("section").SingleOrDefault(s => (string?)s.Attribute("id") == id) ?? throw new Xunit.Sdk.XunitException($"no section #{id}");

    private static string Field(XDocument page, string field) =>
        page.Descendants().Single(e => (string?)e.Attribute("data-field") == field).Value;

    [Fact]
    public void The_page_is_well_formed_and_has_every_section_with_the_report_figures()
    {
        var page = Parse(RunReportHtml.Render(Page(Report())));

        foreach (var id in new[] { "run", "totals", "sources", "throughput", "dead-letters", "requests-per-day", "chunks" }) Section(page, id);
        Assert.Equal("FAILED", Field(page, "status"));
        Assert.Equal("nasa-1995-20260301", Field(page, "execution"));
        Assert.Equal("1.5 min", Field(page, "duration"));
        Assert.Equal("3", Field(page, "chunks"));
        Assert.Equal("1", Field(page, "chunks-failed"));
        Assert.Equal("3,000", Field(page, "lines-planned"));
        Assert.Equal("1,990", Field(page, "indexed"));
        Assert.Equal("10", Field(page, "dead-lettered"));
        Assert.Equal("0", Field(page, "unaccounted"));
        Assert.Equal("1,000", Field(page, "unread"));
        Assert.Equal("41", Field(page, "requests"));
        Assert.Equal("3.0 MiB", Field(page, "bytes-sent"));
        Assert.Equal("nasa-1995/failed-chunks.jsonl (backfill rerun-failed, or redrive)", Field(page, "failed-chunks"));

        var sources = Section(page, "sources").Descendants("tbody").Single().Elements("tr").ToList();
        Assert.Equal(2, sources.Count);
        Assert.Equal(["jul", "ftp://ftp.example.org/pub/jul.gz", "2", "1", "2,000", "990", "10"], sources[0].Elements("td").Select(td => td.Value));
        Assert.Equal("failed", (string?)sources[0].Attribute("class"));

        var chunks = Section(page, "chunks").Descendants("tbody").Single().Elements("tr").ToList();
        Assert.Equal(3, chunks.Count);
        var failed = Assert.Single(chunks, c => (string?)c.Attribute("class") == "failed");
        Assert.Contains("no result: the sender did not finish this chunk", failed.Value);
        Assert.Equal(["jul", "0", "succeeded", "1", "1,000", "990", "10", "20", "2", "10.00"], chunks[0].Elements("td").Take(10).Select(td => td.Value));

        var reasons = Section(page, "dead-letters").Descendants("tbody").Single().Elements("tr").Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToList();
        Assert.Equal([["400 mapper_parsing_exception", "8"], ["413 document_too_large", "2"]], reasons);
    }

    [Fact]
    public void Requests_per_day_come_from_the_daily_indices_with_the_other_indices_of_the_prefix_apart()
    {
        var page = Parse(RunReportHtml.Render(Page(Report())));

        var section = Section(page, "requests-per-day");
        var rows = section.Descendants("tbody").Single().Elements("tr").Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToList();
        Assert.Equal([["1995-07-01", "600"], ["1995-07-02", "390"], ["1995-08-01", "1,000"], ["nasa-logs-failed", "3"]], rows);
        Assert.Equal("1,993", Field(page, "documents"));
        var bars = section.Descendants("rect").ToList();
        Assert.Equal(3, bars.Count);
        Assert.Equal("1995-08-01: 1,000 requests", bars[2].Element("title")!.Value);
        // The tallest bar reaches the top of the plot (its value is the axis maximum, 1,000).
        Assert.True(double.Parse((string)bars[2].Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture) > double.Parse((string)bars[0].Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Without_document_counts_the_page_says_why()
    {
        var page = Parse(RunReportHtml.Render(Page(Report()) with { Documents = null, DocumentsNote = "https://cluster.example answered 403" }));

        Assert.Contains("https://cluster.example answered 403", Section(page, "requests-per-day").Value);
        Assert.Empty(Section(page, "requests-per-day").Descendants("svg"));
    }

    [Fact]
    public void Throughput_spreads_each_chunk_over_its_sending_time()
    {
        var page = Parse(RunReportHtml.Render(Page(Report())));

        // jul 000000: 1,000 lines over 10 s; aug 000000: 1,000 lines over its last 5 s; both finished at T0+10 s.
        var bars = Section(page, "throughput").Descendants("rect").Select(r => r.Element("title")!.Value).ToList();
        Assert.Equal(50, bars.Count); // 10 s in 0.2 s buckets
        Assert.Equal("2026-03-01 12:00:00.0Z + 0.2 s: 100 lines/s", bars[0]);
        Assert.EndsWith(": 100 lines/s", bars[24]);
        Assert.EndsWith(": 300 lines/s", bars[25]);
        Assert.EndsWith(": 300 lines/s", bars[49]);
        Assert.Equal("300", Field(page, "peak-lines-per-second"));
    }

    [Fact]
    public void The_page_loads_nothing_from_anywhere()
    {
        var html = RunReportHtml.Render(Page(Report()));
        var page = Parse(html);

        string[] fetching = ["script", "link", "img", "iframe", "object", "embed", "image", "use", "audio", "video", "source"];
        Assert.Empty(page.Descendants().Where(e => fetching.Contains(e.Name.LocalName)));
        Assert.Empty(page.Descendants().Attributes().Where(a => a.Name.LocalName is "src" or "href" or "srcset" or "action" or "data" || a.Name.LocalName.StartsWith("on", StringComparison.Ordinal)));
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotMatch("(src|href)\\s*=\\s*[\"']?https?://", html);
    }

    [Fact]
    public void Hostile_names_reasons_and_errors_are_escaped()
    {
        const string source = "<script>alert('x')</script>&amp;";
        const string reason = "400 <img src=http://evil.example/x onerror=alert(1)>";
        const string error = "\"quoted\" \u0001control \ud800 unpaired </td></tr></table>";
        var report = Report(source, reason, error);

        var html = RunReportHtml.Render(Page(report) with { Cause = "<b>bold</b>" });
        var page = Parse(html);

        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Empty(page.Descendants("script"));
        Assert.Equal(source, Section(page, "sources").Descendants("td").First().Value);
        Assert.Contains(Section(page, "dead-letters").Descendants("td"), td => td.Value == reason);
        Assert.Contains(Section(page, "chunks").Descendants("div"), d => d.Value == "\"quoted\" \uFFFDcontrol \uFFFD unpaired </td></tr></table>");
        Assert.Equal("<b>bold</b>", Field(page, "cause"));
        Assert.Equal(3, Section(page, "chunks").Descendants("tbody").Single().Elements("tr").Count());
    }
}
