using System.Net;
using Backfill.Core.Errors;
using Backfill.Core.Sources;
using Backfill.Tests.Shared;
using static Backfill.Core.Tests.Sources.SourceTestKit;

namespace Backfill.Core.Tests.Sources;

/// <summary>Downloads from a real Kestrel server on 127.0.0.1 with dropped connections, range quirks and replaced objects.</summary>
public sealed class HttpByteSourceTests : IAsyncLifetime
{
    private const int Size = 2 * 1024 * 1024 + 999;
    private const string ETag = "\"v1-5d3c\"";
    private readonly byte[] _bytes = RandomBytes(Size, seed: 7);
    private readonly SourceFactory _factory = new();
    private HttpTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await HttpTestServer.StartAsync();
        _server.Files["/logs/access_log_Aug95.gz"] = (_bytes, ETag);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Url => _server.Url("/logs/access_log_Aug95.gz");

    [Fact]
    public async Task Full_download_equals_the_object_and_reports_its_validators()
    {
        var (bytes, stream) = await DownloadAsync(_factory.Create(Url), NoSleep());

        Assert.Equal(_bytes, bytes);
        Assert.Equal(Size, stream.SourceLength);
        Assert.Equal(ETag, stream.ETag);
        Assert.Equal(HttpTestServer.Modified, stream.LastModified);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("", request.Range);
    }

    [Fact]
    public async Task Connection_aborted_midway_resumes_with_Range_and_If_Range_and_gives_identical_bytes()
    {
        _server.AbortFirstResponseAfter = 700_001;
        var retries = new List<SourceRetry>();
        var (bytes, stream) = await DownloadAsync(_factory.Create(Url), NoSleep(retries: retries));

        Assert.Equal(_bytes, bytes);
        Assert.Equal(1, stream.Resumes);
        var position = Assert.Single(retries).Position;
        Assert.True(position > 0, "the resume should start past byte 0");
        var second = _server.Requests.ElementAt(1);
        Assert.Equal($"bytes={position}-", second.Range);
        Assert.Equal(ETag, second.IfRange);
    }

    [Fact]
    public async Task Server_that_ignores_Range_still_yields_identical_bytes()
    {
        _server.AbortFirstResponseAfter = 1_234_567;
        _server.IgnoreRange = true;
        var (bytes, stream) = await DownloadAsync(_factory.Create(Url), NoSleep());

        Assert.Equal(_bytes, bytes);
        Assert.Equal(1, stream.Resumes);
        Assert.StartsWith("bytes=", _server.Requests.ElementAt(1).Range);
    }

    [Fact]
    public async Task Object_replaced_between_attempts_is_a_source_changed_error()
    {
        _server.AbortFirstResponseAfter = 300_000;
        _server.ReplacementAfterFirstRequest = (RandomBytes(Size, seed: 8), "\"v2-77aa\"");

        await using var stream = await ResumingStream.OpenAsync(_factory.Create(Url), NoSleep());
        var error = await Assert.ThrowsAsync<SourceChangedException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Contains("source changed during download", error.Message);
        Assert.Contains(Url, error.Message);
        Assert.Contains("\"v2-77aa\"", error.Message);
    }

    [Fact]
    public async Task Missing_object_is_a_404_error_naming_the_url_and_is_not_retried()
    {
        var url = _server.Url("/logs/nope.gz");
        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResumingStream.OpenAsync(_factory.Create(url), NoSleep()));

        Assert.StartsWith(url + ": ", error.Message);
        Assert.Contains("404", error.Message);
        Assert.Contains("no such object here", error.Message);
        Assert.IsAssignableFrom<IServiceFailure>(error);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Refused_access_is_permanent(HttpStatusCode status)
    {
        _server.StatusesFirst.Enqueue(status);
        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResumingStream.OpenAsync(_factory.Create(Url), NoSleep()));

        Assert.Contains(((int)status).ToString(), error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Server_errors_and_throttling_are_retried_with_backoff()
    {
        _server.StatusesFirst.Enqueue(HttpStatusCode.ServiceUnavailable);
        _server.StatusesFirst.Enqueue(HttpStatusCode.TooManyRequests);
        var delays = new List<TimeSpan>();
        var (bytes, stream) = await DownloadAsync(_factory.Create(Url), NoSleep(delays));

        Assert.Equal(_bytes, bytes);
        Assert.Equal(0, stream.Resumes);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], delays);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_after_the_configured_attempts()
    {
        for (var i = 0; i < 10; i++) _server.StatusesFirst.Enqueue(HttpStatusCode.BadGateway);
        var options = NoSleep() with { MaxAttempts = 3 };

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResumingStream.OpenAsync(_factory.Create(Url), options));

        Assert.Contains("gave up after 3 failed attempts", error.Message);
        Assert.Contains("502", error.Message);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Userinfo_becomes_basic_auth_and_signed_query_is_sent_but_never_displayed()
    {
        _server.Files["/signed.gz"] = (_bytes, ETag);
        var url = $"http://reader:pa%24%24@127.0.0.1:{_server.Port}/signed.gz?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=abc123";
        var source = _factory.Create(url);
        var (bytes, _) = await DownloadAsync(source, NoSleep());

        Assert.Equal(_bytes, bytes);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String("reader:pa$$"u8.ToArray()), request.Authorization);
        Assert.Contains("X-Amz-Signature=abc123", request.PathAndQuery);
        Assert.Equal($"http://127.0.0.1:{_server.Port}/signed.gz?<redacted>", source.DisplayUrl);
    }
}
