using System.Text;
using System.Text.RegularExpressions;
using Backfill.Core.Ingest.Grok;
using Backfill.Core.Samples;

namespace Backfill.Core.Tests.Ingest;

/// <summary>
/// The hand-written COMMONAPACHELOG matcher against the compiled regex it stands for: whenever it decides a line,
/// every capture must be the regex's, on generated NASA-like lines, on hand-written edge cases and on lines
/// mutated at random around the characters the format hinges on.
/// </summary>
public sealed class CommonLogMatcherTests
{
    private static readonly Lazy<GrokExpression> Expression = new(() => GrokCompiler.Compile([CommonLogMatcher.Pattern], null, false, Regex.InfiniteMatchTimeout));

    [Fact]
    public void Only_the_standard_expression_gets_the_hand_written_matcher()
    {
        Assert.NotNull(Expression.Value.CommonLog);
        Assert.NotNull(GrokCompiler.Compile([CommonLogMatcher.Pattern], null, traceMatch: true, Regex.InfiniteMatchTimeout).CommonLog);
        // A redefined sub-pattern, another expression, or more patterns: the regex alone.
        Assert.Null(GrokCompiler.Compile([CommonLogMatcher.Pattern], new Dictionary<string, string> { ["USER"] = "[a-z]+" }, false, Regex.InfiniteMatchTimeout).CommonLog);
        Assert.Null(GrokCompiler.Compile(["%{HTTPD_COMMONLOG}"], null, false, Regex.InfiniteMatchTimeout).CommonLog);
        Assert.Null(GrokCompiler.Compile([CommonLogMatcher.Pattern, "%{GREEDYDATA:x}"], null, false, Regex.InfiniteMatchTimeout).CommonLog);
        Assert.Null(GrokCompiler.Compile(["%{COMMONAPACHELOG} extra"], null, false, Regex.InfiniteMatchTimeout).CommonLog);
    }

    [Fact]
    public void Decides_the_usual_lines_and_agrees_with_the_regex_on_edge_cases()
    {
        string[] decided =
        [
            "199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200 6245",
            "burger.letters.com - - [01/Jul/1995:00:00:12 -0400] \"GET /shuttle/countdown/video/livevideo.gif HTTP/1.0\" 304 -",
            "d104.aa.net - - [01/Jul/1995:00:00:13 -0400] \"GET /index.html\" 200 -",
            "host. - - [31/Dec/1995:23:59:59 +0000] \"GET / HTTP/1.0\" 200 0 trailing text",
            "a-.b - user.name_x [09/May/1995:09:05:07 -12] \"POST /cgi-bin/x?y=z HTTP/1\" 500 -3.5",
            "h - - [01/Jul/1995:00:00:01 -0400] \"\" 400 -",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET\" 400 -",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET \" 400 -",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET  /x\" 400 -",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a b HTTP/1.0\" 200 1",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a HTTP/1.0 \" 200 1",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a HTTP/1.0a\" 200 1",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a HTTP/\" 200 1",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a HTTP/.5\" 200 .5",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET/a HTTP/1.0\" 200 1",
            "h - - [01/Jul/1995:00:00:01 -0400] \"G_1 /a\" 200 12.3.4",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a\" +200 -",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a\" 200 --",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /a\" 200 1x",
        ];
        foreach (var line in decided)
            Assert.True(Decide(line), $"the matcher should decide: {line}");

        string[] either =
        [
            "", " ", "h", "garbage", "2001:db8::1 - - [01/Jul/1995:00:00:12 -0400] \"GET / HTTP/1.0\" 200 5",
            "user@example.com - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h user@example.com - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [1/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [01/July/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [01/Jul/95:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [01/Jul/1995:24:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [01/Jul/1995:00:00:60 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [01/Jul/1995:00:00:01.5 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [32/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [00/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /\"x\" HTTP/1.0\" 200 1",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1 \"ref\"",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" x 1 h - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200",
            "h - - [01/Jul/1995:00:00:01 -0400] \"GET /\u00e9 HTTP/1.0\" 200 1",
            "h\t- - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            new string('a', 63) + " - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            new string('a', 64) + " - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "-a - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "a..b - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
            "x y z [01/Jul/1995:00:00:12 -0400] \"GET /\" 200 -",
        ];
        foreach (var line in either) Decide(line);
    }

    [Fact]
    public void Decides_nearly_every_generated_line_exactly_as_the_regex_does()
    {
        var lines = GeneratedLines(NasaLogProfile.Sample with { Lines = 20_000 });
        var decided = lines.Count(Decide);
        // The generator's malformed requests and Latin-1 bytes go to the regex; everything else must not.
        Assert.True(decided >= lines.Count * 99 / 100, $"the matcher decided {decided} of {lines.Count} generated lines; expected at least 99 %");
    }

    [Fact]
    public void Agrees_with_the_regex_on_randomly_mutated_lines()
    {
        var lines = GeneratedLines(NasaLogProfile.Sample);
        const string alphabet = " \"[]-+./:_0123456789aAzHTP@\t\u00e9";
        var random = new Random(20261121);
        int total = 0, decided = 0;
        foreach (var line in lines)
        {
            for (var m = 0; m < 60; m++)
            {
                var text = new StringBuilder(line);
                for (var edits = 1 + random.Next(3); edits > 0 && text.Length > 0; edits--)
                {
                    var at = random.Next(text.Length);
                    switch (random.Next(4))
                    {
                        case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                        case 1: text.Remove(at, 1); break;
                        case 2: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                        default:
                            var length = Math.Min(8, line.Length / 4);
                            text.Insert(at, line.Substring(random.Next(line.Length - length + 1), length));
                            break;
                    }
                }
                total++;
                if (Decide(text.ToString())) decided++;
            }
        }
        // Most mutants are still lines the matcher decides, so the comparison above covered them.
        Assert.True(decided > total / 3, $"only {decided} of {total} mutated lines were decided by the matcher");
    }

    /// <summary>Runs the matcher; when it decides, asserts the regex matches with the same captures.</summary>
    private static bool Decide(string line)
    {
        var expression = Expression.Value;
        var matcher = expression.CommonLog!;
        var spans = new int[matcher.SpanLength];
        if (!matcher.TryMatch(line, spans)) return false;
        var regex = expression.RegexMatch(line);
        Assert.True(regex is not null, $"the matcher decided a line the regex does not match: {line}");
        foreach (var capture in expression.Captures)
            foreach (var group in capture.Groups)
            {
                var expected = MatchGroups.TryGet(regex!, group, out var index, out var length) ? line.Substring(index, length) : null;
                var actual = spans[2 * group] >= 0 ? line.Substring(spans[2 * group], spans[2 * group + 1]) : null;
                Assert.True(expected == actual, $"capture {capture.Name}: regex [{expected}], matcher [{actual}] in: {line}");
            }
        return true;
    }

    private static List<string> GeneratedLines(NasaLogProfile profile)
    {
        using var buffer = new MemoryStream();
        NasaLikeLogGenerator.Write(buffer, profile);
        return Encoding.Latin1.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
