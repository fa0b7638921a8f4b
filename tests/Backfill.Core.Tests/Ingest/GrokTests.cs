using System.Reflection;
using System.Text.RegularExpressions;
using Backfill.Core.Ingest;
using Backfill.Core.Ingest.Grok;
using static Backfill.Core.Tests.Ingest.IngestTestKit;

namespace Backfill.Core.Tests.Ingest;

public sealed class GrokTests
{
    private static GrokExpression Compile(params string[] patterns) => GrokCompiler.Compile(patterns, null, false, Regex.InfiniteMatchTimeout);

    [Fact]
    public void A_reused_document_gets_each_grok_processors_own_captures()
    {
        // Grok keeps its recent capture strings on a reused document; two grok processors, and two pipelines, take
        // turns on one document here, on texts that repeat and differ, and each document must get exactly its fields.
        var first = Pipeline("""{"processors":[{"grok":{"field":"a","patterns":["%{WORD:w} %{NUMBER:n}"]}},{"grok":{"field":"b","patterns":["%{NUMBER:m}-%{WORD:v}"]}}]}""");
        var second = Pipeline("""{"processors":[{"grok":{"field":"a","patterns":["%{NUMBER:n} %{WORD:w}"]}}]}""");
        var document = new IngestDocument("x", null, new Dictionary<string, object?>());
        for (var i = 0; i < 200; i++)
        {
            var word = i % 3 == 0 ? "GET" : "w" + i % 7;
            var number = (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
            document.Reset("x", null);
            document.Source["a"] = $"{word} {number}";
            document.Source["b"] = $"{number}{i % 2}-{word}x";
            Assert.Equal(IngestStatus.Indexed, first.Execute(document).Status);
            Assert.Equal((word, number, number + (i % 2), word + "x"), (document.Source["w"], document.Source["n"], document.Source["m"], document.Source["v"]));
            document.Reset("x", null);
            document.Source["a"] = $"{number} {word}";
            Assert.Equal(IngestStatus.Indexed, second.Execute(document).Status);
            Assert.Equal((word, number), (document.Source["w"], document.Source["n"]));
        }
    }

    [Fact]
    public void Every_pattern_of_the_standard_bank_compiles()
    {
        var failures = new List<string>();
        foreach (var name in GrokPatternLibrary.Patterns.Keys)
        {
            try { GrokCompiler.Compile(["%{" + name + ":value}"], null, false, Regex.InfiniteMatchTimeout, compileToIL: false); }
            catch (ArgumentException e) { failures.Add($"{name}: {e.Message}"); }
        }
        Assert.Empty(failures);
        Assert.True(GrokPatternLibrary.Patterns.Count > 100, $"only {GrokPatternLibrary.Patterns.Count} patterns loaded");
    }

    [Theory]
    [InlineData("COMMONAPACHELOG")]
    [InlineData("COMBINEDAPACHELOG")]
    [InlineData("HTTPD_COMMONLOG")]
    [InlineData("HTTPD_COMBINEDLOG")]
    [InlineData("HTTPDATE")]
    [InlineData("IPORHOST")]
    [InlineData("SYSLOGLINE")]
    [InlineData("TIMESTAMP_ISO8601")]
    public void The_standard_names_exist(string name) => Assert.True(GrokPatternLibrary.Patterns.ContainsKey(name), name);

    [Fact]
    public void COMMONAPACHELOG_compiles_to_regexes_the_runtime_really_compiles_and_the_IPv6_free_variant_exists()
    {
        var expression = Compile("%{COMMONAPACHELOG}");
        Assert.NotNull(expression.RegexWithoutIpv6);
        // .NET silently interprets regexes whose trees are too deep; that would cost 3x on the hot path.
        Assert.True(IsCompiled(expression.Regex), "the full regex fell back to the interpreter");
        Assert.True(IsCompiled(expression.RegexWithoutIpv6!), "the IPv6-free regex fell back to the interpreter");
        Assert.DoesNotContain("(?<", expression.Regex.ToString().Replace("(?<g", "").Replace("(?<!", "").Replace("(?<=", ""));
        Assert.True(MatchGroups.UsesFastPath, "capture arrays are no longer readable; every line now allocates Group objects");
        Assert.True(ReusedMatch.Available, "the runner's Match is no longer reusable; every line now allocates a Match");
    }

    private static bool IsCompiled(Regex regex)
    {
        var factory = typeof(Regex).GetField("factory", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(regex);
        return factory is not null && factory.GetType().Name.Contains("Compiled", StringComparison.Ordinal);
    }

    public static TheoryData<string> Ipv6Texts => new()
    {
        "2001:db8::ff00:42:8329 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
        "1:2:3:4:5:6:7:8 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
        "::1 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
        "1:2:3:4:5:6:1.2.3.4 - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
        "fe80::1%eth0 x",
    };

    [Theory]
    [MemberData(nameof(Ipv6Texts))]
    public void The_guard_never_hides_an_IPv6_match(string text)
    {
        var ipv6 = new Regex(RegexDialect.Translate(GrokPatternLibrary.Patterns["IPV6"], RegexDialect.Flavor.Oniguruma, null));
        Assert.Matches(ipv6, text);
        Assert.True(Ipv6Guard.CouldMatch(text), "text with an IPv6 address must use the full regex");
        var document = Document($$"""{"message":{{System.Text.Json.JsonSerializer.Serialize(text)}}}""");
        One("grok", """{"field":"message","patterns":["%{IPORHOST:client}"]}""").Execute(document);
        Assert.Equal(ipv6.Match(text).Value, document.Source["client"]);
    }

    [Fact]
    public void Where_the_guard_says_no_IPv6_both_regexes_agree_on_every_capture()
    {
        var expression = Compile("%{COMMONAPACHELOG}");
        var texts = new[]
        {
            "199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200 6245",
            "burger.letters.com - - [01/Jul/1995:00:00:12 -0400] \"GET /shuttle/countdown/video/livevideo.gif HTTP/1.0\" 304 -",
            "abc:def - - [01/Jul/1995:00:00:12 -0400] \"GET /a:b HTTP/1.0\" 200 1",
            "dead:beef:1 - - [01/Jul/1995:00:00:12 -0400] \"GET / HTTP/1.0\" 200 1",
            "x y z [01/Jul/1995:00:00:12 -0400] \"GET /\" 200 -",
            "garbage",
        };
        foreach (var text in texts)
        {
            Assert.False(Ipv6Guard.CouldMatch(text));
            var full = expression.Regex.Match(text);
            var small = expression.RegexWithoutIpv6!.Match(text);
            Assert.Equal(full.Success, small.Success);
            Assert.Equal(full.Index, small.Index);
            Assert.Equal(full.Length, small.Length);
            foreach (var capture in expression.Captures)
                foreach (var group in capture.Groups)
                    Assert.Equal(full.Groups[group].Success ? full.Groups[group].Value : null, small.Groups[group].Success ? small.Groups[group].Value : null);
        }
    }

    [Fact]
    public void Captures_read_from_the_reused_match_equal_those_of_a_fresh_Match()
    {
        var expression = Compile("%{COMBINEDAPACHELOG}", "%{COMMONAPACHELOG}", "%{SYSLOGLINE}");
        var texts = new[]
        {
            "31.184.238.164 - - [24/Jul/2014:05:35:37 +0530] \"GET /logs/access.log HTTP/1.0\" 200 69849 \"http://8rursodiol.enjin.com\" \"Mozilla/5.0\"",
            "burger.letters.com - - [01/Jul/1995:00:00:12 -0400] \"GET /shuttle/countdown/video/livevideo.gif HTTP/1.0\" 304 -",
            "d104.aa.net - - [01/Jul/1995:00:00:13 -0400] \"GET /index.html\" 200 -",
            "Mar 16 00:01:25 evita postfix/smtpd[1713]: connect from camomile.cloud9.net[168.100.1.3]",
            "2001:db8::1 - - [01/Jul/1995:00:00:12 -0400] \"GET / HTTP/1.0\" 200 5",
        };
        foreach (var text in texts)
        {
            var reused = expression.RegexMatch(text);
            Assert.NotNull(reused);
            var regex = Ipv6Guard.CouldMatch(text) ? expression.Regex : expression.RegexWithoutIpv6!;
            var fresh = regex.Match(text);
            foreach (var capture in expression.Captures)
                foreach (var group in capture.Groups)
                {
                    var found = MatchGroups.TryGet(reused, group, out var index, out var length);
                    Assert.Equal(fresh.Groups[group].Success, found);
                    if (found) Assert.Equal(fresh.Groups[group].Value, text.Substring(index, length));
                }
        }
        Assert.Null(expression.RegexMatch("nothing to see"));
    }

    [Fact]
    public void Captures_become_typed_and_nested_fields()
    {
        var pipeline = One("grok", """{"field":"m","patterns":["%{INT:a.b:int} %{NUMBER:c:long} %{NUMBER:d:double} %{WORD:e:boolean} %{WORD:f:other}"]}""");
        var (result, document) = Run(pipeline, """{"m":"12 34 5.5 TRUE x"}""");
        Assert.Equal(IngestStatus.Indexed, result.Status);
        Assert.Equal("""{"m":"12 34 5.5 TRUE x","a":{"b":12},"c":34,"d":5.5,"e":true,"f":"x"}""", SourceJson(document));
    }

    [Fact]
    public void A_typed_capture_that_does_not_parse_fails_the_processor_like_Java()
    {
        var (result, _) = Run(One("grok", """{"field":"m","patterns":["%{NUMBER:n:int}"]}"""), """{"m":"1.5"}""");
        Assert.Equal(IngestStatus.Failed, result.Status);
        Assert.Equal("number_format_exception", result.ErrorType);
        Assert.Equal("For input string: \"1.5\"", result.Reason);
    }

    [Fact]
    public void The_first_pattern_that_matches_wins_and_trace_match_records_it()
    {
        var pipeline = One("grok", """{"field":"m","patterns":["%{INT:number}","%{WORD:word}"],"trace_match":true}""");
        var (_, numeric) = Run(pipeline, """{"m":"42"}""");
        Assert.Equal("42", numeric.Source["number"]);
        Assert.Equal("0", numeric.IngestMetadata!["_grok_match_index"]);
        var (_, word) = Run(pipeline, """{"m":"hello"}""");
        Assert.Equal("hello", word.Source["word"]);
        Assert.Equal("1", word.IngestMetadata!["_grok_match_index"]);
        var (_, single) = Run(One("grok", """{"field":"m","patterns":["%{WORD:w}"],"trace_match":true}"""), """{"m":"x"}""");
        Assert.Equal("0", single.IngestMetadata!["_grok_match_index"]);
    }

    [Fact]
    public void Missing_null_and_non_string_fields()
    {
        var strict = One("grok", """{"field":"m","patterns":["%{WORD:w}"]}""");
        Assert.Equal("field [m] not present as part of path [m]", Run(strict, "{}").Result.Reason);
        Assert.Equal("field [m] is null, cannot process it.", Run(strict, """{"m":null}""").Result.Reason);
        Assert.Equal("field [m] of type [java.util.ArrayList] cannot be cast to [java.lang.String]", Run(strict, """{"m":["a"]}""").Result.Reason);
        var lenient = One("grok", """{"field":"m","patterns":["%{WORD:w}"],"ignore_missing":true}""");
        Assert.Equal(IngestStatus.Indexed, Run(lenient, "{}").Result.Status);
        Assert.Equal(IngestStatus.Indexed, Run(lenient, """{"m":null}""").Result.Status);
    }

    [Fact]
    public void Pattern_definitions_add_and_override_patterns_and_cycles_are_refused()
    {
        var pipeline = One("grok", """{"field":"m","patterns":["%{GREETING:g} %{WORD:w}"],"pattern_definitions":{"GREETING":"hello|hi","WORD":"[0-9]+"}}""");
        var (_, document) = Run(pipeline, """{"m":"hi 42"}""");
        Assert.Equal("hi", document.Source["g"]);
        Assert.Equal("42", document.Source["w"]);

        var cycle = Refused("""{"processors":[{"grok":{"field":"m","patterns":["%{A}"],"pattern_definitions":{"A":"x%{B}","B":"%{A}"}}}]}""");
        Assert.Contains("circular reference in pattern", cycle.Reason);
        var self = Refused("""{"processors":[{"grok":{"field":"m","patterns":["%{A}"],"pattern_definitions":{"A":"x%{A}"}}}]}""");
        Assert.Contains("circular reference in pattern back [A]", self.Reason);
        var unknown = Refused("""{"processors":[{"grok":{"tag":"p1","field":"m","patterns":["%{NOPE:x}"]}}]}""");
        Assert.Equal("[patterns] Invalid regex pattern found in: [%{NOPE:x}]. Unable to find pattern [NOPE] in Grok's pattern dictionary", unknown.Reason);
        Assert.Contains("processor [grok] with tag [p1]", unknown.Message);
        Assert.Equal("[patterns] List of patterns must not be empty", Refused("""{"processors":[{"grok":{"field":"m","patterns":[]}}]}""").Reason);
    }

    [Theory]
    [InlineData("%{WORD:[a][b]}", "[a][b]")]
    [InlineData("(?<raw>x+)", "raw")]
    [InlineData("(?<NUMBER:n>x+)", "n")]
    [InlineData("%{WORD:@tag}", "@tag")]
    public void Names_dotNet_cannot_use_still_name_their_fields(string pattern, string field)
    {
        var pipeline = One("grok", $$"""{"field":"m","patterns":[{{System.Text.Json.JsonSerializer.Serialize(pattern)}}]}""");
        var (_, document) = Run(pipeline, """{"m":"xxx"}""");
        Assert.Equal("xxx", document.Source[field]);
    }

    [Theory]
    [InlineData("a*+b", "aaab", true)]
    [InlineData("a*+a", "aaaa", false)]       // possessive: gives nothing back
    [InlineData("[[:alpha:]]+[[:digit:]]", "abc1", true)]
    [InlineData("\\h\\h", "fF", true)]          // Oniguruma: \h is a hex digit
    [InlineData("x{,2}y", "xxy", true)]         // Ruby: {,n} is {0,n}
    [InlineData("(?m)a.b", "a\nb", true)]       // Ruby: (?m) lets . match newlines
    [InlineData("^b", "a\nb", true)]            // Ruby: ^ is a line anchor
    public void Oniguruma_syntax_is_translated(string pattern, string text, bool matches)
    {
        var regex = Compile(pattern).Regex;
        Assert.Equal(matches, regex.IsMatch(text));
    }

    [Fact]
    public void Library_patterns_parse_real_lines()
    {
        var syslog = Run(One("grok", """{"field":"message","patterns":["%{SYSLOGLINE}"]}"""),
            """{"message":"Mar 16 00:01:25 evita postfix/smtpd[1713]: connect from camomile.cloud9.net[168.100.1.3]"}""").Document;
        Assert.Equal("1713", syslog.Source["pid"]);
        Assert.Equal("connect from camomile.cloud9.net[168.100.1.3]", syslog.Source["message"]);

        var httpd = Run(One("grok", """{"field":"message","patterns":["%{HTTPD_COMMONLOG}"]}"""),
            """{"message":"127.0.0.1 frank frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 -"}""").Document;
        Assert.Equal("frank", httpd.Source["auth"]);
        Assert.Equal("200", httpd.Source["response"]);
        Assert.False(httpd.Source.ContainsKey("bytes"));
    }

    [Fact]
    public void A_failed_match_reports_OpenSearchs_wording()
    {
        var (result, _) = Run(One("grok", """{"field":"m","patterns":["^%{INT}$"]}"""), """{"m":"abc"}""");
        Assert.Equal(IngestStatus.Failed, result.Status);
        Assert.Equal("illegal_argument_exception", result.ErrorType);
        Assert.Equal("Provided Grok expressions do not match field value: [abc]", result.Reason);
        Assert.Equal("grok", result.ProcessorType);
    }

    [Fact]
    public void A_match_timeout_fails_the_document_instead_of_hanging()
    {
        var options = new IngestPipelineOptions { GrokMatchTimeout = TimeSpan.FromMilliseconds(50) };
        var pipeline = IngestPipeline.Parse("t", """{"processors":[{"grok":{"field":"m","patterns":["^(a+)+$"]}}]}"""u8, options);
        var document = Document($$"""{"m":"{{new string('a', 40)}}!"}""");
        var result = pipeline.Execute(document);
        Assert.Equal(IngestStatus.Failed, result.Status);
        Assert.Equal("grok pattern matching was interrupted after [50] ms", result.Reason);
    }
}
