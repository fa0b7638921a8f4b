using Backfill.Core.Staging;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests;

public class SplitCommandTests
{
    [Fact]
    public async Task Splits_the_committed_sample_and_prints_a_summary()
    {
        using var dir = new TempDirectory("cli-split");
        var sample = Path.Combine(RepoPaths.DataSamples, "nasa-sample.log.gz");

        var (exit, output, error) = await CliRunner.RunAsync("split", "--source", sample, "--out", dir.Path, "--name", "sample", "--chunk-bytes", "16384");

        Assert.True(exit == 0, error);
        Assert.Contains("lines      2,000 (last line has no newline)", output);
        Assert.Contains("chunks     ", output);
        var manifest = Path.Combine(dir.Path, "split", "manifests", "sample.jsonl");
        var rows = ManifestJson.Parse(File.ReadAllBytes(manifest), manifest);
        Assert.Equal(2000, rows.Sum(r => r.LineCount));
        Assert.All(rows, r => Assert.True(r.ByteCount <= 16384));
    }

    [Fact]
    public async Task An_unsupported_scheme_is_a_usage_error_naming_the_option()
    {
        using var dir = new TempDirectory();
        var (exit, output, error) = await CliRunner.RunAsync("split", "--source", "gopher://example.org/x.gz", "--out", dir.Path);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("$.sources[0].url: scheme \"gopher\" is not supported (expected ftp, http, https, s3 or file)", error);
        Assert.DoesNotContain("   at ", error); // no stack trace
        Assert.Empty(output);
    }

    [Fact]
    public async Task A_truncated_archive_fails_with_the_offset_and_no_manifest()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.DataSamples, "nasa-sample.log.gz"));
        var truncated = dir.Combine("cut.gz");
        File.WriteAllBytes(truncated, bytes[..10_000]);

        var (exit, _, error) = await CliRunner.RunAsync("split", "--source", truncated, "--out", dir.Combine("out"), "--name", "cut");

        Assert.NotEqual(0, exit);
        Assert.Contains("source \"cut\"", error);
        Assert.Contains("compressed byte offset 10,000", error);
        Assert.DoesNotContain("   at ", error);
        Assert.False(File.Exists(dir.Combine("out", "split", "manifests", "cut.jsonl")));
    }

    [Fact]
    public async Task Credentials_in_a_source_url_are_never_printed()
    {
        using var dir = new TempDirectory();
        var (exit, output, error) = await CliRunner.RunAsync("split", "--source", "https://user:TopSecret@/x.gz", "--out", dir.Path, "--name", "x");
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("TopSecret", output + error);
    }
}
