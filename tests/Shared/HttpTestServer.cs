using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Shared;

/// <summary>
/// A Kestrel server on 127.0.0.1 that serves byte arrays the way static file servers and S3 do (ETag,
/// Last-Modified, Range, If-Range), with switches for the faults the HTTP source must survive.
/// </summary>
internal sealed class HttpTestServer : IAsyncDisposable
{
    public static readonly DateTimeOffset Modified = new(1995, 8, 31, 23, 59, 59, TimeSpan.Zero);

    private readonly WebApplication _app;
    private int _requestCount;

    private HttpTestServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Served objects by path ("/a.gz"), with their ETag.</summary>
    public ConcurrentDictionary<string, (byte[] Bytes, string ETag)> Files { get; } = new();

    /// <summary>When set, the first request sends this many body bytes and then aborts the connection.</summary>
    public long? AbortFirstResponseAfter { get; set; }

    /// <summary>Answer every request with the whole object (200), as servers without range support do.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>From the second request on, serve this version instead (the object was replaced mid-download).</summary>
    public (byte[] Bytes, string ETag)? ReplacementAfterFirstRequest { get; set; }

    /// <summary>Statuses answered (without a body) before serving normally, one per request.</summary>
    public ConcurrentQueue<HttpStatusCode> StatusesFirst { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public static async Task<HttpTestServer> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new HttpTestServer(app, port);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requestCount);
        var request = context.Request;
        var response = context.Response;
        Requests.Enqueue(new RecordedRequest(request.Path + request.QueryString, request.Headers.Range.ToString(),
            request.Headers.IfRange.ToString(), request.Headers.Authorization.ToString()));

        if (StatusesFirst.TryDequeue(out var status))
        {
            response.StatusCode = (int)status;
            return;
        }
        if (!Files.TryGetValue(request.Path, out var file))
        {
            response.StatusCode = 404;
            response.ContentType = "text/plain";
            await response.WriteAsync("no such object here");
            return;
        }
        if (number > 1 && ReplacementAfterFirstRequest is { } replacement) file = replacement;
        var (bytes, etag) = file;

        response.Headers.ETag = etag;
        response.Headers.LastModified = Modified.ToString("R");
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/gzip";
        long start = 0;
        var range = request.Headers.Range.ToString();
        var ifRange = request.Headers.IfRange.ToString();
        if (!IgnoreRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            && (ifRange.Length == 0 || ifRange == etag))
        {
            start = long.Parse(range[6..^1]);
            if (start >= bytes.Length)
            {
                response.StatusCode = 416;
                response.Headers.ContentRange = $"bytes */{bytes.Length}";
                return;
            }
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {start}-{bytes.Length - 1}/{bytes.Length}";
        }
        response.ContentLength = bytes.Length - start;

        if (number == 1 && AbortFirstResponseAfter is long cut)
        {
            await response.Body.WriteAsync(bytes.AsMemory((int)start, (int)cut));
            await response.Body.FlushAsync();
            // Let the bytes leave before the connection is torn down, so the client really has them.
            await Task.Delay(100);
            context.Abort();
            return;
        }
        await response.Body.WriteAsync(bytes.AsMemory((int)start));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string PathAndQuery, string Range, string IfRange, string Authorization);
