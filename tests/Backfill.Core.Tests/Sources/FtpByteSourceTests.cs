using Backfill.Core.Errors;
using Backfill.Core.Sources;
using Backfill.Tests.Shared;
using static Backfill.Core.Tests.Sources.SourceTestKit;

namespace Backfill.Core.Tests.Sources;

/// <summary>Downloads from a real FTP server (pyftpdlib) on 127.0.0.1, with dropped transfers and refusals.</summary>
public sealed class FtpByteSourceTests : IDisposable
{
    private const int Size = 3 * 1024 * 1024 + 4321;
    private readonly TempDirectory _root = new("ftp-root");
    private readonly byte[] _bytes = RandomBytes(Size, seed: 1995);
    private readonly SourceFactory _factory = new(new SourceFactoryOptions { Ftp = FastFtp });

    public FtpByteSourceTests() => File.WriteAllBytes(_root.Combine("access_log_Jul95.gz"), _bytes);

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Full_download_equals_the_file_and_reports_size_and_time()
    {
        await using var server = await FtpTestServer.StartAsync(_root.Path);
        var (bytes, stream) = await DownloadAsync(_factory.Create(server.Url("access_log_Jul95.gz")), NoSleep());

        Assert.Equal(_bytes, bytes);
        Assert.Equal(0, stream.Resumes);
        Assert.Equal(Size, stream.SourceLength);
        Assert.NotNull(stream.LastModified);
        Assert.Contains("USER anonymous", server.Commands);
        Assert.Contains("TYPE I", server.Commands);
    }

    [Fact]
    public async Task Transfer_cut_midway_resumes_with_REST_and_gives_identical_bytes()
    {
        const int cut = 1_000_000 + 12_345;
        await using var server = await FtpTestServer.StartAsync(_root.Path, "--cut-after", cut.ToString());
        var retries = new List<SourceRetry>();
        var (bytes, stream) = await DownloadAsync(_factory.Create(server.Url("access_log_Jul95.gz")), NoSleep(retries: retries));

        Assert.Equal(_bytes, bytes);
        Assert.True(stream.Resumes >= 1, $"expected a resume, saw {stream.Resumes}");
        var rest = Assert.Single(server.Commands, c => c.StartsWith("REST ", StringComparison.Ordinal));
        var offset = long.Parse(rest[5..]);
        Assert.True(offset > 0, rest);
        Assert.Equal(retries[^1].Position, offset);
        Assert.Contains("426", retries[0].Error.Message);
    }

    [Fact]
    public async Task Transfer_cut_with_a_false_226_is_caught_by_the_SIZE_check_and_resumed()
    {
        await using var server = await FtpTestServer.StartAsync(_root.Path, "--cut-after", "777777", "--cut-reply", "226");
        var retries = new List<SourceRetry>();
        var (bytes, stream) = await DownloadAsync(_factory.Create(server.Url("access_log_Jul95.gz")), NoSleep(retries: retries));

        Assert.Equal(_bytes, bytes);
        Assert.Equal(1, stream.Resumes);
        Assert.Contains($"REST {retries[0].Position}", server.Commands);
        Assert.Contains("ended at byte", retries[0].Error.Message);
    }

    [Fact]
    public async Task EPSV_refused_falls_back_to_PASV_and_ignores_the_announced_address()
    {
        // 203.0.113.9 is TEST-NET-3: a client that obeyed the PASV address would fail to connect.
        await using var server = await FtpTestServer.StartAsync(_root.Path, "--refuse-epsv", "--masquerade", "203.0.113.9", "--cut-after", "500000");
        var (bytes, stream) = await DownloadAsync(_factory.Create(server.Url("access_log_Jul95.gz")), NoSleep());

        Assert.Equal(_bytes, bytes);
        Assert.Equal(1, stream.Resumes);
        // The refusal is remembered: the resumed session goes straight to PASV.
        Assert.Single(server.Commands, c => c == "EPSV");
        Assert.Equal(2, server.Commands.Count(c => c == "PASV"));
    }

    [Fact]
    public async Task Missing_file_is_a_550_error_naming_the_url_and_is_not_retried()
    {
        await using var server = await FtpTestServer.StartAsync(_root.Path);
        var url = server.Url("no-such-file.gz");
        var retries = new List<SourceRetry>();

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResumingStream.OpenAsync(_factory.Create(url), NoSleep(retries: retries)));

        Assert.StartsWith(url + ": ", error.Message);
        Assert.Contains("550", error.Message);
        Assert.Contains("RETR no-such-file.gz", error.Message);
        Assert.IsAssignableFrom<IServiceFailure>(error);
        Assert.Empty(retries);
        Assert.Single(server.Commands, c => c.StartsWith("RETR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_password_is_a_530_error_that_does_not_contain_the_password()
    {
        const string password = "Wr0ng-pa55word-XYZ";
        await using var server = await FtpTestServer.StartAsync(_root.Path, "--user", "bob", "--password", "right-one");
        var url = server.Url("access_log_Jul95.gz", "bob:" + password);

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResumingStream.OpenAsync(_factory.Create(url), NoSleep()));

        Assert.Contains("530", error.Message);
        Assert.Contains("\"bob\"", error.Message);
        Assert.DoesNotContain(password, error.ToString());
        Assert.Equal(server.Url("access_log_Jul95.gz"), error.DisplayUrl);
        Assert.Single(server.Commands, c => c == "PASS ****");
    }

    [Fact]
    public async Task Credentials_from_url_userinfo_are_percent_decoded_and_used_to_log_in()
    {
        await using var server = await FtpTestServer.StartAsync(_root.Path, "--user", "bob", "--password", "p@ss:w/rd");
        var source = _factory.Create(server.Url("access_log_Jul95.gz", "bob:p%40ss%3Aw%2Frd"));
        var (bytes, _) = await DownloadAsync(source, NoSleep());

        Assert.Equal(_bytes, bytes);
        Assert.Contains("USER bob", server.Commands);
        Assert.Equal(server.Url("access_log_Jul95.gz"), source.DisplayUrl);
    }

    [Fact]
    public async Task Credentials_from_an_env_reference_are_used_to_log_in()
    {
        var variable = "BACKFILL_TEST_FTP_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "carol:s3cret:with-colon");
        try
        {
            await using var server = await FtpTestServer.StartAsync(_root.Path, "--user", "carol", "--password", "s3cret:with-colon");
            var source = _factory.Create(server.Url("access_log_Jul95.gz"), "env:" + variable);
            var (bytes, _) = await DownloadAsync(source, NoSleep());

            Assert.Equal(_bytes, bytes);
            Assert.Contains("USER carol", server.Commands);
            Assert.DoesNotContain("s3cret", source.DisplayUrl);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
