using System.Text;
using System.Text.Json.Nodes;
using Backfill.Core.Reporting;
using Backfill.Core.Storage;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// The invariants every fault test asserts (DESIGN.md): nothing lost, no duplicates, dead letters keep the
/// original bytes with their source, line and reason, and secrets never reach files or output.
/// </summary>
internal static class Invariants
{
    /// <summary>
    /// Nothing lost, in the report: the chunks of each source cover its lines 1..n without gap or overlap, n is the
    /// archive's line count, and every line was read and then indexed or dead-lettered — per chunk, per source and
    /// in total. Every chunk succeeded.
    /// </summary>
    public static void NothingLost(RunReport? report, IReadOnlyDictionary<string, TestArchive> archives)
    {
        Assert.NotNull(report);
        var t = report.Totals;
        Assert.True(t.ChunksFailed == 0, "failed chunks: " + string.Join("; ", report.Chunks.Where(c => c.Status != ChunkOutcome.Succeeded).Select(c => $"{c.ChunkKey}: {c.Error}")));
        var lines = archives.Values.Sum(a => a.LineCount);
        Assert.Equal(lines, t.LinesPlanned);
        Assert.Equal(lines, t.LinesRead);
        Assert.Equal(t.LinesRead, t.Indexed + t.DeadLettered);
        Assert.Equal(archives.Keys.Order(StringComparer.Ordinal), report.Sources.Select(s => s.Source).Order(StringComparer.Ordinal));
        foreach (var source in report.Sources)
        {
            Assert.Equal(archives[source.Source].LineCount, source.LinesPlanned);
            Assert.Equal(source.LinesPlanned, source.Indexed + source.DeadLettered);
            var next = 1L;
            foreach (var chunk in report.Chunks.Where(c => c.Source == source.Source).OrderBy(c => c.ChunkIndex))
            {
                Assert.Equal(next, chunk.FirstLine);
                Assert.Equal(chunk.Lines, chunk.Indexed + chunk.DeadLettered);
                next += chunk.Lines;
            }
            Assert.Equal(source.LinesPlanned + 1, next);
        }
    }

    /// <summary>
    /// The endpoint holds exactly <paramref name="expected"/> documents under the run's indices. Ids are
    /// "{sourceId}-{line}", so a count equal to the lines indexed means each was stored once: none twice, none lost.
    /// </summary>
    public static void Holds(long expected, long actual, string when) =>
        Assert.True(expected == actual, $"{when}: the endpoint holds {actual} documents, expected {expected}");

    /// <summary>
    /// Dead letters keep the original line: for each, the decoded <c>raw</c> equals the archive's bytes at that
    /// line, with the source, line number, error type and reason; each line appears once; the count matches the
    /// report. Returns the letters.
    /// </summary>
    public static List<JsonObject> DeadLettersKeepOriginalBytes(string stagingRoot, RunReport report, IReadOnlyDictionary<string, TestArchive> archives) =>
        DeadLettersKeepOriginalBytes(new LocalDirectoryObjectStore(stagingRoot), "", report, archives);

    /// <inheritdoc cref="DeadLettersKeepOriginalBytes(string, RunReport, IReadOnlyDictionary{string, TestArchive})"/>
    public static List<JsonObject> DeadLettersKeepOriginalBytes(IObjectStore store, string prefix, RunReport report, IReadOnlyDictionary<string, TestArchive> archives)
    {
        var letters = new List<JsonObject>();
        foreach (var info in store.ListAsync($"{prefix}{report.RunId}/dead-letters/").ToBlockingEnumerable())
        {
            var text = Encoding.UTF8.GetString(store.ReadAllBytesAsync(info.Key).GetAwaiter().GetResult());
            letters.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()));
        }
        Assert.Equal(report.Totals.DeadLettered, letters.Count);
        var seen = new HashSet<(string, long)>();
        foreach (var letter in letters)
        {
            var source = letter["source"]!.GetValue<string>();
            var line = letter["line"]!.GetValue<long>();
            Assert.True(seen.Add((source, line)), $"line {line} of {source} is dead-lettered twice");
            Assert.True(archives.ContainsKey(source), $"dead letter names unknown source \"{source}\"");
            var original = archives[source].Lines[(int)(line - 1)];
            var raw = Convert.FromBase64String(letter["raw"]!.GetValue<string>());
            Assert.True(original.AsSpan().SequenceEqual(raw), $"dead letter for {source} line {line} does not hold the original bytes");
            Assert.False(string.IsNullOrEmpty(letter["errorType"]?.GetValue<string>()), $"dead letter for {source} line {line} has no error type");
            Assert.False(string.IsNullOrEmpty(letter["reason"]?.GetValue<string>()), $"dead letter for {source} line {line} has no reason");
            Assert.True(letter["status"]!.GetValue<int>() >= 400);
        }
        return letters;
    }

    /// <summary>
    /// <paramref name="secret"/> appears in no file under <paramref name="roots"/> (as UTF-8 text, URL-encoded or in
    /// base64, e.g. a basic-auth header) and in none of <paramref name="texts"/> (console output, messages).
    /// </summary>
    public static void SecretNowhere(string secret, IEnumerable<string> roots, params string?[] texts)
    {
        var forms = new[] { secret, Uri.EscapeDataString(secret) }.Distinct().Select(Encoding.UTF8.GetBytes).ToList();
        foreach (var root in roots.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var bytes = File.ReadAllBytes(file);
                foreach (var form in forms)
                    Assert.True(bytes.AsSpan().IndexOf(form) < 0, $"the secret appears in {file}");
                Assert.DoesNotContain(secret, TryBase64Decoded(bytes));
            }
        }
        foreach (var text in texts)
            if (text is not null)
                foreach (var form in forms)
                    Assert.False(text.Contains(Encoding.UTF8.GetString(form), StringComparison.Ordinal), "the secret appears in the output:\n" + text);
    }

    /// <summary>
    /// A local execution keeps its input (input.json), and, as Step Functions does, every state's input and output
    /// in its history and redrive record: credentials written into a source URL are stored there, and only there
    /// (README, "Reliability"). No other file of the execution may hold <paramref name="secret"/>, and no failure
    /// event (error, cause) in the history may either.
    /// </summary>
    public static void SecretOnlyInStoredExecutionInputs(string secret, string executionsRoot)
    {
        string[] inputEchoes = ["input.json", "history.jsonl", "record.json"];
        foreach (var file in Directory.EnumerateFiles(executionsRoot, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == "history.jsonl")
            {
                foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var type = JsonNode.Parse(line)!["type"]!.GetValue<string>();
                    if (type.EndsWith("Failed", StringComparison.Ordinal) || type.EndsWith("TimedOut", StringComparison.Ordinal) || type.EndsWith("Aborted", StringComparison.Ordinal))
                        Assert.False(line.Contains(secret, StringComparison.Ordinal), $"the secret appears in a {type} event of {file}");
                }
            }
            else if (!inputEchoes.Contains(Path.GetFileName(file)))
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the secret appears in {file}");
        }
    }

    // A basic-auth header would carry "user:secret" in base64: decode every long base64-looking run and look inside.
    private static string TryBase64Decoded(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var decoded = new StringBuilder();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "[A-Za-z0-9+/]{12,}={0,2}"))
        {
            var run = m.Value;
            run = run[..(run.Length - run.Length % 4)];
            try { decoded.Append(Encoding.Latin1.GetString(Convert.FromBase64String(run))).Append('\n'); }
            catch (FormatException) { }
        }
        return decoded.ToString();
    }
}
