using Backfill.Core.Sources;
using Backfill.Core.Sources.Ftp;

namespace Backfill.Core.Tests.Sources;

/// <summary>Data and options shared by the source tests.</summary>
internal static class SourceTestKit
{
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Retry options that record their delays instead of sleeping.</summary>
    public static ResumeOptions NoSleep(List<TimeSpan>? delays = null, List<SourceRetry>? retries = null) => new()
    {
        Delay = (delay, _) => { delays?.Add(delay); return Task.CompletedTask; },
        OnRetry = retry => retries?.Add(retry),
        ReadTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Short connect timeout: if the client obeyed a bogus PASV address the test fails quickly instead of hanging.</summary>
    public static FtpClientOptions FastFtp { get; } = new() { ConnectTimeout = TimeSpan.FromSeconds(5), ReplyTimeout = TimeSpan.FromSeconds(20) };

    public static async Task<(byte[] Bytes, ResumingStream Stream)> DownloadAsync(IByteSource source, ResumeOptions options)
    {
        await using var stream = await ResumingStream.OpenAsync(source, options);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 81920);
        return (copy.ToArray(), stream);
    }
}
