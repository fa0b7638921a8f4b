using Backfill.Core.Errors;
using Backfill.Core.Reporting;
using Backfill.Core.Reporting.Html;

namespace Backfill.Core.Tests.Reporting;

/// <summary>The pieces of the HTML report: escaping, throughput buckets, daily counts, chart scale.</summary>
public sealed class ReportPartsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static ChunkReport Chunk(long lines, double seconds, DateTimeOffset? finished, long dead = 0) =>
        new("k", "s", 0, 1, lines, ChunkOutcome.Succeeded, lines - dead, dead, 1, seconds, finished, null);

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a<b>&\"c\"'d'", "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")]
    [InlineData("tab\tline\nreturn\r", "tab\tline\nreturn\r")]
    [InlineData("bell\u0007nul\0", "bell\uFFFDnul\uFFFD")]
    [InlineData("emoji \ud83d\ude00 ok", "emoji \ud83d\ude00 ok")]
    [InlineData("Café Ωmega", "Café Ωmega")]
    public void Text_is_escaped_for_html_and_xml(string text, string expected) => Assert.Equal(expected, HtmlText.Encode(text));

    [Fact]
    public void Unpaired_surrogates_become_replacement_characters() =>
        Assert.Equal("lone \uFFFD low, lone \uFFFD", HtmlText.Encode("lone \udc00 low, lone \ud800"));

    [Fact]
    public void Throughput_buckets_hold_every_line_exactly_once()
    {
        var chunks = new[]
        {
            Chunk(600, 6, T0.AddSeconds(6)),
            Chunk(250, 2.5, T0.AddSeconds(9), dead: 50),
            Chunk(70, 0, T0.AddSeconds(3)),            // finished instantly: all in one bucket
            Chunk(0, 5, T0.AddSeconds(5)),             // nothing sent: ignored
            Chunk(100, 1, null),                       // never finished: ignored
        };

        var series = ThroughputSeries.From(chunks)!;

        Assert.Equal(TimeSpan.FromMilliseconds(200), series.BucketWidth);
        Assert.Equal(T0, series.Start);
        var lines = series.LinesPerSecond.Sum() * series.BucketWidth.TotalSeconds;
        Assert.Equal(920, lines, 6);
        Assert.Equal(100, series.LinesPerSecond[0], 6);                  // 600 lines over 6 s
        Assert.Equal(100 + 70 / 0.2, series.LinesPerSecond[15], 6);      // + the instant chunk at 3 s
        Assert.Equal(100, series.LinesPerSecond[40], 6);                 // 250 lines over 6.5-9 s
        Assert.True(series.LinesPerSecond.Count <= ThroughputSeries.MaxBuckets);
    }

    [Theory]
    [InlineData(50, 1)]
    [InlineData(3600, 120)]
    [InlineData(86_400, 30 * 60)]
    [InlineData(30 * 86_400, 24 * 3600)]
    public void Throughput_bucket_width_is_round_and_keeps_the_bucket_count_small(int seconds, int expectedWidth)
    {
        var series = ThroughputSeries.From([Chunk(1000, seconds, T0.AddSeconds(seconds))])!;
        Assert.Equal(TimeSpan.FromSeconds(expectedWidth), series.BucketWidth);
        Assert.True(series.LinesPerSecond.Count <= ThroughputSeries.MaxBuckets);
        Assert.Equal(1000, series.LinesPerSecond.Sum() * expectedWidth, 6);
    }

    [Fact]
    public void No_finished_chunk_means_no_throughput() =>
        Assert.Null(ThroughputSeries.From([Chunk(10, 1, null)]));

    [Fact]
    public void Daily_counts_take_daily_indices_under_the_prefix_and_list_the_others_apart()
    {
        var counts = DailyDocumentCounts.From(
            [("nasa-logs-1995-07-02", 5), ("nasa-logs-1995-07-01", 7), ("nasa-logs-failed", 2), ("nasa-logs-unparsed", 0), ("nasa-logs-1995-13-01", 1), ("other-1995-07-01", 9)],
            "nasa-logs-");

        Assert.Equal([(new DateOnly(1995, 7, 1), 7L), (new DateOnly(1995, 7, 2), 5L)], counts.Days);
        Assert.Equal([("nasa-logs-1995-13-01", 1L), ("nasa-logs-failed", 2L), ("nasa-logs-unparsed", 0L)], counts.Others);
    }

    [Fact]
    public void Cat_indices_json_is_read_with_string_or_number_counts()
    {
        var json = """[{"health":"green","index":"nasa-logs-1995-07-01","docs.count":"1234"},{"index":"b","docs.count":5},{"index":"c"},{"no-index":1}]"""u8;

        var indices = DailyDocumentCounts.ParseCatIndices(json, "GET _cat/indices");

        Assert.Equal([("nasa-logs-1995-07-01", 1234L), ("b", 5L), ("c", 0L)], indices);
    }

    [Theory]
    [InlineData("{\"index\":\"a\"}", "expected a JSON array of indices")]
    [InlineData("[{\"index\":", "not valid JSON")]
    public void Cat_indices_that_are_not_a_list_are_a_clear_error(string json, string expected)
    {
        var error = Assert.Throws<BackfillException>(() => DailyDocumentCounts.ParseCatIndices(System.Text.Encoding.UTF8.GetBytes(json), "GET _cat/indices from http://os:9200"));
        Assert.StartsWith("GET _cat/indices from http://os:9200: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.3, 0.5)]
    [InlineData(7, 10)]
    [InlineData(1000, 1000)]
    [InlineData(1001, 2000)]
    [InlineData(3925, 5000)]
    public void Chart_axes_end_on_round_numbers(double max, double expected) => Assert.Equal(expected, BarChart.NiceCeiling(max), 9);

    [Fact]
    public void A_chart_has_one_bar_per_value_and_at_most_a_dozen_labels()
    {
        var bars = Enumerable.Range(0, 60).Select(i => new Bar($"d{i}", i, $"day {i}")).ToList();

        var svg = System.Xml.Linq.XElement.Parse(BarChart.Svg(bars, "a <chart>", "y & z"));

        Assert.Equal(60, svg.Elements("rect").Count());
        Assert.InRange(svg.Elements("text").Count(t => t.Value.StartsWith('d')), 10, 12);
        Assert.Equal("a <chart>", (string?)svg.Attribute("aria-label"));
        Assert.Contains(svg.Elements("text"), t => t.Value == "y & z");
    }
}
