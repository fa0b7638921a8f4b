using Backfill.Core.Ingest.Dates;

namespace Backfill.Core.Tests.Ingest;

/// <summary>
/// The fast date paths (<see cref="SimpleDateLayout"/>, <see cref="IsoDateParser.TryParseLocal"/>) must agree with the
/// general element-by-element parser and printer on everything they accept: checked on many generated values and
/// on texts damaged in the ways log timestamps are (wrong digits, impossible days, truncation, stray characters).
/// </summary>
public sealed class SimpleDateLayoutTests
{
    public static TheoryData<string> SimplePatterns => new()
    {
        "dd/MMM/yyyy:HH:mm:ss Z",
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        "yyyy-MM-dd HH:mm:ss,SSS",
        "yyyyMMddHHmmss",
        "d/M/uuuu H:m:s",
        "MMMM d yyyy HH:mm:ssXX",
        "yyyy-MM-dd",
        "HH:mm:ss dd.MM.yyyy X",
        "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSZZZZZ",
    };

    [Theory]
    [MemberData(nameof(SimplePatterns))]
    public void Common_patterns_take_the_fast_path(string pattern)
        => Assert.NotNull(JavaDateFormatter.Create(pattern, DateLocale.Root).Simple);

    [Theory]
    [InlineData("d/M/yy h:mm a")]             // reduced year, clock hour, am/pm
    [InlineData("EEE, dd MMM yyyy HH:mm:ss")] // day of week is cross-checked
    [InlineData("dd/MMM HH:mm:ss")]           // no year: the current one, offset dropped
    [InlineData("yyyy-MM-dd'T'HH:mm[:ss]")]   // optional section
    [InlineData("yyyy-DDD")]                  // day of year
    [InlineData("yyyy-MM-dd'T'HH:mm:ss VV")]  // zone id
    [InlineData("yyyy-MM-dd MM")]             // a field twice
    public void Other_patterns_use_the_general_path(string pattern)
        => Assert.Null(JavaDateFormatter.Create(pattern, DateLocale.Root).Simple);

    [Theory]
    [MemberData(nameof(SimplePatterns))]
    public void Fast_printing_and_parsing_agree_with_the_general_path(string pattern)
    {
        var formatter = JavaDateFormatter.Create(pattern, DateLocale.Root);
        var layout = formatter.Simple!;
        var random = new Random(pattern.Length * 7919);
        var zones = new[] { IngestZone.Utc, IngestZone.FixedOffset(-4 * 3600), IngestZone.FixedOffset(5 * 3600 + 1800) };
        var fast = new char[128];
        var general = new char[128];
        var parsed = 0;
        long epochSecond = 0;
        for (var i = 0; i < 4000; i++)
        {
            // Years 1–9999 mostly, some just outside; values on the same few days, and runs of values seconds apart
            // within and across minutes (the cached date-hour-minute prefixes).
            epochSecond = (i % 4) switch
            {
                1 => random.NextInt64(-62_135_596_800, 253_402_300_799),
                2 or 3 => epochSecond + random.Next(0, 45),
                _ => 804_556_800 + random.NextInt64(0, 86_400 * 3),
            };
            var value = ZonedDateTimeValue.OfInstant(epochSecond, random.Next(0, 1_000_000_000), zones[i % zones.Length]);
            Assert.True(formatter.TryFormatElements(value, general, out var generalLength));
            var expected = new string(general, 0, generalLength);
            if (layout.TryFormat(value, fast, out var fastLength)) Assert.Equal(expected, new string(fast, 0, fastLength));

            foreach (var text in Variants(expected, random))
            {
                var fastOk = layout.TryParse(text, out var day, out var nanoOfDay, out var offset, out var hasOffset);
                var generalOk = GeneralParse(formatter, text, out var generalDay, out var generalNano, out var generalOffset);
                if (!fastOk) continue; // the general path decides those, in production as here
                parsed++;
                Assert.True(generalOk, $"fast path accepted [{text}] for [{pattern}], the general path refuses it");
                Assert.Equal((generalDay, generalNano, generalOffset), (day, nanoOfDay, hasOffset ? offset : (int?)null));
            }
        }
        Assert.True(parsed > 4000, $"only {parsed} texts parsed"); // the check above really ran
    }

