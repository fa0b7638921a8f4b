using System.Text;
using System.Text.Json.Nodes;
using Backfill.Core.Reporting;
using Backfill.Core.Samples;
using Backfill.Core.Staging;
using Backfill.Local.OpenSearch;
using Backfill.Local.OpenSearch.Faults;
using Backfill.Local.OpenSearch.Rest;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// Damaged and unusual archives: corrupt and truncated gzip fail the run clearly and publish nothing (and a redrive
/// after the archive is replaced completes it); invalid UTF-8, 5 MB lines and empty archives lose no line.
/// </summary>
public sealed class ArchiveFaultTests : IDisposable
{
    private readonly FaultBed _bed = new("archive");

    public void Dispose() => _bed.Dispose();

    [Theory]
    [InlineData("corrupt")]
    [InlineData("truncated")]
    public async Task A_damaged_archive_fails_the_run_naming_source_and_offset_publishes_nothing_and_a_redrive_after_replacing_it_completes(string damage)
    {
        var good = TestArchive.Nasa(_bed.Archive("aug.gz"), NasaLogProfile.Sample with { Name = "aug", Month = 8, Seed = 5 });
        var damaged = TestArchive.Nasa(_bed.Archive("jul.gz"), NasaLogProfile.Sample);
        var intact = damaged.GzipBytes();
        File.WriteAllBytes(damaged.Path, damage == "corrupt" ? Corrupt(intact) : intact[..(intact.Length * 3 / 5)]);
        var archives = new Dictionary<string, TestArchive> { ["jul"] = damaged, ["aug"] = good };

        var run = await _bed.RunCliAsync(_bed.WriteInput(_bed.Input("r1", [("jul", damaged.Path), ("aug", good.Path)])), "damaged");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        var said = run.Out + run.Error;
        Assert.Contains("FAILED", run.Out);
        Assert.Contains(damaged.Path, said);
        Assert.Contains("compressed byte offset", said);
        if (damage == "truncated") Assert.Contains("truncated", said);
        Assert.False(File.Exists(Path.Combine(_bed.StagingRoot, "r1", "manifests", "jul.jsonl")), "a damaged source must publish no manifest");
        Assert.False(File.Exists(Path.Combine(_bed.StagingRoot, "r1", "chunks.jsonl")), "no send plan while a source failed");
        Assert.Equal(0, _bed.Embedded.Count("nasa-logs-*"));

        // The operator replaces the archive and redrives: only the failed download runs again, then everything is sent.
        File.WriteAllBytes(damaged.Path, intact);
        var redriven = await _bed.RedriveAsync("damaged");

        Assert.True(redriven.Succeeded, $"{redriven.Execution.Error}: {redriven.Execution.Cause}");
        Invariants.NothingLost(redriven.Report, archives);
        Invariants.DeadLettersKeepOriginalBytes(_bed.StagingRoot, redriven.Report!, archives);
        Invariants.Holds(redriven.Report!.Totals.Indexed, _bed.Embedded.Count("nasa-logs-*"), "after the redrive");
    }

