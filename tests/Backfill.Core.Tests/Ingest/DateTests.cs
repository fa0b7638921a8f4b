using Backfill.Core.Ingest;
using Backfill.Core.Ingest.Dates;
using static Backfill.Core.Tests.Ingest.IngestTestKit;

namespace Backfill.Core.Tests.Ingest;

public sealed class DateTests
{
    private static string Date(string config, string value)
    {
        var (result, document) = Run(One("date", config), $$"""{"d":{{System.Text.Json.JsonSerializer.Serialize(value)}}}""");
        Assert.True(result.Status == IngestStatus.Indexed, $"{result.ErrorType}: {result.Reason} / {result.CausedByReason}");
        return (string)document.Source["@timestamp"]!;
    }

    [Theory]
    [InlineData("dd/MMM/yyyy:HH:mm:ss Z", "01/Jul/1995:00:00:01 -0400", "1995-07-01T04:00:01.000Z")]
    [InlineData("dd/MMM/yyyy:HH:mm:ss Z", "31/Dec/1995:23:59:59 -0400", "1996-01-01T03:59:59.000Z")]
    [InlineData("yyyy-MM-dd HH:mm:ss,SSS", "2014-01-09 17:32:25,527", "2014-01-09T17:32:25.527Z")]
    [InlineData("yyyyMMddHHmmss", "20160425122420", "2016-04-25T12:24:20.000Z")]
    [InlineData("d/M/yy h:mm a", "9/1/14 7:13 PM", "2014-01-09T19:13:00.000Z")]
    [InlineData("EEE, dd MMM yyyy HH:mm:ss z", "Tue, 15 Nov 1994 08:12:31 GMT", "1994-11-15T08:12:31.000Z")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2020-02-29T10:00:00.000+05:30", "2020-02-29T04:30:00.000Z")]
    [InlineData("yyyy-MM-dd'T'HH:mm[:ss]", "2020-02-29T10:00", "2020-02-29T10:00:00.000Z")]
    [InlineData("yyyy-MM-dd'T'HH:mm[:ss]", "2020-02-29T10:00:07", "2020-02-29T10:00:07.000Z")]
    [InlineData("yyyy-DDD", "2021-032", "2021-02-01T00:00:00.000Z")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss VV", "2021-07-01T12:00:00 Europe/Amsterdam", "2021-07-01T10:00:00.000Z")]
    [InlineData("ISO8601", "2021-07-01T12:00:00,5+0200", "2021-07-01T10:00:00.500Z")]
    [InlineData("ISO8601", "2021-07", "2021-07-01T00:00:00.000Z")]
    [InlineData("UNIX", "1435708800.123", "2015-07-01T00:00:00.123Z")]
    [InlineData("UNIX_MS", "-1", "1969-12-31T23:59:59.999Z")]
    [InlineData("epoch_millis", "1435708800123", "2015-07-01T00:00:00.123Z")]
    [InlineData("yyyy-MM-dd||epoch_millis", "1435708800123", "2015-07-01T00:00:00.123Z")]
    public void Formats_parse_to_UTC(string format, string value, string expected)
        => Assert.Equal(expected, Date($$"""{"field":"d","formats":[{{System.Text.Json.JsonSerializer.Serialize(format)}}]}""", value));

    [Theory]
    [InlineData("dd/MMM/yyyy:HH:mm:ss Z", "01/jul/1995:00:00:01 -0400")] // text is case-sensitive in java.time
    [InlineData("dd/MMM/yyyy:HH:mm:ss Z", "1/Jul/1995:00:00:01 -0400")]  // dd needs two digits
    [InlineData("yyyy-MM-dd", "2021-02-29")]
    [InlineData("yyyy-MM-dd", "2021-02-28 trailing")]
    [InlineData("HH:mm", "24:00")]
    [InlineData("ISO8601", "2001-13-01T00:00:00")]
    [InlineData("UNIX", "abc")]
    [InlineData("TAI64N", "4000")]
    public void Text_that_does_not_fit_fails_with_OpenSearchs_reason(string format, string value)
    {
        var (result, _) = Run(One("date", $$"""{"field":"d","formats":[{{System.Text.Json.JsonSerializer.Serialize(format)}}]}"""),
            $$"""{"d":{{System.Text.Json.JsonSerializer.Serialize(value)}}}""");
        Assert.Equal(IngestStatus.Failed, result.Status);
        Assert.Equal("illegal_argument_exception", result.ErrorType);
        Assert.Equal($"unable to parse date [{value}]", result.Reason);
        Assert.NotNull(result.CausedByReason);
    }

    [Fact]
    public void Time_zone_output_format_target_field_and_locale()
    {
        Assert.Equal("2021-03-28T01:30:00.000+01:00", Date("""{"field":"d","formats":["yyyy-MM-dd HH:mm"],"timezone":"Europe/Amsterdam"}""", "2021-03-28 01:30"));
        // 02:30 does not exist that night in Amsterdam: java.time moves it forward by the gap.
        Assert.Equal("2021-03-28T03:30:00.000+02:00", Date("""{"field":"d","formats":["yyyy-MM-dd HH:mm"],"timezone":"Europe/Amsterdam"}""", "2021-03-28 02:30"));
        // 02:30 happens twice in October: the earlier offset wins.
        Assert.Equal("2021-10-31T02:30:00.000+02:00", Date("""{"field":"d","formats":["yyyy-MM-dd HH:mm"],"timezone":"Europe/Amsterdam"}""", "2021-10-31 02:30"));
        Assert.Equal("15/07/2021", Date("""{"field":"d","formats":["ISO8601"],"output_format":"dd/MM/yyyy"}""", "2021-07-15T23:00:00Z"));
        Assert.Equal("1626390000000", Date("""{"field":"d","formats":["ISO8601"],"output_format":"epoch_millis"}""", "2021-07-15T23:00:00Z"));
        Assert.Equal("2021-07-15T23:00:00.000Z", Date("""{"field":"d","formats":["ISO8601"],"output_format":"strict_date_optional_time"}""", "2021-07-15T23:00:00Z"));
        Assert.Equal("2010-06-12T00:00:00.000Z", Date("""{"field":"d","formats":["dd MMMM yyyy"],"locale":"fr"}""", "12 juin 2010"));
        var (_, document) = Run(One("date", """{"field":"d","formats":["yyyy"],"target_field":"when.year"}"""), """{"d":"1999"}""");
        Assert.Equal("""{"d":"1999","when":{"year":"1999-01-01T00:00:00.000Z"}}""", SourceJson(document));
    }

    [Fact]
    public void Templated_time_zones_are_resolved_per_document()
    {
        var pipeline = One("date", """{"field":"d","formats":["yyyy-MM-dd HH:mm"],"timezone":"{{tz}}"}""");
        Assert.Equal("2021-01-01T00:00:00.000+01:00", Run(pipeline, """{"d":"2021-01-01 00:00","tz":"Europe/Paris"}""").Document.Source["@timestamp"]);
        Assert.Equal("2021-01-01T00:00:00.000-05:00", Run(pipeline, """{"d":"2021-01-01 00:00","tz":"-05:00"}""").Document.Source["@timestamp"]);
        var (bad, _) = Run(pipeline, """{"d":"2021-01-01 00:00","tz":"Mars/Olympus"}""");
        Assert.Equal("unable to parse date [2021-01-01 00:00]", bad.Reason);
        Assert.Equal("Unknown time-zone ID: Mars/Olympus", bad.CausedByReason);
    }

    [Theory]
    [InlineData("yyyy-MM-dd bb", "Unknown pattern letter: b")]
    [InlineData("ddd", "Too many pattern letters: d")]
    [InlineData("yyyy-MM-dd'T", "incomplete string literal")]
    public void Bad_patterns_are_refused_when_the_pipeline_is_parsed(string format, string reason)
    {
        var refused = Refused($$$"""{"processors":[{"date":{"field":"d","formats":[{{{System.Text.Json.JsonSerializer.Serialize(format)}}}]}}]}""");
        Assert.Contains(reason, refused.Reason);
        Assert.Equal("formats", refused.PropertyName);
    }

    [Theory]
    [InlineData("Z", "Z")]
    [InlineData("+01:00", "+01:00")]
    [InlineData("-0800", "-08:00")]
    [InlineData("+5", "+05:00")]
    [InlineData("UTC", "UTC")]
    [InlineData("GMT+2", "GMT+02:00")]
    [InlineData("Europe/Amsterdam", "Europe/Amsterdam")]
    public void Zone_ids_read_like_java_time(string id, string expected)
    {
        Assert.True(IngestZone.TryParse(id, out var zone, out var error), error);
        Assert.Equal(expected, zone.Id);
    }

    [Theory]
    [InlineData("Nowhere/Special", "Unknown time-zone ID: Nowhere/Special")]
    [InlineData("+25:00", "Invalid ID for ZoneOffset, invalid format: +25:00")]
    [InlineData("1bad", "Invalid ID for region-based ZoneId, invalid format: 1bad")]
    public void Bad_zone_ids_fail_with_java_times_wording(string id, string message)
    {
        Assert.False(IngestZone.TryParse(id, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Formatting_prints_every_pattern_letter_group()
    {
        var value = ZonedDateTimeValue.OfInstant(1_000_000_000, 123_456_789, IngestZone.FixedOffset(-4 * 3600));
        var formatter = JavaDateFormatter.Create("G yyyy yy MMMM MMM MM M dd d DDD EEEE EEE HH H hh h a mm ss SSS SSSSSSSSS X XX XXX x Z ZZZZZ O", DateLocale.Root);
        Assert.Equal("AD 2001 01 September Sep 09 9 08 8 251 Saturday Sat 21 21 09 9 PM 46 40 123 123456789 -04 -0400 -04:00 -04 -0400 -04:00 GMT-4", formatter.Format(value));
        var utc = ZonedDateTimeValue.OfInstant(0, 0, IngestZone.Utc);
        Assert.Equal("Z Z Z +00 +0000 Z", JavaDateFormatter.Create("X XX XXX x Z ZZZZZ", DateLocale.Root).Format(utc));
        Assert.Equal("1970-W01-4", JavaDateFormatter.Create("YYYY-'W'ww-e", DateLocale.Root).Format(utc));
        Assert.Equal("it's 1970", JavaDateFormatter.Create("'it''s' yyyy", DateLocale.Root).Format(utc));
    }

    [Theory]
    [InlineData("<logs-{now/d}>", "logs-2024.03.05")]
    [InlineData("<logs-{now/M}>", "logs-2024.03.01")]
    [InlineData("<logs-{now/w}>", "logs-2024.03.04")]
    [InlineData("<logs-{now-1d/d}>", "logs-2024.03.04")]
    [InlineData("<logs-{now/M{yyyy-MM}}>", "logs-2024-03")]
    [InlineData("<logs-{now{yyyy-MM-dd HH|+12:00}}>", "logs-2024-03-06 09")]
    [InlineData("<events-{2016-04-22||/d{yyyy-MM-dd|UTC}}>", "events-2016-04-22")]
    [InlineData("<events-{20160425||/y{yyyyMMdd|UTC}}>", "events-20160101")]
    [InlineData("<events-{2016-04-22||+1M/M{yyyy-MM-dd|UTC}}-x>", "events-2016-05-01-x")]
    [InlineData("<a\\{b\\}-{now/d}>", "a{b}-2024.03.05")]
    [InlineData("plain-name", "plain-name")]
    public void Date_math_index_names_resolve_as_OpenSearch_does(string expression, string expected)
        => Assert.Equal(expected, DateMathIndexName.Resolve(expression, new DateTimeOffset(2024, 3, 5, 21, 30, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("<logs-{now/d>")]
    [InlineData("<logs-{now/q}>")]
    [InlineData("<logs-{2016||/d{yyyy-MM-dd}}>")]
    [InlineData("<logs-{now{yyyy|Nowhere/Zone}}>")]
    public void Malformed_date_math_is_refused(string expression)
        => Assert.Throws<DateMathIndexNameException>(() => DateMathIndexName.Resolve(expression, DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("y", "2016-04-25T12:24:20.101Z", "yyyy-MM-dd", "2016-01-01")]
    [InlineData("M", "2016-04-25T12:24:20.101Z", "yyyy-MM-dd", "2016-04-01")]
    [InlineData("w", "2016-04-25T12:24:20.101Z", "yyyy-MM-dd", "2016-04-25")]
    [InlineData("w", "2016-04-24T12:24:20.101Z", "yyyy-MM-dd", "2016-04-18")]
    [InlineData("d", "2016-04-25T12:24:20.101Z", "yyyy-MM-dd", "2016-04-25")]
    [InlineData("h", "2016-04-25T12:24:20.101Z", "yyyy-MM-dd'T'HH:mm", "2016-04-25T12:00")]
    [InlineData("m", "2016-04-25T12:24:20.101Z", "yyyy-MM-dd'T'HH:mm", "2016-04-25T12:24")]
    public void Date_index_name_rounds_by_every_unit(string rounding, string date, string format, string expected)
    {
        var pipeline = One("date_index_name", $$"""{"field":"d","index_name_prefix":"p-","date_rounding":"{{rounding}}","index_name_format":"{{format}}","date_formats":["ISO8601"]}""");
        var first = Run(pipeline, $$"""{"d":"{{date}}"}""").Document;
        Assert.Equal("p-" + expected, first.Index);
        // The cached name serves the next document of the same period, and only that.
        Assert.Equal("p-" + expected, Run(pipeline, $$"""{"d":"{{date}}"}""").Document.Index);
        Assert.Equal("p-2031-01-01", Run(One("date_index_name", """{"field":"d","index_name_prefix":"p-","date_rounding":"y","date_formats":["ISO8601"]}"""), """{"d":"2031-05-05T00:00:00Z"}""").Document.Index);
    }

    [Fact]
    public void The_cached_index_name_is_not_reused_across_a_period_boundary()
    {
        var pipeline = One("date_index_name", """{"field":"d","index_name_prefix":"p-","date_rounding":"d","date_formats":["ISO8601"],"timezone":"Europe/Amsterdam"}""");
        string Index(string date) => Run(pipeline, $$"""{"d":"{{date}}"}""").Document.Index;
        Assert.Equal("p-2021-03-27", Index("2021-03-27T22:59:59Z"));
        Assert.Equal("p-2021-03-28", Index("2021-03-27T23:00:00Z")); // local midnight (+01:00)
        Assert.Equal("p-2021-03-28", Index("2021-03-28T21:59:59Z")); // a 23-hour day: DST starts that night
        Assert.Equal("p-2021-03-29", Index("2021-03-28T22:00:00Z"));
        Assert.Equal("p-2021-03-28", Index("2021-03-28T12:00:00Z")); // and back
        var hourly = One("date_index_name", """{"field":"d","date_rounding":"h","index_name_format":"yyyy-MM-dd-HH","date_formats":["ISO8601"]}""");
        Assert.Equal("2021-03-27-10", Run(hourly, """{"d":"2021-03-27T10:59:59.999Z"}""").Document.Index);
        Assert.Equal("2021-03-27-11", Run(hourly, """{"d":"2021-03-27T11:00:00Z"}""").Document.Index);
    }

    [Fact]
    public void Threads_working_on_different_days_at_once_each_get_their_own_dates_and_index_names()
    {
        // The date layouts and date_index_name keep recently used days; threads interleave days here, as two
        // archives sent at once do, and every document must still get its own.
        var pipeline = Pipeline("""
            {"processors":[
              {"date":{"field":"t","formats":["dd/MMM/yyyy:HH:mm:ss Z"]}},
              {"date_index_name":{"field":"@timestamp","index_name_prefix":"p-","date_rounding":"d","date_formats":["ISO8601"]}}
            ]}
            """);
        Parallel.For(0, 4, worker =>
        {
            for (var i = 0; i < 1500; i++)
            {
                var day = 1 + (worker * 7 + i % 6) % 31;
                var local = new DateTimeOffset(1995, 7, day, i % 24, i % 60, i * 7 % 60, TimeSpan.FromHours(-4));
                var text = local.ToString("dd/MMM/yyyy:HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " -0400";
                var document = Run(pipeline, $$"""{"t":"{{text}}"}""").Document;
                var utc = local.UtcDateTime;
                Assert.Equal(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), document.Source["@timestamp"]);
                Assert.Equal("p-" + utc.ToString("yyyy-MM-dd"), document.Index);
            }
        });
    }

    [Fact]
    public void Date_index_name_reads_back_the_date_just_printed_exactly()
    {
        // date_index_name takes the instant from the date processor's memo when it reads the very string date printed
        // (PrintedDate); it must get what parsing that text gives. Checked against a copy of the text, which is parsed.
        var zones = new[] { "UTC", "-04:00", "+05:30", "Europe/Paris", "America/New_York", "+01:02:03" };
        var roundings = new[] { "y", "M", "w", "d", "h", "m", "s" };
        var random = new Random(1995);
        var memoHits = 0;
        for (var i = 0; i < 600; i++)
        {
            var dateZone = zones[i % zones.Length];
            var indexZone = zones[i / zones.Length % zones.Length];
            var rounding = roundings[i % roundings.Length];
            var both = Pipeline($$$"""
                {"processors":[
                  {"date":{"field":"t","formats":["UNIX_MS"],"timezone":"{{{dateZone}}}"}},
                  {"date_index_name":{"field":"@timestamp","index_name_prefix":"p-","date_rounding":"{{{rounding}}}","timezone":"{{{indexZone}}}",
                    "index_name_format":"yyyy-MM-dd'T'HH:mm:ss.SSS","date_formats":["ISO8601"]}}
                ]}
                """);
            var indexOnly = Pipeline($$$"""
                {"processors":[{"date_index_name":{"field":"@timestamp","index_name_prefix":"p-","date_rounding":"{{{rounding}}}","timezone":"{{{indexZone}}}",
                  "index_name_format":"yyyy-MM-dd'T'HH:mm:ss.SSS","date_formats":["ISO8601"]}}]}
                """);
            // Mostly years 1–9999, some beyond them (printed with a sign: no memo), with sub-millisecond parts lost in print.
            var millis = i % 10 == 0 ? random.NextInt64(-70_000_000_000_000, 260_000_000_000_000) : random.NextInt64(-62_000_000_000_000, 253_000_000_000_000);
            var document = new IngestDocument("x", null, new Dictionary<string, object?> { ["t"] = millis.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var result = both.Execute(document);
            var printed = (string?)document.Source.GetValueOrDefault("@timestamp");
            if (printed is null) continue;
            if (ReferenceEquals(document.LastPrintedDate.Text, printed)) memoHits++;
            var reparsed = new IngestDocument("x", null, new Dictionary<string, object?> { ["@timestamp"] = new string(printed.AsSpan()) });
            var expected = indexOnly.Execute(reparsed);
            Assert.Equal((expected.Status, expected.Reason, reparsed.Index), (result.Status, result.Reason, document.Index));
        }
        Assert.True(memoHits > 300, $"the memo was used {memoHits} times"); // the check above compared the memo's path
    }

    [Fact]
    public void Printed_dates_that_would_not_read_back_to_the_same_instant_are_not_memoised()
    {
        var utc = ZonedDateTimeValue.OfInstant(804_556_801, 123_456_789, IngestZone.Utc);
        var memo = PrintedDate.Of("1995-07-01T00:00:01.123Z", utc);
        Assert.Equal((804_556_801L, 123_000_000), (memo.EpochSecond, memo.Nano));
        // Offsets with seconds print as ±HH:MM:ss; years outside 1–9999 with a sign or as a year of era.
        Assert.Null(PrintedDate.Of("1995-07-01T01:03:04.123+01:02:03", ZonedDateTimeValue.OfInstant(804_556_801, 0, IngestZone.FixedOffset(3723))).Text);
        Assert.Null(PrintedDate.Of("0001-12-31T00:00:00.000Z", ZonedDateTimeValue.OfInstant(-62_135_683_200, 0, IngestZone.Utc)).Text);
        Assert.Null(PrintedDate.Of("+10000-01-01T00:00:00.000Z", ZonedDateTimeValue.OfInstant(253_402_300_800, 0, IngestZone.Utc)).Text);
    }

    [Fact]
    public void Date_index_name_parses_a_field_replaced_after_the_date_processor()
    {
        var pipeline = Pipeline("""
            {"processors":[
              {"date":{"field":"t","formats":["dd/MMM/yyyy:HH:mm:ss Z"]}},
              {"set":{"field":"@timestamp","value":"2001-02-03T04:05:06Z"}},
              {"date_index_name":{"field":"@timestamp","index_name_prefix":"p-","date_rounding":"d","date_formats":["ISO8601"]}}
            ]}
            """);
        Assert.Equal("p-2001-02-03", Run(pipeline, """{"t":"01/Jul/1995:00:00:01 -0400"}""").Document.Index);
    }

    [Fact]
    public void Date_index_name_uses_its_time_zone_and_templates()
    {
        var pipeline = One("date_index_name", """{"field":"d","index_name_prefix":"{{kind}}-","date_rounding":"d","timezone":"-04:00","date_formats":["ISO8601"]}""");
        var document = Run(pipeline, """{"d":"1995-07-02T02:00:00Z","kind":"nasa"}""").Document;
        Assert.Equal("nasa-1995-07-01", document.Index);
        Assert.Equal("other-1995-07-02", Run(pipeline, """{"d":"1995-07-02T05:00:00Z","kind":"other"}""").Document.Index);
        Assert.Equal("[date_rounding] [q] is not a date rounding; expected one of y, M, w, d, h, H, m, s",
            Refused("""{"processors":[{"date_index_name":{"field":"d","date_rounding":"q"}}]}""").Reason);
        Assert.Equal("[date_rounding] required property is missing", Refused("""{"processors":[{"date_index_name":{"field":"d"}}]}""").Reason);
    }
}