    [Fact]
    public void Iso_fast_parse_agrees_with_the_general_iso_parser()
    {
        var random = new Random(17);
        var texts = new List<string> { "2021-07", "2021", "2021-07-01T12", "2021-07-01T1230", "2021-07-01T12:00:00,5+0200", "-2021-01-01", "2021-02-29", "2020-02-29T24:00" };
        for (var i = 0; i < 3000; i++)
        {
            var value = ZonedDateTimeValue.OfInstant(random.NextInt64(-62_135_596_800, 253_402_300_799), random.Next(0, 1_000_000_000), IngestZone.Utc);
            var iso = OpenSearchDateFormat.Create("strict_date_optional_time", DateLocale.Root).Format(value);
            texts.AddRange(Variants(iso, random));
        }
        foreach (var text in texts)
        {
            var fields = ParsedFields.Empty;
            var generalOk = IsoDateParser.TryParse(text, ref fields) && fields.TryResolve(WeekRules.Iso, 1970, out _, out _);
            var fastOk = IsoDateParser.TryParseLocal(text, out var day, out var nanoOfDay, out var offset, out var hasOffset);
            Assert.Equal(generalOk, fastOk);
            if (!fastOk) continue;
            fields.TryResolve(WeekRules.Iso, 1970, out var generalDay, out var generalNano);
            Assert.Equal((generalDay, generalNano), (day, nanoOfDay));
            Assert.Equal(fields.OffsetSeconds == ParsedFields.Unset ? null : (int?)fields.OffsetSeconds, hasOffset ? offset : null);
        }
    }

    [Fact]
    public void Iso_fixed_position_scan_agrees_with_the_general_scan()
    {
        var random = new Random(23);
        var texts = new List<string> { "2021-07-01T12:00:00", "2021-07-01T12:00:00Z", "2021-07-01T12:00:00.5+02:00", "2021-07-01T12:00:00,123456789-0530",
            "2021-07-01T12:00:0", "2021-07-01T12:00:00.", "2021-07-01T12:00:00X", "2021-07-0aT12:00:00", "20210-07-01T12:00:00" };
        for (var i = 0; i < 3000; i++)
        {
            var value = ZonedDateTimeValue.OfInstant(random.NextInt64(-62_135_596_800, 253_402_300_799), random.Next(0, 1_000_000_000), IngestZone.Utc);
            var iso = OpenSearchDateFormat.Create("strict_date_optional_time", DateLocale.Root).Format(value);
            texts.AddRange(Variants(iso, random));
        }
        var fixedPositionsUsed = 0;
        foreach (var text in texts)
        {
            var general = ParsedFields.Empty;
            var fast = ParsedFields.Empty;
            var generalOk = IsoDateParser.TryParse(text, ref general, fixedPositions: false);
            var fastOk = IsoDateParser.TryParse(text, ref fast);
            Assert.True(generalOk == fastOk, $"[{text}]: general {generalOk}, fixed positions {fastOk}");
            Assert.Equal((general.Year, general.Month, general.Day, general.HourOfDay, general.Minute, general.Second, general.Nano, general.OffsetSeconds),
                (fast.Year, fast.Month, fast.Day, fast.HourOfDay, fast.Minute, fast.Second, fast.Nano, fast.OffsetSeconds));
            if (fastOk && text.Length >= 19 && text[10] == 'T') fixedPositionsUsed++;
        }
        Assert.True(fixedPositionsUsed > 2000, $"only {fixedPositionsUsed} texts took the fixed-position path");
    }

    private static bool GeneralParse(JavaDateFormatter formatter, string text, out long day, out long nanoOfDay, out int? offset)
    {
        day = nanoOfDay = 0;
        offset = null;
        var fields = ParsedFields.Empty;
        if (!formatter.TryParse(text, ref fields) || !fields.TryResolve(formatter.Locale.Weeks, 1970, out day, out nanoOfDay)) return false;
        if (fields.OffsetSeconds != ParsedFields.Unset) offset = (int)fields.OffsetSeconds;
        return true;
    }

    /// <summary>The text itself and damaged copies: a digit changed, a character dropped or added, a day made impossible.</summary>
    private static IEnumerable<string> Variants(string text, Random random)
    {
        yield return text;
        var chars = text.ToCharArray();
        var at = random.Next(chars.Length);
        chars[at] = char.IsAsciiDigit(chars[at]) ? (char)('0' + random.Next(10)) : "0:+-/ TZ"[random.Next(8)];
        yield return new string(chars);
        yield return text.Remove(random.Next(text.Length), 1);
        yield return text.Insert(random.Next(text.Length + 1), random.Next(2) == 0 ? "9" : " ");
        yield return text.Replace("-02-", "-02-3").Replace("/Feb/", "/Feb/3");
    }
}