    [Fact]
    public async Task Invalid_utf8_lines_are_indexed_as_latin1_or_dead_lettered_with_their_exact_bytes()
    {
        var lines = new List<byte[]>();
        var nasa = TestArchive.Nasa(_bed.Archive("nasa.gz"), NasaLogProfile.Sample with { Lines = 400, TruncatedLastLine = false });
        byte[][] invalid =
        [
            [0x2F, 0x63, 0x61, 0x66, 0xE9, 0x2E, 0x68, 0x74, 0x6D, 0x6C], // "/café.html" in Latin-1
            [0x2F, 0x80, 0x2E, 0x67, 0x69, 0x66],                         // lone continuation byte
            [0x2F, 0xC0, 0xAF, 0x65, 0x74, 0x63],                         // overlong "/"
            [0x2F, 0xED, 0xA0, 0x80, 0x2E, 0x6A, 0x70, 0x67],             // UTF-16 surrogate
            [0x2F, 0xFF, 0xFE, 0x78],                                     // bytes never valid in UTF-8
        ];
        for (var i = 0; i < nasa.Lines.Count; i++)
        {
            lines.Add(nasa.Lines[i]);
            if (i % 5 == 0) lines.Add(Clf(i, invalid[i / 5 % invalid.Length]));
            if (i % 50 == 0) lines.Add(Clf(i, "/ümlaut-ok.html"u8.ToArray()));
            if (i % 40 == 0) lines.Add([0xFF, 0xFE, 0x00, 0x01, 0xC3, 0x28, 0x20, 0xE2, 0x82]); // not a log line at all, cut mid-character
        }
        var archive = TestArchive.FromLines(_bed.Archive("mixed.gz"), lines);
        var archives = new Dictionary<string, TestArchive> { ["mixed"] = archive };
        _bed.Embedded.Faults.Options = new FaultOptions { Reject400 = new FaultRate(0.2), Seed = 23 };

        var run = await _bed.StartAsync(_bed.Input("r1", [("mixed", archive.Path)]));

        Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
        Invariants.NothingLost(run.Report, archives);
        var letters = Invariants.DeadLettersKeepOriginalBytes(_bed.StagingRoot, run.Report!, archives);
        var invalidLetters = letters.Where(l => !System.Text.Unicode.Utf8.IsValid(archive.Lines[(int)l["line"]!.GetValue<long>() - 1])).ToList();
        Assert.NotEmpty(invalidLetters);
        foreach (var letter in invalidLetters)
        {
            var raw = archive.Lines[(int)letter["line"]!.GetValue<long>() - 1];
            Assert.Equal("latin1", letter["textEncoding"]!.GetValue<string>());
            Assert.Equal(Encoding.Latin1.GetString(raw), letter["text"]!.GetValue<string>());
        }

        // Indexed lines: valid UTF-8 is sent as is; anything else as Latin-1, marked, so the bytes can be recovered.
        var sourceId = Manifest("r1", "mixed")[0].SourceId;
        var dead = letters.Select(l => l["line"]!.GetValue<long>()).ToHashSet();
        var checkedLatin1 = 0;
        for (var n = 1; n <= archive.LineCount; n++)
        {
            var raw = archive.Lines[n - 1];
            if (dead.Contains(n) || !IsCrafted(raw)) continue;
            var source = await DocumentAsync(sourceId, n);
            var isUtf8 = System.Text.Unicode.Utf8.IsValid(raw);
            Assert.Equal(isUtf8 ? Encoding.UTF8.GetString(raw) : Encoding.Latin1.GetString(raw), source["message"]!.GetValue<string>());
            Assert.Equal(isUtf8 ? null : "latin1", source["message_encoding"]?.GetValue<string>());
            if (!isUtf8) checkedLatin1++;
        }
        Assert.True(checkedLatin1 > 20, $"only {checkedLatin1} invalid lines were checked in the index");

        _bed.Embedded.Faults.Options = FaultOptions.None;
        var again = await _bed.StartAsync(_bed.Input("r2", [("mixed", archive.Path)]));
        Assert.True(again.Succeeded);
        Invariants.Holds(archive.LineCount, _bed.Embedded.Count("nasa-logs-*"), "after a second run");
    }

