using System.Text;
using Backfill.Core.Reporting;
using Backfill.Core.Staging;
using Backfill.Core.Storage;
using Backfill.Core.Samples;
using Backfill.Local.OpenSearch;
using Backfill.Tests.Shared;

namespace Backfill.Cli.Tests.FaultMatrix;

/// <summary>
/// Downloads cut mid-transfer by real FTP (pyftpdlib) and HTTP (Kestrel) servers, with credentials in the URLs:
/// `backfill run` resumes, indexes every line exactly once, and prints or stores the password nowhere.
/// </summary>
public sealed class SourceFaultTests : IDisposable
{
    private const string FtpPassword = "ftp-Pa55-w0rd-4711";
    private const string HttpPassword = "http-Pa55-w0rd-0815";
    private readonly FaultBed _bed = new("source");

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Ftp_transfer_cut_mid_download_resumes_and_the_password_in_the_url_is_never_printed_or_stored()
    {
        var archive = TestArchive.Nasa(_bed.Dir.Combine("served", "jul.gz"), NasaLogProfile.Sample.Scaled(2));
        await using var server = await FtpTestServer.StartAsync(_bed.Dir.Combine("served"), "--user", "bob", "--password", FtpPassword, "--cut-after", "20011");
        var url = server.Url("jul.gz", "bob:" + FtpPassword);

        await RunTwiceAndCheckAsync(("jul", url, archive), FtpPassword);

        Assert.Contains(server.Commands, c => c.StartsWith("REST ", StringComparison.Ordinal) && c != "REST 0");
        Assert.Contains("USER bob", server.Commands);
    }

    [Fact]
    public async Task Http_connection_aborted_mid_download_resumes_and_the_password_in_the_url_is_never_printed_or_stored()
    {
        var archive = TestArchive.Nasa(_bed.Archive("aug.gz"), NasaLogProfile.Sample with { Name = "aug", Month = 8, Seed = 99, Lines = 3000 });
        await using var server = await HttpTestServer.StartAsync();
        server.Files["/logs/aug.gz"] = (archive.GzipBytes(), "\"aug-v1\"");
        server.AbortFirstResponseAfter = 17_003;
        var url = server.Url("/logs/aug.gz").Replace("http://", $"http://alice:{HttpPassword}@");

        await RunTwiceAndCheckAsync(("aug", url, archive), HttpPassword);

        Assert.Contains(server.Requests, r => r.Range.StartsWith("bytes=", StringComparison.Ordinal) && r.Range != "bytes=0-");
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + HttpPassword));
        Assert.All(server.Requests, r => Assert.Equal(basic, r.Authorization));
    }

    [Fact]
    public async Task A_refused_ftp_login_fails_the_run_with_the_url_named_without_its_password_and_publishes_nothing()
    {
        const string wrong = "Wr0ng-ftp-pa55-1234";
        TestArchive.Nasa(_bed.Dir.Combine("served", "jul.gz"), NasaLogProfile.Sample);
        await using var server = await FtpTestServer.StartAsync(_bed.Dir.Combine("served"), "--user", "bob", "--password", FtpPassword);

        var run = await _bed.RunCliAsync(_bed.WriteInput(_bed.Input("r1", [("jul", server.Url("jul.gz", "bob:" + wrong))])), "refused");

        Assert.Equal(ExitCodes.Failed, run.Exit);
        Assert.Contains("FAILED", run.Out);
        Assert.Contains(server.Url("jul.gz"), run.Out + run.Error);
        Assert.Contains("530", run.Out + run.Error);
        Assert.False(File.Exists(Path.Combine(_bed.StagingRoot, "r1", "manifests", "jul.jsonl")), "no manifest may be published for a source that was not read");
        using (var os = EmbeddedOpenSearch.Open(_bed.OpenSearchData)) Invariants.Holds(0, os.Count("nasa-logs-*"), "after a refused download");
        Invariants.SecretNowhere(wrong, [_bed.StagingRoot, _bed.OpenSearchData], run.Out, run.Error);
        Invariants.SecretOnlyInStoredExecutionInputs(wrong, _bed.ExecutionsRoot);
    }

    private async Task RunTwiceAndCheckAsync((string Name, string Url, TestArchive Archive) source, string secret)
    {
        var archives = new Dictionary<string, TestArchive> { [source.Name] = source.Archive };
        var first = await _bed.RunCliAsync(_bed.WriteInput(_bed.Input("r1", [(source.Name, source.Url)])), "first");
        Assert.True(first.Exit == 0, first.Out + first.Error);

        Assert.Equal("SUCCEEDED", _bed.Backfill.Executions.GetSummary("first").Status);
        var report = await RunSummarizer.ReadAsync(new LocalDirectoryObjectStore(_bed.StagingRoot), new StagingLayout("", "r1"));
        Invariants.NothingLost(report, archives);
        Invariants.DeadLettersKeepOriginalBytes(_bed.StagingRoot, report!, archives);
        long documents;
        using (var os = EmbeddedOpenSearch.Open(_bed.OpenSearchData)) documents = os.Count("nasa-logs-*");
        Invariants.Holds(report!.Totals.Indexed, documents, "after the first run");

        var second = await _bed.RunCliAsync(_bed.WriteInput(_bed.Input("r2", [(source.Name, source.Url)]), "input2.json"), "second");
        Assert.True(second.Exit == 0, second.Out + second.Error);
        using (var os = EmbeddedOpenSearch.Open(_bed.OpenSearchData)) Invariants.Holds(documents, os.Count("nasa-logs-*"), "after a second run of the same archive");

        Invariants.SecretNowhere(secret, [_bed.StagingRoot, _bed.OpenSearchData], first.Out, first.Error, second.Out, second.Error);
        Invariants.SecretOnlyInStoredExecutionInputs(secret, _bed.ExecutionsRoot);
    }
}
