using System.Net.Sockets;
using Backfill.Core.Sources;
using static Backfill.Core.Tests.Sources.SourceTestKit;

namespace Backfill.Core.Tests.Sources;

/// <summary>Retry, backoff and validator rules of <see cref="ResumingStream"/>, over a scripted in-memory source.</summary>
public sealed class ResumingStreamTests
{
    private readonly byte[] _bytes = RandomBytes(500_000, seed: 42);

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 8192);
        return copy.ToArray();
    }

    [Fact]
    public async Task Repeated_breaks_resume_at_the_current_position_each_time()
    {
        var source = new ScriptedSource(_bytes);
        source.Script.AddRange([new(BreakAfter: 100_000), new(BreakAfter: 50_000), new(OpenError: new SocketException()), new()]);
        await using var stream = await ResumingStream.OpenAsync(source, NoSleep());

        Assert.Equal(_bytes, await ReadAllAsync(stream));
        Assert.Equal([0L, 100_000L, 150_000L, 150_000L], source.Offsets);
        Assert.Equal(2, stream.Resumes); // the failed opening at 150000 is a retry, not a resume
        Assert.Equal(_bytes.Length, stream.Position);
    }

    [Fact]
    public async Task Backoff_grows_exponentially_up_to_the_cap_and_then_gives_up()
    {
        var source = new ScriptedSource(_bytes);
        source.Script.Add(new(BreakAfter: 1000));
        for (var i = 0; i < 10; i++) source.Script.Add(new(OpenError: new IOException("connection refused by test")));
        var delays = new List<TimeSpan>();
        var options = NoSleep(delays) with { MaxAttempts = 5, InitialDelay = TimeSpan.FromSeconds(2), BackoffFactor = 3, MaxDelay = TimeSpan.FromSeconds(30) };
        await using var stream = await ResumingStream.OpenAsync(source, options);

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ReadAllAsync(stream));

        Assert.Equal([2, 6, 18, 30], delays.Select(d => d.TotalSeconds));
        Assert.Equal("mem://scripted/archive.gz: gave up after 5 failed attempts at byte 1000 of 500000: connection refused by test", error.Message);
    }

    [Fact]
    public async Task Progress_resets_the_attempt_count()
    {
        var source = new ScriptedSource(_bytes);
        // Five breaks in a row, each after progress: more than MaxAttempts failures in total, but never consecutive.
        for (var i = 0; i < 5; i++) source.Script.Add(new(BreakAfter: 10_000));
        var options = NoSleep() with { MaxAttempts = 2 };
        await using var stream = await ResumingStream.OpenAsync(source, options);

        Assert.Equal(_bytes, await ReadAllAsync(stream));
        Assert.Equal(5, stream.Resumes);
    }

    [Fact]
    public async Task A_permanent_error_while_reopening_is_not_retried()
    {
        var source = new ScriptedSource(_bytes);
        source.Script.AddRange([new(BreakAfter: 10), new(OpenError: new SourceUnavailableException("mem://x", "GET returned 404 Not Found"))]);
        await using var stream = await ResumingStream.OpenAsync(source, NoSleep());

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ReadAllAsync(stream));
        Assert.Equal("mem://x: GET returned 404 Not Found", error.Message);
        Assert.Equal(2, source.Offsets.Count);
    }

    [Theory]
    [InlineData("length")]
    [InlineData("ETag")]
    [InlineData("last-modified time")]
    public async Task A_changed_validator_on_resume_stops_the_download(string what)
    {
        var source = new ScriptedSource(_bytes);
        source.Script.Add(new(BreakAfter: 4096));
        source.Script.Add(what switch
        {
            "length" => new(Length: _bytes.Length + 1),
            "ETag" => new(ETag: "\"e2\""),
            _ => new(LastModified: DateTimeOffset.UnixEpoch),
        });
        await using var stream = await ResumingStream.OpenAsync(source, NoSleep());

        var error = await Assert.ThrowsAsync<SourceChangedException>(() => ReadAllAsync(stream));
        Assert.StartsWith("mem://scripted/archive.gz: source changed during download (when resuming at byte 4096 its " + what, error.Message);
    }

    [Fact]
    public async Task A_clean_end_before_the_known_length_is_resumed()
    {
        var source = new ScriptedSource(_bytes);
        source.Script.Add(new(EndAfter: 123_456));
        var retries = new List<SourceRetry>();
        await using var stream = await ResumingStream.OpenAsync(source, NoSleep(retries: retries));

        Assert.Equal(_bytes, await ReadAllAsync(stream));
        Assert.Equal("the transfer ended at byte 123456 of 500000", Assert.Single(retries).Error.Message);
    }

    [Fact]
    public async Task A_stalled_read_times_out_and_resumes()
    {
        var source = new ScriptedSource(_bytes);
        source.Script.Add(new(HangAfter: 200_000));
        var retries = new List<SourceRetry>();
        var options = NoSleep(retries: retries) with { ReadTimeout = TimeSpan.FromMilliseconds(200) };
        await using var stream = await ResumingStream.OpenAsync(source, options);

        Assert.Equal(_bytes, await ReadAllAsync(stream));
        Assert.IsType<TimeoutException>(Assert.Single(retries).Error);
        Assert.Equal(200_000, retries[0].Position);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_retried()
    {
        var source = new ScriptedSource(_bytes);
        source.Script.Add(new(HangAfter: 1000));
        var retries = new List<SourceRetry>();
        await using var stream = await ResumingStream.OpenAsync(source, NoSleep(retries: retries));
        using var cancel = new CancellationTokenSource();
        var buffer = new byte[4096];
        Assert.Equal(1000, await stream.ReadAsync(buffer, cancel.Token));

        var read = stream.ReadAsync(buffer, cancel.Token).AsTask();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task Synchronous_reads_resume_too()
    {
        var source = new ScriptedSource(_bytes);
        source.Script.Add(new(BreakAfter: 33_333));
        await using var stream = await ResumingStream.OpenAsync(source, NoSleep());
        using var copy = new MemoryStream();

        stream.CopyTo(copy);

        Assert.Equal(_bytes, copy.ToArray());
        Assert.Equal(1, stream.Resumes);
    }

    [Fact]
    public void Delay_after_caps_at_the_maximum()
    {
        var options = new ResumeOptions { InitialDelay = TimeSpan.FromSeconds(1), BackoffFactor = 2, MaxDelay = TimeSpan.FromSeconds(5) };
        Assert.Equal([1, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(n => options.DelayAfter(n).TotalSeconds));
    }
}