    [Fact]
    public async Task Five_megabyte_lines_are_indexed_and_a_line_no_request_can_carry_is_dead_lettered_whole()
    {
        var nasa = TestArchive.Nasa(_bed.Archive("nasa.gz"), NasaLogProfile.Sample with { Lines = 600, TruncatedLastLine = false });
        var hugePath = Clf(1, Encoding.ASCII.GetBytes("/" + new string('a', 5 * 1024 * 1024)));
        var hugeJunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789 abcdef ", 5 * 1024 * 1024 / 18)));
        var tooLarge = Clf(2, Encoding.ASCII.GetBytes("/" + new string('b', 11 * 1024 * 1024)));
        var lines = nasa.Lines.Take(200).Append(hugePath).Concat(nasa.Lines.Skip(200).Take(200)).Append(hugeJunk).Append(tooLarge).Concat(nasa.Lines.Skip(400));
        var archive = TestArchive.FromLines(_bed.Archive("long.gz"), lines);
        var archives = new Dictionary<string, TestArchive> { ["long"] = archive };

        var run = await _bed.StartAsync(_bed.Input("r1", [("long", archive.Path)]));

        Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
        Invariants.NothingLost(run.Report, archives);
        var letters = Invariants.DeadLettersKeepOriginalBytes(_bed.StagingRoot, run.Report!, archives);
        var letter = Assert.Single(letters);
        Assert.Equal(403, letter["line"]!.GetValue<long>());
        Assert.Equal(413, letter["status"]!.GetValue<int>());
        Assert.Equal("document_too_large", letter["errorType"]!.GetValue<string>());
        Invariants.Holds(archive.LineCount - 1, _bed.Embedded.Count("nasa-logs-*"), "after the run");
        var sourceId = Manifest("r1", "long")[0].SourceId;
        Assert.Equal(Encoding.ASCII.GetString(hugePath), (await DocumentAsync(sourceId, 201))["message"]!.GetValue<string>());
        Assert.Equal(Encoding.ASCII.GetString(hugeJunk), (await DocumentAsync(sourceId, 402, "nasa-logs-failed"))["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Empty_archives_complete_with_no_lines_beside_a_normal_one()
    {
        var emptyGzip = TestArchive.Gzip(_bed.Archive("empty.gz"), []);
        var emptyFile = _bed.Archive("zero-bytes.log");
        File.WriteAllBytes(emptyFile, []);
        var normal = TestArchive.Nasa(_bed.Archive("jul.gz"), NasaLogProfile.Sample);

        var run = await _bed.StartAsync(_bed.Input("r1", [("empty-gzip", emptyGzip.Path), ("zero-bytes", emptyFile), ("jul", normal.Path)]));

        Assert.True(run.Succeeded, $"{run.Execution.Error}: {run.Execution.Cause}");
        // Every source is in the report: the empty ones with no chunks and no lines (the zero-byte file has as few lines as the empty gzip).
        Invariants.NothingLost(run.Report, new Dictionary<string, TestArchive> { ["empty-gzip"] = emptyGzip, ["zero-bytes"] = emptyGzip, ["jul"] = normal });
        Assert.Equal(["empty-gzip", "zero-bytes", "jul"], run.Report!.Sources.Select(s => s.Source));
        Assert.Equal([emptyGzip.Path, emptyFile], run.Report.Sources.Take(2).Select(s => s.SourceUrl));
        foreach (var empty in new[] { "empty-gzip", "zero-bytes" })
        {
            Assert.Empty(Manifest("r1", empty));
            Assert.Equal(0, run.Report.Sources.Single(s => s.Source == empty).Chunks);
        }
        Invariants.Holds(run.Report!.Totals.Indexed, _bed.Embedded.Count("nasa-logs-*"), "after the run");
    }

    /// <summary>A Common Log Format line on 2 July 1995 (noon, -0400) requesting <paramref name="path"/>.</summary>
    private static byte[] Clf(int i, byte[] path) =>
        [.. Encoding.ASCII.GetBytes($"crafted{i}.example.com - - [02/Jul/1995:12:{i / 60 % 60:00}:{i % 60:00} -0400] \"GET "), .. path, .. " HTTP/1.0\" 200 1234"u8];

    private static bool IsCrafted(byte[] line) => line.AsSpan().StartsWith("crafted"u8) || line.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]);

    private List<ManifestRow> Manifest(string runId, string source) =>
        ManifestJson.Parse(File.ReadAllBytes(Path.Combine(_bed.StagingRoot, runId, "manifests", source + ".jsonl")), source);

    /// <summary>The stored _source of line <paramref name="line"/>: in the 2 July index, or in nasa-logs-failed when it did not parse.</summary>
    private async Task<JsonObject> DocumentAsync(string sourceId, long line, string? index = null)
    {
        foreach (var candidate in index is null ? ["nasa-logs-1995-07-02", "nasa-logs-failed"] : new[] { index })
        {
            var response = await _bed.Embedded.HandleAsync(RestRequest.Parse("GET", $"/{candidate}/_doc/{StagingLayout.DocumentId(sourceId, line)}"));
            if (response.Status == 200) return JsonNode.Parse(response.Body)!["_source"]!.AsObject();
        }
        throw new Xunit.Sdk.XunitException($"line {line} is not in the index");
    }

    /// <summary>Overwrites bytes in the middle of the deflate data (not the header, not the trailer).</summary>
    private static byte[] Corrupt(byte[] gzip)
    {
        var damaged = gzip.ToArray();
        for (var i = gzip.Length / 2; i < gzip.Length / 2 + 64; i++) damaged[i] ^= 0x5A;
        return damaged;
    }
}
